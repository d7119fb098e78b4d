import Datasets
import Foundation
import Tensors
import Testing

let fashionDir = "/usr/share/datasets/fashion-mnist"

/// Search paths that see only `dirs` (and an empty home), never the machine's real files.
func isolatedPaths(dnnlabData: String? = nil, home: String, system: [String] = []) -> DatasetSearchPaths {
  var env = [String: String]()
  if let dnnlabData { env["DNNLAB_DATA"] = dnnlabData }
  return DatasetSearchPaths(environment: env, homeDirectory: home, systemDirectories: system)
}

/// Writes the four IDX files of a tiny dataset (`n` train and 2 test images of 2×2
/// pixels, each image's pixels equal to `tag`) into `dir`, gzip-compressed or not.
func writeIDXSet(_ dir: String, tag: UInt8, n: Int = 3, gz: Bool = true) throws {
  let files: [(String, [Int], [UInt8])] = [
    ("train-images-idx3-ubyte", [n, 2, 2], Array(repeating: tag, count: 4 * n)),
    ("train-labels-idx1-ubyte", [n], (0..<n).map { UInt8($0 % 10) }),
    ("t10k-images-idx3-ubyte", [2, 2, 2], Array(repeating: tag, count: 8)),
    ("t10k-labels-idx1-ubyte", [2], [4, 2]),
  ]
  for (name, shape, payload) in files {
    let bytes = TestFiles.idx(shape: shape, payload: payload)
    try TestFiles.write(gz ? TestFiles.gzip(bytes) : bytes, to: dir + "/" + name + (gz ? ".gz" : ""))
  }
}

/// A gzip CSV of `n` digit rows: row r has label r % 10 and first pixel r.
func writeSample(_ path: String, rows n: Int) throws {
  let rows = (0..<n).map { r -> ([Int], Int) in ([r % 256] + Array(repeating: 0, count: 783), r % 10) }
  try TestFiles.write(TestFiles.gzip(TestFiles.csv(rows)), to: path)
}

