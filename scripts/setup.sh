#!/usr/bin/env bash
# Installs the system libraries dnnlab builds against, when they are missing.
# Idempotent: a machine that has them all returns at once. Called by `make setup`.
set -u

packages=(libopenblas-dev libedit-dev zlib1g-dev dataset-fashion-mnist)

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
