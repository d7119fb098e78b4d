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

  func showWarning(_ text: String, category: String, place: String) -> Bool {
    guard let interpreter else { return false }
    interpreter.warn(text, category: category, place: place)
    return true
  }
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

/// Ctrl-C inside Keras calls. The executable turns Ctrl-C into `requestInterrupt()` on the
/// interpreter; the script only checks that flag between its own steps, while `fit`,
/// `evaluate` and `predict` spend their time in Swift batch loops.
enum KerasInterrupts {
  /// Runs `body` (a Keras call from a script) so that an interrupt request of `interpreter`
  /// stops its batch loop at the next batch boundary — the model keeps what it learned, and
  /// `model.history` the finished epochs — and then ends the cell with `KeyboardInterrupt`,
  /// as in Keras, where Ctrl-C leaves `fit` with the exception rather than a return value.
  /// Ending the cell matters for `dnnlab run`: Ctrl-C must stop the notebook, not go on
  /// to the next cell.
  static func honouring<R>(_ interpreter: Interpreter, _ body: () throws -> R) throws -> R {
    let result: R
    do {
      let request = HostStopRequest { interpreter.isInterruptRequested }
      result = try NNSession.$hostStopRequest.withValue(request) { try body() }
    } catch {
      // An interrupted `evaluate`/`predict` throws its own error: report the interrupt.
      try interpreter.checkInterrupt()
      throw error
    }
    try interpreter.checkInterrupt()
    return result
  }
}
