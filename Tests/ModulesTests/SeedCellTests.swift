import Foundation
import Modules
import Script
import Testing

// Every code cell of the course seeds (the slides and notebook in /work/shared/seeds) parses
// as Python parses it, and runs, notebook by notebook, with the output Keras 3 and NumPy 2
// print. The expected side is Tests/ModulesTests/Fixtures/seed_cells.json, written by
// scripts/fixtures/gen_seed_cells.py from a real TensorFlow 2.21 / Keras 3.15 run of the same
// cells; that script documents which blocks are cells, the preludes, the substitutions and
// how each cell is compared. The lists below repeat its decisions so that every block not
// run, and every cell compared less than exactly, is named here with its reason.

/// The fixture: per seed file, its blocks in order with what Keras printed for each.
struct SeedFixture: Decodable {
  struct Notebook: Decodable {
    var file: String
    /// Imports the slides' notebooks have off-slide, run before the first cell.
    var prelude: String
    var preludeReason: String
    var cells: [Cell]
    /// Expressions about the trained models that must be True after the last cell.
    var checks: [Check]
  }
  struct Cell: Decodable {
    var block: Int
    /// "code", "transcript" (code taken out of a screenshot of code and output) or "output".
    var kind: String
    /// The block as the seed has it.
    var raw: String
    /// The code run (after substitutions); nil for printed-output blocks.
    var source: String?
    var reason: String
    var substitutions: [Substitution]
    var expected: Expected?
    /// "exact", "structure", "runs" or "fails" (see `compare`).
    var compare: String?
    var compareReason: String?
  }
  struct Substitution: Decodable {
    var old: String
    var new: String
    var reason: String
  }
  struct Expected: Decodable {
    var output: String
    var error: ExpectedError?
  }
  struct ExpectedError: Decodable {
    var summary: String
    var line: Int?
    var column: Int?
    /// TensorFlow's full message, for errors raised inside its graph.
    var detail: String?
  }
  struct Check: Decodable {
    var expression: String
    var keras: Bool
  }
  var notebooks: [Notebook]

  static let shared: SeedFixture? = {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Fixtures/seed_cells.json")
    guard let data = try? Data(contentsOf: url) else { return nil }
    return try? JSONDecoder().decode(SeedFixture.self, from: data)
  }()

  static func notebook(_ file: String) throws -> Notebook {
    let fixture = try #require(shared, "Fixtures/seed_cells.json is missing or does not decode")
    return try #require(fixture.notebooks.first { $0.file == file })
  }
}

/// Blocks that are not run: printed output the slides show under the code. Keyed
/// `file-prefix#block`.
let seedOutputBlocks: [String: String] = [
  "000#18": "classifications[0] as printed on the slide",
  "001#14": "classifications[0] as printed on the slide",
  "003#6": "print(ds1), ds1.shape, ds1[0].shape as printed on the slide",
  "003#8": "the progress lines of fit(…, verbose=1) on the slide",
  "003#10": "the progress lines of fit without metrics on the slide",
  "003#13": "Colab output of print(train_labels_1hot), annotated",
  "003#15": "Colab output of the two prints of train_labels_1hot rows, annotated",
]

/// Screenshots of Colab transcribed as one block: only their code is run.
let seedTranscriptBlocks: Set<String> = ["003#12", "003#14", "003#16"]

/// Cells compared less than by their text, and why (the fixture says the same).
let seedLooseCells: [String: String] = [
  "002#9": "runs: tf.keras.utils.plot_model needs pydot and Graphviz, absent from the reference venv",
  "003#7":
    "fails: sparse_categorical_crossentropy on one tanh unit with labels 0/1 fails inside TensorFlow's graph",
]

/// Cells where dnnlab departs from Keras 3 on purpose: Keras 3 refuses Keras 2's `lr=`,
/// dnnlab accepts it with Keras 2's warning (issue 3), so these cells compile and then stop
/// at the data the slides never define.
let seedLegacyLearningRateCells: Set<String> = ["002#4", "002#5", "002#6", "002#7"]

/// The seed files, in order (blocks are keyed by their three-digit prefix).
let seedFiles = [
  "000_61bc5d6a534943e6.txt", "001_05c267408e4c49b7.txt", "002_3661ff77a7363f97.txt",
  "003_d6d8b7f5bed91218.txt", "004_1a5f56b9b22750be.txt",
]

/// Whether `mnist.load_data()` gives the 4,000/1,000 sample the fixture was made with.
let mnistSampleInUse: Bool = {
  let (interpreter, _) = kerasSession()
  let shapes = try? interpreter.run(
    "from tensorflow.keras.datasets import mnist\n(a, b), (c, d) = mnist.load_data()\na.shape, c.shape",
    cell: 1)
  return shapes.map(interpreter.repr) == "((4000, 28, 28), (1000, 28, 28))"
}()

