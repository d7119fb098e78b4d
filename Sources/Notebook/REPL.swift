import Foundation
import Script

/// The interactive loop: IPython's `In [n]:` / `...:` / `Out[n]:` conventions on top of a
/// `CellRunner`, reading through a `LineReader`.
///
/// - A cell continues (`...:`) while brackets, triple quotes or an indented block are
///   open (`inputIsComplete`); a blank line ends a block.
/// - Ctrl-C at a prompt discards the cell; during a run the executable turns it into
///   `requestInterrupt()`, the cell ends with `KeyboardInterrupt` and the session goes on.
/// - Ctrl-D (or `exit`, `quit`, `%exit`) leaves. In step mode's embedded REPL, Ctrl-D and
///   `%continue` go back to stepping.
/// - Lines starting with `%` are magics (see `Magics.swift`); `obj?` shows help.
///
/// Every cell goes to the reader's history (one entry per cell), to the history file, and
/// to the session record that `%save` and the transcript use.
public final class REPL {
  public enum Outcome: Equatable, Sendable {
    /// The user left (Ctrl-D, `exit`).
    case exited
    /// `%continue` (or Ctrl-D) in step mode: go back to the notebook.
    case continueStepping
  }

  public let runner: CellRunner
  public let reader: LineReader
  public var console: Console
  /// Where cells are appended as they are entered (nil: no persistent history).
  public let historyFile: HistoryFile?
  /// A transcript kept up to date after every cell (`dnnlab --transcript FILE`).
  public var transcript: TranscriptWriter?
  /// Whether this REPL was opened from step mode (enables `%continue`).
  public var isEmbedded = false
  /// Printed before the first prompt.
  public var banner: String?
  /// The session so far: every cell with its outputs (what `%save` writes).
  public private(set) var records: [CellRecord] = []
  /// Every input of this session, in order (what `%history` lists).
  public private(set) var inputs: [String] = []

  let completer: Completer
  private var lastOutputEndedWithNewline = true
  var pendingOutcome: Outcome?

  public init(
    runner: CellRunner, reader: LineReader, console: Console, historyFile: HistoryFile? = nil,
    transcript: TranscriptWriter? = nil
  ) {
    self.runner = runner
    self.reader = reader
    self.console = console
    self.historyFile = historyFile
    self.transcript = transcript
    self.completer = Completer(interpreter: runner.interpreter, magicNames: Magics.names)
    reader.completer = completer
  }

  /// Runs the loop until the user leaves.
  @discardableResult
  public func run() -> Outcome {
    installEcho()
    if let banner { console.out(banner + "\n") }
    var first = true
    while true {
      if !first { console.out("\n") }
      first = false
      guard let cell = readCell() else {
        console.out("\n")
        return isEmbedded ? .continueStepping : .exited
      }
      if cell.isEmpty {
        first = true  // no blank line between empty prompts, as IPython
        continue
      }
      if let outcome = handle(cell) { return outcome }
    }
  }

  func installEcho() {
    let out = console.out
    runner.echo = { [weak self] text in
      out(text)
      if !text.isEmpty { self?.lastOutputEndedWithNewline = text.hasSuffix("\n") }
    }
  }

