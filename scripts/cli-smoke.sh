#!/usr/bin/env bash
# Checks the built executable the way a user first meets it: --version and --help.
set -euo pipefail
bin=${1:-.build/release/dnnlab}
out=$("$bin" --version)
echo "$out" | grep -q '^dnnlab ' || { echo "cli-smoke: unexpected --version output: $out" >&2; exit 1; }
"$bin" --help | grep -q 'USAGE' || { echo "cli-smoke: --help has no USAGE" >&2; exit 1; }
echo "cli-smoke: ok ($out)"
