"""Records Keras 3 / TensorFlow reference numbers for BatchNormalization.

Run once with TensorFlow installed, from the repository root:

    /tmp/tfvenv/bin/python scripts/keras/gen_normalization.py

Writes Tests/NNTests/Fixtures/batchnorm.json: the layer's forward pass in training and
inference mode with the moving statistics it leaves behind, 3-epoch fits (shuffle off) of
small models that contain it, and the summary text of such a model.
"""
import json
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")
import numpy as np
import keras
from keras import layers, models, optimizers

from fixture_json import arr, num

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "NNTests", "Fixtures", "batchnorm.json")


rng = np.random.RandomState(4321)
out = {"layer": [], "fit": []}

# ---------------------------------------------------------------- the layer alone
layer_cases = [
    # name, input shape, kwargs
    ("defaults_2d", (6, 5), {}),
    ("rank3_last_axis", (4, 3, 5), {}),
    ("momentum_epsilon", (7, 4), {"momentum": 0.9, "epsilon": 0.01}),
    ("no_center", (5, 3), {"center": False}),
    ("no_scale", (5, 3), {"scale": False}),
    ("single_row", (1, 4), {}),
    ("constant_feature", (6, 3), {}),
]
for name, shape, kw in layer_cases:
    keras.utils.set_random_seed(3)
    x = (rng.normal(size=shape) * 3 + 1).astype(np.float32)
    if name == "constant_feature":
        x[:, 1] = 2.5
    bn = layers.BatchNormalization(**kw)
    bn.build(shape)
    ws = [w for w in bn.get_weights()]
    # Gamma and beta (when present) and the moving statistics get non-trivial values.
    new = []
    for w, v in zip(bn.weights, ws):
        if "variance" in v.__class__.__name__:
            pass
        if w.name == "moving_variance" or w.name == "gamma":
            new.append(rng.uniform(0.5, 2.0, size=v.shape).astype(np.float32))
        else:
            new.append(rng.uniform(-1.0, 1.0, size=v.shape).astype(np.float32))
    bn.set_weights(new)
    infer = np.asarray(bn(x, training=False))
    train = np.asarray(bn(x, training=True))
    after = [np.asarray(w) for w in bn.get_weights()]
    train2 = np.asarray(bn(x * 0.5 - 1, training=True))
    after2 = [np.asarray(w) for w in bn.get_weights()]
    out["layer"].append({
        "name": name, "kwargs": kw, "x": arr(x), "weight_names": [w.name for w in bn.weights],
        "initial_weights": [arr(w) for w in new], "inference": arr(infer), "training": arr(train),
        "weights_after": [arr(w) for w in after], "training2": arr(train2), "weights_after2": [arr(w) for w in after2],
    })

# ---------------------------------------------------------------- fits
N, D = 40, 6
X = (rng.normal(size=(N, D)) * 2 + 0.5).astype(np.float32)
labels = rng.randint(0, 4, size=(N,))
fit_configs = [
    # name, layer list, optimizer, epochs, batch
    ("dense_bn_dense_sgd", [("dense", 8, "relu"), ("bn", {}), ("dense", 4, "softmax")], ("sgd", {"learning_rate": 0.1}),
     3, 8),
    ("bn_first_adam", [("bn", {}), ("dense", 8, "relu"), ("dense", 4, "softmax")], ("adam", {}), 3, 16),
    ("dense_bn_activation_rmsprop", [("dense_nobias", 8, None), ("bn", {"momentum": 0.9}), ("act", "relu"),
                                     ("dense", 4, "softmax")], ("rmsprop", {}), 3, 8),
    ("two_bn_adam_eps", [("dense", 7, "tanh"), ("bn", {"epsilon": 0.01, "center": False}), ("dense", 5, "relu"),
                         ("bn", {"scale": False}), ("dense", 4, "softmax")], ("adam", {"learning_rate": 0.01}), 3, 12),
]
for name, spec, (oname, okw), epochs, bs in fit_configs:
    keras.utils.set_random_seed(11)
    m = models.Sequential([keras.Input(shape=(D,))])
    for s in spec:
        if s[0] == "dense":
            m.add(layers.Dense(s[1], activation=s[2]))
        elif s[0] == "dense_nobias":
            m.add(layers.Dense(s[1], activation=s[2], use_bias=False))
        elif s[0] == "bn":
            m.add(layers.BatchNormalization(**s[1]))
        else:
            m.add(layers.Activation(s[1]))
    ws = []
    for v in m.weights:
        shape = tuple(v.shape)
        if v.name in ("gamma", "moving_variance"):
            ws.append(rng.uniform(0.5, 1.5, size=shape).astype(np.float32))
        else:
            ws.append(rng.uniform(-0.8, 0.8, size=shape).astype(np.float32))
    m.set_weights(ws)
    forward = np.asarray(m(X))
    m.compile(optimizer=optimizers.get({"class_name": oname, "config": okw}),
              loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    ev0 = m.evaluate(X, labels, verbose=0, batch_size=bs)
    h = m.fit(X, labels, epochs=epochs, batch_size=bs, shuffle=False, verbose=0)
    ev = m.evaluate(X, labels, verbose=0, batch_size=bs, return_dict=True)
    pred = m.predict(X, verbose=0)
    out["fit"].append({
        "name": name, "layers": [list(s) for s in spec], "optimizer": oname, "optimizer_args": okw,
        "epochs": epochs, "batch_size": bs, "x": arr(X), "y": arr(labels.astype(np.float32)),
        "initial_weights": [arr(w) for w in ws], "weight_paths": [v.path for v in m.weights],
        "forward": arr(forward), "evaluate_before": [num(v) for v in np.atleast_1d(ev0)],
        "history": {k: [num(v) for v in vs] for k, vs in h.history.items()},
        "final_weights": [arr(w) for w in m.get_weights()],
        "evaluate_after": {k: num(v) for k, v in ev.items()}, "predict": arr(pred),
    })

# ---------------------------------------------------------------- summary
keras.backend.clear_session()
m = models.Sequential([keras.Input(shape=(784,)), layers.Dense(256, use_bias=False), layers.BatchNormalization(),
                       layers.Activation("relu"), layers.Dense(10, activation="softmax")])
lines = []
m.summary(print_fn=lambda s, **k: lines.append(s))
out["summary"] = "\n".join(lines)
m.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
m.fit(np.zeros((4, 784), np.float32), np.zeros(4), verbose=0)
lines = []
m.summary(print_fn=lambda s, **k: lines.append(s))
out["summary_after_fit"] = "\n".join(lines)
out["config"] = layers.BatchNormalization(momentum=0.9, name="bn").get_config()

with open(OUT, "w") as f:
    json.dump(out, f, indent=1)
print("wrote", OUT)