@Suite struct KerasDatasetsTests {
  @Test(.enabled(if: FileManager.default.fileExists(atPath: fashionDir + "/train-images-idx3-ubyte.gz")))
  func loadsRealFashionMNIST() throws {
    let home = try TestFiles.tempDir()
    defer { TestFiles.remove(home) }
    let d = try KerasDatasets.loadFashionMNIST(
      paths: isolatedPaths(home: home, system: ["/usr/share/datasets"]))
    #expect(d.xTrain.shape == [60000, 28, 28])
    #expect(d.yTrain.shape == [60000])
    #expect(d.xTest.shape == [10000, 28, 28])
    #expect(d.yTest.shape == [10000])
    #expect([d.xTrain, d.yTrain, d.xTest, d.yTest].allSatisfy { $0.dtype == .uint8 })
    #expect(
      Array(flatBytes(try d.yTrain.get([.slice(start: nil, stop: 10, step: nil)]))) == [
        9, 0, 0, 3, 0, 2, 7, 2, 5, 5,
      ])
    #expect(
      Array(flatBytes(try d.yTest.get([.slice(start: nil, stop: 10, step: nil)]))) == [
        9, 2, 1, 1, 6, 1, 4, 6, 5, 7,
      ])
    let p = d.xTrain.base(UInt8.self)
    #expect((0..<784).reduce(0) { $0 + Int(p[$1]) } == 76247)
    let q = d.xTest.base(UInt8.self)
    #expect((9999 * 784..<10000 * 784).reduce(0) { $0 + Int(q[$1]) } == 24390)
    #expect(d.notice == nil)
    #expect(d.source == fashionDir)
  }

  @Test func searchOrderPrefersDNNLabDataThenHomeThenKerasThenSystem() throws {
    let root = try TestFiles.tempDir()
    defer { TestFiles.remove(root) }
    let home = root + "/home"
    try writeIDXSet(root + "/system/fashion-mnist", tag: 4)
    try writeIDXSet(home + "/.keras/datasets/fashion-mnist", tag: 3, gz: false)
    try writeIDXSet(home + "/.dnnlab/datasets/fashion-mnist", tag: 2)
    try writeIDXSet(root + "/env/fashion-mnist", tag: 1)
    func firstPixel(_ p: DatasetSearchPaths) throws -> Int64 {
      flatBytes(try KerasDatasets.loadFashionMNIST(paths: p).xTrain)[0]
    }
    #expect(
      try firstPixel(isolatedPaths(dnnlabData: root + "/env", home: home, system: [root + "/system"])) == 1)
    #expect(try firstPixel(isolatedPaths(home: home, system: [root + "/system"])) == 2)
    try FileManager.default.removeItem(atPath: home + "/.dnnlab")
    #expect(try firstPixel(isolatedPaths(home: home, system: [root + "/system"])) == 3)
    try FileManager.default.removeItem(atPath: home + "/.keras")
    #expect(try firstPixel(isolatedPaths(home: home, system: [root + "/system"])) == 4)
  }

  @Test func readsKerasMNISTNpzFromTheCache() throws {
    let home = try TestFiles.tempDir()
    defer { TestFiles.remove(home) }
    func npy(_ shape: String, _ payload: [UInt8]) -> [UInt8] {
      TestFiles.npy(descr: "|u1", shape: shape, payload: payload)
    }
    let zip = TestFiles.zip([
      .init(name: "x_test.npy", data: npy("(1, 2, 2)", [9, 9, 9, 9]), deflate: true),
      .init(name: "x_train.npy", data: npy("(2, 2, 2)", Array(1...8)), deflate: true),
      .init(name: "y_train.npy", data: npy("(2,)", [5, 0])),
      .init(name: "y_test.npy", data: npy("(1,)", [7])),
    ])
    try TestFiles.write(zip, to: home + "/.keras/datasets/mnist.npz")
    // A sample in ~/.dnnlab/datasets must not win over a full set in the Keras cache.
    try writeSample(home + "/.dnnlab/datasets/mnist_5k.csv.gz", rows: 10)
    let d = try KerasDatasets.loadMNIST(paths: isolatedPaths(home: home))
    #expect(d.xTrain.shape == [2, 2, 2] && flatBytes(d.yTrain) == [5, 0])
    #expect(d.xTest.shape == [1, 2, 2] && flatBytes(d.yTest) == [7])
    #expect(d.notice == nil)
    #expect(d.source == home + "/.keras/datasets/mnist.npz")

    // load_data(path=...) with an absolute path reads that file.
    #expect(try KerasDatasets.loadMNIST(path: home + "/.keras/datasets/mnist.npz").xTrain.shape == [2, 2, 2])
    #expect(throws: DatasetError.self) { try KerasDatasets.loadMNIST(path: home + "/missing.npz") }

    // KERAS_HOME moves the cache, as in Keras.
    let elsewhere = try TestFiles.tempDir()
    defer { TestFiles.remove(elsewhere) }
    try TestFiles.write(zip, to: elsewhere + "/datasets/mnist.npz")
    let p = DatasetSearchPaths(
      environment: ["KERAS_HOME": elsewhere], homeDirectory: elsewhere + "/home", systemDirectories: [])
    #expect(try KerasDatasets.loadMNIST(paths: p).source == elsewhere + "/datasets/mnist.npz")
  }

  @Test func fallsBackToTheSampleSplitInAFixedOrder() throws {
    let home = try TestFiles.tempDir()
    defer { TestFiles.remove(home) }
    try writeSample(home + "/.dnnlab/datasets/mnist_5k.csv.gz", rows: 10)
    let d = try KerasDatasets.loadMNIST(paths: isolatedPaths(home: home))
    #expect(d.xTrain.shape == [8, 28, 28] && d.yTrain.shape == [8])
    #expect(d.xTest.shape == [2, 28, 28] && d.yTest.shape == [2])
    // np.random.RandomState(0).permutation(10) == [2 8 4 9 1 6 7 3 0 5]
    #expect(flatBytes(d.yTrain) == [2, 8, 4, 9, 1, 6, 7, 3])
    #expect(flatBytes(d.yTest) == [0, 5])
    #expect(flatBytes(try d.xTrain.get([.int(1), .int(0), .int(0)])) == [8])
    let notice = try #require(d.notice)
    #expect(
      notice
        == "Using the 10-image MNIST sample (\(home)/.dnnlab/datasets/mnist_5k.csv.gz), split 8 train / 2 test; "
        + "put the full files in ~/.keras/datasets/mnist.npz or ~/.dnnlab/datasets/mnist/ for 60,000/10,000")
  }

  @Test(
    .enabled(
      if: FileManager.default.fileExists(atPath: NSHomeDirectory() + "/.dnnlab/datasets/mnist_5k.csv.gz")))
  func loadsTheRealMlxtendSample() throws {
    let d = try KerasDatasets.loadMNIST(paths: isolatedPaths(home: NSHomeDirectory()))
    if d.notice == nil { return }  // a full MNIST is installed in ~/.dnnlab or ~/.keras
    #expect(d.xTrain.shape == [4000, 28, 28] && d.xTest.shape == [1000, 28, 28])
    var counts = Array(repeating: 0, count: 10)
    for v in flatBytes(d.yTrain) + flatBytes(d.yTest) { counts[Int(v)] += 1 }
    #expect(counts == Array(repeating: 500, count: 10))
    // Every digit is in both parts (the file itself is sorted by label).
    #expect(Set(flatBytes(d.yTest)).count == 10)
  }

  @Test func nothingFoundListsEveryPlaceSearched() throws {
    let home = try TestFiles.tempDir()
    defer { TestFiles.remove(home) }
    try writeIDXSet(home + "/.keras/datasets/mnist", tag: 1)
    try FileManager.default.removeItem(atPath: home + "/.keras/datasets/mnist/t10k-labels-idx1-ubyte.gz")
    let paths = isolatedPaths(home: home, system: ["/nonexistent/datasets"])
    do {
      _ = try KerasDatasets.loadMNIST(paths: paths)
      Issue.record("no error")
    } catch let e as DatasetError {
      #expect(e.kind == .fileNotFoundError)
      let lines = e.message.split(separator: "\n").map(String.init)
      #expect(lines[0] == "MNIST data not found. Searched, in order:")
      #expect(lines[1] == "  $DNNLAB_DATA (not set)")
      #expect(
        lines[2]
          == "  ~/.dnnlab/datasets = \(home)/.dnnlab/datasets (folder does not exist): mnist.npz, mnist/{train,t10k}-{images-idx3,labels-idx1}-ubyte[.gz], mnist_5k.csv.gz"
      )
      #expect(
        lines[3]
          == "  ~/.keras/datasets = \(home)/.keras/datasets: mnist.npz, mnist/{train,t10k}-{images-idx3,labels-idx1}-ubyte[.gz]"
      )
      #expect(
        lines[4]
          == "  /nonexistent/datasets (folder does not exist): mnist.npz, mnist/{train,t10k}-{images-idx3,labels-idx1}-ubyte[.gz]"
      )
      #expect(
        lines[5]
          == "  incomplete: \(home)/.keras/datasets/mnist has 3 of the 4 files; missing t10k-labels-idx1-ubyte.gz"
      )
      #expect(e.hint?.contains("make setup") == true)
    }
    do {
      _ = try KerasDatasets.loadFashionMNIST(paths: paths)
      Issue.record("no error")
    } catch let e as DatasetError {
      #expect(e.message.hasPrefix("Fashion-MNIST data not found."))
      #expect(e.hint?.contains("dataset-fashion-mnist") == true)
    }
  }

  @Test func mismatchedAndCorruptSetsAreErrorsNotFallbacks() throws {
    let home = try TestFiles.tempDir()
    defer { TestFiles.remove(home) }
    try writeIDXSet(home + "/.dnnlab/datasets/fashion-mnist", tag: 1)
    try TestFiles.write(
      TestFiles.gzip(TestFiles.idx(shape: [2], payload: [1, 2])),
      to: home + "/.dnnlab/datasets/fashion-mnist/train-labels-idx1-ubyte.gz")
    try writeIDXSet(home + "/.keras/datasets/fashion-mnist", tag: 2)
    #expect(throws: DatasetError.self) {
      try KerasDatasets.loadFashionMNIST(paths: isolatedPaths(home: home))
    }
    do {
      _ = try KerasDatasets.loadFashionMNIST(paths: isolatedPaths(home: home))
    } catch let e as DatasetError {
      #expect(
        e.message.hasSuffix(
          "train-images-idx3-ubyte.gz holds 3 images but \(home)/.dnnlab/datasets/fashion-mnist/train-labels-idx1-ubyte.gz holds 2 labels"
        ))
    }
    // Images stored as float64 in an npz are refused: the lessons expect uint8.
    let zip = TestFiles.zip([
      .init(
        name: "x_train.npy",
        data: TestFiles.npy(descr: "<f8", shape: "(1, 1, 1)", payload: Array(repeating: 0, count: 8))),
      .init(name: "y_train.npy", data: TestFiles.npy(descr: "|u1", shape: "(1,)", payload: [1])),
      .init(name: "x_test.npy", data: TestFiles.npy(descr: "|u1", shape: "(1, 1, 1)", payload: [1])),
      .init(name: "y_test.npy", data: TestFiles.npy(descr: "|u1", shape: "(1,)", payload: [1])),
    ])
    try TestFiles.write(zip, to: home + "/.keras/datasets/mnist.npz")
    #expect(
      throws: DatasetError.corruptForTest(
        home + "/.keras/datasets/mnist.npz",
        "x_train is float64 and y_train is uint8; MNIST-style data is uint8")
    ) {
      try KerasDatasets.loadMNIST(paths: isolatedPaths(home: home))
    }
    // An npz without y_test names what it holds.
    try TestFiles.write(
      TestFiles.zip([
        .init(name: "x_train.npy", data: TestFiles.npy(descr: "|u1", shape: "(1,)", payload: [1]))
      ]),
      to: home + "/.keras/datasets/mnist.npz")
    #expect(
      throws: DatasetError.corruptForTest(
        home + "/.keras/datasets/mnist.npz",
        "missing arrays 'y_train', 'x_test', 'y_test'; the archive holds x_train.npy")
    ) {
      try KerasDatasets.loadMNIST(paths: isolatedPaths(home: home))
    }
  }

  @Test(.enabled(if: FileManager.default.fileExists(atPath: fashionDir + "/train-images-idx3-ubyte.gz")))
  func benchmarkHookReportsSeconds() throws {
    var times = [Double]()
    for _ in 0..<5 { times.append(try DatasetBenchmarks.loadFashionMNIST()) }
    times.sort()
    print("Fashion-MNIST load: median \(times[2]) s, min \(times[0]) s over 5 runs")
    #expect(times[2] > 0 && times[2] < 30)
  }
}

extension DatasetError {
  static func corruptForTest(_ name: String, _ problem: String) -> DatasetError {
    DatasetError(.valueError, "\(name): \(problem)")
  }
}
