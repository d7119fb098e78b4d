import Script
import Testing

/// Runs cells in a fresh interpreter and captures printed output.
final class Session {
  let interpreter: Interpreter
  var printed = ""
  var cell = 0

  init() {
    let box = OutputBox()
    interpreter = Interpreter(output: { box.text += $0 })
    self.box = box
  }
  private let box: OutputBox

  /// Runs a cell; returns repr of its display value ("" when none).
  @discardableResult
  func run(_ source: String) throws -> String {
    cell += 1
    let value = try interpreter.run(source, cell: cell)
    return value.map { interpreter.repr($0) } ?? ""
  }

  /// Output printed so far (and clears it).
  func output() -> String {
    defer { box.text = "" }
    return box.text
  }

  /// Runs `source` expecting an error; returns it.
  func error(_ source: String) -> ScriptError? {
    cell += 1
    do {
      _ = try interpreter.run(source, cell: cell)
      return nil
    } catch {
      return error
    }
  }
}

final class OutputBox: @unchecked Sendable {
  var text = ""
}

/// repr of evaluating `source` as a cell in a fresh session.
func eval(_ source: String) throws -> String {
  try Session().run(source)
}

/// `Kind: message` of the error `source` raises, or "no error".
func errorSummary(_ source: String) -> String {
  Session().error(source)?.summary ?? "no error"
}

/// Printed output of running `source`.
func printed(_ source: String) throws -> String {
  let s = Session()
  try s.run(source)
  return s.output()
}

/// A program that must fail: the last line of its traceback (`Kind: message`, as CPython
/// prints it) and where the culprit starts (1-based line and column).
struct BadInput: CustomTestStringConvertible, Sendable {
  let source: String
  let message: String
  let line: Int
  let column: Int

  init(_ source: String, _ message: String, line: Int, column: Int) {
    self.source = source
    self.message = message
    self.line = line
    self.column = column
  }

  var testDescription: String { source.debugDescription }
}

/// Runs `bad.source` as a cell in a fresh session and checks the error's message and place.
func expectFailure(_ bad: BadInput, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
  guard let error = Session().error(bad.source) else {
    Issue.record("no error from \(bad.source.debugDescription)", sourceLocation: sourceLocation)
    return
  }
  #expect(error.summary == bad.message, sourceLocation: sourceLocation)
  #expect(error.range?.start.line == bad.line, "line of \(error.summary)", sourceLocation: sourceLocation)
  #expect(error.range?.start.column == bad.column, "column of \(error.summary)", sourceLocation: sourceLocation)
}
