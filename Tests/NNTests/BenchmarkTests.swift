import Foundation
import NN
import Tensors
import Testing

/// Reads a gzipped IDX file with the system `gzip` (benchmarks only; Datasets does it properly).
func readIDX(_ path: String) throws -> Tensor {
  let p = Process()
  p.executableURL = URL(fileURLWithPath: "/bin/gzip")
  p.arguments = ["-dc", path]
  let pipe = Pipe()
  p.standardOutput = pipe
  try p.run()
  let data = pipe.fileHandleForReading.readDataToEndOfFile()
  p.waitUntilExit()
  let bytes = [UInt8](data)
  let dims = Int(bytes[3])
  var shape: [Int] = []
  for d in 0..<dims {
    let o = 4 + 4 * d
    shape.append(Int(bytes[o]) << 24 | Int(bytes[o + 1]) << 16 | Int(bytes[o + 2]) << 8 | Int(bytes[o + 3]))
  }
  return try Tensor(Array(bytes[(4 + 4 * dims)...]), shape: shape)
}

/// Times the lesson models on Fashion-MNIST; runs only with NN_BENCH=1 (it takes a while).
@Test(.enabled(if: ProcessInfo.processInfo.environment["NN_BENCH"] != nil))
func lessonBenchmarks() throws {
  let dir = "/usr/share/datasets/fashion-mnist"
  let x = try (readIDX("\(dir)/train-images-idx3-ubyte.gz").astype(.float32) / 255.0).astype(.float32)
  let y = try readIDX("\(dir)/train-labels-idx1-ubyte.gz")
  let tx = try (readIDX("\(dir)/t10k-images-idx3-ubyte.gz").astype(.float32) / 255.0).astype(.float32)
  let ty = try readIDX("\(dir)/t10k-labels-idx1-ubyte.gz")
  let epochs = Int(ProcessInfo.processInfo.environment["NN_BENCH_EPOCHS"] ?? "5") ?? 5
  print("BLAS:", BLAS.choice)
  let only = ProcessInfo.processInfo.environment["NN_BENCH_ONLY"]
  if only == nil || only == "512" {
    print(
      "BENCH",
      try NNBenchmarks.denseClassifier(
        name: "Dense(512) rmsprop b128", hidden: 512, optimizer: "rmsprop", batchSize: 128, epochs: epochs,
        x: x, y: y,
        test: (tx, ty)))
  }
  if only == nil || only == "20" {
    print(
      "BENCH",
      try NNBenchmarks.denseClassifier(
        name: "Dense(20) adam b32", hidden: 20, optimizer: "adam", batchSize: 32, epochs: epochs, x: x, y: y,
        test: (tx, ty)))
  }
}
