import NN
import Script

/// Routes Keras output (progress bars, summaries, warnings) to the interpreter's output,
/// so notebooks and transcripts capture it.
final class InterpreterOutputSink: OutputSink, @unchecked Sendable {
  private weak var interpreter: Interpreter?
  let isTerminal: Bool
  let columns: Int

  init(_ interpreter: Interpreter, isTerminal: Bool, columns: Int) {
    self.interpreter = interpreter
    self.isTerminal = isTerminal
    self.columns = columns
  }

  func write(_ text: String) { interpreter?.write(text) }
}

/// Runs Keras calls of one interpreter inside that interpreter's `NNSession`, so auto-names,
/// seeds and output stay per notebook even when several interpreters share a process.
final class KerasContext {
  let session: NNSession
  init(session: NNSession) { self.session = session }

  func run<R>(_ body: () throws -> R) rethrows -> R {
    try NNSession.with(session, body)
  }

  /// The same function, run inside this context.
  func wrap(_ value: Value) -> Value {
    guard case .builtin(let f) = value else { return value }
    return .builtin(
      BuiltinFunction(f.name, documentation: f.documentation ?? f.signature?.text) { [self] args, interp in
        try run { try f.call(args, interp) }
      })
  }

  /// Every function of `module` and of its submodules, run inside this context.
  func wrapAll(_ module: ModuleObject) {
    for (name, value) in module.attributes {
      if case .module(let sub) = value {
        wrapAll(sub)
      } else {
        module.attributes[name] = wrap(value)
      }
    }
  }
}
