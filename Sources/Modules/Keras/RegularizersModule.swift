import ModelFiles
import NN
import Script
import Tensors

/// `keras.regularizers`: `L1`, `L2`, `L1L2` (and their lower-case aliases `l1`, `l2`,
/// `l1_l2`), and `get`. Layers take them as `kernel_regularizer=` / `bias_regularizer=`.
enum RegularizersModule {
  static func make() -> ModuleObject {
    let m = ModuleObject(name: "keras.regularizers")
    for name in ["L1", "l1"] {
      m.addFunction(name, signature: "l1=0.01") { a, _ in
        try wrap { try Regularizer.l1(try Convert.double(a["l1"])) }
      }
    }
    for name in ["L2", "l2"] {
      m.addFunction(name, signature: "l2=0.01") { a, _ in
        try wrap { try Regularizer.l2(try Convert.double(a["l2"])) }
      }
    }
    for name in ["L1L2", "l1_l2"] {
      m.addFunction(name, signature: "l1=0.0, l2=0.0") { a, _ in
        try wrap { try Regularizer.l1l2(l1: try Convert.double(a["l1"]), l2: try Convert.double(a["l2"])) }
      }
    }
    m.addFunction("get", signature: "identifier") { a, _ in
      if a["identifier"].isNone { return .none }
      return .object(RegularizerObject(try regularizer(a["identifier"]) ?? .l2()))
    }
    return m
  }

  private static func wrap(_ build: () throws -> Regularizer) throws -> Value {
    .object(RegularizerObject(try Convert.tensors(build)))
  }

  /// A layer's `kernel_regularizer=` argument: `None`, a name (`"l2"`) or a regularizer object.
  static func regularizer(_ value: Value) throws -> Regularizer? {
    switch value {
    case .none: return nil
    case .str(let name): return try Convert.tensors { try Regularizer.named(name) }
    case .object(let o as RegularizerObject): return o.regularizer
    case .dict:
      // A serialized regularizer, as get_config() gives it.
      let json = try ConfigValues.json(value)
      return try ConfigValues.run { try KerasConfig.regularizer(json) }
    default:
      throw ScriptError(
        .valueError, "Could not interpret regularizer identifier: \(reprValue(value))",
        hint: "pass keras.regularizers.l2(0.001), or a name: 'l1', 'l2', 'l1_l2'")
    }
  }
}

/// A regularizer in the script: shown as Keras's object, with its factors readable,
/// `get_config()`, and callable on weights (`l2(w)` gives the penalty as a tf.Tensor).
final class RegularizerObject: HostObject {
  let regularizer: Regularizer
  init(_ regularizer: Regularizer) { self.regularizer = regularizer }

  var typeName: String { regularizer.className }
  var qualifiedTypeName: String { regularizer.qualifiedName }
  func repr() -> String { "<\(regularizer.qualifiedName) object at \(addressString(of: self))>" }

  var attributeNames: [String] { regularizer.config.map(\.0) + ["get_config"] }

  func getAttribute(_ name: String) throws -> Value? {
    if let factor = regularizer.config.first(where: { $0.0 == name }) { return .float(factor.1) }
    guard name == "get_config" else { return nil }
    return .builtin(
      BuiltinFunction("get_config", signature: "") { [regularizer] _, _ in
        .dict(DictObject(regularizer.config.map { ($0.0, .float($0.1)) }))
      })
  }

  var isCallable: Bool { true }

  func call(_ arguments: Arguments, _ interpreter: Interpreter) throws -> Value? {
    guard arguments.positional.count == 1, arguments.keywords.isEmpty else {
      throw ScriptError(.typeError, "a regularizer takes one argument, the weights: l2(w)")
    }
    let w = try Convert.tensor(arguments.positional[0])
    if w.dtype == .float64 {
      // On float64 weights Keras computes in float64, with the factor first rounded to float32.
      let values = w.toDoubles()
      var total: Double = 0
      if regularizer.l1 != 0 { total += Double(Float(regularizer.l1)) * values.reduce(0) { $0 + abs($1) } }
      if regularizer.l2 != 0 { total += Double(Float(regularizer.l2)) * values.reduce(0) { $0 + $1 * $1 } }
      return TensorFlowConvert.value(Tensor(scalar: total, isScalar: false))
    }
    let values = try Convert.tensors { try w.astype(.float32) }.toDoubles().map { Float($0) }
    let penalty = values.withUnsafeBufferPointer { buffer in
      buffer.baseAddress.map { regularizer.penalty($0, count: buffer.count) } ?? 0
    }
    return TensorFlowConvert.value(Tensor(scalar: penalty, isScalar: false))
  }
}
