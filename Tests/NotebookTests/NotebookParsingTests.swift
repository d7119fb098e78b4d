import Foundation
import Notebook
import Testing

@Suite struct PercentFormatTests {
  @Test func markersTitlesMarkdownAndTags() throws {
    let doc = try NotebookDocument.load(path: fixturePath("lesson.py"))
    #expect(doc.cells.map(\.kind) == [.markdown, .code, .code, .code, .markdown, .code, .code, .code, .code])
    #expect(doc.cells[0].source == "# Shapes and dtypes\n\nA tiny lesson: make an array, look at it, reshape it.")
    #expect(doc.cells[1].title == "Setup")
    #expect(doc.cells[1].source == "import numpy as np")
    #expect(doc.cells[2].tags == ["parameters"])
    #expect(doc.cells[2].title == nil)
    #expect(doc.cells[8].source == "for i in range(rows):\n    print(i, x[i].max())")
    // Lines point at the marker lines in the file (the Jupytext header is skipped).
    #expect(doc.cells[0].line == 7)
    #expect(doc.cells[1].line == 12)
  }

  @Test func fileWithoutMarkersIsOneCodeCell() {
    let cells = PercentFormat.cells(from: "\n\nimport numpy as np\nx = 1\n\n")
    #expect(cells == [NotebookCell(kind: .code, source: "import numpy as np\nx = 1", line: 3)])
  }

  @Test func textBeforeTheFirstMarkerIsACell() {
    let cells = PercentFormat.cells(from: "a = 1\n# %%\nb = 2\n")
    #expect(cells.map(\.source) == ["a = 1", "b = 2"])
  }

  @Test func variantsOfTheMarker() {
    let cells = PercentFormat.cells(
      from: "#%% first\n1\n# %% [md]\n# *hi*\n#\n# there\n# %%%\n2\n# %% Title [markdown]\n#text\n# %% [raw]\nraw\n")
    #expect(cells.count == 4)
    #expect(cells[0].title == "first")
    // `# %%%` is a comment, not a marker.
    #expect(cells[0].source == "1")
    #expect(cells[1].kind == .markdown)
    #expect(cells[1].source == "*hi*\n\nthere\n%%%\n2")
    #expect(cells[2].kind == .markdown)
    #expect(cells[2].title == "Title")
    #expect(cells[2].source == "text")
    #expect(cells[3].kind == .markdown)
  }

  @Test func windowsLineEndsAndEmptyInput() {
    #expect(PercentFormat.cells(from: "# %%\r\nx = 1\r\n# %%\r\ny = 2\r\n").map(\.source) == ["x = 1", "y = 2"])
    #expect(PercentFormat.cells(from: "").isEmpty)
    #expect(PercentFormat.cells(from: "# %%\n").map(\.source) == [""])
  }

  @Test func tagsWithSpacesAndWriterRoundTrip() {
    let cells = PercentFormat.cells(from: "# %% Load tags=[\"parameters\", \"x y\"]\nepochs = 5\n")
    #expect(cells.first?.tags == ["parameters", "x y"])
    #expect(cells.first?.title == "Load")
    let text = PercentFormat.text(for: cells + [NotebookCell(kind: .markdown, source: "# T\n\nbody")])
    #expect(text == "# %% Load tags=[\"parameters\", \"x y\"]\nepochs = 5\n\n# %% [markdown]\n# # T\n#\n# body\n")
    #expect(PercentFormat.cells(from: text).map(\.source) == ["epochs = 5", "# T\n\nbody"])
  }
}

@Suite struct IpynbReaderTests {
  @Test func readsCodeMarkdownAndRawCells() throws {
    let doc = try NotebookDocument.load(path: fixturePath("small.ipynb"))
    #expect(doc.cells.map(\.kind) == [.markdown, .code, .markdown, .code])
    #expect(doc.cells[0].source == "# Title\nSome text.")
    #expect(doc.cells[1].source == "n = 2\nn * 21")
    #expect(doc.cells[1].tags == ["parameters"])
    #expect(doc.cells[2].source == "raw text")
    #expect(doc.cells[3].source == "print('héllo \"quoted\"')")
    #expect(doc.cells[1].line == 8)
  }

  func error(_ text: String) -> NotebookError? {
    do {
      _ = try NotebookDocument.parse(text, path: "bad.ipynb")
      return nil
    } catch {
      return error
    }
  }

