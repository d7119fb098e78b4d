import Foundation
import Modules
import Script
import Tensors
import TestSupport
import Testing

// Replays Fixtures/numpy_session.txt through the interpreter with the numpy module and
// compares the text with what Python + NumPy 2.4 showed for the same cells
// (scripts/fixtures/gen_numpy_session.py): printed output, the final expression's repr,
// or `Kind: message` for an error.

struct SessionCell: Sendable, CustomTestStringConvertible {
  let source: String
  let expected: String
  var testDescription: String { source.split(separator: "\n").last.map(String.init) ?? source }
}

enum SessionFixtures {
  /// The cells of every `Fixtures/numpy_*.expected.json`, file by file in name order.
  static let cells: [SessionCell] = {
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
      .filter { $0.hasPrefix("numpy_") && $0.hasSuffix(".expected.json") }.sorted()
    return names.flatMap { load($0) }
  }()

  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
    "Fixtures")

  /// The cells of `Fixtures/<name>` (a list of `{"source", "output"}` written by a
  /// `scripts/fixtures/gen_*_session.py`), or none when it cannot be read.
  static func load(_ name: String) -> [SessionCell] {
    guard let data = try? Data(contentsOf: directory.appendingPathComponent(name)),
      let root = try? FixtureJSON.parse(data), let items = root.array
    else { return [] }
    return items.compactMap { item in
      guard let s = item["source"]?.string, let o = item["output"]?.string else { return nil }
      return SessionCell(source: s, expected: o)
    }
  }
}

/// Runs `source` in a fresh interpreter with `np` imported; returns what a notebook shows.
func runCell(_ source: String) -> String {
  // Cells that seed np.random or change print options must not reach tests running alongside.
  Tensor.withOwnProcessState { runCellSharingPrintOptions(source) }
}

private func runCellSharingPrintOptions(_ source: String) -> String {
  var text = ""
  let interpreter = Interpreter(output: { text += $0 })
  Modules.install(in: interpreter)
  do {
    _ = try interpreter.run("import numpy as np", cell: 0)
    if let value = try interpreter.run(source, cell: 1) { text += interpreter.repr(value) + "\n" }
  } catch {
    text += error.summary + "\n"
  }
  return text
}

@Test(arguments: SessionFixtures.cells)
func cellMatchesNumPy(_ cell: SessionCell) {
  // The fixture holds str(exception), without the "Did you mean" suggestion Python's
  // traceback display adds (and dnnlab's message includes).
  let got = runCell(cell.source).replacingOccurrences(
    of: #"\. Did you mean:? '[^']*'\?"#, with: "", options: .regularExpression)
  #expect(got == cell.expected, "\n--- dnnlab\n\(got)--- NumPy\n\(cell.expected)")
}

@Test func sessionFixtureIsLoaded() {
  #expect(SessionFixtures.cells.count >= 60)
}
