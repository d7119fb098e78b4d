// swift-tools-version:6.0
import PackageDescription

// Targets and their one-way dependencies follow DESIGN.md's architecture table.
let package = Package(
  name: "dnnlab",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "dnnlab", targets: ["dnnlab"]),
    .library(name: "Tensors", targets: ["Tensors"]),
    .library(name: "Script", targets: ["Script"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
  ],
  targets: [
    // System-library shims.
    .target(name: "CBLAS", linkerSettings: [.linkedLibrary("dl")]),
    .target(name: "CKernels"),
    .systemLibrary(name: "CLibEdit", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
    .systemLibrary(name: "CHDF5", pkgConfig: "hdf5", providers: [.apt(["libhdf5-dev"])]),
    .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
    .systemLibrary(name: "CSystemZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

    // Libraries.
    .target(name: "Tensors", dependencies: ["CBLAS"]),
    .target(name: "NN", dependencies: ["Tensors", "CKernels"]),
    .target(
      name: "ModelFiles",
      dependencies: ["NN", "Tensors", "CHDF5", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
    .target(
      name: "Datasets",
      dependencies: ["Tensors", "CSystemZlib", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
    .target(name: "Plot", dependencies: ["Tensors", "CPNG"]),
    .target(name: "Script"),
    .target(name: "Modules", dependencies: ["Script", "Tensors", "NN", "Datasets", "Plot", "ModelFiles"]),
    .target(name: "Notebook", dependencies: ["Script", "Modules"]),

    // The executable and the benchmark runner.
    .executableTarget(
      name: "dnnlab",
      dependencies: [
        "Tensors", "Script", "Modules", "Notebook", "CBLAS", "CSystemZlib", "CLibEdit",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .executableTarget(name: "Benchmarks", dependencies: ["Tensors", "Datasets", "NN", "CBLAS"]),
    // Reads an HDF5 file in a process of its own before dnnlab does (see HDF5Guard.swift).
    .executableTarget(name: "dnnlab-h5check", dependencies: ["ModelFiles"]),

    // Tests.
    .target(name: "TestSupport", dependencies: ["Tensors"], path: "Tests/TestSupport"),
    .testTarget(name: "TensorsTests", dependencies: ["Tensors", "TestSupport"], exclude: ["Fixtures"]),
    .testTarget(name: "NNTests", dependencies: ["NN", "TestSupport"], exclude: ["Fixtures"]),
    .testTarget(
      name: "ModelFilesTests", dependencies: ["ModelFiles", "NN", "TestSupport"], exclude: ["Fixtures"]),
    .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "TestSupport"], exclude: ["Fixtures"]),
    .testTarget(name: "PlotTests", dependencies: ["Plot", "CPNG", "TestSupport"], exclude: ["Fixtures"]),
    .testTarget(name: "ScriptTests", dependencies: ["Script", "TestSupport"], exclude: ["Fixtures"]),
    .testTarget(name: "NotebookTests", dependencies: ["Notebook", "TestSupport"], exclude: ["Fixtures"]),
    .testTarget(
      name: "ModulesTests", dependencies: ["Modules", "Script", "Tensors", "TestSupport"],
      exclude: ["Fixtures"]),
  ]
)
