import NN
import Script
import Tensors

/// The loss classes of `keras.losses` (`MeanSquaredError(reduction='sum')`, …) with Keras 3's
/// signatures: `reduction` (checked as Keras checks it), `name`, and the crossentropies'
/// `from_logits`. Options dnnlab does not compute (`label_smoothing`, an `axis` other than -1,
/// `ignore_class`, a dtype other than float32) are refused rather than ignored.
enum LossClasses {
  /// Keras's `reduction` argument as a ``LossReduction`` (`nil` for None); other values are
  /// Keras's ValueError.
  static func reduction(_ value: Value) throws -> LossReduction? {
    switch value {
    case .none: return nil
    case .str(let s): return try Convert.tensors { try LossReduction.parse(s) }
    default: throw ScriptError(.valueError, LossReduction.invalid(strValue(value)).message)
    }
  }

  static func install(in m: ModuleObject) {
    let reductionDefault = "reduction='sum_over_batch_size'"
    let crossentropy = "from_logits=False, label_smoothing=0.0, axis=-1, \(reductionDefault)"
    let withLogits: [(String, String, String, (Bool, String) -> Loss)] = [
      (
        "CategoricalCrossentropy", "categorical_crossentropy", crossentropy,
        { CategoricalCrossentropy(fromLogits: $0, name: $1) }
      ),
      (
        "SparseCategoricalCrossentropy", "sparse_categorical_crossentropy",
        "from_logits=False, ignore_class=None, \(reductionDefault), axis=-1",
        { SparseCategoricalCrossentropy(fromLogits: $0, name: $1) }
      ),
      (
        "BinaryCrossentropy", "binary_crossentropy", crossentropy,
        { BinaryCrossentropy(fromLogits: $0, name: $1) }
      ),
    ]
    for (className, defaultName, leading, make) in withLogits {
      m.addFunction(className, signature: "\(leading), name='\(defaultName)', dtype=None") { a, interp in
        try refuseUnsupported(a, className)
        let loss = make(try interp.truthy(a["from_logits"]), try name(a, default: defaultName))
        return try object(loss, a)
      }
    }
    let plain: [(String, String, (String) -> Loss)] = [
      ("MeanSquaredError", "mean_squared_error", { MeanSquaredError(name: $0) }),
      ("MeanAbsoluteError", "mean_absolute_error", { MeanAbsoluteError(name: $0) }),
      ("KLDivergence", "kl_divergence", { KLDivergence(name: $0) }),
      ("LogCosh", "log_cosh", { LogCosh(name: $0) }),
      ("Poisson", "poisson", { Poisson(name: $0) }), ("Hinge", "hinge", { Hinge(name: $0) }),
      ("SquaredHinge", "squared_hinge", { SquaredHinge(name: $0) }),
      ("CategoricalHinge", "categorical_hinge", { CategoricalHinge(name: $0) }),
    ]
    for (className, defaultName, make) in plain {
      m.addFunction(className, signature: "\(reductionDefault), name='\(defaultName)', dtype=None") { a, _ in
        try refuseUnsupported(a, className)
        return try object(make(try name(a, default: defaultName)), a)
      }
    }
    m.addFunction("Huber", signature: "delta=1.0, \(reductionDefault), name='huber_loss', dtype=None") {
      a, _ in
      try refuseUnsupported(a, "Huber")
      let delta = try Convert.double(a["delta"])
      let lossName = try name(a, default: "huber_loss")
      return try object(try Convert.tensors { try Huber(delta: delta, name: lossName) }, a)
    }
  }

  /// The loss object, with `reduction` read after the other arguments as Keras reads it.
  private static func object(_ loss: Loss, _ a: BoundArguments) throws -> Value {
    loss.reduction = try reduction(a["reduction"])
    return .object(KerasObject(.loss(loss)))
  }

  /// `name=`; None gives the class's default name.
  private static func name(_ a: BoundArguments, default fallback: String) throws -> String {
    try KerasArgs.optionalString(a["name"]) ?? fallback
  }

  /// Refuses the options dnnlab's losses do not compute.
  private static func refuseUnsupported(_ a: BoundArguments, _ className: String) throws {
    func has(_ name: String) -> Bool { a.signature.parameters.contains { $0.name == name } }
    if has("label_smoothing"), try Convert.double(a["label_smoothing"]) != 0 {
      throw ScriptError(.notImplementedError, "dnnlab's \(className) does not take label_smoothing")
    }
    if has("axis"), try a.int("axis") != -1 {
      throw ScriptError(
        .notImplementedError, "dnnlab's \(className) works along the last axis only (axis=-1)")
    }
    if has("ignore_class"), !a["ignore_class"].isNone {
      throw ScriptError(.notImplementedError, "dnnlab's \(className) does not take ignore_class")
    }
    switch a["dtype"] {
    case .none, .str("float32"): break
    default:
      throw ScriptError(
        .notImplementedError, "dnnlab's losses compute in float32; received dtype=\(reprValue(a["dtype"]))")
    }
  }
}
