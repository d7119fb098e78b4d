import ArgumentParser
import Foundation
import Notebook

/// `dnnlab run NOTEBOOK`.
struct RunNotebook: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Run every cell of a notebook (.py percent format or .ipynb) and print the outputs.",
    discussion: """
      Stops at the first error with a banner naming the cell and exits with status 1
      (--allow-errors goes on). Exit status 2: the notebook could not be read.
      """)

  @Argument(help: "The notebook: a Jupytext percent-format .py file or an .ipynb file.")
  var notebook: String

  @Option(name: .long, help: "Write a transcript to FILE after every cell (.md: Markdown, .ipynb: notebook with outputs).")
  var transcript: String?

  @Option(
    name: [.customShort("p"), .customLong("parameter")],
    help: ArgumentHelp(
      "Set variable NAME to VALUE (a Python literal: 1, 0.5, 'text', True, None) before the first cell.",
      valueName: "NAME VALUE"))
  var parameters: [String] = []

  @Flag(name: .long, help: "Keep going after a cell fails.")
  var allowErrors = false

  @Flag(name: .long, help: "Do not show markdown cells.")
  var codeOnly = false

  func run() throws {
    var pairs: [(name: String, value: String)] = []
    for p in parameters {
      guard let eq = p.firstIndex(of: "=") else {
        throw ValidationError("-p needs a name and a value, e.g. -p epochs 1")
      }
      pairs.append((String(p[..<eq]), String(p[p.index(after: eq)...])))
    }
    let session = Session(historyEnabled: false)
    let status = RunCommand.run(
      path: notebook,
      options: RunCommand.Options(
        transcriptPath: transcript, parameters: pairs, allowErrors: allowErrors, codeOnly: codeOnly),
      console: session.console, runner: session.runner)
    if status != 0 { throw ExitStatus(code: status) }
  }
}

/// `dnnlab step NOTEBOOK`.
struct StepNotebook: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "step",
    abstract: "Step through a notebook: Enter runs a cell, s skips, b back, r rest, i REPL, q quits.")

  @Argument(help: "The notebook: a Jupytext percent-format .py file or an .ipynb file.")
  var notebook: String

  @Option(name: .long, help: "Keep a transcript in FILE (.md or .ipynb), written after every cell.")
  var transcript: String?

  func run() throws {
    let session = Session()
    let document: NotebookDocument
    do {
      document = try NotebookDocument.load(path: notebook)
    } catch {
      session.console.err(session.console.style.error("dnnlab: cannot read notebook \(error)") + "\n")
      throw ExitStatus(code: RunCommand.Status.unusable)
    }
    let player = NotebookPlayer(
      document: document, runner: session.runner, console: session.console,
      transcript: transcript.map { TranscriptWriter(path: $0) })
    do {
      try player.startTranscript()
    } catch {
      session.console.err("dnnlab: \(error)\n")
      throw ExitStatus(code: RunCommand.Status.unusable)
    }
    let step = StepMode(player: player, reader: session.reader)
    step.makeREPL = { _ in session.makeREPL() }
    let status = step.run()
    if status != 0 { throw ExitStatus(code: status) }
  }
}
