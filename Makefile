# dnnlab: `make run` replays the flagship lesson, `make test` runs every test.
SWIFT ?= swift
BUILD_FLAGS ?= -c release

.PHONY: setup build run test bench format clean

setup:
	@scripts/setup.sh

build: setup
	$(SWIFT) build $(BUILD_FLAGS)

# The flagship lesson: MNIST with Dense(512), as in the course slides.
run: build
	.build/release/dnnlab run notebooks/04-mnist-dense-512.py

# Tests run in release mode: the numeric cases are slow in debug builds.
test: setup
	$(SWIFT) build $(BUILD_FLAGS)
	$(SWIFT) test $(BUILD_FLAGS)
	scripts/cli-smoke.sh .build/release/dnnlab

# dnnlab's figures, then Keras's on the same machine when a Python with TensorFlow is found
# ($(KERAS_PYTHON), default: /tmp/tfvenv/bin/python, else python3).
KERAS_PYTHON ?= $(shell test -x /tmp/tfvenv/bin/python && echo /tmp/tfvenv/bin/python || echo python3)
bench: setup
	$(SWIFT) build $(BUILD_FLAGS) --product Benchmarks --product dnnlab
	.build/release/Benchmarks
	@echo
	@start=$$(date +%s%N); .build/release/dnnlab --version >/dev/null; end=$$(date +%s%N); \
	  echo "dnnlab start-up (--version): $$(( (end - start) / 1000000 )) ms"
	@echo
	@if $(KERAS_PYTHON) -c "import tensorflow" >/dev/null 2>&1; then \
	  $(KERAS_PYTHON) scripts/keras/bench_keras.py; \
	else echo "Keras column skipped: no TensorFlow for $(KERAS_PYTHON) (pip install tensorflow-cpu)"; fi

format:
	swift-format format --in-place --recursive Sources Tests Package.swift

clean:
	rm -rf .build
