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

bench: setup
	$(SWIFT) build $(BUILD_FLAGS) --product Benchmarks
	.build/release/Benchmarks

format:
	swift-format format --in-place --recursive Sources Tests Package.swift

clean:
	rm -rf .build
