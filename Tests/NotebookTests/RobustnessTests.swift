import Foundation
import Notebook
import TestSupport
import Testing

/// Random and hostile input must give errors or odd text, never a crash.
@Suite struct RobustnessTests {
  static let alphabet: [String] = [
    "\r", "\n", "\u{8}", "\u{1B}", "[", "]", "2K", "K", "\u{07}", "\\", "a", " ", "#", "%%", "# %%", "{", "}",
    "\"",
    ":", ",", "[markdown]", "tags=[", "é", "\t", "0", "-", "e", "null", "\"cells\"", "\u{0}",
  ]

  func randomText(_ rng: inout SeededGenerator, length: Int) -> String {
    (0..<length).map { _ in Self.alphabet[Int(rng.next() % UInt64(Self.alphabet.count))] }.joined()
  }

  @Test func randomTextThroughEveryReader() {
    var rng = SeededGenerator(seed: 42)
    for _ in 0..<3000 {
      let text = randomText(&rng, length: Int(rng.next() % 40))
      _ = TerminalText.clean(text)
      _ = PercentFormat.cells(from: text)
      _ = try? NotebookDocument.parse(text, path: "x.ipynb")
      _ = try? JSON.parse(text)
      _ = HistoryFile.decode(text)
      _ = Parameters.value(fromLiteral: text)
      _ = HelpRequest.parse(text)
      _ = AutoIndent.indentation(after: text.components(separatedBy: "\n"))
    }
  }

  @Test func randomInputToTheREPLAndCompleter() {
    var rng = SeededGenerator(seed: 7)
    let lines =
      (0..<200).map { _ in randomText(&rng, length: Int(rng.next() % 12)) }
      + [
        "%timeit -n", "%timeit -r 0 1", "%history 5-2 -n", "%load", "%run", "%save /nonexistent-dir/x.md",
        "??", "x?", "%%time", "",
      ]
    let (_, repl, reader) = replSession(lines)
    #expect(repl.inputs.count > 0)
    for line in lines.prefix(100) {
      for cursor in [0, 1, line.utf8.count / 2, line.utf8.count, line.utf8.count + 3] {
        _ = reader.complete(String(line.utf8.prefix(max(0, cursor))) ?? "")
        _ = repl.runner.interpreter.userGlobalNames
      }
    }
  }

  @Test func eraseThenBackspaceKeepsTheCursorSafe() {
    #expect(TerminalText.clean("abcdef\u{1B}[2K\u{8}\u{8}x") == "    x")
    #expect(Timing.format(.infinity) == "inf s")
    #expect(Timing.format(1e300) == "1e+300 s")
  }
}
