import Foundation
import TestSupport
import Testing

// Replays Fixtures/keras_training.txt (gen_tf_session.py keras_training): the Nadam and Adamax
// optimizers, the Huber, LogCosh, KLDivergence, Poisson and hinge losses (objects, functions,
// `compile(loss=...)` and `fit`), and CSVLogger. Cells marked `# close:` print numbers that
// must agree within 1e-5 relative (float32 training in another order of operations); the rest
// must match TensorFlow's text exactly.
enum KerasTrainingFixtures {
  static let cells = SessionFixtures.load("keras_training.expected.json")
}

@Test(arguments: KerasTrainingFixtures.cells)
func trainingPieceCellMatchesKeras(_ cell: SessionCell) {
  let got = runTensorFlowCell(cell.source)
  if cell.source.contains("# close:") {
    let (gotText, gotNumbers) = decimalsApart(got)
    let (expectedText, expectedNumbers) = decimalsApart(cell.expected)
    #expect(gotText == expectedText, "\n--- dnnlab\n\(got)--- Keras\n\(cell.expected)")
    #expect(gotNumbers.count == expectedNumbers.count, "\n--- dnnlab\n\(got)--- Keras\n\(cell.expected)")
    assertClose(gotNumbers, expectedNumbers, rtol: 1e-5, atol: 1e-6)
    return
  }
  #expect(got == cell.expected, "\n--- dnnlab\n\(got)--- Keras\n\(cell.expected)")
}

@Test func kerasTrainingFixtureIsLoaded() {
  #expect(KerasTrainingFixtures.cells.count >= 23)
}

/// The text with each decimal number replaced by `#` and without spaces (column padding
/// depends on the digits), and the numbers.
private func decimalsApart(_ text: String) -> (String, [Double]) {
  var numbers: [Double] = []
  guard let pattern = try? Regex(#"-?\d+\.\d*(e[-+]?\d+)?"#) else { return (text, []) }
  var skeleton = ""
  var rest = text[...]
  while let m = rest.firstMatch(of: pattern) {
    skeleton += rest[..<m.range.lowerBound]
    skeleton += "#"
    numbers.append(Double(rest[m.range]) ?? .nan)
    rest = rest[m.range.upperBound...]
  }
  skeleton += rest
  return (skeleton.filter { $0 != " " }, numbers)
}

/// Bad arguments to the new optimizers and losses raise Python errors, never trap.
@Test(arguments: [
  ("keras.optimizers.Nadam(beta_1='a')", "TypeError"),
  ("keras.optimizers.Adamax(learning_rate=-0.1)", "ValueError"),
  ("keras.optimizers.Nadam(momentum=0.9)", "Error"),
  ("keras.losses.Huber(delta='x')", "TypeError"),
  ("keras.losses.Huber(delta=float('nan'))", "ValueError"),
  ("keras.losses.Poisson(reduction='sum_of_squares')", "ValueError"),
  ("keras.losses.Huber()(np.zeros((2, 3)), np.zeros((2, 4)))", "Error"),
  ("keras.losses.KLDivergence()(np.zeros((2, 3)), np.zeros((3, 3)))", "Error"),
  ("keras.losses.huber(np.zeros((2, 3)), np.zeros((2, 4)))", "Error"),
  ("keras.losses.log_cosh([1, 2], [1])", "Error"),
  ("keras.metrics.AUC(multi_label=True)", "NotImplementedError"),
  ("keras.metrics.AUC(thresholds=[0.5])", "NotImplementedError"),
  ("keras.metrics.AUC(curve='PRGAIN')", "NotImplementedError"),
  ("keras.metrics.AUC(num_thresholds=10**12)", "MemoryError"),
  ("keras.metrics.AUC(num_thresholds='a')", "TypeError"),
  ("keras.metrics.AUC().update_state(np.zeros(3), np.zeros(4))", "Error"),
  ("keras.callbacks.CSVLogger(3)", "TypeError"),
])
func trainingPieceMisuseRaises(_ source: String, _ kind: String) {
  let got = runTensorFlowCell(source)
  #expect(got.contains("\(kind): "), "\(source)\n\(got)")
}

/// Losses on empty or odd arrays give numbers (NaN for a mean over nothing), as TensorFlow does.
@Test func trainingPieceLossesOnEmptyArrays() {
  let got = runTensorFlowCell(
    "print(keras.losses.huber(np.zeros((2, 0)), np.zeros((2, 0))), keras.losses.kl_divergence(np.zeros((2, 0)), np.zeros((2, 0))))\n"
  )
  #expect(
    got
      == "tf.Tensor([nan nan], shape=(2,), dtype=float64) tf.Tensor([0. 0.], shape=(2,), dtype=float64)\n",
    "\(got)")
}

/// A cell of Fixtures/csv_logger.expected.json (scripts/fixtures/gen_csv_logger.py): a fit with
/// `CSVLogger` writing into the folder `DIR`, what the cell showed, and the files Keras left.
struct CSVLoggerCase: Sendable, CustomTestStringConvertible {
  let source: String
  let output: String
  let files: [String: String]
  var testDescription: String { String(source.split(separator: "\n").last ?? "") }

  static let all: [CSVLoggerCase] = {
    guard
      let data = try? Data(
        contentsOf: SessionFixtures.directory.appendingPathComponent("csv_logger.expected.json")),
      let root = try? FixtureJSON.parse(data), let items = root.array
    else { return [] }
    return items.compactMap { item in
      guard let s = item["source"]?.string, let o = item["output"]?.string,
        case .object(let f)? = item["files"]
      else { return nil }
      return CSVLoggerCase(source: s, output: o, files: f.compactMapValues(\.string))
    }
  }()
}

/// The CSV files match Keras's byte for byte apart from the logged numbers, which agree within
/// 1e-5 relative (the header, epochs, separators, quoting, `NA`s and `\r\n` line ends exactly).
@Test(arguments: CSVLoggerCase.all)
func csvLoggerWritesWhatKerasWrites(_ c: CSVLoggerCase) throws {
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dnnlab-csv-\(UUID().uuidString)")
    .path
  try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(atPath: dir) }
  let got = runTensorFlowCell(c.source.replacingOccurrences(of: "DIR", with: dir))
    .replacingOccurrences(of: dir, with: "DIR")
  #expect(got == c.output, "\n--- dnnlab\n\(got)--- Keras\n\(c.output)")
  let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".csv") }
    .sorted()
  #expect(names == c.files.keys.sorted())
  for name in names {
    let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: "\(dir)/\(name)")), as: UTF8.self)
    let expected = c.files[name] ?? ""
    let (gotSkeleton, gotNumbers) = decimalsApart(text)
    let (expectedSkeleton, expectedNumbers) = decimalsApart(expected)
    #expect(gotSkeleton == expectedSkeleton, "\(name)\n--- dnnlab\n\(text)--- Keras\n\(expected)")
    #expect(gotNumbers.count == expectedNumbers.count, "\(name)")
    assertClose(gotNumbers, expectedNumbers, rtol: 1e-5, atol: 1e-7)
  }
}

@Test func csvLoggerFixtureIsLoaded() {
  #expect(CSVLoggerCase.all.count >= 6)
}
