#!/usr/bin/env bash
# Checks the built executable the way a user first meets it: --version, --help, and
# `dnnlab run` on a small notebook (output, error banner and exit status, transcript).
set -euo pipefail
bin=${1:-.build/release/dnnlab}
fail() { echo "cli-smoke: $*" >&2; exit 1; }
# Checks read here-strings, not `echo | grep -q`: under pipefail, grep -q leaving at its first
# match can kill echo with SIGPIPE and fail the pipeline at random (CI did, on a correct output).

out=$("$bin" --version)
grep -q '^dnnlab ' <<<"$out" || fail "unexpected --version output: $out"
help_out=$("$bin" --help)
grep -q USAGE <<<"$help_out" || fail "--help has no USAGE"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/lesson.py" <<'NOTEBOOK'
# %% [markdown]
# # Smoke test

# %%
import numpy as np
x = np.arange(6).reshape(2, 3)
print("shape", x.shape)

# %%
x.sum(axis=1) * scale
NOTEBOOK

run_out=$("$bin" run "$work/lesson.py" -p scale 10 --transcript "$work/t.ipynb" 2>&1) || fail "dnnlab run failed: $run_out"
grep -q '^# Smoke test$' <<<"$run_out" || fail "markdown cell not shown: $run_out"
grep -q '^shape (2, 3)$' <<<"$run_out" || fail "print output missing: $run_out"
grep -q '^Out\[2\]: array(\[ 30, 120\])$' <<<"$run_out" || fail "Out[2] missing or -p not applied: $run_out"
python3 -c 'import json, sys; nb = json.load(open(sys.argv[1])); assert nb["nbformat"] == 4 and nb["nbformat_minor"] == 5' \
  "$work/t.ipynb" 2>/dev/null || fail "transcript is not nbformat 4.5 JSON"

# Without the parameter the last cell fails: banner, exit status 1.
set +e
err_out=$("$bin" run "$work/lesson.py" --code-only 2>&1)
status=$?
set -e
[ "$status" -eq 1 ] || fail "expected exit status 1 for a failing cell, got $status"
grep -q '^Error in cell 2 (In \[2\]), line 1$' <<<"$err_out" || fail "no error banner: $err_out"
grep -q "^NameError: name 'scale' is not defined" <<<"$err_out" || fail "no NameError: $err_out"
if grep -q 'Smoke test' <<<"$err_out"; then fail "--code-only showed markdown"; fi

echo "cli-smoke: ok (${out%%$'\n'*}; dnnlab run ok)"
