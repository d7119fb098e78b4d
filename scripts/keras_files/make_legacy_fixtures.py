"""Writes the legacy HDF5 (.h5) fixtures for Tests/ModelFilesTests (run by hand where
TensorFlow is installed; the Keras 2 file also needs `pip install tf_keras`).

    python scripts/keras_files/make_legacy_fixtures.py Tests/ModelFilesTests/Fixtures

- legacy_adam.h5, legacy_functional_rmsprop.h5, legacy_uncompiled.h5: written by Keras 3's
  model.save('name.h5'). Keras 3 cannot resume training from its own .h5 files (its optimizer
  rejects the variables it restored), so the step after loading is taken from a .keras copy
  of the same model, saved just before, which holds the same optimizer state.
- legacy_keras2.h5: written by Keras 2 (tf_keras), with its `dense/kernel:0` weight names and
  its own config layout; legacy_keras2_weights.h5 is its save_weights("name.h5") file.

NAME.json holds the inputs, the predictions and, for compiled models, one full-batch step
after loading (no shuffle) and the predictions after it.
"""
import json
import os
import sys
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np  # noqa: E402
import keras  # noqa: E402

out = sys.argv[1] if len(sys.argv) > 1 else "."
os.makedirs(out, exist_ok=True)
keras.utils.set_random_seed(11)
rng = np.random.default_rng(11)


def record(name, model, x, train=None):
    # The .keras copy first: Keras 3.15's legacy save drops the optimizer from the model's
    # compile config, so a .keras file saved after it would come back with a fresh RMSprop.
    tmp = tempfile.TemporaryDirectory()
    copy = os.path.join(tmp.name, "copy.keras")
    model.save(copy)
    model.save(os.path.join(out, name + ".h5"))
    info = {
        "keras_version": keras.__version__,
        "x": x.tolist(),
        "x_shape": list(x.shape),
        "predictions": model.predict(x, verbose=0).astype("float64").tolist(),
    }
    if train is not None:
        tx, ty = train
        info.update(train_x=tx.tolist(), train_x_shape=list(tx.shape), train_y=ty.tolist(),
                    train_y_shape=list(ty.shape), iterations=int(model.optimizer.iterations.numpy()))
        resumed = keras.models.load_model(copy)
        resumed.fit(tx, ty, batch_size=len(tx), epochs=1, shuffle=False, verbose=0)
        info["predictions_after_step"] = resumed.predict(x, verbose=0).astype("float64").tolist()
    tmp.cleanup()
    with open(os.path.join(out, name + ".json"), "w") as f:
        json.dump(info, f)
    print("wrote", name)


x = rng.random((16, 4)).astype("float32")
labels = (np.arange(16) % 3).astype("int64")
m = keras.Sequential([keras.Input((4,)), keras.layers.Dense(6, activation="relu"),
                      keras.layers.Dense(3, activation="softmax")])
m.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
m.fit(x, labels, batch_size=8, epochs=2, shuffle=False, verbose=0)
record("legacy_adam", m, x[:3], train=(x, labels.astype("float32")))

y = keras.utils.to_categorical(np.arange(20) % 3, 3)
xf = rng.random((20, 4)).astype("float32")
i = keras.Input((4,), name="pixels")
h = keras.layers.Dense(6, activation="relu", name="hidden")(i)
h = keras.layers.BatchNormalization()(h)
h = keras.Sequential([keras.layers.Dense(5, activation="tanh")])(h)
m = keras.Model(i, keras.layers.Dense(3, activation="softmax")(h), name="chain")
m.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
m.fit(xf, y, batch_size=5, epochs=1, shuffle=False, verbose=0)
record("legacy_functional_rmsprop", m, xf[:3], train=(xf, y))

m = keras.Sequential([keras.Input((3, 2)), keras.layers.Flatten(), keras.layers.Dense(4, activation="tanh"),
                      keras.layers.Dropout(0.5), keras.layers.Dense(2)])
record("legacy_uncompiled", m, rng.random((2, 3, 2)).astype("float32"))

try:
    import tf_keras  # noqa: E402
except ImportError:
    print("tf_keras is not installed: legacy_keras2 skipped")
    sys.exit(0)
tf_keras.utils.set_random_seed(3)
m = tf_keras.Sequential([tf_keras.layers.Flatten(input_shape=(2, 3)),
                         tf_keras.layers.Dense(5, activation="relu"),
                         tf_keras.layers.Dense(2, activation="softmax")])
m.compile(optimizer="sgd", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
xk = rng.random((8, 2, 3)).astype("float32")
m.fit(xk, np.arange(8) % 2, epochs=1, verbose=0, shuffle=False)
m.save(os.path.join(out, "legacy_keras2.h5"))
m.save_weights(os.path.join(out, "legacy_keras2_weights.h5"))
with open(os.path.join(out, "legacy_keras2.json"), "w") as f:
    json.dump({"keras_version": tf_keras.__version__, "x": xk[:3].tolist(), "x_shape": [3, 2, 3],
               "predictions": m.predict(xk[:3], verbose=0).astype("float64").tolist()}, f)
print("wrote legacy_keras2")
