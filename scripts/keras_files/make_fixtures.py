"""Writes the Keras-made fixtures for Tests/ModelFilesTests (run by hand where TensorFlow is installed).

    python scripts/keras_files/make_fixtures.py Tests/ModelFilesTests/Fixtures

For each model: NAME.keras (model.save), and in NAME.json the inputs, Keras's predictions, and,
for compiled models, one more training step on fixed data (no shuffle, one batch) with the
predictions after it, so tests can check that training resumes from the saved optimizer state.
"""
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np  # noqa: E402
import keras  # noqa: E402

out = sys.argv[1] if len(sys.argv) > 1 else "."
os.makedirs(out, exist_ok=True)
keras.utils.set_random_seed(7)
rng = np.random.default_rng(7)


def record(name, model, x, train=None):
    """Saves `model` and its predictions on `x`; with `train=(x, y)`, also a step after loading."""
    model.save(os.path.join(out, name + ".keras"))
    info = {
        "keras_version": keras.__version__,
        "x": x.tolist(),
        "x_shape": list(x.shape),
        "predictions": model.predict(x, verbose=0).astype("float64").tolist(),
    }
    if train is not None:
        tx, ty = train
        info["train_x"] = tx.tolist()
        info["train_x_shape"] = list(tx.shape)
        info["train_y"] = ty.tolist()
        info["train_y_shape"] = list(ty.shape)
        info["iterations"] = int(model.optimizer.iterations.numpy())
        # Resume from the file, as a user would, then take one full-batch step.
        resumed = keras.models.load_model(os.path.join(out, name + ".keras"))
        resumed.fit(tx, ty, batch_size=len(tx), epochs=1, shuffle=False, verbose=0)
        info["predictions_after_step"] = resumed.predict(x, verbose=0).astype("float64").tolist()
    with open(os.path.join(out, name + ".json"), "w") as f:
        json.dump(info, f)
    print("wrote", name)


def data(n, shape, classes):
    x = rng.random((n,) + shape).astype("float32")
    y = keras.utils.to_categorical(np.arange(n) % classes, classes)
    return x, y


# Dense with relu and softmax, never compiled.
m = keras.Sequential([keras.Input((4,)), keras.layers.Dense(6, activation="relu"),
                      keras.layers.Dense(3, activation="softmax")])
record("dense_relu_softmax", m, data(5, (4,), 3)[0])

# Flatten + Dense + Dropout (rate 0, so the resumed step is deterministic), RMSprop after two steps.
x, y = data(16, (3, 4), 2)
m = keras.Sequential([keras.Input((3, 4)), keras.layers.Flatten(), keras.layers.Dense(5, activation="relu"),
                      keras.layers.Dropout(0.0), keras.layers.Dense(2, activation="softmax")])
m.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
m.fit(x, y, batch_size=8, epochs=1, shuffle=False, verbose=0)
record("flatten_dense_rmsprop", m, x[:4], train=(x, y))

# Adam with sparse labels, tanh and a linear output with from_logits.
x = rng.random((12, 5)).astype("float32")
labels = (np.arange(12) % 4).astype("int64")
m = keras.Sequential([keras.Input((5,)), keras.layers.Dense(7, activation="tanh"), keras.layers.Dense(4)])
m.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01),
          loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
m.fit(x, labels, batch_size=4, epochs=1, shuffle=False, verbose=0)
record("dense_adam_logits", m, x[:3], train=(x, labels.astype("float32")))

# SGD with momentum, sigmoid output, Activation and ReLU layers.
x = rng.random((10, 3)).astype("float32")
yb = (x.sum(axis=1, keepdims=True) > 1.5).astype("float32")
m = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4), keras.layers.ReLU(),
                      keras.layers.Dense(4), keras.layers.Activation("sigmoid"),
                      keras.layers.Dense(1, activation="sigmoid")])
m.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1, momentum=0.9), loss="binary_crossentropy",
          metrics=["accuracy"])
m.fit(x, yb, batch_size=5, epochs=2, shuffle=False, verbose=0)
record("relu_sigmoid_sgd_momentum", m, x[:4], train=(x, yb))
m.save_weights(os.path.join(out, "relu_sigmoid_sgd_momentum.weights.h5"))

# BatchNormalization between Dense and its activation, Adam; its moving statistics are saved
# with the weights and keep moving in the resumed step.
x, y = data(24, (5,), 3)
m = keras.Sequential([keras.Input((5,)), keras.layers.Dense(6, use_bias=False),
                      keras.layers.BatchNormalization(momentum=0.9), keras.layers.Activation("relu"),
                      keras.layers.Dense(3, activation="softmax")])
m.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
m.fit(x, y, batch_size=8, epochs=2, shuffle=False, verbose=0)
record("dense_batchnorm_adam", m, x[:4], train=(x, y))

# The functional API: a chain from a named Input, with Dropout, BatchNormalization and a nested
# Sequential, RMSprop. Its weights file also holds the InputLayer's (empty) group.
x, y = data(20, (4,), 3)
i = keras.Input((4,), name="pixels")
h = keras.layers.Dense(6, activation="relu", name="hidden")(i)
h = keras.layers.Dropout(0.0)(h)
h = keras.layers.BatchNormalization()(h)
h = keras.Sequential([keras.layers.Dense(5, activation="tanh")])(h)
m = keras.Model(i, keras.layers.Dense(3, activation="softmax")(h), name="chain")
m.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
m.fit(x, y, batch_size=5, epochs=1, shuffle=False, verbose=0)
record("functional_chain_rmsprop", m, x[:3], train=(x, y))


# Broken files for the validation tests, each derived from a good one.
import shutil  # noqa: E402
import tempfile  # noqa: E402
import zipfile  # noqa: E402

import h5py  # noqa: E402


def rewrite(src, dst, config=None, weights=None):
    """Copies the archive `src` to `dst`, passing config.json through `config` and the weights
    file (as a path to a temporary copy) through `weights`."""
    with zipfile.ZipFile(os.path.join(out, src)) as z:
        members = {n: z.read(n) for n in z.namelist()}
    if config:
        members["config.json"] = json.dumps(config(json.loads(members["config.json"]))).encode()
    if weights:
        with tempfile.TemporaryDirectory() as d:
            p = os.path.join(d, "w.h5")
            with open(p, "wb") as f:
                f.write(members["model.weights.h5"])
            with h5py.File(p, "r+") as h:
                weights(h)
            with open(p, "rb") as f:
                members["model.weights.h5"] = f.read()
    with zipfile.ZipFile(os.path.join(out, dst), "w") as z:
        for n, b in members.items():
            z.writestr(n, b)
    print("wrote", dst)


def unknown_class(c):
    c["config"]["layers"][1]["class_name"] = "Conv9D"
    return c


rewrite("dense_relu_softmax.keras", "bad_unknown_class.keras", config=unknown_class)


def wrong_shape(h):
    del h["layers/dense_1/vars/0"]
    h["layers/dense_1/vars/0"] = np.zeros((6, 4), "float32")


rewrite("dense_relu_softmax.keras", "bad_weight_shape.keras", weights=wrong_shape)

# A Lambda layer as Keras writes it (the function's bytecode, base64, in the config).
m = keras.Sequential([keras.Input((2,)), keras.layers.Lambda(lambda t: t * 2.0), keras.layers.Dense(1)])
m.save(os.path.join(out, "bad_lambda.keras"))
print("wrote bad_lambda.keras")
