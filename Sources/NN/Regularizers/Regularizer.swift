/// Keras's weight penalties, added to the loss while training and evaluating:
/// `L1(l1=0.01)` is `l1 · Σ|w|`, `L2(l2=0.01)` is `l2 · Σw²`, and `L1L2(l1=0.0, l2=0.0)` is
/// their sum. The gradient gains `l1 · sign(w)` and `2 · l2 · w`.
public struct Regularizer: Equatable, Sendable {
  /// `L1`, `L2` or `L1L2`, Keras's class names (for configs and reprs).
  public let className: String
  /// The factors as given (Keras keeps Python floats in its config); applied in float32.
  public let l1: Double
  public let l2: Double

  private init(className: String, l1: Double, l2: Double) throws {
    for (name, value) in [("l1", l1), ("l2", l2)] where className.contains(name.uppercased()) {
      guard value.isFinite, value >= 0 else {
        throw NNError.value(
          "Invalid value for argument \(name): expected a non-negative float.Received: \(name)=\(pythonFloat(value))"
        )
      }
    }
    self.className = className
    self.l1 = l1
    self.l2 = l2
  }

  /// `keras.regularizers.L1(l1=0.01)` (also `l1`).
  public static func l1(_ l1: Double = 0.01) throws -> Regularizer {
    // Keras's L1 keeps its factor as a float32 tensor, so its config shows the float32 value.
    let made = try Regularizer(className: "L1", l1: l1, l2: 0)
    return try Regularizer(className: "L1", l1: Double(Float(made.l1)), l2: 0)
  }
  /// `keras.regularizers.L2(l2=0.01)` (also `l2`).
  public static func l2(_ l2: Double = 0.01) throws -> Regularizer {
    try Regularizer(className: "L2", l1: 0, l2: l2)
  }
  /// `keras.regularizers.L1L2(l1=0.0, l2=0.0)` (also `l1_l2`).
  public static func l1l2(l1: Double = 0, l2: Double = 0) throws -> Regularizer {
    try Regularizer(className: "L1L2", l1: l1, l2: l2)
  }

  /// The regularizer a Keras name stands for (`"l2"`: `L2()`), with "Did you mean" otherwise.
  public static func named(_ name: String) throws -> Regularizer {
    switch name.lowercased() {
    case "l1": return try .l1()
    case "l2": return try .l2()
    case "l1_l2", "l1l2": return try .l1l2()
    default: throw NameLookup.unknown("regularizer", name, known: ["l1", "l2", "l1_l2"])
    }
  }

  /// The penalty for `count` weights at `w`, in float32 as Keras computes `l2 * sum(square(w))`
  /// (the sum accumulated in double precision, then rounded once).
  public func penalty(_ w: UnsafePointer<Float>, count: Int) -> Float {
    var total: Float = 0
    if l1 != 0 {
      var s: Double = 0
      for i in 0..<count { s += Double(abs(w[i])) }
      total += Float(l1) * Float(s)
    }
    if l2 != 0 {
      var s: Double = 0
      for i in 0..<count { s += Double(w[i] * w[i]) }
      total += Float(l2) * Float(s)
    }
    return total
  }

  /// Adds the penalty's gradient to `g`: `l1 · sign(w)` and `l2 · (2w)`, as TensorFlow's
  /// gradients of `abs` and `square` give them.
  public func addGradient(_ w: UnsafePointer<Float>, into g: UnsafeMutablePointer<Float>, count: Int) {
    let a = Float(l1), b = Float(l2)
    if a != 0 {
      for i in 0..<count {
        let sign: Float = w[i] > 0 ? 1 : (w[i] < 0 ? -1 : 0)
        g[i] += a * sign
      }
    }
    if b != 0 {
      for i in 0..<count { g[i] += b * (2 * w[i]) }
    }
  }

  /// Keras's `get_config()`: `{"l2": 0.01}`, `{"l1": …}` or `{"l1": …, "l2": …}`.
  public var config: [(String, Double)] {
    switch className {
    case "L1": return [("l1", l1)]
    case "L2": return [("l2", l2)]
    default: return [("l1", l1), ("l2", l2)]
    }
  }

  /// As Python shows the object: `<keras.src.regularizers.regularizers.L2 object at …>` without
  /// the address.
  public var qualifiedName: String { "keras.src.regularizers.regularizers.\(className)" }
}
