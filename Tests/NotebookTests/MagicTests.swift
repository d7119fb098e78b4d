import Foundation
import Notebook
import Script
import Testing

@Suite struct MagicTests {
  @Test func whosMatchesIPythonsLayout() {
    let (text, _, _) = replSession([
      "import numpy as np", "images = np.zeros((60000, 28, 28), dtype='uint8')", "small = np.arange(5)",
      "n = 3", "names = ['a', 'b']", "long_text = 'x' * 80", "%whos",
    ])
    let expected = """
      Variable    Type       Data/Info
      --------------------------------
      images      ndarray    60000x28x28: 47040000 elems, type `uint8`, 47040000 bytes (44.86083984375 Mb)
      long_text   str        xxxxxxxxxxxxxxxxxxxxxxxxx<...>xxxxxxxxxxxxxxxxxxxxxxxxx
      n           int        3
      names       list       n=2
      np          module     <module 'numpy' (built-in)>
      small       ndarray    5: 5 elems, type `int64`, 40 bytes

      """
    #expect(text.contains(expected), "\(text)")
  }

  @Test func whosShowsSets() {
    let (text, _, _) = replSession(["labels = {3, 1, 2}", "frozen = frozenset({5})", "%whos", "%whos set"])
    #expect(
      text.contains("frozen     frozenset    frozenset({5})\nlabels     set          {1, 2, 3}\n"), "\(text)")
    #expect(text.contains("labels     set     {1, 2, 3}\n"), "\(text)")
  }

  @Test func whosFiltersAndEmptyNamespace() {
    let (text, _, _) = replSession(["%whos", "a = 1", "b = 'x'", "%whos int", "%whos float", "%who"])
    #expect(text.contains("In [1]: %whos\nInteractive namespace is empty.\n"))
    #expect(
      text.contains("Variable   Type    Data/Info\n----------------------------\na          int     1\n\n"))
    #expect(text.contains("No variables match your requested type."))
    #expect(text.contains("a\tb\t\n"))
  }

  @Test func timeAndTimeit() {
    let (text, _, _) = replSession([
      "%time sum(range(1000))", "%timeit -n 10 -r 3 sum(range(100))", "%timeit", "_",
    ])
    #expect(
      text.range(
        of:
          #"CPU times: user [0-9.]+ (s|ms|µs|ns), sys: [0-9.]+ (s|ms|µs|ns), total: [0-9.]+ (s|ms|µs|ns)\nWall time: [0-9.]+ (s|ms|µs|ns)\nOut\[1\]: 499500\n"#,
        options: .regularExpression) != nil, "\(text)")
    #expect(
      text.range(
        of:
          #"[0-9.]+ (s|ms|µs|ns) ± [0-9.]+ (s|ms|µs|ns) per loop \(mean ± std\. dev\. of 3 runs, 10 loops each\)"#,
        options: .regularExpression) != nil, "\(text)")
    #expect(text.contains("UsageError: %timeit needs a statement"))
    // `_` is the value %time produced; the timeit loop variable is gone.
    #expect(text.contains("Out[4]: 499500"))
  }

  @Test func timeitErrorsAreShown() {
    let (text, _, _) = replSession(["%timeit undefined_thing"])
    #expect(text.contains("NameError: name 'undefined_thing' is not defined"))
  }

  @Test func timingText() {
    #expect(Timing.format(0) == "0 ns")
    #expect(Timing.format(1.5e-9) == "1.5 ns")
    #expect(Timing.format(0.000123456) == "123 µs")
    #expect(Timing.format(0.0123) == "12.3 ms")
    #expect(Timing.format(2.5) == "2.5 s")
    #expect(Timing.format(125) == "2min 5s")
    let r = Timing.TimeitResult(loops: 1000, runs: [0.001, 0.001, 0.001])
    #expect(r.text == "1 µs ± 0 ns per loop (mean ± std. dev. of 3 runs, 1,000 loops each)")
    #expect(
      Timing.TimeitResult(loops: 1, runs: [2]).text
        == "2 s ± 0 ns per loop (mean ± std. dev. of 1 run, 1 loop each)")
    #expect(
      Timing.TimeitResult(loops: 1, runs: [1, 5]).cachingWarning?.hasPrefix(
        "The slowest run took 5.00 times longer") == true)
    #expect(Timing.grouped(1_234_567) == "1,234,567")
  }

  @Test func historyMagic() {
    let (text, _, _) = replSession([
      "a = 1", "for i in range(1):", "    a += i", "", "%history -n", "%history 1",
    ])
    #expect(text.contains("  1: a = 1\n  2: for i in range(1):\n         a += i\n"))
    #expect(text.contains("In [4]: %history 1\na = 1\n"))
  }

  @Test func saveWritesTranscriptsAndScripts() throws {
    let dir = try makeTemporaryDirectory()
    let (text, _, _) = replSession([
      "x = 21", "x * 2", "print('hi')", "%save \(dir)/s.ipynb", "%save \(dir)/s.py", "%save \(dir)/s",
      "%save",
    ])
    #expect(text.contains("Saved 3 cells to \(dir)/s.ipynb"))
    let nb = try JSON.parse(String(contentsOfFile: dir + "/s.ipynb", encoding: .utf8))
    let cells = try #require(nb["cells"]?.arrayValue)
    #expect(cells.count == 3)
    #expect(cells[1]["outputs"]?.arrayValue?.first?["output_type"]?.stringValue == "execute_result")
    #expect(cells[2]["outputs"]?.arrayValue?.first?["output_type"]?.stringValue == "stream")
    #expect(
      try String(contentsOfFile: dir + "/s.py", encoding: .utf8)
        == "# %%\nx = 21\n\n# %%\nx * 2\n\n# %%\nprint('hi')\n")
    #expect(try String(contentsOfFile: dir + "/s.md", encoding: .utf8).contains("```text\nOut[2]: 42\n```"))
    #expect(text.contains("UsageError: %save FILE"))
  }

  /// IPython's `%save FILE 1 3-4` saves those inputs to FILE (the range is not part of the name).
  @Test func saveTakesInputRanges() throws {
    let dir = try makeTemporaryDirectory()
    let (text, _, _) = replSession([
      "a = 1", "b = 2", "c = 3", "a + b + c", "%save \(dir)/r.py 1 3-4", "%save \(dir)/q.py 2:4",
      "%save \(dir)/z.py x",
    ])
    #expect(
      try String(contentsOfFile: dir + "/r.py", encoding: .utf8)
        == "# %%\na = 1\n\n# %%\nc = 3\n\n# %%\na + b + c\n")
    #expect(try String(contentsOfFile: dir + "/q.py", encoding: .utf8) == "# %%\nb = 2\n\n# %%\nc = 3\n")
    #expect(text.contains("UsageError: 'x' is not an input number or range"))
    #expect(!FileManager.default.fileExists(atPath: dir + "/z.py"))
  }

  @Test func liveTranscriptIsWrittenAfterEveryCell() throws {
    let dir = try makeTemporaryDirectory()
    _ = replSession(["a = 1", "a + 1"]) { repl in repl.transcript = TranscriptWriter(path: dir + "/live.md") }
    let text = try String(contentsOfFile: dir + "/live.md", encoding: .utf8)
    #expect(text.contains("**In [2]:**\n\n```python\na + 1\n```\n\n```text\nOut[2]: 2\n```"))
  }

  @Test func runLoadResetPwd() throws {
    let (text, repl, reader) = replSession([
      "%run \(fixturePath("lesson.py"))", "x.shape", "%load \(fixturePath("broken.py")) 2", "%reset", "n",
      "%reset -f",
      "x", "%pwd", "%run \(fixturePath("broken.py"))", "%run /nonexistent.py", "%nosuchmagic",
    ])
    // %run shows printed output and keeps the notebook's variables.
    #expect(text.contains("x has shape (3, 4) and dtype int64\n0 3\n"))
    #expect(text.contains("Out[2]: (3, 4)"))
    // %load pre-fills the prompt with the cell (the scripted reader accepts it as typed).
    #expect(
      reader.initialTexts.last(where: { $0.hasPrefix("#") })
        == "# %load \(fixturePath("broken.py")) 2\nb = a + 1\nprint(\"b is\", b)")
    #expect(text.contains("NameError: name 'a' is not defined"))
    // %reset asks; "n" keeps the variables, -f does not ask.
    #expect(text.contains("Nothing done."))
    #expect(text.contains("NameError: name 'x' is not defined"))
    #expect(text.contains("Out[8]: '\(FileManager.default.currentDirectoryPath)'"))
    #expect(text.contains("Error in cell 3 of broken.py, line 2\nbroken.py cell 3, line 2\n"))
    #expect(text.contains("cannot read notebook /nonexistent.py: the file does not exist"))
    #expect(text.contains("UsageError: Line magic function `%nosuchmagic` not found."))
    #expect(repl.isEmbedded == false)
  }

  @Test func continueOutsideStepMode() {
    let (text, _, _) = replSession(["%continue", "1"])
    #expect(text.contains("%continue: only in step mode"))
    #expect(text.contains("Out[2]: 1"))
  }
}
