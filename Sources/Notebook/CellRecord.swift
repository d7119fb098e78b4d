import Script

/// One output of a code cell, in the order Jupyter shows them.
public enum CellOutput: Equatable, Sendable {
  /// Text the cell printed, cleaned of progress-bar redraws (see `TerminalText`).
  case stream(String)
  /// The cell's value, as `repr` shows it (`Out[n]`).
  case result(String)
  /// The error that stopped the cell: Python's exception name, its message, and the
  /// rendered traceback text (without the banner).
  case error(name: String, message: String, traceback: String)
}

/// A cell as it goes into a transcript: its source, and for code cells the execution
/// count and outputs (a code cell that was skipped has neither).
public struct CellRecord: Equatable, Sendable {
  public var kind: NotebookCell.Kind
  public var source: String
  /// `In [n]`; nil for markdown cells and code cells that were not run.
  public var executionCount: Int?
  public var outputs: [CellOutput]

  public init(kind: NotebookCell.Kind, source: String, executionCount: Int? = nil, outputs: [CellOutput] = []) {
    self.kind = kind
    self.source = source
    self.executionCount = executionCount
    self.outputs = outputs
  }

  public static func markdown(_ source: String) -> CellRecord { CellRecord(kind: .markdown, source: source) }
}

/// What running one code cell produced.
public struct CellResult: Sendable {
  /// The `In [n]` number the cell ran as.
  public var executionCount: Int
  /// Everything the cell printed, as written (progress-bar control characters included).
  public var printed: String
  /// `repr` of the cell's value, or nil when there is nothing to show.
  public var resultText: String?
  /// The error that stopped the cell, if any.
  public var error: ScriptError?
  /// Wall-clock seconds the cell took.
  public var seconds: Double

  public var succeeded: Bool { error == nil }

  public init(executionCount: Int, printed: String, resultText: String?, error: ScriptError?, seconds: Double) {
    self.executionCount = executionCount
    self.printed = printed
    self.resultText = resultText
    self.error = error
    self.seconds = seconds
  }

  /// The outputs as a transcript stores them.
  public var outputs: [CellOutput] {
    var outputs: [CellOutput] = []
    let cleaned = TerminalText.clean(printed)
    if !cleaned.isEmpty { outputs.append(.stream(cleaned)) }
    if let resultText { outputs.append(.result(resultText)) }
    if let error {
      outputs.append(.error(name: error.kind.name, message: error.message, traceback: error.rendered()))
    }
    return outputs
  }

  /// The 1-based line of the cell where the error happened: the outermost call site in
  /// this cell when the error came from inside a function, else the error's own line.
  public var errorLine: Int? {
    guard let error else { return nil }
    if let outermost = error.callers.last { return outermost.range.start.line }
    return error.range?.start.line
  }
}
