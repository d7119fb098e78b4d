"""Records Keras 3 / TensorFlow reference numbers and text for the NN tests.

Run once with TensorFlow installed (python3 -m venv /tmp/tfvenv &&
/tmp/tfvenv/bin/pip install tensorflow-cpu), from the repository root:

    /tmp/tfvenv/bin/python scripts/keras/gen_fixtures.py

Writes JSON into Tests/NNTests/Fixtures/. The tests read these files and need no Python.
Every array is written flat (row-major) beside its shape; floats are written with repr
(shortest round-trip) so the Swift side reads them exactly.
"""
import io
import json
import os
import sys
import contextlib

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")
import numpy as np
import keras
from keras import layers, models, optimizers, losses

from fixture_json import arr, flat, num  # noqa: F401

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "NNTests", "Fixtures")
os.makedirs(OUT, exist_ok=True)


def write(name, obj):
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        json.dump(obj, f, indent=1)
    print("wrote", path)


rng = np.random.RandomState(1234)

# ---------------------------------------------------------------- activations
x_act = np.array([-3.0, -1.5, -0.5, -1e-3, 0.0, 0.25, 0.7, 1.0, 2.5, 6.0], dtype=np.float32)
x_act2 = rng.normal(size=(3, 5)).astype(np.float32) * 2
acts = {}
for name in ["relu", "sigmoid", "tanh", "softmax", "linear", "elu", "selu", "leaky_relu",
             "gelu", "swish", "softplus", "softsign", "hard_sigmoid", "exponential", "relu6", "silu"]:
    f = keras.activations.get(name)
    acts[name] = {"x": arr(x_act2), "y": arr(np.asarray(f(x_act2)))}
    if name != "softmax":
        acts[name]["x1"] = arr(x_act)
        acts[name]["y1"] = arr(np.asarray(f(x_act)))
write("activations.json", acts)

# ---------------------------------------------------------------- losses
n, c = 6, 4
logits = rng.normal(size=(n, c)).astype(np.float32) * 2
probs = np.exp(logits) / np.exp(logits).sum(-1, keepdims=True)
probs = probs.astype(np.float32)
sparse = rng.randint(0, c, size=(n,))
onehot = np.eye(c, dtype=np.float32)[sparse]
# an extreme row to exercise clipping
probs_clip = probs.copy()
probs_clip[0] = np.array([1.0, 0.0, 0.0, 0.0], dtype=np.float32)
bin_true = rng.randint(0, 2, size=(n, 1)).astype(np.float32)
bin_logit = rng.normal(size=(n, 1)).astype(np.float32) * 3
bin_prob = (1 / (1 + np.exp(-bin_logit))).astype(np.float32)
bin_prob_clip = bin_prob.copy()
bin_prob_clip[0, 0] = 1.0
reg_true = rng.normal(size=(n, 3)).astype(np.float32)
reg_pred = rng.normal(size=(n, 3)).astype(np.float32)

loss_cases = []


def add_loss(name, obj, yt, yp, **kw):
    value = float(np.asarray(obj(yt, yp)))
    fn = keras.losses.get(name) if isinstance(name, str) and "_" in name or name in ("mse", "mae") else None
    loss_cases.append({"loss": name, "args": kw, "y_true": arr(yt), "y_pred": arr(yp), "value": value})


add_loss("categorical_crossentropy", losses.CategoricalCrossentropy(), onehot, probs)
add_loss("categorical_crossentropy", losses.CategoricalCrossentropy(), onehot, probs_clip)
add_loss("categorical_crossentropy", losses.CategoricalCrossentropy(from_logits=True), onehot, logits,
         from_logits=True)
add_loss("sparse_categorical_crossentropy", losses.SparseCategoricalCrossentropy(), sparse.astype(np.float32),
         probs)
add_loss("sparse_categorical_crossentropy", losses.SparseCategoricalCrossentropy(), sparse.astype(np.float32),
         probs_clip)
add_loss("sparse_categorical_crossentropy", losses.SparseCategoricalCrossentropy(from_logits=True),
         sparse.astype(np.float32), logits, from_logits=True)
add_loss("binary_crossentropy", losses.BinaryCrossentropy(), bin_true, bin_prob)
add_loss("binary_crossentropy", losses.BinaryCrossentropy(), bin_true, bin_prob_clip)
add_loss("binary_crossentropy", losses.BinaryCrossentropy(from_logits=True), bin_true, bin_logit,
         from_logits=True)
