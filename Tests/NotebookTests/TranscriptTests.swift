import Foundation
import Notebook
import Testing

@Suite struct TranscriptTests {
  let records: [CellRecord] = [
    .markdown("# Title\n\nText."),
    CellRecord(kind: .code, source: "print('hi')\n1 + 1", executionCount: 1, outputs: [.stream("hi\n"), .result("2")]),
    CellRecord(
      kind: .code, source: "x = np.zeros((2, 2))\nx", executionCount: 2,
      outputs: [.result("array([[0., 0.],\n       [0., 0.]])")]),
    CellRecord(
      kind: .code, source: "1/0", executionCount: 3,
      outputs: [
        .error(
          name: "ZeroDivisionError", message: "division by zero",
          traceback: "Cell In[3], line 1\n    1/0\n    ^^^\nZeroDivisionError: division by zero")
      ]),
    CellRecord(kind: .code, source: "s = '```'\nprint(s)", executionCount: 4, outputs: [.stream("```\n")]),
    CellRecord(kind: .code, source: "not_run()"),
  ]

  @Test func markdownText() {
    let text = MarkdownTranscript.render(records, title: "lesson.py")
    expectGolden(text, "transcript.golden.md")
  }

  @Test func ipynbIsValidNbformat45() throws {
    let text = IpynbTranscript.render(records)
    let json = try JSON.parse(text)
    #expect(json["nbformat"]?.intValue == 4)
    #expect(json["nbformat_minor"]?.intValue == 5)
    #expect(json["metadata"]?["kernelspec"]?["name"]?.stringValue == "python3")
    let cells = try #require(json["cells"]?.arrayValue)
    #expect(cells.count == records.count)
    var ids = Set<String>()
    for cell in cells {
      let id = try #require(cell["id"]?.stringValue)
      #expect(!id.isEmpty && id.count <= 64)
      #expect(id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
      ids.insert(id)
      #expect(cell["metadata"] == .object([]))
      #expect(cell["source"]?.arrayValue != nil)
    }
    #expect(ids.count == cells.count)
    #expect(cells[0]["cell_type"]?.stringValue == "markdown")
    #expect(cells[0]["outputs"] == nil)
    #expect(cells[0]["source"] == .array([.string("# Title\n"), .string("\n"), .string("Text.")]))
    let first = try #require(cells[1]["outputs"]?.arrayValue)
    #expect(cells[1]["execution_count"]?.intValue == 1)
    #expect(first.map { $0["output_type"]?.stringValue } == ["stream", "execute_result"])
    #expect(first[0]["name"]?.stringValue == "stdout")
    #expect(first[0]["text"] == .array([.string("hi\n")]))
    #expect(first[1]["data"]?["text/plain"] == .array([.string("2")]))
    #expect(first[1]["execution_count"]?.intValue == 1)
    let error = try #require(cells[3]["outputs"]?.arrayValue?.first)
    #expect(error["output_type"]?.stringValue == "error")
    #expect(error["ename"]?.stringValue == "ZeroDivisionError")
    #expect(error["evalue"]?.stringValue == "division by zero")
    #expect(error["traceback"]?.arrayValue?.count == 4)
    #expect(cells[5]["execution_count"] == .null)
    #expect(cells[5]["outputs"] == .array([]))
  }

  @Test func ipynbValidatesWithPythonNbformatWhereInstalled() throws {
    let dir = try makeTemporaryDirectory()
    let path = dir + "/t.ipynb"
    try AtomicFile.write(IpynbTranscript.render(records), to: path)
    // The schema rules always; `nbformat.validate` too where a Python has the package.
    expectValidNbformat45(at: path)
  }

  /// The Python check is live: it rejects a 4.5 notebook whose cell has no id.
  @Test(.enabled(if: NbformatCheck.pythonWithNbformat != nil, "no python3 with nbformat"))
  func pythonValidatorRejectsACellWithoutId() throws {
    let path = try makeTemporaryDirectory() + "/no-id.ipynb"
    let text = IpynbTranscript.render(records).replacingOccurrences(of: "\"id\":", with: "\"not_id\":")
    try AtomicFile.write(text, to: path)
    let (status, output) = try #require(NbformatCheck.validateWithPython(path))
    #expect(status != 0, "\(output)")
    #expect(!NbformatCheck.problems(in: try JSON.parse(text)).isEmpty)
  }

