"""Times the dnnlab benchmark models under TensorFlow/Keras on this machine.

    /tmp/tfvenv/bin/python scripts/keras/bench_keras.py [--epochs 5] [--json]

Prints per-epoch seconds, test accuracy and the time of predict() on 10,000 rows for
  Dense(512) relu -> Dense(10) softmax, rmsprop, batch 128 (Fashion-MNIST 60,000x784)
  Dense(20)  relu -> Dense(10) softmax, adam,    batch 32
plus the `import tensorflow` time and the peak resident memory, so `make bench` can put
Keras's column beside dnnlab's. Data: $DNNLAB_DATA, ~/.keras/datasets/fashion-mnist, or
Debian's /usr/share/datasets/fashion-mnist (IDX .gz files); synthetic data if none is found.
"""
import argparse
import gzip
import json
import os
import resource
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

t0 = time.perf_counter()
import numpy as np  # noqa: E402

try:
    import tensorflow as tf  # noqa: E402
    import keras  # noqa: E402
except ImportError:
    print("TensorFlow is not installed: pip install tensorflow-cpu", file=sys.stderr)
    sys.exit(2)
import_seconds = time.perf_counter() - t0


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load():
    places = [os.environ.get("DNNLAB_DATA", ""), os.path.expanduser("~/.keras/datasets/fashion-mnist"),
              "/usr/share/datasets/fashion-mnist"]
    for d in places:
        p = os.path.join(d, "train-images-idx3-ubyte.gz")
        if d and os.path.exists(p):
            x = read_idx(p)
            y = read_idx(os.path.join(d, "train-labels-idx1-ubyte.gz"))
            tx = read_idx(os.path.join(d, "t10k-images-idx3-ubyte.gz"))
            ty = read_idx(os.path.join(d, "t10k-labels-idx1-ubyte.gz"))
            return (x, y), (tx, ty), d
    rng = np.random.RandomState(0)
    x = rng.randint(0, 256, size=(60000, 28, 28)).astype(np.uint8)
    y = rng.randint(0, 10, size=(60000,)).astype(np.uint8)
    return (x, y), (x[:10000], y[:10000]), "synthetic"


class EpochTimer(keras.callbacks.Callback):
    def on_train_begin(self, logs=None):
        self.times = []

    def on_epoch_begin(self, epoch, logs=None):
        self.t = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self.times.append(time.perf_counter() - self.t)


def run(name, hidden, optimizer, batch, epochs, x, y, tx, ty):
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(hidden, activation="relu"),
                              keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    timer = EpochTimer()
    model.fit(x, y, batch_size=batch, epochs=epochs, verbose=0, callbacks=[timer])
    acc = float(model.evaluate(tx, ty, verbose=0)[1])
    model.predict(tx[:10000], verbose=0)
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        model.predict(tx[:10000], verbose=0)
        best = min(best, time.perf_counter() - t)
    return {"name": name, "epoch_seconds": timer.times, "median_epoch_seconds": float(np.median(timer.times)),
            "test_accuracy": acc, "predict_10k_seconds": best}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    (x, y), (tx, ty), source = load()
    x = x.reshape((-1, 784)).astype("float32") / 255
    tx = tx.reshape((-1, 784)).astype("float32") / 255
    results = [
        run("Dense(512) rmsprop b128", 512, "rmsprop", 128, args.epochs, x, y, tx, ty),
        run("Dense(20) adam b32", 20, "adam", 32, args.epochs, x, y, tx, ty),
    ]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    summary = {"tensorflow": tf.__version__, "keras": keras.__version__, "data": source,
               "import_seconds": import_seconds, "peak_memory_mb": peak_mb, "results": results}
    if args.json:
        print(json.dumps(summary, indent=1))
        return
    print(f"TensorFlow {tf.__version__} / Keras {keras.__version__}, data: {source}")
    print(f"import tensorflow: {import_seconds:.2f} s, peak memory {peak_mb:.0f} MB")
    print("| model | s/epoch (median) | test accuracy | predict 10k |")
    print("|---|---|---|---|")
    for r in results:
        print(f"| {r['name']} | {r['median_epoch_seconds']:.2f} | {r['test_accuracy']:.4f} | "
              f"{r['predict_10k_seconds'] * 1000:.0f} ms |")


if __name__ == "__main__":
    main()