add_loss("mse", losses.MeanSquaredError(), reg_true, reg_pred)
add_loss("mae", losses.MeanAbsoluteError(), reg_true, reg_pred)
# Losses added later: derived from the arrays above, so the random stream is not disturbed.
add_loss("huber", losses.Huber(), reg_true, reg_pred)
add_loss("log_cosh", losses.LogCosh(), reg_true, reg_pred * 10)
add_loss("kl_divergence", losses.KLDivergence(), onehot, probs)
add_loss("kld", losses.KLDivergence(), probs, probs_clip)
add_loss("poisson", losses.Poisson(), np.abs(reg_true), np.abs(reg_pred))
add_loss("hinge", losses.Hinge(), bin_true, bin_logit)
add_loss("hinge", losses.Hinge(), np.sign(reg_true), reg_pred)
add_loss("squared_hinge", losses.SquaredHinge(), bin_true, bin_logit)
add_loss("categorical_hinge", losses.CategoricalHinge(), onehot, logits)
write("losses.json", loss_cases)

# ---------------------------------------------------------------- metrics
metric_cases = []


def add_metric(name, obj, yt, yp):
    obj.update_state(yt, yp)
    metric_cases.append({"metric": name, "y_true": arr(yt), "y_pred": arr(yp),
                         "value": float(np.asarray(obj.result()))})


add_metric("sparse_categorical_accuracy", keras.metrics.SparseCategoricalAccuracy(), sparse.astype(np.float32),
           probs)
add_metric("categorical_accuracy", keras.metrics.CategoricalAccuracy(), onehot, probs)
add_metric("binary_accuracy", keras.metrics.BinaryAccuracy(), bin_true, bin_prob)
add_metric("precision", keras.metrics.Precision(), bin_true, bin_prob)
add_metric("recall", keras.metrics.Recall(), bin_true, bin_prob)
add_metric("mse", keras.metrics.MeanSquaredError(), reg_true, reg_pred)
add_metric("mae", keras.metrics.MeanAbsoluteError(), reg_true, reg_pred)
add_metric("auc", keras.metrics.AUC(), bin_true, bin_prob)
add_metric("auc", keras.metrics.AUC(), onehot, probs)
write("metrics.json", metric_cases)

# ---------------------------------------------------------------- optimizers
w0 = rng.normal(size=(3, 2)).astype(np.float32)
grads = [rng.normal(size=(3, 2)).astype(np.float32) for _ in range(3)]
opt_cases = []
opt_configs = [
    ("sgd", {}),
    ("sgd", {"learning_rate": 0.1, "momentum": 0.9}),
    ("sgd", {"learning_rate": 0.1, "momentum": 0.9, "nesterov": True}),
    ("rmsprop", {}),
    ("rmsprop", {"learning_rate": 0.01, "rho": 0.8, "momentum": 0.5}),
    ("rmsprop", {"learning_rate": 0.01, "centered": True}),
    ("adam", {}),
    ("adam", {"learning_rate": 0.01, "amsgrad": True}),
    ("adamw", {}),
    ("adamw", {"learning_rate": 0.01, "weight_decay": 0.1}),
    ("adagrad", {}),
    ("adagrad", {"learning_rate": 0.1}),
    ("nadam", {}),
    ("nadam", {"learning_rate": 0.01, "beta_1": 0.8, "beta_2": 0.99}),
    ("nadam", {"learning_rate": 0.01, "weight_decay": 0.1}),
    ("adamax", {}),
    ("adamax", {"learning_rate": 0.01, "beta_1": 0.8, "beta_2": 0.9}),
]
for name, kw in opt_configs:
    opt = optimizers.get({"class_name": name, "config": kw})
    v = keras.Variable(w0.copy())
    steps = []
    for g in grads:
        opt.apply_gradients([(keras.ops.convert_to_tensor(g), v)])
        steps.append(flat(np.asarray(v)))
    opt_cases.append({"optimizer": name, "args": kw, "w0": arr(w0), "grads": [flat(g) for g in grads],
                      "steps": steps})
write("optimizers.json", opt_cases)

# ---------------------------------------------------------------- forward and fit


def make_model(spec, input_dim):
    m = models.Sequential()
    m.add(keras.Input(shape=(input_dim,)))
    for units, act in spec:
        m.add(layers.Dense(units, activation=act))
    return m


