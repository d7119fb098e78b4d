import ArgumentParser
import CBLAS
import CSystemZlib
import Foundation
import Notebook

/// The command line: `dnnlab` (the REPL), `dnnlab run NOTEBOOK`, `dnnlab step NOTEBOOK`.
struct DNNLab: ParsableCommand {
  static let version = "0.1.0"

  static let configuration = CommandConfiguration(
    commandName: "dnnlab",
    abstract: "A notebook-style REPL for learning dense neural networks.",
    discussion: """
      Runs Keras course code as written, on dnnlab's own tensor and model libraries. \
      Without a subcommand, starts the REPL (In [n]: prompts, TAB completion, %magics; \
      type ? for help, Ctrl-D to leave).
      """,
    version: versionText(),
    subcommands: [InteractiveSession.self, RunNotebook.self, StepNotebook.self],
    defaultSubcommand: InteractiveSession.self
  )

  /// The version line plus the libraries in use, e.g. the BLAS kernels chosen.
  static func versionText() -> String {
    var lines = ["dnnlab \(version)"]
    if dnnblas_load() == 0 {
      // "OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH …": the second word is the version.
      let config = String(cString: dnnblas_config()).split(separator: " ")
      let blasVersion = config.count > 1 ? String(config[1]) : "?"
      lines.append(
        "OpenBLAS \(blasVersion): \(String(cString: dnnblas_core_name())) kernels, "
          + "\(dnnblas_num_threads()) thread(s) (\(String(cString: dnnblas_choice())))")
    } else {
      lines.append("OpenBLAS: \(String(cString: dnnblas_error()))")
    }
    if let z = zlibVersion() { lines.append("zlib \(String(cString: z))") }
    return lines.joined(separator: "\n")
  }

}

/// `dnnlab` / `dnnlab repl`: the interactive session.
struct InteractiveSession: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "repl",
    abstract: "The REPL (the default): In [n]: prompts, TAB completion, obj?, %magics, Ctrl-D to leave.")

  @Option(name: .long, help: "Keep a transcript of the session in FILE (.md or .ipynb), written after every cell.")
  var transcript: String?

  @Flag(name: .long, help: "Do not read or write ~/.dnnlab_history.")
  var noHistory = false

  func run() throws {
    let session = Session(historyEnabled: !noHistory)
    let repl = session.makeREPL()
    repl.banner =
      "dnnlab \(DNNLab.version) — Keras course code, interactively. Type ? for help, TAB to complete, Ctrl-D to leave."
    if let transcript { repl.transcript = TranscriptWriter(path: transcript, title: "dnnlab session") }
    repl.run()
  }
}

/// Rewrites `-p NAME VALUE` (two words, papermill's spelling) into `-p NAME=VALUE` so the
/// argument parser sees one value, even when VALUE looks like an option (`-p lr -0.5`).
/// `-p NAME=VALUE` is accepted as written.
func rewriteParameterArguments(_ arguments: [String]) -> [String] {
  var out: [String] = []
  var i = 0
  while i < arguments.count {
    let a = arguments[i]
    if a == "--" {
      out += arguments[i...]
      break
    }
    if a == "-p" || a == "--parameter", i + 1 < arguments.count {
      let name = arguments[i + 1]
      if name.contains("=") {
        out += [a, name]
        i += 2
      } else if i + 2 < arguments.count {
        out += [a, name + "=" + arguments[i + 2]]
        i += 3
      } else {
        out += [a, name]
        i += 2
      }
      continue
    }
    out.append(a)
    i += 1
  }
  return out
}

@main
enum Main {
  static func main() {
    let arguments = rewriteParameterArguments(Array(CommandLine.arguments.dropFirst()))
    do {
      var command = try DNNLab.parseAsRoot(arguments)
      try command.run()
    } catch let exit as ExitStatus {
      Foundation.exit(exit.code)
    } catch {
      DNNLab.exit(withError: error)
    }
  }
}

/// A command's exit status other than 0 (a failed cell: 1; an unusable notebook: 2).
struct ExitStatus: Error {
  var code: Int32
}
