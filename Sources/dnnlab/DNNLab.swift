import ArgumentParser
import CBLAS
import CSystemZlib
import Foundation

@main
struct DNNLab: ParsableCommand {
  static let version = "0.1.0"

  static let configuration = CommandConfiguration(
    commandName: "dnnlab",
    abstract: "A notebook-style REPL for learning dense neural networks.",
    discussion: """
      Runs Keras course code as written, on dnnlab's own tensor and model libraries.
      """,
    version: versionText()
  )

  /// The version line plus the libraries in use, e.g. the BLAS kernels chosen.
  static func versionText() -> String {
    var text = "dnnlab \(version)"
    if let z = zlibVersion() { text += "\nzlib \(String(cString: z))" }
    if dnnblas_load() == 0 {
      text += "\nOpenBLAS \(String(cString: dnnblas_config())) (kernels: \(String(cString: dnnblas_core_name())), "
      text += "threads: \(dnnblas_num_threads()); \(String(cString: dnnblas_choice())))"
    } else {
      text += "\nOpenBLAS: \(String(cString: dnnblas_error()))"
    }
    return text
  }

  func run() throws {
    print(DNNLab.helpMessage())
  }
}