fit_cases = []
fit_configs = [
    # name, layers, loss, optimizer (name, kwargs), metrics, label kind, epochs, batch
    ("sparse_rmsprop", [(8, "relu"), (4, "softmax")], "sparse_categorical_crossentropy", ("rmsprop", {}),
     ["accuracy"], "sparse", 3, 8),
    ("categorical_adam", [(8, "relu"), (4, "softmax")], "categorical_crossentropy", ("adam", {}),
     ["accuracy"], "onehot", 3, 8),
    ("categorical_sgd_nesterov", [(8, "tanh"), (4, "softmax")], "categorical_crossentropy",
     ("sgd", {"learning_rate": 0.1, "momentum": 0.9, "nesterov": True}), ["accuracy"], "onehot", 3, 16),
    ("binary_adagrad", [(6, "relu"), (1, "sigmoid")], "binary_crossentropy", ("adagrad", {"learning_rate": 0.05}),
     ["accuracy"], "binary", 3, 8),
    ("mse_sgd", [(6, "sigmoid"), (3, "linear")], "mse", ("sgd", {"learning_rate": 0.05}), ["mae"], "regression",
     3, 10),
    ("mae_adamw", [(6, "elu"), (3, None)], "mae", ("adamw", {"learning_rate": 0.01}), ["mse"], "regression", 3, 7),
    ("logits_sparse_adam", [(8, "gelu"), (4, None)], ("sparse_categorical_crossentropy", True), ("adam", {}),
     ["accuracy"], "sparse", 3, 8),
    ("probs_loss_on_linear_output", [(8, "relu"), (4, "sigmoid")], "sparse_categorical_crossentropy",
     ("sgd", {"learning_rate": 0.1}), ["accuracy"], "sparse", 3, 8),
    ("categorical_probs_on_sigmoid", [(8, "tanh"), (4, "sigmoid")], "categorical_crossentropy",
     ("sgd", {"learning_rate": 0.05}), ["accuracy"], "onehot", 3, 8),
    ("binary_probs_on_softmax", [(6, "relu"), (2, "softmax")], "binary_crossentropy",
     ("rmsprop", {}), ["accuracy"], "binary2", 3, 8),
    ("binary_logits_adam", [(6, "relu"), (1, None)], ("binary_crossentropy", True), ("adam", {"learning_rate": 0.01}),
     ["accuracy"], "binary", 3, 8),
    ("categorical_logits_rmsprop", [(8, "relu"), (4, None)], ("categorical_crossentropy", True),
     ("rmsprop", {}), ["accuracy"], "onehot", 3, 8),
    ("swish_selu_rmsprop_momentum", [(7, "swish"), (5, "selu"), (4, "softmax")], "sparse_categorical_crossentropy",
     ("rmsprop", {"momentum": 0.5}), ["accuracy"], "sparse", 3, 8),
    ("leaky_sigmoid_mse", [(6, "leaky_relu"), (4, "softmax")], "mse", ("sgd", {"learning_rate": 0.5}),
     ["categorical_accuracy"], "onehot", 3, 8),
    # Cases added later go last: each draws from the random stream.
    ("categorical_nadam", [(8, "relu"), (4, "softmax")], "categorical_crossentropy",
     ("nadam", {"learning_rate": 0.01}), ["accuracy"], "onehot", 3, 8),
    ("mse_adamax", [(6, "tanh"), (3, None)], "mse", ("adamax", {"learning_rate": 0.01}), ["mae"], "regression",
     3, 7),
    ("huber_adam", [(6, "relu"), (3, None)], "huber", ("adam", {"learning_rate": 0.01}), ["mae"], "regression",
     3, 8),
    ("log_cosh_sgd", [(6, "tanh"), (3, None)], "log_cosh", ("sgd", {"learning_rate": 0.1}), ["mse"], "regression",
     3, 8),
    ("kld_rmsprop", [(8, "relu"), (4, "softmax")], "kl_divergence", ("rmsprop", {}), ["accuracy"], "onehot", 3, 8),
    ("poisson_adam", [(6, "relu"), (3, "softplus")], "poisson", ("adam", {"learning_rate": 0.01}), ["mae"],
     "counts", 3, 8),
    ("hinge_sgd", [(6, "relu"), (1, "tanh")], "hinge", ("sgd", {"learning_rate": 0.1}), [], "binary", 3, 8),
    ("squared_hinge_adam", [(6, "relu"), (1, None)], "squared_hinge", ("adam", {"learning_rate": 0.01}), [],
     "binary", 3, 8),
    ("categorical_hinge_sgd", [(8, "relu"), (4, None)], "categorical_hinge", ("sgd", {"learning_rate": 0.1}),
     ["accuracy"], "onehot", 3, 8),
]
N, D = 40, 6
X = rng.normal(size=(N, D)).astype(np.float32)
labels = rng.randint(0, 4, size=(N,))
for name, spec, loss, (oname, okw), metrics, kind, epochs, bs in fit_configs:
    keras.utils.set_random_seed(7)
    m = make_model(spec, D)
    ws = [(rng.uniform(-0.8, 0.8, size=w.shape)).astype(np.float32) for w in m.get_weights()]
    m.set_weights(ws)
    if kind == "sparse":
        y = labels.astype(np.float32)
    elif kind == "onehot":
        y = np.eye(4, dtype=np.float32)[labels]
    elif kind == "binary2":
        y = np.eye(2, dtype=np.float32)[labels % 2]
    elif kind == "binary":
        y = (labels % 2).astype(np.float32).reshape(-1, 1)
    elif kind == "counts":
        y = np.stack([labels % 3, labels, labels // 2], axis=1).astype(np.float32)
    else:
        y = rng.normal(size=(N, 3)).astype(np.float32)
    from_logits = False
    if isinstance(loss, tuple):
        loss, from_logits = loss
    loss_obj = loss
    if from_logits:
        loss_obj = {"sparse_categorical_crossentropy": losses.SparseCategoricalCrossentropy,
                    "categorical_crossentropy": losses.CategoricalCrossentropy,
                    "binary_crossentropy": losses.BinaryCrossentropy}[loss](from_logits=True)
    forward = np.asarray(m(X))
    m.compile(optimizer=optimizers.get({"class_name": oname, "config": okw}), loss=loss_obj, metrics=metrics)
    ev0 = m.evaluate(X, y, verbose=0, batch_size=bs)
    h = m.fit(X, y, epochs=epochs, batch_size=bs, shuffle=False, verbose=0)
    ev = m.evaluate(X, y, verbose=0, batch_size=bs, return_dict=True)
    pred = m.predict(X, verbose=0)
    fit_cases.append({
        "name": name, "layers": [[u, a or "linear"] for u, a in spec], "loss": loss, "from_logits": from_logits,
        "optimizer": oname, "optimizer_args": okw, "metrics": metrics, "epochs": epochs, "batch_size": bs,
        "x": arr(X), "y": arr(y), "initial_weights": [arr(w) for w in ws],
        "forward": arr(forward),
        "evaluate_before": [num(v) for v in np.atleast_1d(ev0)],
        "history": {k: [num(v) for v in vs] for k, vs in h.history.items()},
        "history_keys": list(h.history.keys()),
        "final_weights": [arr(w) for w in m.get_weights()],
        "evaluate_after": {k: num(v) for k, v in ev.items()},
        "predict": arr(pred),
    })
write("fit.json", fit_cases)

# ---------------------------------------------------------------- summaries


def capture_summary(m):
    lines = []
    m.summary(print_fn=lambda s, **k: lines.append(s))
    return "\n".join(lines)


keras.backend.clear_session()
summaries = []
m = models.Sequential([layers.Input(shape=(28, 28)), layers.Flatten(), layers.Dense(20, activation="relu"),
                       layers.Dense(10, activation="softmax")])
summaries.append({"case": "flatten_dense", "text": capture_summary(m)})
m2 = models.Sequential()
m2.add(layers.Dense(512, activation="relu", input_shape=(784,)))
m2.add(layers.Dense(10, activation="softmax"))
summaries.append({"case": "input_shape_dense512", "text": capture_summary(m2)})
m3 = models.Sequential([layers.Dense(16, activation="relu"), layers.Dense(1, activation="sigmoid")])
summaries.append({"case": "unbuilt", "text": capture_summary(m3)})
m4 = models.Sequential([m, layers.Softmax()])
m4.build((None, 28, 28))
summaries.append({"case": "nested", "text": capture_summary(m4)})
m5 = models.Sequential([layers.Input(shape=(6,)), layers.Dense(8, activation="relu"), layers.Dropout(0.5),
                        layers.Dense(4, activation="softmax", name="a_really_long_layer_name_for_wrapping_tests")])
m5.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
summaries.append({"case": "compiled_not_fit", "text": capture_summary(m5)})
m5.fit(X, labels, epochs=1, verbose=0)
summaries.append({"case": "after_fit_rmsprop", "text": capture_summary(m5)})
m6 = models.Sequential([layers.Input(shape=(6,)), layers.Dense(8, activation="relu"),
                        layers.Activation("tanh"), layers.ReLU(), layers.Dense(4)])
m6.compile(optimizer="adam", loss="mse")
m6.fit(X, np.zeros((N, 4), np.float32), epochs=1, verbose=0)
summaries.append({"case": "after_fit_adam", "text": capture_summary(m6)})
write("summaries.json", summaries)

# ---------------------------------------------------------------- naming
keras.backend.clear_session()
names = []
a = models.Sequential([layers.Dense(3), layers.Dense(2), layers.Flatten(), layers.Dropout(0.1),
                       layers.Activation("relu"), layers.Softmax(), layers.ReLU()])
names.append(a.name)
names += [l.name for l in a.layers]
b = models.Sequential([layers.Dense(3)])
names.append(b.name)
names += [l.name for l in b.layers]
write("naming.json", names)
