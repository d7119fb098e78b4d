import NN

/// The options of a `BatchNormalization` entry.
struct BatchNormalizationSpec {
  var axis: Int
  var momentum: Double
  var epsilon: Double
  var center: Bool
  var scale: Bool
  var beta: Initializer
  var gamma: Initializer
  var movingMean: Initializer
  var movingVariance: Initializer
  var betaRegularizer: Regularizer?
  var gammaRegularizer: Regularizer?
}

extension LayerConfigReader {
  /// The options of a `BatchNormalization` config. Renormalization, synchronized statistics
  /// and constraints are refused unless they hold their defaults.
  static func batchNormalization(_ config: JSONReader, take: (String) -> JSONReader?) throws
    -> BatchNormalizationSpec
  {
    var axis = -1
    if let a = take("axis") {
      if case .array = a.value {
        let list = try a.items()
        guard list.count == 1, let only = list.first else {
          throw a.error(
            "dnnlab's BatchNormalization normalizes one axis, got \(list.count)", kind: .notImplementedError)
        }
        axis = try only.int()
      } else {
        axis = try a.int()
      }
    }
    let momentum = try take("momentum")?.double() ?? 0.99
    let epsilon = try take("epsilon")?.double() ?? 1e-3
    guard momentum.isFinite, epsilon.isFinite, epsilon >= 0 else {
      throw config.error("momentum and epsilon must be finite numbers, epsilon non-negative")
    }
    if let r = take("renorm"), try r.bool() {
      throw r.error("dnnlab's BatchNormalization does not support renorm=True", kind: .notImplementedError)
    }
    if let s = take("synchronized"), try s.bool() {
      throw s.error(
        "dnnlab's BatchNormalization does not support synchronized=True", kind: .notImplementedError)
    }
    // Their defaults only matter with renorm=True.
    _ = take("renorm_clipping")
    _ = take("renorm_momentum")
    for key in ["beta_constraint", "gamma_constraint"] {
      if let v = take(key), !v.value.isNull {
        throw v.error(
          "dnnlab does not support \(key) yet; only null loads", kind: .notImplementedError,
          hint: "remove the \(key) from the model in Keras and save it again")
      }
    }
    return BatchNormalizationSpec(
      axis: axis, momentum: momentum, epsilon: epsilon, center: try take("center")?.bool() ?? true,
      scale: try take("scale")?.bool() ?? true,
      beta: try initializer(take("beta_initializer"), default: .zeros),
      gamma: try initializer(take("gamma_initializer"), default: .ones),
      movingMean: try initializer(take("moving_mean_initializer"), default: .zeros),
      movingVariance: try initializer(take("moving_variance_initializer"), default: .ones),
      betaRegularizer: try regularizer(take("beta_regularizer")),
      gammaRegularizer: try regularizer(take("gamma_regularizer")))
  }
}