  @Test func schemaCheckRejectsBrokenNotebooks() throws {
    let good = try JSON.parse(IpynbTranscript.render(records))
    #expect(NbformatCheck.problems(in: good).isEmpty)
    let broken = try JSON.parse(
      """
      {"nbformat": 4, "nbformat_minor": 4, "metadata": {}, "cells": [
        {"id": "a b", "cell_type": "code", "metadata": {}, "source": "", "outputs": [
          {"output_type": "stream", "name": "stdin", "text": 1}], "execution_count": -1},
        {"id": "x", "cell_type": "markdown", "metadata": {}, "source": [], "outputs": []},
        {"id": "x", "cell_type": "code", "metadata": {}, "source": [], "outputs": [
          {"output_type": "execute_result", "data": {"text/plain": 2}, "metadata": {}, "execution_count": 1},
          {"output_type": "error", "ename": "E", "evalue": "v"}]}]}
      """)
    let problems = NbformatCheck.problems(in: broken)
    for expected in [
      "nbformat_minor is not 5", "cells[0].id a b", "cells[0].execution_count", "cells[0].outputs[0].name",
      "cells[0].outputs[0].text", "cells[1] has an unexpected key outputs", "cells[2].id x is not unique",
      "cells[2].execution_count", "cells[2].outputs[0].data[text/plain]", "cells[2].outputs[1].traceback",
    ] {
      #expect(problems.contains { $0.hasPrefix(expected) }, "no problem \(expected) in \(problems)")
    }
  }

  @Test func runWritesTheTranscriptCellByCell() throws {
    let dir = try makeTemporaryDirectory()
    let path = dir + "/run.ipynb"
    let (status, _) = runNotebook(fixturePath("broken.py"), .init(transcriptPath: path))
    #expect(status == 1)
    let json = try JSON.parse(String(contentsOfFile: path, encoding: .utf8))
    let cells = try #require(json["cells"]?.arrayValue)
    // Every cell is there; those after the error are unrun.
    #expect(cells.count == 5)
    #expect(cells.map { $0["execution_count"]?.intValue } == [nil, 1, 2, 3, nil])
    #expect(cells[3]["outputs"]?.arrayValue?.first?["output_type"]?.stringValue == "error")
    #expect(cells[2]["outputs"]?.arrayValue?.first?["text"] == .array([.string("b is 2\n")]))
    #expect(cells[4]["outputs"] == .array([]))
    expectValidNbformat45(at: path)
  }

  @Test func markdownTranscriptOfARun() throws {
    let dir = try makeTemporaryDirectory()
    let path = dir + "/run.md"
    let (status, _) = runNotebook(fixturePath("lesson.py"), .init(transcriptPath: path))
    #expect(status == 0)
    let text = try String(contentsOfFile: path, encoding: .utf8)
    #expect(text.hasPrefix("# Shapes and dtypes\n\nA tiny lesson"))
    #expect(text.contains("**In [3]:**\n\n```python\nx = np.arange(rows * 4).reshape(rows, 4)\n"))
    #expect(text.contains("```text\nx has shape (3, 4) and dtype int64\nOut[3]:\narray([[ 0,  1,  2,  3],\n"))
  }

  @Test func progressBarsBecomeTheirFinalLine() {
    let result = CellResult(
      executionCount: 1, printed: "Epoch 1/2\n1/3 [=>...]\u{8}\u{8}\u{8}\r3/3 [====] - loss: 0.5\nEpoch 2/2\n",
      resultText: nil, error: nil, seconds: 0)
    #expect(result.outputs == [.stream("Epoch 1/2\n3/3 [====] - loss: 0.5\nEpoch 2/2\n")])
  }
}

@Suite struct AtomicFileTests {
  @Test func writesReplacesAndLeavesNoTemporaryFiles() throws {
    let dir = try makeTemporaryDirectory()
    let path = dir + "/out.md"
    try AtomicFile.write("first", to: path)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "first")
    try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
    try AtomicFile.write("second", to: path)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "second")
    let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
    #expect(mode == 0o600)
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["out.md"])
  }

  @Test func failureLeavesTheOldFileAndReportsThePath() throws {
    #expect(throws: AtomicFile.WriteError.self) { try AtomicFile.write("x", to: "/nonexistent-dir/out.md") }
    do {
      try AtomicFile.write("x", to: "/nonexistent-dir/out.md")
    } catch {
      #expect(error.description.hasPrefix("cannot write /nonexistent-dir/out.md: "))
    }
  }

  @Test func transcriptWriterRewritesAfterEveryCell() throws {
    let dir = try makeTemporaryDirectory()
    let writer = TranscriptWriter(path: dir + "/t.md")
    try writer.append(CellRecord(kind: .code, source: "1", executionCount: 1, outputs: [.result("1")]))
    let once = try String(contentsOfFile: dir + "/t.md", encoding: .utf8)
    #expect(once == "**In [1]:**\n\n```python\n1\n```\n\n```text\nOut[1]: 1\n```\n")
    try writer.append(CellRecord(kind: .code, source: "2", executionCount: 2, outputs: []))
    #expect(try String(contentsOfFile: dir + "/t.md", encoding: .utf8).contains("**In [2]:**"))
    #expect(TranscriptWriter.Format(path: "a.IPYNB") == .ipynb)
    #expect(TranscriptWriter.Format(path: "a.txt") == .markdown)
  }
}
