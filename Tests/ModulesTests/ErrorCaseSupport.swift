import Modules
import Script
import Testing

/// A program using the built-in modules that must fail: the last line of its traceback
/// (`Kind: message`), where the culprit starts, and optionally words the hint must contain.
struct BadInput: CustomTestStringConvertible, Sendable {
  let source: String
  let message: String
  let line: Int
  let column: Int
  let hint: String?

  init(_ source: String, _ message: String, line: Int, column: Int, hint: String? = nil) {
    self.source = source
    self.message = message
    self.line = line
    self.column = column
    self.hint = hint
  }

  var testDescription: String { source.debugDescription }
}

/// Runs `bad.source` as one cell of a fresh Keras session and checks the error.
func expectFailure(_ bad: BadInput, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
  let (interpreter, _) = kerasSession()
  do {
    _ = try interpreter.run(bad.source, cell: 1)
    Issue.record("no error from \(bad.source.debugDescription)", sourceLocation: sourceLocation)
  } catch {
    #expect(error.summary == bad.message, sourceLocation: sourceLocation)
    #expect(error.range?.start.line == bad.line, "line of \(error.summary)", sourceLocation: sourceLocation)
    #expect(
      error.range?.start.column == bad.column, "column of \(error.summary)", sourceLocation: sourceLocation)
    if let hint = bad.hint {
      #expect(
        error.hint?.contains(hint) == true, "hint: \(error.hint ?? "none")", sourceLocation: sourceLocation)
    }
  }
}
