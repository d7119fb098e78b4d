import Script

/// `dnnlab run NOTEBOOK`: every cell in order, outputs as text, a banner and exit status 1
/// at the first error. The executable parses the command line; this is the whole
/// behaviour, so tests run it as a function.
public enum RunCommand {
  public struct Options {
    /// Where to keep the transcript (`.md` or `.ipynb`); nil for none.
    public var transcriptPath: String?
    /// `-p NAME VALUE` pairs, VALUE as typed (read as a Python literal).
    public var parameters: [(name: String, value: String)]
    /// Go on after a failing cell (default false: stop at the first error).
    public var allowErrors: Bool
    /// Hide markdown cells (default false: show them under a rule).
    public var codeOnly: Bool

    public init(
      transcriptPath: String? = nil, parameters: [(name: String, value: String)] = [], allowErrors: Bool = false,
      codeOnly: Bool = false
    ) {
      self.transcriptPath = transcriptPath
      self.parameters = parameters
      self.allowErrors = allowErrors
      self.codeOnly = codeOnly
    }
  }

  /// Exit statuses: 0 every cell ran, 1 a cell failed (or was interrupted), 2 the
  /// notebook or the arguments could not be used (nothing ran).
  public enum Status {
    public static let success: Int32 = 0
    public static let cellFailed: Int32 = 1
    public static let unusable: Int32 = 2
  }

  /// Loads and runs the notebook at `path`. `runner` lets the caller hold the interpreter
  /// (e.g. to deliver Ctrl-C); by default a fresh one with the built-in modules is used.
  public static func run(path: String, options: Options, console: Console, runner: CellRunner? = nil) -> Int32 {
    let document: NotebookDocument
    do {
      document = try NotebookDocument.load(path: path)
    } catch {
      console.err(console.style.error("dnnlab: cannot read notebook \(error)") + "\n")
      return Status.unusable
    }
    var parameters: [(name: String, value: Value)] = []
    for (name, text) in options.parameters {
      guard Parameters.isValidName(name) else {
        console.err(console.style.error("dnnlab: -p \(name): not a valid Python variable name") + "\n")
        return Status.unusable
      }
      parameters.append((name, Parameters.value(fromLiteral: text)))
    }
    let transcript = options.transcriptPath.map { TranscriptWriter(path: $0, title: nil) }
    let player = NotebookPlayer(
      document: document, runner: runner ?? CellRunner(), console: console, showsMarkdown: !options.codeOnly,
      transcript: transcript, parameters: parameters)
    do {
      try player.startTranscript()
    } catch {
      console.err(console.style.error("dnnlab: \(error)") + "\n")
      return Status.unusable
    }
    let stoppedAt = player.play(allowErrors: options.allowErrors)
    if let transcript { console.err(console.style.dim("Transcript: \(transcript.path)") + "\n") }
    if stoppedAt < document.cells.count {
      let remaining = document.cells[stoppedAt...].filter { $0.kind == .code && !$0.isBlank }.count
      if remaining > 0 {
        console.err(
          console.style.dim(
            "Stopped; \(remaining) code cell\(remaining == 1 ? "" : "s") not run (--allow-errors runs past errors).")
            + "\n")
      }
    }
    return player.errorCount > 0 ? Status.cellFailed : Status.success
  }
}
