import NN
import Script
import Tensors

/// Script values to Keras configuration: activations, optimizers, losses, metrics,
/// callbacks, shapes and verbosity.
enum KerasArgs {
  static func activation(_ v: Value) throws -> ActivationFunction {
    switch v {
    case .none: return .linear
    case .str(let s): return try Convert.tensors { try Activations.named(s) }
    case .object(let o as KerasObject):
      if case .activation(let f) = o.payload { return f }
    default: break
    }
    throw ScriptError(
      .valueError, "Could not interpret activation function identifier: \(reprValue(v))",
      hint: "use a name such as 'relu' or 'softmax', or a function such as tf.nn.relu")
  }

  static func optimizer(_ v: Value) throws -> Optimizer {
    switch v {
    case .str(let s): return try Convert.tensors { try Optimizers.named(s) }
    case .object(let o as KerasObject):
      if case .optimizer(let opt) = o.payload { return opt }
    default: break
    }
    throw ScriptError(.valueError, "Could not interpret optimizer identifier: \(reprValue(v))")
  }

  static func loss(_ v: Value) throws -> Loss? {
    switch v {
    case .none: return nil
    case .str(let s): return try Convert.tensors { try Losses.named(s) }
    case .object(let o as KerasObject):
      if case .loss(let l) = o.payload { return l }
    default: break
    }
    throw ScriptError(.valueError, "Could not interpret loss identifier: \(reprValue(v))")
  }

  static func metrics(_ v: Value, _ interpreter: Interpreter) throws -> [Metric] {
    if case .none = v { return [] }
    return try interpreter.elements(of: v).map { item in
      switch item {
      case .str(let s): return try Convert.tensors { try Metrics.named(s) }
      case .object(let o as KerasObject):
        if case .metric(let m) = o.payload { return m }
      default: break
      }
      throw ScriptError(.valueError, "Could not interpret metric identifier: \(reprValue(item))")
    }
  }

  static func callbacks(_ v: Value, _ interpreter: Interpreter) throws -> [Callback] {
    if case .none = v { return [] }
    return try interpreter.elements(of: v).map { item in
      if case .object(let o as KerasObject) = item, case .callback(let c) = o.payload { return c }
      if case .object(let h as HistoryObject) = item { return h.history }
      throw ScriptError(.typeError, "callbacks must be Keras callbacks, got \(reprValue(item))")
    }
  }

  /// `input_shape=(784,)` or `shape=(28, 28)`; None gives nil.
  static func shape(_ v: Value) throws -> [Int]? {
    if case .none = v { return nil }
    return try Convert.shape(v)
  }

  static func verbosity(_ v: Value) throws -> Verbosity {
    switch v {
    case .str("auto"): return .auto
    case .int(let i): return try Convert.tensors { try Verbosity(i) }
    case .bool(let b): return b ? .progressBar : .silent
    default:
      throw ScriptError(.valueError, "verbose must be 0, 1, 2 or 'auto'. Received: verbose=\(reprValue(v))")
    }
  }

  static func optionalString(_ v: Value) throws -> String? {
    switch v {
    case .none: return nil
    case .str(let s): return s
    default: throw ScriptError(.typeError, "expected a string, got \(reprValue(v))")
    }
  }

  /// A Python number to Double, for learning rates and the like.
  static func number(_ v: Value) throws -> Double { try Convert.double(v) }
}