  /// Reads one cell: the first line at `In [n]:`, more at `...:` while it is incomplete.
  /// Returns nil at end of input, "" when the cell was cancelled or blank.
  func readCell() -> String? {
    let count = runner.executionCount + 1
    var lines: [String] = []
    var initial = pendingInitialText
    pendingInitialText = nil
    while true {
      let prompt = lines.isEmpty ? console.style.inPrompt(count) : console.style.continuationPrompt(count)
      switch reader.readLine(prompt: prompt, initialText: initial) {
      case .endOfInput:
        // Ctrl-D inside a cell runs what was typed, like the end of a piped file.
        if lines.isEmpty { return nil }
        return lines.joined(separator: "\n").trimmingTrailingBlankLines
      case .interrupt:
        return ""
      case .line(let line):
        lines.append(line)
      }
      let text = lines.joined(separator: "\n")
      // A recalled multi-line history entry (or %load text) arrives whole: it is complete
      // when its block would be closed by one more blank line.
      if lines.count == 1, text.contains("\n"), inputIsComplete(text + "\n") {
        return text.trimmingTrailingBlankLines
      }
      initial = AutoIndent.indentation(after: lines)
      if text.allSatisfy(\.isWhitespace) { return "" }
      // Magics and help requests are one line (a `%%` cell magic takes a body).
      let trimmed = text.trimmingCharacters(in: .whitespaces)
      if lines.count == 1, trimmed.hasPrefix("%"), !trimmed.hasPrefix("%%") { return trimmed }
      if lines.count == 1, HelpRequest.parse(trimmed) != nil { return trimmed }
      if trimmed.hasPrefix("%%") {
        if lines.count > 1 && line(lines.last, isBlank: true) { return text.trimmingTrailingBlankLines }
        continue
      }
      if inputIsComplete(text) { return text.trimmingTrailingBlankLines }
    }
  }

  var pendingInitialText: String?

  private func line(_ line: String?, isBlank: Bool) -> Bool {
    (line ?? "").allSatisfy(\.isWhitespace) == isBlank
  }

  /// Runs one cell of input (code, a magic or a help request) as the REPL would. Returns
  /// an outcome when the cell asks to leave.
  @discardableResult
  public func handle(_ cell: String) -> Outcome? {
    inputs.append(cell)
    reader.addHistory(cell)
    historyFile?.append(cell)
    let trimmed = cell.trimmingCharacters(in: .whitespaces)
    if ["exit", "quit", "exit()", "quit()"].contains(trimmed) {
      return .exited
    }
    if let request = HelpRequest.parse(trimmed) {
      _ = runner.skipNumber()
      console.out(Help.text(for: request.name, detailed: request.detailed, interpreter: runner.interpreter) + "\n")
      return nil
    }
    if trimmed.hasPrefix("%") {
      pendingOutcome = nil
      Magics.run(trimmed, repl: self)
      if let outcome = pendingOutcome {
        pendingOutcome = nil
        return outcome
      }
      return nil
    }
    runCode(cell)
    return nil
  }

  /// Runs `source` as the next numbered cell, showing output, `Out[n]` or the error, and
  /// records it.
  @discardableResult
  func runCode(_ source: String, recordAs recorded: String? = nil) -> CellResult {
    lastOutputEndedWithNewline = true
    let result = runner.run(source)
    show(result)
    record(CellRecord(kind: .code, source: recorded ?? source, executionCount: result.executionCount, outputs: result.outputs))
    return result
  }

  /// Prints a cell's value or error after its streamed output.
  func show(_ result: CellResult) {
    if !lastOutputEndedWithNewline {
      console.out("\n")
      lastOutputEndedWithNewline = true
    }
    if let text = result.resultText {
      console.out(console.style.outPrompt(result.executionCount) + (text.contains("\n") ? "\n" : " ") + text + "\n")
    }
    if let error = result.error { showError(error) }
  }

  /// An error as IPython shows it: the traceback text, the `Kind: message` line in red.
  func showError(_ error: ScriptError) {
    // The terminal has echoed ^C on the current line: start the traceback on a fresh one.
    if error.kind == .keyboardInterrupt { console.err("\n") }
    let summary = error.summary
    let lines = error.rendered().split(separator: "\n", omittingEmptySubsequences: false).map { line in
      line == summary ? console.style.error(String(line)) : String(line)
    }
    console.err(lines.joined(separator: "\n") + "\n")
  }

  /// Adds a cell to the session record (and the live transcript).
  func record(_ record: CellRecord) {
    records.append(record)
    guard let transcript else { return }
    do {
      try transcript.append(record)
    } catch {
      console.err("dnnlab: \(error)\n")
    }
  }
}

extension String {
  var trimmingTrailingBlankLines: String {
    var lines = split(separator: "\n", omittingEmptySubsequences: false)
    while let last = lines.last, last.allSatisfy(\.isWhitespace) { lines.removeLast() }
    return lines.joined(separator: "\n")
  }
}
