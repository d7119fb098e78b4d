import Foundation
import Notebook
import Script
import Testing

@Suite struct REPLSessionTests {
  @Test func promptsContinuationAndOutput() {
    let (text, _, reader) = replSession([
      "x = 2", "x * 21", "for i in range(2):", "    print(i)", "", "(1,", " 2)", "x;", "",
    ])
    let expected = """
      In [1]: x = 2

      In [2]: x * 21
      Out[2]: 42

      In [3]: for i in range(2):
         ...:     print(i)
         ...: 
      0
      1

      In [4]: (1,
         ...:  2)
      Out[4]: (1, 2)

      In [5]: x;

      In [6]: 
      In [6]: 


      """
    #expect(text == expected, "\(lineDiff(expected: expected, actual: text))")
    // Each cell is one history entry, multi-line cells included.
    #expect(reader.history == ["x = 2", "x * 21", "for i in range(2):\n    print(i)", "(1,\n 2)", "x;"])
  }

  @Test func errorsAreShownAndTheSessionGoesOn() {
    let (text, repl, _) = replSession(["1/0", "y = 1", "y"])
    #expect(text.contains("In [1]: 1/0\nCell In[1], line 1\n    1/0\n    ^^^\nZeroDivisionError: division by zero\n"))
    #expect(text.contains("Out[3]: 1\n"))
    #expect(repl.records.map(\.executionCount) == [1, 2, 3])
  }

  @Test func ctrlCDiscardsTheCellAndCtrlDLeaves() {
    let (text, repl, _) = replSession(["for i in range(3):", "^C", "1 + 1", "^D", "2 + 2"])
    #expect(text.contains("In [1]: for i in range(3):\n   ...: ^C\nIn [1]: 1 + 1\nOut[1]: 2\n"))
    #expect(!text.contains("Out[2]"))
    #expect(repl.inputs == ["1 + 1"])
  }

  @Test func exitLeaves() {
    let (text, _, _) = replSession(["exit", "1"])
    #expect(!text.contains("Out["))
  }

  @Test func outHistoryNamesWork() {
    let (text, _, _) = replSession(["6 * 7", "_ + 1", "Out[1] + _2"])
    #expect(text.contains("Out[2]: 43\n"))
    #expect(text.contains("Out[3]: 85\n"))
  }

  @Test func helpRequests() {
    let (text, _, _) = replSession(["import numpy as np", "np.zeros?", "def f(a, b=2):", "    return a", "", "f?", "nothing?", "?"])
    #expect(text.contains("Signature: np.zeros("))
    #expect(text.contains("Type:      builtin_function_or_method"))
    #expect(text.contains("Signature: f(a, b=2)\nType:      function"))
    #expect(text.contains("Object `nothing` not found."))
    #expect(text.contains("%whos           your variables"))
    #expect(HelpRequest.parse("x ? y") == nil)
    #expect(HelpRequest.parse("??np.zeros") == HelpRequest(name: "np.zeros", detailed: true))
  }

  @Test func historyFileKeepsMultiLineCellsAsOneEntry() throws {
    let dir = try makeTemporaryDirectory()
    let file = HistoryFile(path: dir + "/history")
    _ = replSession(["a = 1", "def f():", "    return '\\\\n'", "", "f()"]) { repl in
      _ = repl
    }
    let buffer = TextBuffer()
    let reader = ScriptedLineReader(lines: ["a = 1", "def f():", "    return 'x\\ny'", "", "f()"])
    let repl = REPL(runner: CellRunner(), reader: reader, console: .collecting(into: buffer), historyFile: file)
    repl.run()
    #expect(file.load() == ["a = 1", "def f():\n    return 'x\\ny'", "f()"])
    let raw = try String(contentsOfFile: dir + "/history", encoding: .utf8)
    #expect(raw == "a = 1\ndef f():\\n    return 'x\\\\ny'\nf()\n")
    #expect(buffer.text.contains("Out[3]: 'x\\ny'"))
  }

  @Test func historyFileIsTrimmedWhenLoaded() throws {
    let dir = try makeTemporaryDirectory()
    let file = HistoryFile(path: dir + "/history", maximumEntries: 3)
    for k in 1...5 { file.append("x = \(k)") }
    #expect(file.load() == ["x = 3", "x = 4", "x = 5"])
    #expect(try String(contentsOfFile: dir + "/history", encoding: .utf8) == "x = 3\nx = 4\nx = 5\n")
    #expect(HistoryFile(path: dir + "/missing").load() == [])
    #expect(HistoryFile.decode(HistoryFile.encode("a\\b\nc\r")) == "a\\b\nc\r")
  }

