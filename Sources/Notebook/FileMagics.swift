import Foundation
import Script

/// The magics that read or write files: `%save`, `%run`, `%load`, and `%reset`.
extension Magics {
  /// `%save FILE [RANGES]`: the session so far, or the inputs IPython-style ranges pick
  /// (`3`, `2-4` inclusive, `2:5` end exclusive). `.ipynb` → notebook with outputs, `.py` →
  /// percent script of the inputs, anything else → Markdown transcript (`.md` added when
  /// the name has no extension). IPython's `-r`/`-f` flags are accepted. Written atomically.
  static func save(_ argument: String, repl: REPL) {
    let console = repl.console
    let words = argument.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
      .filter { !["-r", "-f"].contains($0) }
    let usage =
      "UsageError: %save FILE [RANGES] — FILE.md (transcript), FILE.ipynb (notebook with outputs) or FILE.py; "
      + "RANGES like 3 5-7 8:10 pick inputs\n"
    guard let first = words.first else {
      console.err(usage)
      return
    }
    var path = NSString(string: first).expandingTildeInPath
    if URL(fileURLWithPath: path).pathExtension.isEmpty { path += ".md" }
    var records = repl.records
    if words.count > 1 {
      var wanted = Set<Int>()
      for word in words.dropFirst() {
        guard let range = inputRange(word) else {
          console.err("UsageError: '\(word)' is not an input number or range (3, 5-7, 8:10)\n")
          return
        }
        wanted.formUnion(range)
      }
      records = records.filter { $0.executionCount.map(wanted.contains) ?? false }
    }
    do {
      if path.lowercased().hasSuffix(".py") {
        let cells = records.map { NotebookCell(kind: .code, source: $0.source) }
        try AtomicFile.write(PercentFormat.text(for: cells), to: path)
      } else {
        let writer = TranscriptWriter(
          path: path, title: path.lowercased().hasSuffix(".ipynb") ? nil : "dnnlab session")
        try writer.replace(with: records)
      }
      console.out("Saved \(records.count) cell\(records.count == 1 ? "" : "s") to \(path)\n")
    } catch {
      console.err(console.style.error("dnnlab: \(error)") + "\n")
    }
  }

  /// IPython's input ranges: `N`, `N-M` (inclusive), `N:M` (M excluded).
  static func inputRange(_ word: String) -> ClosedRange<Int>? {
    if let n = Int(word), n >= 0 { return n...n }
    for (separator, inclusive) in [("-", true), (":", false)] {
      let parts = word.split(separator: Character(separator), omittingEmptySubsequences: false)
      guard parts.count == 2, let a = Int(parts[0]), let b = Int(parts[1]), a >= 0 else { continue }
      let end = inclusive ? b : b - 1
      return end >= a ? a...end : nil
    }
    return nil
  }

  /// `%run NOTEBOOK`: runs the notebook's code cells in this session's namespace, so its
  /// variables stay available (like IPython's `%run -i`). Printed output is shown; cell
  /// values are not (it is a script). Stops at the first error with a banner.
  static func runNotebook(_ argument: String, repl: REPL) {
    let console = repl.console
    let path = NSString(string: argument.trimmingCharacters(in: .whitespaces)).expandingTildeInPath
    guard !path.isEmpty else {
      console.err("UsageError: %run NOTEBOOK (a .py or .ipynb file)\n")
      return
    }
    let document: NotebookDocument
    do {
      document = try NotebookDocument.load(path: path)
    } catch {
      console.err(console.style.error("dnnlab: cannot read notebook \(error)") + "\n")
      return
    }
    let fileName = URL(fileURLWithPath: path).lastPathComponent
    for (k, cell) in document.codeCells.enumerated() where !cell.isBlank {
      let outcome = repl.runner.runUnnumbered(cell.source, fileName: "\(fileName) cell \(k + 1)")
      if !outcome.printed.isEmpty && !outcome.printed.hasSuffix("\n") { console.out("\n") }
      if let error = outcome.error {
        let line = error.callers.last?.range.start.line ?? error.range?.start.line
        console.err(
          console.style.error("Error in cell \(k + 1) of \(fileName)" + (line.map { ", line \($0)" } ?? ""))
            + "\n")
        repl.showError(error)
        return
      }
    }
  }

  /// `%load FILE [N]`: puts the file's code (or its N-th code cell) at the next prompt to
  /// edit and run, headed by `# %load FILE` as in IPython.
  static func load(_ argument: String, repl: REPL) {
    let console = repl.console
    var words = argument.split(separator: " ").map(String.init)
    var cellNumber: Int?
    if words.count >= 2, let n = Int(words[words.count - 1]) {
      cellNumber = n
      words.removeLast()
    }
    let path = NSString(string: words.joined(separator: " ")).expandingTildeInPath
    guard !path.isEmpty else {
      console.err("UsageError: %load FILE [N] (N: only the N-th code cell)\n")
      return
    }
    let document: NotebookDocument
    do {
      document = try NotebookDocument.load(path: path)
    } catch {
      console.err(console.style.error("dnnlab: cannot read \(error)") + "\n")
      return
    }
    let cells = document.codeCells
    let code: String
    if let cellNumber {
      guard cellNumber >= 1, cellNumber <= cells.count else {
        console.err(
          "%load: \(path) has \(cells.count) code cell\(cells.count == 1 ? "" : "s"); there is no cell \(cellNumber)\n"
        )
        return
      }
      code = cells[cellNumber - 1].source
    } else {
      code = cells.map(\.source).filter { !$0.allSatisfy(\.isWhitespace) }.joined(separator: "\n\n")
    }
    repl.pendingInitialText = "# %load \(argument)\n" + code
  }

  /// `%reset [-f]`: deletes every variable after asking (`-f`: without asking).
  static func reset(_ argument: String, repl: REPL) {
    let force = argument.split(separator: " ").contains("-f")
    if !force {
      let answer = repl.reader.readLine(
        prompt: "Once deleted, variables cannot be recovered. Proceed (y/[n])? ")
      guard case .line(let text) = answer,
        text.trimmingCharacters(in: .whitespaces).lowercased().hasPrefix("y")
      else {
        repl.console.out("Nothing done.\n")
        return
      }
    }
    repl.runner.interpreter.resetGlobals()
  }
}
