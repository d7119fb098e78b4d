import Script

/// Cell magics in notebook cells (and REPL cells): `%%time` and `%%capture` change how the
/// cell itself runs and is shown, so they are handled here; the others go through
/// `get_ipython().run_cell_magic(...)` as IPython rewrites them (see ``IPythonShell``).
extension CellRunner {
  func run(_ magic: IPythonSyntax.CellMagic) -> CellResult {
    let body = IPythonSyntax.transform(magic.body)
    switch magic.name {
    case "time":
      // IPython prints the timing after the cell's output and before its value.
      return runNumbered(body, timed: true)
    case "capture":
      // `%%capture [--no-stdout] [--no-stderr] [--no-display] [name]`: the printed text is
      // kept (in `name.stdout` when a name is given) instead of shown.
      let name = magic.arguments.split(separator: " ").first { !$0.hasPrefix("-") }.map(String.init)
      let showsPrinted = magic.arguments.split(separator: " ").contains("--no-stdout")
      return runNumbered(body, quiet: !showsPrinted) { [interpreter] text in
        if let name {
          interpreter.setGlobal(name, .object(CapturedOutput(stdout: text, interpreter: interpreter)))
        }
      }
    default:
      let call =
        "get_ipython().run_cell_magic(\(IPythonSyntax.literal(magic.name)), "
        + "\(IPythonSyntax.literal(magic.arguments)), \(IPythonSyntax.literal(magic.body)))"
      return runNumbered(call)
    }
  }
}

/// What `%%capture name` stores: IPython's `CapturedIO`, with the cell's printed text.
final class CapturedOutput: HostObject {
  let stdout: String
  private unowned let interpreter: Interpreter

  init(stdout: String, interpreter: Interpreter) {
    self.stdout = stdout
    self.interpreter = interpreter
  }

  var typeName: String { "CapturedIO" }
  var qualifiedTypeName: String { "IPython.utils.capture.CapturedIO" }
  func repr() -> String { "<IPython.utils.capture.CapturedIO object>" }
  var attributeNames: [String] { ["outputs", "show", "stderr", "stdout"] }

  func getAttribute(_ name: String) throws -> Value? {
    switch name {
    case "stdout": return .str(stdout)
    case "stderr": return .str("")
    case "outputs": return .list(ListObject([]))
    case "show":
      return .builtin(
        BuiltinFunction("show", signature: "", receiverTypeName: typeName) { _, _ in
          self.interpreter.write(self.stdout)
          return .none
        })
    default: return nil
    }
  }
}
