import Foundation
import Notebook
import Script
import Testing

/// IPython's magic and shell-escape lines in notebook cells, rewritten as IPython rewrites
/// them and run through `get_ipython()`.
@Suite struct IPythonSyntaxTests {
  @Test func lineMagicsAndShellEscapesBecomeCalls() {
    let source =
      "%matplotlib inline\nimport numpy as np\n!pip install -q 'tensorflow>=2'\nif True:\n    %time x = 1"
    #expect(
      IPythonSyntax.transform(source) == """
        get_ipython().run_line_magic('matplotlib', 'inline')
        import numpy as np
        get_ipython().system('pip install -q \\'tensorflow>=2\\'')
        if True:
            get_ipython().run_line_magic('time', 'x = 1')
        """)
  }

  @Test func pythonIsLeftAlone() {
    for source in [
      "z = (5\n% 3)", "s = \"\"\"\n%not a magic\n!nor this\n\"\"\"", "a = [1,\n!= 2]", "x = 1 \\\n% 2",
      "y = 10 % 3  # %matplotlib", "t = '(' \n%matplotlib inline", "print('%d' % 3)",
    ] {
      let expected =
        source.hasPrefix("t = '('")
        ? "t = '(' \nget_ipython().run_line_magic('matplotlib', 'inline')" : source
      #expect(IPythonSyntax.transform(source) == expected, "\(source)")
    }
  }

  @Test func cellMagicTakesTheFirstLine() {
    let magic = IPythonSyntax.cellMagic(in: "\n%%timeit -n 3 setup = 1\nx = 2\ny = 3")
    #expect(magic == .init(name: "timeit", arguments: "-n 3 setup = 1", body: "x = 2\ny = 3"))
    #expect(IPythonSyntax.cellMagic(in: "x = 1\n%%time") == nil)
  }

  @Test func notebookCellsRunMagics() throws {
    var printed = ""
    let runner = CellRunner(echo: { printed += $0 })
    let setup = runner.run(
      "%matplotlib inline\n%config InlineBackend.figure_format = 'retina'\n%load_ext autoreload\nx = 7")
    #expect(setup.error == nil && setup.printed.isEmpty, "\(setup.printed)")
    let pip = runner.run("!pip install tensorflow\n%pip install numpy\nx + 1")
    #expect(
      pip.printed == """
        dnnlab does not run shell commands: !pip install tensorflow
        dnnlab does not run %pip install numpy: numpy, tensorflow, keras, matplotlib and sklearn are built in.

        """)
    #expect(pip.resultText == "8")
    let whos = runner.run("%whos")
    #expect(whos.printed.contains("\nx          int     7\n"), "\(whos.printed)")
    let unknown = runner.run("%nonsense 1")
    #expect(unknown.error?.summary == "UsageError: Line magic function `%nonsense` not found.")
    #expect(runner.interpreter.userGlobalNames == ["x"])
  }

  @Test func timeCaptureAndTimeitCells() throws {
    let runner = CellRunner(echo: { _ in })
    let timed = runner.run("%%time\ny = sum(range(1000))\ny")
    #expect(timed.printed.hasPrefix("CPU times: user "), "\(timed.printed)")
    #expect(timed.printed.contains("\nWall time: "))
    #expect(timed.resultText == "499500")
    let captured = runner.run("%%capture out\nprint('hidden')\n1")
    #expect(captured.printed.isEmpty && captured.resultText == nil)
    #expect(runner.run("out.stdout").resultText == "'hidden\\n'")
    let timeit = runner.run("%%timeit -n 2 -r 3 base = 4\nbase * 2")
    #expect(
      timeit.printed.contains("per loop (mean ± std. dev. of 3 runs, 2 loops each)"), "\(timeit.printed)")
    #expect(runner.run("%%nonsense\n1").error?.summary == "UsageError: Cell magic `%%nonsense` not found.")
  }

  @Test func writefileWritesAtomicallyWithIPythonsMessages() throws {
    let directory = try makeTemporaryDirectory()
    let path = directory + "/script.py"
    let runner = CellRunner(echo: { _ in })
    #expect(runner.run("%%writefile \(path)\na = 1 % 2\nprint('%d' % a)").printed == "Writing \(path)\n")
    #expect(runner.run("%%writefile -a \(path)\nb = 2").printed == "Appending to \(path)\n")
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "a = 1 % 2\nprint('%d' % a)\nb = 2\n")
    #expect(runner.run("%%writefile \(path)\nc = 3").printed == "Overwriting \(path)\n")
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "c = 3\n")
  }

  @Test func replRunsNotebookMagics() {
    let (text, _, _) = replSession(["%matplotlib inline", "!nvidia-smi", "%%capture\nprint('x')\n", "1 + 1"])
    #expect(
      text.contains("In [2]: !nvidia-smi\ndnnlab does not run shell commands: !nvidia-smi\n"), "\(text)")
    #expect(text.contains("Out[4]: 2"), "\(text)")
    #expect(!text.contains("UsageError"), "\(text)")
  }
}
