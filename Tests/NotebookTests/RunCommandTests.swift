import Foundation
import Notebook
import Script
import Testing

/// Runs a notebook like `dnnlab run` and returns (status, everything printed).
func runNotebook(_ path: String, _ options: RunCommand.Options = .init()) -> (status: Int32, text: String) {
  let buffer = TextBuffer()
  let status = RunCommand.run(path: path, options: options, console: .collecting(into: buffer))
  return (status, buffer.text)
}

@Suite struct RunCommandTests {
  @Test func lessonOutputMatchesGoldenText() {
    let (status, text) = runNotebook(fixturePath("lesson.py"))
    #expect(status == 0)
    expectGolden(text, "lesson.golden.txt")
  }

  @Test func codeOnlyHidesMarkdown() {
    let (status, text) = runNotebook(fixturePath("lesson.py"), .init(codeOnly: true))
    #expect(status == 0)
    #expect(!text.contains("Shapes and dtypes"))
    #expect(!text.contains("─"))
    #expect(text.hasPrefix("x has shape (3, 4) and dtype int64\n"))
  }

  @Test func errorStopsWithBannerAndStatus1() {
    let (status, text) = runNotebook(fixturePath("broken.py"))
    #expect(status == 1)
    #expect(text.contains("b is 2\n"))
    #expect(text.contains("Error in cell 3 (In [3]), line 2\nCell In[3], line 2\n    d = c / undefined_name\n"))
    #expect(text.contains("NameError: name 'undefined_name' is not defined"))
    #expect(!text.contains("reached the end"))
    #expect(text.contains("Stopped; 1 code cell not run"))
  }

  @Test func allowErrorsReachesTheEnd() {
    let (status, text) = runNotebook(fixturePath("broken.py"), .init(allowErrors: true))
    #expect(status == 1)
    #expect(text.contains("Error in cell 3 (In [3]), line 2"))
    #expect(text.contains("reached the end\n"))
  }

  @Test func unreadableNotebookIsStatus2() {
    let (status, text) = runNotebook("/nonexistent/x.ipynb")
    #expect(status == 2)
    #expect(text.contains("cannot read notebook /nonexistent/x.ipynb: the file does not exist"))
  }

  @Test func bannerNamesTheCallSiteLineForErrorsInsideFunctions() throws {
    let dir = try makeTemporaryDirectory()
    let path = dir + "/f.py"
    try "# %%\ndef f(v):\n    return v / 0\n\n# %%\nx = 1\nf(x)\n".write(toFile: path, atomically: true, encoding: .utf8)
    let (status, text) = runNotebook(path)
    #expect(status == 1)
    #expect(text.contains("Error in cell 2 (In [2]), line 2\n"))
    #expect(text.contains("ZeroDivisionError: division by zero"))
  }

  @Test func blankCellsAreNotNumbered() throws {
    let dir = try makeTemporaryDirectory()
    let path = dir + "/b.py"
    try "# %%\n1\n# %%\n\n# %%\n2\n".write(toFile: path, atomically: true, encoding: .utf8)
    let (_, text) = runNotebook(path)
    #expect(text == "Out[1]: 1\nOut[2]: 2\n")
  }
}

@Suite struct ParameterTests {
  @Test func literalsParseLikePython() {
    #expect(Parameters.value(fromLiteral: "1").intValue == 1)
    #expect(Parameters.value(fromLiteral: "-3").intValue == -3)
    #expect(Parameters.value(fromLiteral: "0.5").doubleValue == 0.5)
    #expect(Parameters.value(fromLiteral: "-1e-3").doubleValue == -0.001)
    #expect(Parameters.value(fromLiteral: "'adam'").stringValue == "adam")
    #expect(Parameters.value(fromLiteral: "\"a\\tb\"").stringValue == "a\tb")
    #expect(Parameters.value(fromLiteral: "True").intValue == 1)
    if case .bool(false) = Parameters.value(fromLiteral: "False") {} else { Issue.record("False") }
    #expect(Parameters.value(fromLiteral: "None").isNone)
    // Anything else is a plain string, never evaluated.
    #expect(Parameters.value(fromLiteral: "mnist").stringValue == "mnist")
    #expect(Parameters.value(fromLiteral: "print('x')").stringValue == "print('x')")
    #expect(Parameters.value(fromLiteral: "99999999999999999999999").stringValue == "99999999999999999999999")
    #expect(Parameters.value(fromLiteral: "").stringValue == "")
  }

  @Test func names() {
    #expect(Parameters.isValidName("epochs"))
    #expect(Parameters.isValidName("_x1"))
    #expect(!Parameters.isValidName("1x"))
    #expect(!Parameters.isValidName("a-b"))
    #expect(!Parameters.isValidName("class"))
    #expect(!Parameters.isValidName(""))
  }

  @Test func parameterOverridesTheTaggedCell() {
    let (status, text) = runNotebook(
      fixturePath("lesson.py"), .init(parameters: [("rows", "2")], codeOnly: true))
    #expect(status == 0)
    #expect(text.hasPrefix("x has shape (2, 4) and dtype int64\n"))
    #expect(!text.contains("note:"))
  }

  @Test func parameterSetBeforeTheFirstCellAndNoteWhenReassigned() throws {
    let dir = try makeTemporaryDirectory()
    let path = dir + "/p.py"
    try "# %%\nprint(epochs, name)\n# %%\nepochs = 5\n".write(toFile: path, atomically: true, encoding: .utf8)
    let (status, text) = runNotebook(path, .init(parameters: [("epochs", "1"), ("name", "'x'")]))
    #expect(status == 0)
    #expect(text.hasPrefix("1 x\n"))
    #expect(text.contains("note: cell 2 set epochs = 5, overriding -p epochs 1"))
  }

  @Test func invalidParameterNameIsStatus2() {
    let (status, text) = runNotebook(fixturePath("lesson.py"), .init(parameters: [("2x", "1")]))
    #expect(status == 2)
    #expect(text.contains("-p 2x: not a valid Python variable name"))
  }
}
