import Foundation

/// `dnnlab step NOTEBOOK`: walk through a lesson one code cell at a time.
///
/// Markdown cells are shown as they are passed; at each code cell its source is shown and
/// the user chooses: Enter runs it, `s` skips it, `b` goes back to the previous code cell
/// (without re-running it: Enter does that), `r` runs the rest (stopping at an error),
/// `i` opens the REPL on the notebook's variables (`%continue` or Ctrl-D comes back),
/// `q` (or Ctrl-D) quits. At the end it offers to save a transcript unless one was kept
/// all along.
public final class StepMode {
  public let player: NotebookPlayer
  public let reader: LineReader
  /// Makes the REPL for `i` (the executable supplies history and banner); by default a
  /// plain REPL over the same runner and reader.
  public var makeREPL: (StepMode) -> REPL

  private var console: Console { player.console }

  public init(player: NotebookPlayer, reader: LineReader) {
    self.player = player
    self.reader = reader
    self.makeREPL = { step in REPL(runner: step.player.runner, reader: step.reader, console: step.player.console) }
  }

  /// The choice prompt shown at each code cell.
  public static let choicePrompt = "[Enter] run  s skip  b back  r rest  i REPL  q quit > "

  /// Steps through the notebook; returns the exit status (0, or 1 if a cell failed).
  @discardableResult
  public func run() -> Int32 {
    let cells = player.document.cells
    let codeCount = cells.filter { $0.kind == .code && !$0.isBlank }.count
    console.out(
      console.style.heading(
        "Stepping through \(player.document.path): \(cells.count) cell\(cells.count == 1 ? "" : "s"), "
          + "\(codeCount) to run") + "\n")
    var index = 0
    var shownMarkdown = Set<Int>()
    loop: while index < cells.count {
      let cell = cells[index]
      if cell.kind == .markdown || cell.isBlank {
        if cell.kind == .markdown && !shownMarkdown.contains(index) {
          player.showMarkdown(at: index)
          shownMarkdown.insert(index)
        }
        index += 1
        continue
      }
      showCode(cell, index: index)
      switch reader.readLine(prompt: console.style.dim(StepMode.choicePrompt)) {
      case .endOfInput:
        console.out("\n")
        break loop
      case .interrupt:
        console.out("\n")
      case .line(let answer):
        switch answer.trimmingCharacters(in: .whitespaces).lowercased() {
        case "":
          player.runCode(at: index)
          index += 1
        case "s":
          index += 1
        case "b":
          if let previous = cells[..<index].lastIndex(where: { $0.kind == .code && !$0.isBlank }) {
            index = previous
          } else {
            console.out("(this is the first code cell)\n")
          }
        case "r":
          let next = player.play(from: index, allowErrors: false)
          // `play` stops after a failing cell: step on from there.
          for k in cells.indices where k >= index && k < next && cells[k].kind == .markdown { shownMarkdown.insert(k) }
          index = max(next, index + 1)
        case "i":
          if openREPL() == .exited { break loop }
        case "q":
          break loop
        default:
          console.out("Enter runs the cell; s skips it, b goes back, r runs the rest, i opens the REPL, q quits.\n")
        }
      }
    }
    offerTranscript()
    return player.errorCount > 0 ? RunCommand.Status.cellFailed : RunCommand.Status.success
  }

  /// The code cell as IPython would show it typed: `In [ ]:` then `...:` lines.
  func showCode(_ cell: NotebookCell, index: Int) {
    let number = player.codeCellNumber(at: index)
    var text = "\n" + console.style.dim("cell \(number)" + (cell.title.map { ": \($0)" } ?? "")) + "\n"
    for (k, line) in cell.source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      text += (k == 0 ? "In [ ]: " : "   ...: ") + line + "\n"
    }
    console.out(text)
  }

  /// `i`: the REPL over the notebook's variables until `%continue`, Ctrl-D or `exit`.
  func openREPL() -> REPL.Outcome {
    console.out(console.style.dim("REPL on the notebook's variables; %continue (or Ctrl-D) returns to the notebook.") + "\n")
    let repl = makeREPL(self)
    repl.isEmbedded = true
    let outcome = repl.run()
    // The REPL replaced the runner's echo; the player needs its own back.
    player.reattachEcho()
    return outcome
  }

  /// Offers to save everything shown as a transcript, unless one was kept all along.
  func offerTranscript() {
    if let transcript = player.transcript {
      console.out(console.style.dim("Transcript: \(transcript.path)") + "\n")
      return
    }
    guard player.records.contains(where: { $0.executionCount != nil }) else { return }
    let answer = reader.readLine(prompt: "Save a transcript? File name (.md or .ipynb), or Enter to skip: ")
    guard case .line(let name) = answer else { return }
    var path = NSString(string: name.trimmingCharacters(in: .whitespaces)).expandingTildeInPath
    guard !path.isEmpty else { return }
    if URL(fileURLWithPath: path).pathExtension.isEmpty { path += ".md" }
    do {
      let writer = TranscriptWriter(path: path, title: nil)
      try writer.replace(with: player.records)
      console.out("Saved \(path)\n")
    } catch {
      console.err(console.style.error("dnnlab: \(error)") + "\n")
    }
  }
}
