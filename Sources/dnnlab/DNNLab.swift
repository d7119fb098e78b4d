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

  func run() throws {
    print(DNNLab.helpMessage())
  }
}
