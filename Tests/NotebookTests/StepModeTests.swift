import Foundation
import Notebook
import Testing

/// Steps through `path` with scripted answers; returns (status, text, player).
func stepSession(_ path: String, _ answers: [String], transcript: String? = nil) throws -> (Int32, String, NotebookPlayer) {
  let buffer = TextBuffer()
  let console = Console.collecting(into: buffer)
  let reader = ScriptedLineReader(lines: answers)
  reader.echo = { buffer.append($0) }
  let document = try NotebookDocument.load(path: path)
  let player = NotebookPlayer(
    document: document, runner: CellRunner(), console: console, transcript: transcript.map { TranscriptWriter(path: $0) })
  try player.startTranscript()
  let step = StepMode(player: player, reader: reader)
  let status = step.run()
  return (status, buffer.text, player)
}

@Suite struct StepModeTests {
  let prompt = StepMode.choicePrompt

  @Test func enterRunsSkipsAndQuits() throws {
    let (status, text, player) = try stepSession(fixturePath("lesson.py"), ["", "s", "", "q"])
    // A cell failed, so the exit status is 1 (as for `dnnlab run`).
    #expect(status == 1)
    #expect(text.contains("Stepping through \(fixturePath("lesson.py")): 9 cells, 7 to run"))
    #expect(text.contains("# Shapes and dtypes"))
    #expect(text.contains("cell 1: Setup\nIn [ ]: import numpy as np\n\(prompt)\n"))
    // The parameters cell was skipped, so `rows` is undefined in the next one.
    #expect(text.contains("NameError: name 'rows' is not defined"))
    #expect(player.records.compactMap(\.executionCount) == [1, 2])
    // Quitting with cells run offers a transcript; end of input declines.
    #expect(text.contains("Save a transcript?"))
  }

  @Test func backShowsThePreviousCellAgain() throws {
    let (_, text, player) = try stepSession(fixturePath("broken.py"), ["", "b", "", "q"])
    #expect(text.components(separatedBy: "In [ ]: a = 1\n").count == 3)
    // Running the first cell again gave it a new number.
    #expect(player.records[1].executionCount == 2)
  }

  @Test func restRunsToTheFirstErrorThenStepsOn() throws {
    // The transcript offered at the end goes to a temporary folder, not the working directory.
    let dir = try makeTemporaryDirectory()
    let (status, text, _) = try stepSession(fixturePath("broken.py"), ["r", "", dir + "/rest.md"])
    #expect(status == 1)
    #expect(text.contains("Error in cell 3 (In [3]), line 2"))
    #expect(text.contains("In [ ]: print(\"reached the end\")"))
    #expect(text.contains("reached the end\n"))
  }

  @Test func replWithContinue() throws {
    let dir = try makeTemporaryDirectory()
    let (_, text, _) = try stepSession(
      fixturePath("broken.py"), ["", "i", "a + 100", "%continue", "", "q", dir + "/step"])
    #expect(text.contains("%continue (or Ctrl-D) returns to the notebook."))
    #expect(text.contains("Out[2]: 101"))
    // Back in step mode (%continue used In [3]): the next cell runs as In [4].
    #expect(text.contains("b is 2"))
    let saved = try String(contentsOfFile: dir + "/step.md", encoding: .utf8)
    #expect(saved.contains("**In [4]:**\n\n```python\nb = a + 1"))
    #expect(saved.contains("**In [ ]: (not run)**"))
  }

  @Test func keptTranscriptIsNotOfferedAgain() throws {
    let dir = try makeTemporaryDirectory()
    let (_, text, _) = try stepSession(fixturePath("broken.py"), ["", "", "x", "q"], transcript: dir + "/t.ipynb")
    #expect(text.contains("Enter runs the cell; s skips it"))
    #expect(text.contains("Transcript: \(dir)/t.ipynb"))
    #expect(!text.contains("Save a transcript?"))
    let json = try JSON.parse(String(contentsOfFile: dir + "/t.ipynb", encoding: .utf8))
    #expect(json["cells"]?.arrayValue?.compactMap { $0["execution_count"]?.intValue } == [1, 2])
  }
}