@Suite struct SeedCellTests {
  @Test func fixtureNamesEverySkippedAndLooseCell() throws {
    let fixture = try #require(SeedFixture.shared)
    #expect(fixture.notebooks.map(\.file) == seedFiles)
    var outputs: [String: String] = [:]
    var transcripts: Set<String> = []
    var loose: [String: String] = [:]
    var code = 0
    for notebook in fixture.notebooks {
      for cell in notebook.cells {
        let key = "\(notebook.file.prefix(3))#\(cell.block)"
        if cell.source != nil { code += 1 }
        if cell.source == nil { outputs[key] = cell.reason }
        if cell.kind == "transcript" { transcripts.insert(key) }
        if let how = cell.compare, how == "runs" || how == "fails" { loose[key] = how }
      }
    }
    #expect(Set(outputs.keys) == Set(seedOutputBlocks.keys))
    #expect(outputs.values.allSatisfy { $0 == "printed output shown on the slide, not code" })
    #expect(transcripts == seedTranscriptBlocks)
    #expect(loose == seedLooseCells.mapValues { String($0.prefix { $0 != ":" }) })
    // 85 blocks: 78 code cells, every one run; 7 blocks of printed output.
    #expect(code == 78 && outputs.count == 7)
  }

  /// Every code cell parses exactly when Python parses it; where Python reports a syntax
  /// error (typos on the slides), dnnlab reports the same message at the same place.
  @Test func everySeedCellParsesAsPythonDoes() throws {
    let fixture = try #require(SeedFixture.shared)
    var parsed = 0
    var rejected = 0
    for notebook in fixture.notebooks {
      for cell in notebook.cells {
        guard let source = cell.source, let expected = cell.expected else { continue }
        let place = "\(notebook.file) block \(cell.block)"
        let python = expected.error.flatMap { $0.summary.hasPrefix("SyntaxError") ? $0 : nil }
        do {
          _ = try Parser.parseModule(source)
          #expect(python == nil, "\(place): Python says \(python?.summary ?? "")")
          parsed += 1
        } catch let error as ScriptError {
          #expect(error.summary == python?.summary, "\(place)")
          #expect(error.range?.start.line == python?.line, "\(place)")
          #expect(error.range?.start.column == python?.column, "\(place)")
          rejected += 1
        } catch {
          Issue.record("\(place): \(error)")
        }
      }
    }
    // 75 cells parse; three are slide typos Python rejects too (a stray `]` twice, and a
    // commented-out line that took the closing parenthesis with it).
    #expect(parsed == 75 && rejected == 3, "parsed \(parsed), rejected \(rejected)")
  }

  /// The slide deck without data: its cells fail where Keras fails (names the slides never
  /// define), except that Keras 2's `lr=` works (see `seedLegacyLearningRateCells`).
  @Test func classificationSlidesRunAsKerasDoes() throws {
    try runSeedNotebook("002_3661ff77a7363f97.txt")
  }

  @Test(
    .enabled(if: mnistSampleInUse),
    arguments: [
      "000_61bc5d6a534943e6.txt", "001_05c267408e4c49b7.txt", "003_d6d8b7f5bed91218.txt",
      "004_1a5f56b9b22750be.txt",
    ])
  func mnistSeedRunsAsKerasDoes(_ file: String) throws {
    try runSeedNotebook(file)
  }

  /// The fixture holds the blocks the seeds hold now (checked where the seeds are).
  @Test(.enabled(if: FileManager.default.fileExists(atPath: "/work/shared/seeds")))
  func fixtureMatchesTheSeeds() throws {
    let fixture = try #require(SeedFixture.shared)
    for notebook in fixture.notebooks {
      let text = try String(contentsOfFile: "/work/shared/seeds/\(notebook.file)", encoding: .utf8)
      #expect(try seedBlocks(text) == notebook.cells.map(\.raw), "\(notebook.file)")
    }
  }
}

