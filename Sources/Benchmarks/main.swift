import CBLAS
import Datasets
import Foundation
import NN
import Tensors

// `make bench`: BLAS throughput at the lessons' shapes and element-wise bandwidth.
// Prints a Markdown table (medians of several runs) for the README.

func now() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_MONOTONIC, &ts)
  return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// Median seconds per call of `body`, over `runs` timed batches after a warm-up.
func median(runs: Int = 7, minTime: Double = 0.05, _ body: () throws -> Void) rethrows -> Double {
  try body()
  var reps = 1
  while true {
    let t0 = now()
    for _ in 0..<reps { try body() }
    if now() - t0 >= minTime { break }
    reps *= 2
  }
  var samples: [Double] = []
  for _ in 0..<runs {
    let t0 = now()
    for _ in 0..<reps { try body() }
    samples.append((now() - t0) / Double(reps))
  }
  samples.sort()
  return samples[samples.count / 2]
}

func randomFloats(_ n: Int) -> [Float] { (0..<n).map { _ in Float.random(in: -1...1) } }

struct GemmCase {
  let label: String
  let m: Int, n: Int, k: Int
  let transA: Bool, transB: Bool
}

func sgemmGFLOPS(_ c: GemmCase) -> Double {
  let a = randomFloats(c.m * c.k)
  let b = randomFloats(c.k * c.n)
  var out = [Float](repeating: 0, count: c.m * c.n)
  let lda = c.transA ? c.m : c.k
  let ldb = c.transB ? c.k : c.n
  let seconds = a.withUnsafeBufferPointer { pa in
    b.withUnsafeBufferPointer { pb in
      out.withUnsafeMutableBufferPointer { po in
        guard let a = pa.baseAddress, let b = pb.baseAddress, let o = po.baseAddress else { return Double.nan }
        return median {
          BLAS.sgemm(
            transA: c.transA, transB: c.transB, m: c.m, n: c.n, k: c.k, a: a, lda: lda, b: b, ldb: ldb,
            c: o, ldc: c.n)
        }
      }
    }
  }
  return 2 * Double(c.m) * Double(c.n) * Double(c.k) / seconds / 1e9
}

do {
  try BLAS.ensureLoaded()
} catch {
  print("benchmarks: \(error)")
  exit(1)
}

let date = ISO8601DateFormatter().string(from: Date()).prefix(10)
print("dnnlab benchmarks, \(date); OpenBLAS kernels \(BLAS.coreName), \(BLAS.threads) thread(s)")
print("(\(BLAS.choice))")
print("")
print("| benchmark | shape | result |")
print("|---|---|---|")

let cases = [
  GemmCase(label: "forward, Dense(512)", m: 128, n: 512, k: 784, transA: false, transB: false),
  GemmCase(label: "forward, Dense(10)", m: 128, n: 10, k: 512, transA: false, transB: false),
  GemmCase(label: "kernel gradient xᵀ·δ", m: 784, n: 512, k: 128, transA: true, transB: false),
  GemmCase(label: "input gradient δ·Wᵀ", m: 128, n: 784, k: 512, transA: false, transB: true),
  GemmCase(label: "forward, Dense(20) batch 32", m: 32, n: 20, k: 784, transA: false, transB: false),
  GemmCase(label: "machine peak (square)", m: 2048, n: 2048, k: 2048, transA: false, transB: false),
]
for c in cases {
  let shape =
    "\(c.transA ? "\(c.k)×\(c.m)ᵀ" : "\(c.m)×\(c.k)") · \(c.transB ? "\(c.n)×\(c.k)ᵀ" : "\(c.k)×\(c.n)")"
  print("| sgemm \(c.label) | \(shape) | \(String(format: "%.0f", sgemmGFLOPS(c))) GFLOPS |")
}

// The thread choice: the lessons' products again on one thread, for comparison.
if BLAS.threads > 1 {
  let saved = BLAS.threads
  BLAS.threads = 1
  for c in cases.prefix(4) + cases.suffix(1) {
    print("| sgemm \(c.label), 1 thread | \(c.m)×\(c.k)×\(c.n) | \(String(format: "%.0f", sgemmGFLOPS(c))) GFLOPS |")
  }
  BLAS.threads = saved
}

// Element-wise bandwidth through the Tensor API: read two arrays, write one.
do {
  let n = 4_000_000
  let a = try Tensor(randomFloats(n), shape: [n])
  let b = try Tensor(randomFloats(n), shape: [n])
  let add = try median { _ = try a + b }
  print(
    "| Tensor add, float32 | \(n) elements | \(String(format: "%.1f", Double(3 * n * 4) / add / 1e9)) GB/s |")
  let scaled = try median { _ = try a * 2.0 }
  print(
    "| Tensor multiply by scalar, float32 | \(n) elements | \(String(format: "%.1f", Double(2 * n * 4) / scaled / 1e9)) GB/s |"
  )
  let u8 = try Tensor([UInt8](repeating: 7, count: 47_040_000), shape: [60000, 784])
  let div = try median(runs: 3) { _ = try u8 / 255.0 }
  print("| uint8 / 255.0 → float64 | 60000×784 | \(String(format: "%.0f", div * 1000)) ms |")
  let sum = try median { _ = try a.sum() }
  print("| Tensor sum, float32 | \(n) elements | \(String(format: "%.1f", Double(n * 4) / sum / 1e9)) GB/s |")
} catch {
  print("benchmarks: \(error)")
  exit(1)
}

// Dataset loading: Fashion-MNIST's 70,000 images and labels from Debian's gzip files.
do {
  var samples: [Double] = []
  for _ in 0..<5 { samples.append(try DatasetBenchmarks.loadFashionMNIST()) }
  samples.sort()
  print("| fashion_mnist.load_data() from gzip IDX | 70,000 images | \(String(format: "%.0f", samples[2] * 1000)) ms |")
} catch {
  print("| fashion_mnist.load_data() | - | unavailable: \(error) |")
}

// Training: the lessons' two models on Fashion-MNIST (60,000 × 784), 5 epochs each.
do {
  let data = try KerasDatasets.loadFashionMNIST()
  let x = try data.xTrain.reshape([data.xTrain.shape[0], 784]).astype(.float32) / 255.0
  let tx = try data.xTest.reshape([data.xTest.shape[0], 784]).astype(.float32) / 255.0
  print("")
  print("| model (Fashion-MNIST, 5 epochs) | s/epoch (median) | test accuracy | predict 10,000 rows |")
  print("|---|---|---|---|")
  for r in try NNBenchmarks.lessonModels(x: x, y: data.yTrain, test: (tx, data.yTest)) {
    print(
      "| \(r.name) | \(String(format: "%.2f", r.medianEpochSeconds)) s | "
        + "\(r.testAccuracy.map { String(format: "%.4f", $0) } ?? "-") | "
        + "\(r.predictSeconds.map { String(format: "%.1f ms", $0 * 1000) } ?? "-") |")
  }
  var usage = rusage()
  getrusage(RUSAGE_SELF.rawValue, &usage)
  print("")
  print("Peak memory of this benchmark process: \(usage.ru_maxrss / 1024) MB")
} catch {
  print("| training benchmarks | unavailable: \(error) |")
}
