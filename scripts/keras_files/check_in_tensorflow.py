"""Loads dnnlab-saved models in TensorFlow/Keras 3 and compares predictions (run by hand).

    DNNLAB_KERAS_EXPORT=/tmp/dnnlab-export swift test -c release --filter ExportForTensorFlow
    python scripts/keras_files/check_in_tensorflow.py /tmp/dnnlab-export

For each dnnlab_*.keras written by that test: keras.models.load_model, predict on the recorded
inputs and compare with dnnlab's predictions; check the optimizer's restored iteration count;
load the .weights.h5 twin into a fresh copy and compare again; and take one training step to
show training resumes without warnings. Exits 1 on any mismatch.
"""
import glob
import json
import os
import sys
import warnings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np  # noqa: E402
import keras  # noqa: E402

TOLERANCE = 1e-6


def array(info, key):
    return np.asarray(info[key], dtype="float32").reshape(info[key + "_shape"] if key + "_shape" in info else -1)


def main(directory):
    failures = 0
    paths = sorted(glob.glob(os.path.join(directory, "dnnlab_*.keras")))
    if not paths:
        print("no dnnlab_*.keras files in", directory)
        return 1
    for path in paths:
        name = os.path.basename(path)[: -len(".keras")]
        with open(os.path.join(directory, name + ".json")) as f:
            info = json.load(f)
        x = array(info, "x")
        expected = np.asarray(info["predictions"], dtype="float32")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            model = keras.models.load_model(path)
            got = model.predict(x, verbose=0).reshape(-1)
        diff = float(np.max(np.abs(got - expected)))
        ok = diff <= TOLERANCE
        notes = []
        if getattr(model, "optimizer", None) is not None and "iterations" in info:
            iterations = int(model.optimizer.iterations.numpy())
            if iterations != info["iterations"]:
                ok = False
                notes.append(f"iterations {iterations} != {info['iterations']}")
            else:
                notes.append(f"iterations {iterations}")
        weights = os.path.join(directory, name + ".weights.h5")
        if os.path.exists(weights):
            twin = keras.models.clone_model(model)
            twin.load_weights(weights)
            wdiff = float(np.max(np.abs(twin.predict(x, verbose=0).reshape(-1) - expected)))
            ok = ok and wdiff <= TOLERANCE
            notes.append(f"weights.h5 max diff {wdiff:.2e}")
        if getattr(model, "optimizer", None) is not None and "y" in info:
            model.fit(x, array(info, "y"), epochs=1, verbose=0)
            notes.append("fit step ok")
        messages = [str(w.message) for w in caught if "optimizer" in str(w.message).lower()]
        if messages:
            ok = False
            notes.append("warnings: " + " | ".join(messages))
        print(f"{'OK  ' if ok else 'FAIL'} {name}: max |diff| {diff:.2e}; " + "; ".join(notes))
        failures += 0 if ok else 1
    print(f"{len(paths) - failures}/{len(paths)} dnnlab models match in Keras {keras.__version__}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "."))