/// Runs a seed's prelude and cells in order in one session, going on after errors as a
/// notebook run cell by cell does, and compares every cell with Keras's run.
func runSeedNotebook(_ file: String) throws {
  let notebook = try SeedFixture.notebook(file)
  let (interpreter, output) = kerasSession()
  var count = 0
  if !notebook.prelude.isEmpty {
    count += 1
    _ = try interpreter.run(notebook.prelude, cell: count)
  }
  for cell in notebook.cells {
    guard let source = cell.source, let expected = cell.expected else { continue }
    let place = "\(file) block \(cell.block)"
    count += 1
    let before = output().count
    var error: ScriptError?
    do {
      if let v = try interpreter.run(source, cell: count), !v.isNone {
        interpreter.write(interpreter.repr(v) + "\n")
      }
    } catch let e {
      error = e
    }
    let shown = seedText(String(output().dropFirst(before)))
    if seedLegacyLearningRateCells.contains("\(file.prefix(3))#\(cell.block)") {
      // Like a Python warning, it shows once per session: in the first of these cells only.
      let warning = "The `lr` argument is deprecated, use `learning_rate` instead."
      let isFirst = "\(file.prefix(3))#\(cell.block)" == seedLegacyLearningRateCells.min()
      #expect(shown.contains(warning) == isFirst, "\(place)\n\(shown)")
      #expect(
        error?.summary.hasPrefix("NameError: name 'x_train_") == true,
        "\(place): \(error?.summary ?? "no error")")
      continue
    }
    switch cell.compare {
    case "runs":
      #expect(error == nil, "\(place): \(error?.summary ?? "")")
    case "fails":
      let detail = expected.error?.detail ?? ""
      #expect(
        error != nil && detail.contains(error?.message ?? "-"), "\(place): \(error?.summary ?? "no error")")
    case "structure":
      #expect(masked(shown) == masked(seedText(expected.output)), "\(place)\n\(shown)")
      expectSameError(error, expected.error, place)
    default:
      #expect(shown == seedText(expected.output), "\(place)")
      expectSameError(error, expected.error, place)
    }
  }
  for check in notebook.checks {
    count += 1
    let value = try interpreter.run("bool(\(check.expression))", cell: count)
    #expect(value.map(interpreter.repr) == "True", "\(file): \(check.expression)")
    #expect(check.keras, "Keras itself fails \(check.expression)")
  }
}

/// The same error as Python's, at the same line and column, or no error when Python had none.
func expectSameError(_ error: ScriptError?, _ expected: SeedFixture.ExpectedError?, _ place: String) {
  #expect(error?.summary == expected?.summary, "\(place)")
  guard let expected, let error else { return }
  #expect(error.range?.start.line == expected.line, "\(place): \(error.summary)")
  if let column = expected.column {
    #expect(error.range?.start.column == column, "\(place): \(error.summary)")
  }
}

/// Output lines without trailing blanks, and without dnnlab's one-line notice that the
/// MNIST sample stands in for the full set (Keras, given the sample, prints nothing).
func seedText(_ text: String) -> String {
  text.split(separator: "\n", omittingEmptySubsequences: false)
    .filter { !$0.hasPrefix("Using the 5,000-image MNIST sample") }
    .map { line in String(line.reversed().drop { $0 == " " }.reversed()) }
    .joined(separator: "\n")
}

/// Output with what training and timing change masked: durations become `T`, addresses
/// `0x#`, numbers `#` (except the counters in `Epoch 3/20` and `125/125`), and every run of
/// whitespace one space, since NumPy wraps arrays by the width of their numbers.
func masked(_ text: String) -> String {
  var s = text
  for (pattern, replacement) in [
    (#"\b\d+(\.\d+)?(s|ms|us|µs)(/step)?\b"#, "T"),
    (#"0x[0-9a-fA-F]+"#, "0x#"),
    (#"(?<![\w./])[-+]?(\d+\.\d*|\.\d+|\d+)([eE][-+]?\d+)?(?![\w/])"#, "#"),
    (#"\s+"#, " "),
  ] {
    s = s.replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
  }
  return s.trimmingCharacters(in: .whitespaces)
}

/// A seed file's blocks as gen_seed_cells.py finds them: the cells of a notebook export
/// (text after each `In [n]:` line), else the slides' fenced blocks.
func seedBlocks(_ text: String) throws -> [String] {
  let prompt = try NSRegularExpression(pattern: #"^In \[[^\]\n]*\]:\n"#, options: .anchorsMatchLines)
  let whole = NSRange(text.startIndex..., in: text)
  let prompts = prompt.matches(in: text, range: whole)
  if !prompts.isEmpty {
    return prompts.indices.map { k in
      let start = prompts[k].range.upperBound
      let end = k + 1 < prompts.count ? prompts[k + 1].range.location : whole.upperBound
      return (text as NSString).substring(with: NSRange(location: start, length: end - start))
    }
  }
  let fence = try NSRegularExpression(
    pattern: "^```[^\\n]*\\n(.*?)^```", options: [.anchorsMatchLines, .dotMatchesLineSeparators])
  return fence.matches(in: text, range: whole).map { (text as NSString).substring(with: $0.range(at: 1)) }
}