  @Test func syntaxErrorsNameTheLine() {
    let e = error("{\n \"cells\": [\n  {\"cell_type\": \"code\" \"source\": \"x\"}\n ]\n}")
    #expect(e?.file == "bad.ipynb")
    #expect(e?.line == 3)
    #expect(e?.description.hasPrefix("bad.ipynb, line 3: invalid JSON: expected ',' or '}'") == true)
    #expect(error("{\"cells\": [")?.line == 1)
    #expect(error("")?.message.contains("unexpected end of file") == true)
    #expect(error("{\"cells\": []} trailing")?.message.contains("after the JSON value") == true)
    #expect(error("{\"a\": \"unterminated\n\"}")?.line == 1)
  }

  @Test func structuralErrorsNameTheCell() {
    let missing = error("{\n \"nbformat\": 4,\n \"cells\": [\n  {\"cell_type\": \"code\", \"source\": \"\"},\n  {\"cell_type\": \"code\"}\n ]\n}")
    #expect(missing?.line == 5)
    #expect(missing?.message == "cell 2: missing 'source'")
    #expect(error("{\"cells\": [{\"cell_type\": \"plot\", \"source\": \"\"}]}")?.message.contains("unknown cell_type 'plot'") == true)
    #expect(error("{\"cells\": [{\"cell_type\": \"code\", \"source\": [1]}]}")?.message.contains("'source' line 1 should be a string") == true)
    #expect(error("{\"cells\": {}}")?.message.contains("'cells' should be a list") == true)
    #expect(error("{\"worksheets\": []}")?.message.contains("no 'cells' list") == true)
    #expect(error("[1, 2]")?.message.contains("expected a notebook object") == true)
    #expect(error("{\"nbformat\": 3, \"cells\": []}")?.message.contains("nbformat 3 is not supported") == true)
    #expect(error("{\"cells\": [3]}")?.message.contains("expected a cell object") == true)
  }

  @Test func deepNestingIsAnErrorNotACrash() {
    let deep = String(repeating: "[", count: 100_000)
    #expect(error(deep)?.message.contains("nesting deeper") == true)
  }

  @Test func missingAndUnreadableFiles() {
    #expect(throws: NotebookError.self) { try NotebookDocument.load(path: "/nonexistent/lesson.py") }
    do {
      _ = try NotebookDocument.load(path: "/nonexistent/lesson.py")
    } catch {
      #expect(error.description == "/nonexistent/lesson.py: the file does not exist")
    }
  }
}

@Suite struct JSONTests {
  @Test func roundTripsWithOrderAndEscapes() throws {
    let text = "{\"b\": [1, -2.5e3, true, null], \"a\": \"x\\ny\\t\\\"\\u00e9\\ud83d\\ude00\\u0001\"}"
    let value = try JSON.parse(text)
    #expect(value["a"]?.stringValue == "x\ny\t\"é😀\u{01}")
    #expect(value["b"]?.arrayValue?.count == 4)
    let again = try JSON.parse(value.serialized())
    #expect(again == value)
    #expect(value.compactText == "{\"b\": [1, -2.5e3, true, null], \"a\": \"x\\ny\\t\\\"é😀\\u0001\"}")
  }

  @Test func errorsCarryLineAndColumn() {
    do {
      _ = try JSON.parse("{\n  \"a\": tru\n}")
      Issue.record("expected an error")
    } catch {
      #expect(error.line == 2)
      #expect(error.column == 8)
    }
  }

  @Test func objectLinesFollowPreOrder() throws {
    let (value, lines) = try JSON.parseLocated("{\n\"x\": {},\n\"y\": [\n{\"z\": {}}\n]\n}")
    #expect(lines == [1, 2, 4, 4])
    #expect(value.objectCount == 4)
  }
}

@Suite struct TerminalTextTests {
  @Test func carriageReturnsKeepTheLastState() {
    #expect(TerminalText.clean("1/3 [==>...]\r2/3 [====>.]\r3/3 [======]\n") == "3/3 [======]\n")
    #expect(TerminalText.clean("abc\r\ndef") == "abc\ndef")
    #expect(TerminalText.clean("long text\rshort") == "shorttext")
  }

  @Test func backspacesAndEscapes() {
    #expect(TerminalText.clean("12345\u{8}\u{8}\u{8}ab\n") == "12ab\n")
    #expect(TerminalText.clean("\u{1B}[1m\u{1B}[32mgreen\u{1B}[0m") == "green")
    #expect(TerminalText.clean("old line\r\u{1B}[Knew") == "new")
    // `2K` erases the line but leaves the cursor where it was, as a terminal does.
    #expect(TerminalText.clean("abc\u{1B}[2Kx") == "   x")
    #expect(TerminalText.clean("abc\r\u{1B}[2Kx") == "x")
    #expect(TerminalText.clean("\u{1B}]0;title\u{07}text\u{1B}") == "text")
    #expect(TerminalText.clean("bell\u{07}") == "bell")
    #expect(TerminalText.clean("plain\ttext\n") == "plain\ttext\n")
  }
}
