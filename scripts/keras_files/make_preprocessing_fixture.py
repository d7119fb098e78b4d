"""Writes the Keras-made .keras fixture for Rescaling, Normalization and Reshape
(Tests/ModelFilesTests/PreprocessingFileTests.swift); run by hand where TensorFlow is installed:

    /tmp/tfvenv/bin/python scripts/keras_files/make_preprocessing_fixture.py Tests/ModelFilesTests/Fixtures

NAME.keras is `model.save`; NAME.json holds the inputs, Keras's predictions, the adapted
statistics, and one more full-batch training step after loading (its predictions), as
make_fixtures.py records them.
"""
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np  # noqa: E402
import keras  # noqa: E402

out = sys.argv[1] if len(sys.argv) > 1 else "."
os.makedirs(out, exist_ok=True)
keras.utils.set_random_seed(11)
rng = np.random.default_rng(11)

name = "rescaling_normalization_reshape"
x = (rng.random((12, 6)) * np.array([1, 10, 100, 1000, 0.1, 5])).astype("float32")
y = x @ rng.random((6, 1)).astype("float32") / 100
norm = keras.layers.Normalization()
norm.adapt(x * 0.5)
m = keras.Sequential([keras.Input((6,)), keras.layers.Rescaling(0.5), norm, keras.layers.Reshape((2, 3)),
                      keras.layers.Dense(4, activation="relu"), keras.layers.Flatten(), keras.layers.Dense(1)])
m.compile(optimizer="adam", loss="mse")
m.fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0)
m.save(os.path.join(out, name + ".keras"))
info = {
    "keras_version": keras.__version__,
    "x": x.tolist(),
    "x_shape": list(x.shape),
    "predictions": m.predict(x[:5], verbose=0).astype("float64").tolist(),
    "mean": norm.adapt_mean.numpy().astype("float64").tolist(),
    "variance": norm.adapt_variance.numpy().astype("float64").tolist(),
    "train_y": y.tolist(),
    "train_y_shape": list(y.shape),
    "iterations": int(m.optimizer.iterations.numpy()),
}
resumed = keras.models.load_model(os.path.join(out, name + ".keras"))
resumed.fit(x, y, batch_size=len(x), epochs=1, shuffle=False, verbose=0)
info["predictions_after_step"] = resumed.predict(x[:5], verbose=0).astype("float64").tolist()
with open(os.path.join(out, name + ".json"), "w") as f:
    json.dump(info, f)
print("wrote", name)