  @Test func autoIndent() {
    #expect(AutoIndent.indentation(after: ["for i in range(3):"]) == "    ")
    #expect(AutoIndent.indentation(after: ["def f():", "    if x:  # comment"]) == "        ")
    #expect(AutoIndent.indentation(after: ["def f():", "    return 1"]) == nil)
    #expect(AutoIndent.indentation(after: ["def f():", "    y = 1"]) == "    ")
    #expect(AutoIndent.indentation(after: ["x = f(1,"]) == nil)
    #expect(AutoIndent.indentation(after: ["s = 'a:'"]) == nil)
  }
}

@Suite struct CompletionTests {
  func completer(_ setup: String) -> Completer {
    let runner = CellRunner(echo: { _ in })
    _ = runner.run(setup)
    return Completer(interpreter: runner.interpreter, magicNames: ["time", "timeit", "whos"])
  }

  @Test func setMethods() {
    let c = completer("s = {1, 2}\nf = frozenset(s)")
    #expect(c.complete(line: "s.is", cursor: 4).candidates == ["s.isdisjoint", "s.issubset", "s.issuperset"])
    #expect(c.complete(line: "s.ad", cursor: 4).candidates == ["s.add"])
    #expect(c.complete(line: "f.ad", cursor: 4).candidates.isEmpty)
    #expect(c.complete(line: "f.un", cursor: 4).candidates == ["f.union"])
  }

  @Test func namesAttributesAndKeywords() {
    let c = completer("import numpy as np\nx = np.zeros((2, 3))\ndef train(model, epochs=1, batch_size=32):\n    pass\nepsilon = 1")
    #expect(c.complete(line: "np.ra", cursor: 5).candidates.contains("np.random"))
    #expect(c.complete(line: "np.ra", cursor: 5).candidates.allSatisfy { $0.hasPrefix("np.ra") })
    #expect(c.complete(line: "y = x.sh", cursor: 8) == Completion(word: "x.sh", candidates: ["x.shape"]))
    #expect(c.complete(line: "x.resh", cursor: 6).candidates == ["x.reshape"])
    #expect(c.complete(line: "tra", cursor: 3).candidates == ["train"])
    let kw = c.complete(line: "train(m, ep", cursor: 11)
    #expect(kw.word == "ep")
    #expect(kw.candidates == ["epochs=", "epsilon"])
    #expect(c.complete(line: "np.zeros((2, 2), dt", cursor: 19).candidates.first == "dtype=")
    #expect(c.complete(line: "pri", cursor: 3).candidates == ["print"])
    #expect(c.complete(line: "%ti", cursor: 3).candidates == ["%time", "%timeit"])
    #expect(c.complete(line: "%%ti", cursor: 4).candidates == ["%%time", "%%timeit"])
    // Nothing inside strings, nothing for unknown bases, and nothing is evaluated.
    #expect(c.complete(line: "print('np.ra", cursor: 12).candidates == [])
    #expect(c.complete(line: "nope.ra", cursor: 7).candidates == [])
    #expect(c.complete(line: "f().x", cursor: 5).candidates == [])
    // The cursor may be mid-line, and out of range is harmless.
    #expect(c.complete(line: "np.ra + 1", cursor: 5).word == "np.ra")
    #expect(c.complete(line: "x", cursor: 99).word == "x")
    #expect(c.complete(line: "x", cursor: -4).word == "")
  }

  @Test func fileNamesAfterFileMagics() throws {
    let dir = try makeTemporaryDirectory()
    try "".write(toFile: dir + "/lesson1.py", atomically: true, encoding: .utf8)
    try FileManager.default.createDirectory(atPath: dir + "/lessons", withIntermediateDirectories: true)
    let c = completer("")
    let line = "%run \(dir)/les"
    #expect(c.complete(line: line, cursor: line.utf8.count).candidates == ["\(dir)/lesson1.py", "\(dir)/lessons/"])
  }

  @Test func completionIsFast() {
    let c = completer("import numpy as np")
    let start = Date()
    for _ in 0..<20 { _ = c.complete(line: "np.", cursor: 3) }
    #expect(Date().timeIntervalSince(start) / 20 < 0.05)
  }

  @Test func scriptedReaderExposesTheREPLCompleter() {
    let reader = ScriptedLineReader(lines: [])
    _ = REPL(runner: CellRunner(), reader: reader, console: .collecting(into: TextBuffer()))
    #expect(reader.complete("%who")?.candidates == ["%who", "%whos"])
  }
}
