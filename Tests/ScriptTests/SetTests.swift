import Foundation
import Script
import TestSupport
import Testing

// Replays Fixtures/sets.txt and set_orders.txt and compares each cell with what CPython 3.11 showed for it
// (Fixtures/sets.expected.json, written by scripts/fixtures/gen_script_session.py): set
// order for ints, floats, bools and tuples, operators, methods, reprs and error messages.

struct ScriptFixtureCell: Sendable, CustomTestStringConvertible {
  let source: String
  let expected: String
  var testDescription: String { source.split(separator: "\n").last.map(String.init) ?? source }

  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
    "Fixtures")

  /// The cells of `Fixtures/<name>` (a list of `{"source", "output"}`), or none when it
  /// cannot be read.
  static func load(_ name: String) -> [ScriptFixtureCell] {
    guard let data = try? Data(contentsOf: directory.appendingPathComponent(name)),
      let root = try? FixtureJSON.parse(data), let items = root.array
    else { return [] }
    return items.compactMap { item in
      guard let s = item["source"]?.string, let o = item["output"]?.string else { return nil }
      return ScriptFixtureCell(source: s, expected: o)
    }
  }

  static let sets = load("sets.expected.json")
  /// Random sequences of adds, discards, pops and operators, printing the order each time.
  static let orders = load("set_orders.expected.json")
}

/// What a notebook shows for `source` run in a fresh interpreter: printed text, then the
/// repr of the final expression, or `Kind: message` (without "Did you mean" suggestions,
/// which Python's exception text does not hold).
func notebookText(_ source: String) -> String {
  var text = ""
  let interpreter = Interpreter(output: { text += $0 })
  do {
    if let value = try interpreter.run(source, cell: 1) { text += interpreter.repr(value) + "\n" }
  } catch {
    text += error.summary + "\n"
  }
  return text.replacingOccurrences(of: #"\. Did you mean:? '[^']*'\?"#, with: "", options: .regularExpression)
}

@Suite struct SetTests {
  @Test(arguments: ScriptFixtureCell.sets)
  func cellMatchesPython(_ cell: ScriptFixtureCell) {
    let got = notebookText(cell.source)
    #expect(got == cell.expected, "\n--- dnnlab\n\(got)--- Python\n\(cell.expected)")
  }

  @Test(arguments: ScriptFixtureCell.orders)
  func orderMatchesPython(_ cell: ScriptFixtureCell) {
    let got = notebookText(cell.source)
    #expect(got == cell.expected, "\n--- dnnlab\n\(got)--- Python\n\(cell.expected)")
  }

  @Test func fixturesAreLoaded() {
    #expect(ScriptFixtureCell.sets.count >= 100)
    #expect(ScriptFixtureCell.orders.count == 40)
  }

  /// CPython randomizes string hashes per process, so any order is Python-like; dnnlab's
  /// is the same in every session.
  @Test func stringSetsHaveAStableOrder() throws {
    let source = "s = {'cat', 'dog', 'emu', 'ant', 'bee', 'fox', 'gnu'}\ns"
    let first = try eval(source)
    #expect(try eval(source) == first)
    #expect(
      try eval("sorted(\(source.split(separator: "\n")[0].dropFirst(4)))")
        == "['ant', 'bee', 'cat', 'dog', 'emu', 'fox', 'gnu']")
    #expect(try eval("{'a', 1, (2, 'b')} == {(2, 'b'), 'a', 1.0}") == "True")
  }

  @Test func setsAreReferences() throws {
    #expect(try eval("a = {1}\nb = a\nb.add(2)\na") == "{1, 2}")
    #expect(try eval("a = {1}\nb = a.copy()\nb.add(2)\na") == "{1}")
    #expect(try eval("a = {1}\na is a.copy(), a == a.copy()") == "(False, True)")
  }

  @Test func syntax() throws {
    #expect(try eval("{1,}") == "{1}")
    #expect(try eval("{(1, 2)}") == "{(1, 2)}")
    #expect(try eval("{}") == "{}")
    #expect(try eval("{1: 2}") == "{1: 2}")
    #expect(try eval("{\n  1,\n  2,\n}") == "{1, 2}")
    #expect(errorSummary("{1, 2} = 3").hasPrefix("SyntaxError"))
    #expect(errorSummary("{*a for a in [[1]]}").hasPrefix("SyntaxError"))
    #expect(errorSummary("{*a: 1}").hasPrefix("SyntaxError"))
    #expect(errorSummary("{1, 2: 3}").hasPrefix("SyntaxError"))
  }

  @Test func errorsPointAtTheDisplay() {
    expectFailure(BadInput("x = 1\ny = {x, [2]}", "TypeError: unhashable type: 'list'", line: 2, column: 5))
    expectFailure(BadInput("s = {1}\ns.remove(5)", "KeyError: 5", line: 2, column: 1))
  }

  @Test func completionNamesMatchTheType() {
    let interpreter = Interpreter(output: { _ in })
    let set = interpreter.attributeNames(of: try! interpreter.run("{1}", cell: 1)!)
    let frozen = interpreter.attributeNames(of: try! interpreter.run("frozenset()", cell: 2)!)
    #expect(set.contains("add") && set.contains("symmetric_difference_update") && set.contains("union"))
    #expect(!frozen.contains("add") && frozen.contains("union") && frozen.contains("issubset"))
  }

  @Test func hugeSetsAreRefusedNotBuilt() {
    #expect(errorSummary("set(range(10**12))").hasPrefix("MemoryError"))
  }
}
