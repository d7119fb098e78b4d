import Foundation
import Modules
import Notebook
import Script

#if canImport(Glibc)
  import Glibc
#endif

/// What every interactive command shares: the interpreter with the built-in modules,
/// Ctrl-C wired to it, the terminal (or piped) line reader, the console and the history.
final class Session {
  let runner: CellRunner
  let console: Console
  let historyFile: HistoryFile?
  private(set) lazy var reader: LineReader = makeReader()

  init(historyEnabled: Bool = true) {
    runner = CellRunner()
    console = Console.standard()
    historyFile = historyEnabled ? HistoryFile.standardPath().map { HistoryFile(path: $0) } : nil
    Interrupts.install()
    Interrupts.attach(runner.interpreter)
  }

  /// libedit on a terminal; plain lines from a pipe or file.
  private func makeReader() -> LineReader {
    if isatty(STDIN_FILENO) == 1 {
      return EditLineReader(history: historyFile?.load() ?? [])
    }
    return PipedLineReader()
  }

  func makeREPL() -> REPL {
    REPL(runner: runner, reader: reader, console: console, historyFile: historyFile)
  }
}
