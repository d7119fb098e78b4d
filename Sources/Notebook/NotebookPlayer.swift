import Script

/// Plays a notebook's cells one at a time through a `CellRunner`: shows markdown cells
/// under a rule, runs code cells with their output shown as it is produced, announces
/// errors with a banner, applies `-p` parameters and keeps the transcript current.
/// `dnnlab run` drives it straight through; step mode drives it cell by cell.
public final class NotebookPlayer {
  public let document: NotebookDocument
  public let runner: CellRunner
  public var console: Console
  /// Whether markdown cells are shown (off with `--code-only`).
  public var showsMarkdown: Bool
  /// The transcript being kept, if any; it starts as the whole notebook unrun, and each
  /// cell's record is replaced as it runs.
  public let transcript: TranscriptWriter?
  /// `-p NAME VALUE` parameters, applied before the first cell and again right after a
  /// cell tagged `parameters` (papermill's rule, so `-p` overrides the notebook's defaults).
  public let parameters: [(name: String, value: Value)]
  /// Every cell as it stands: unrun until played, then with its outputs (what a
  /// transcript saved now would contain).
  public private(set) var records: [CellRecord]
  /// Code cells that ended in an error so far.
  public private(set) var errorCount = 0
  /// Whether anything has been written to `console.out` (for spacing).
  private var wroteOutput = false
  private var printedEndsWithNewline = true
  private var parametersApplied = false
  private var warnedParameters: Set<String> = []

  public init(
    document: NotebookDocument, runner: CellRunner, console: Console, showsMarkdown: Bool = true,
    transcript: TranscriptWriter? = nil, parameters: [(name: String, value: Value)] = []
  ) {
    self.document = document
    self.runner = runner
    self.console = console
    self.showsMarkdown = showsMarkdown
    self.transcript = transcript
    self.parameters = parameters
    self.records = document.cells.map { CellRecord(kind: $0.kind, source: $0.source) }
    reattachEcho()
  }

  /// Routes the runner's live output through this player again (after a REPL used it).
  public func reattachEcho() {
    let out = console.out
    runner.echo = { [weak self] text in
      out(text)
      if !text.isEmpty {
        self?.wroteOutput = true
        self?.printedEndsWithNewline = text.hasSuffix("\n")
      }
    }
  }

  /// Writes the unrun notebook as the initial transcript, so that it exists (and lists
  /// every cell) from the start.
  public func startTranscript() throws(AtomicFile.WriteError) {
    guard let transcript else { return }
    try transcript.replace(with: records)
  }

  /// The code-cell number (1-based among code cells) of the cell at `index`.
  public func codeCellNumber(at index: Int) -> Int {
    document.cells.prefix(index + 1).filter { $0.kind == .code }.count
  }

  /// Shows the markdown cell at `index` (if markdown is shown).
  public func showMarkdown(at index: Int) {
    guard index >= 0, index < document.cells.count, showsMarkdown else { return }
    let cell = document.cells[index]
    var text = ""
    if !printedEndsWithNewline { text += "\n" }
    if wroteOutput { text += "\n" }
    text += console.style.dim(Rule.line()) + "\n"
    if !cell.source.isEmpty { text += console.style.bold(cell.source) + "\n" }
    text += "\n"
    write(text)
  }

  /// Runs the code cell at `index`, showing its output, `Out[n]` and any error. Blank
  /// cells are not run (like Jupyter, they get no number) and return nil.
  @discardableResult
  public func runCode(at index: Int) -> CellResult? {
    guard index >= 0, index < document.cells.count else { return nil }
    let cell = document.cells[index]
    guard cell.kind == .code, !cell.isBlank else { return nil }
    applyParametersIfFirst()
    let result = runner.run(cell.source)
    if let text = result.resultText {
      write(separatorIfNeeded() + console.style.outPrompt(result.executionCount) + (text.contains("\n") ? "\n" : " ") + text + "\n")
    }
    if let error = result.error {
      errorCount += 1
      var text = separatorIfNeeded()
      let banner = ErrorBanner.text(
        cell: codeCellNumber(at: index), executionCount: result.executionCount, line: result.errorLine)
      text += console.style.error(banner) + "\n" + error.rendered() + "\n"
      printedEndsWithNewline = true
      wroteOutput = true
      console.err(text)
    }
    if cell.tags.contains("parameters") { applyParameters(announce: false) }
    noteOverriddenParameters(cellNumber: codeCellNumber(at: index))
    record(index, CellRecord(kind: .code, source: cell.source, executionCount: result.executionCount, outputs: result.outputs))
    return result
  }

  /// Stores the transcript record of the cell at `index`; a failed write is reported, not fatal.
  func record(_ index: Int, _ record: CellRecord) {
    if index >= 0 && index < records.count { records[index] = record }
    guard let transcript else { return }
    do {
      try transcript.update(at: index, with: record)
    } catch {
      console.err("dnnlab: \(error)\n")
    }
  }

  /// Sets the parameters as globals.
  public func applyParameters(announce: Bool) {
    for (name, value) in parameters { runner.setVariable(name, value) }
    parametersApplied = true
  }

  private func applyParametersIfFirst() {
    if !parametersApplied { applyParameters(announce: false) }
  }

  /// Tells the user once per parameter when a cell reassigned it, since a notebook that
  /// sets `epochs = 5` in an untagged cell silently undoes `-p epochs 1`.
  private func noteOverriddenParameters(cellNumber: Int) {
    for (name, value) in parameters where !warnedParameters.contains(name) {
      guard let current = runner.interpreter.global(name) else { continue }
      let want = runner.interpreter.repr(value)
      let now = runner.interpreter.repr(current)
      if want != now {
        warnedParameters.insert(name)
        console.err(
          console.style.dim(
            "note: cell \(cellNumber) set \(name) = \(now), overriding -p \(name) \(want); tag the cell that "
              + "defines it with \"parameters\" (# %% tags=[\"parameters\"]) so -p applies after it") + "\n")
      }
    }
  }

  private func separatorIfNeeded() -> String {
    printedEndsWithNewline ? "" : "\n"
  }

  private func write(_ text: String) {
    console.out(text)
    wroteOutput = true
    printedEndsWithNewline = text.hasSuffix("\n") || text.isEmpty
  }

  /// Runs every cell from `start` in order. Stops after the first error unless
  /// `allowErrors`; returns the index of the first cell not played (the count when done).
  public func play(from start: Int = 0, allowErrors: Bool) -> Int {
    var index = max(0, start)
    while index < document.cells.count {
      let cell = document.cells[index]
      if cell.kind == .markdown {
        showMarkdown(at: index)
      } else if let result = runCode(at: index), let error = result.error {
        // Ctrl-C always stops: going on would run cells the user just asked not to run.
        if !allowErrors || error.kind == .keyboardInterrupt { return index + 1 }
      }
      index += 1
    }
    return index
  }
}
