/// How a Keras loss object turns its weighted per-sample losses into the value it returns
/// (Keras 3's `reduction=` argument). A loss holds `LossReduction?`: `nil` is Python's
/// `None`, which, like `"none"`, keeps one value per sample.
public enum LossReduction: String, CaseIterable, Sendable {
  /// The sum divided by the number of values (the default).
  case sumOverBatchSize = "sum_over_batch_size"
  /// The sum of the weighted values.
  case sum
  /// The same arithmetic as `sumOverBatchSize` under its other name.
  case mean
  /// The sum divided by the sum of the sample weights (by the number of values without
  /// weights); 0 when the weights sum to 0.
  case meanWithSampleWeight = "mean_with_sample_weight"
  /// No reduction: the weighted per-sample values, shaped like the batch.
  case perSample = "none"

  /// The accepted values in the order Keras's error message lists them, `None` included.
  static let allowedText =
    "{'sum_over_batch_size', 'sum', None, 'none', 'mean', 'mean_with_sample_weight'}"

  /// Reads Keras's `reduction` argument: one of the names, or `nil` for `None`; anything else
  /// is Keras's `ValueError`. `shown` is how the script spells a non-string value (`3`).
  public static func parse(_ name: String?, shown: String? = nil) throws -> LossReduction? {
    guard let name else { return nil }
    guard let r = LossReduction(rawValue: name) else { throw invalid(shown ?? name) }
    return r
  }

  /// Keras's error for a value that is no reduction; `shown` is the value as `str()` gives it.
  public static func invalid(_ shown: String) -> NNError {
    NNError.value(
      "Invalid value for argument `reduction`. Expected one of \(allowedText). Received: reduction=\(shown)",
      hint: "use 'sum_over_batch_size' (the default), 'sum', 'mean', 'mean_with_sample_weight' or None")
  }
}

extension Optional where Wrapped == LossReduction {
  /// Whether the values are summed into one number (every reduction but `None` and `"none"`).
  var reducesToScalar: Bool {
    switch self {
    case .none, .some(.perSample): return false
    default: return true
    }
  }
}

/// Keras's `reduce_values` on losses already multiplied by their sample weights.
public enum LossReducer {
  /// The reduced values: `values` (shaped `shape`) kept as they are for `None`/`"none"`, for
  /// a 0-d shape and for a shape of `(0,)`, as Keras keeps them; otherwise their float32 sum,
  /// divided by the count or by `weightSum` as `reduction` says. `weightSum` is the sum of the
  /// sample weights, `nil` when none were given. Returns the result's values and shape, and the
  /// divisor (1 when nothing is divided; 0 when Keras's `divide_no_nan` met a zero divisor,
  /// which gives 0 and a zero gradient).
  public static func reduce(
    _ values: [Float], shape: [Int], weightSum: Float?, reduction: LossReduction?
  ) -> (values: [Float], shape: [Int], divisor: Float) {
    guard reduction.reducesToScalar, !shape.isEmpty, shape != [0], let reduction else {
      return (values, shape, 1)
    }
    var total: Float = 0
    for v in values { total += v }
    let divisor: Float
    switch reduction {
    case .sum, .perSample: return ([total], [], 1)
    case .meanWithSampleWeight where weightSum != nil: divisor = weightSum ?? 1
    case .sumOverBatchSize, .mean, .meanWithSampleWeight: divisor = Float(values.count)
    }
    guard divisor != 0 else { return ([0], [], 0) }
    return ([total / divisor], [], divisor)
  }

  /// Factors for the training loop, whose losses give the batch mean Σwᵢlᵢ / rows and its
  /// gradient: the value the loss tracker records is that mean times `value`, and the gradient
  /// the optimizer follows is the mean's times `gradient`. `weightSum` is the sum of the
  /// per-row weights, `nil` without weights.
  ///
  /// Keras's `fit` differentiates a per-sample loss (`None`, `"none"`) as its sum — TensorFlow
  /// sums a vector target — while its loss tracker records the batch's mean.
  public static func trainingFactors(rows: Int, weightSum: Float?, reduction: LossReduction?)
    -> (value: Float, gradient: Float)
  {
    let n = Float(rows)
    switch reduction {
    case .none, .some(.perSample): return (1, n)
    case .some(.sum): return (n, n)
    case .some(.meanWithSampleWeight):
      guard let weightSum else { return (1, 1) }
      let f = weightSum == 0 ? 0 : n / weightSum
      return (f, f)
    case .some(.sumOverBatchSize), .some(.mean): return (1, 1)
    }
  }
}

extension Loss {
  /// The training loop's loss of a batch under ``reduction``: the arguments and gradient of
  /// ``compute(labels:pred:logits:rows:cols:weights:gradient:fused:)``, whose batch mean is
  /// rescaled to Keras's reduction. A loss without reduction gives the batch mean (what
  /// Keras's loss tracker records of it) with the gradient of the batch sum (what TensorFlow
  /// differentiates for a vector loss).
  func reducedBatchLoss(
    labels: UnsafePointer<Float>, pred: UnsafePointer<Float>, logits: UnsafePointer<Float>?, rows: Int,
    cols: Int, weights: UnsafePointer<Float>?, gradient: UnsafeMutablePointer<Float>?, fused: Bool
  ) -> Float {
    let value = compute(
      labels: labels, pred: pred, logits: logits, rows: rows, cols: cols, weights: weights,
      gradient: gradient,
      fused: fused)
    if reduction == .sumOverBatchSize || reduction == .mean { return value }
    var weightSum: Float?
    if let weights {
      var s: Float = 0
      for r in 0..<rows { s += weights[r] }
      weightSum = s
    }
    let factors = LossReducer.trainingFactors(rows: rows, weightSum: weightSum, reduction: reduction)
    if let gradient, factors.gradient != 1 {
      for i in 0..<(rows * cols) { gradient[i] *= factors.gradient }
    }
    return factors.value == 1 ? value : value * factors.value
  }
}

extension Loss {
  /// Keras's `fit`/`evaluate` stack the loss with the weights' penalties, which fails for a
  /// loss left per sample (`reduction=None` or `'none'`): TensorFlow's ValueError, raised
  /// before any batch runs. `hasPenalties` says whether any trainable weight has a regularizer.
  func checkPenalties(_ hasPenalties: Bool) throws {
    guard hasPenalties, !reduction.reducesToScalar else { return }
    throw NNError.value(
      "Shapes must be equal rank, but are 1 and 0",
      hint: "a loss with reduction=None gives one value per sample, which Keras cannot add to the weights' "
        + "penalties (a scalar): use reduction='sum_over_batch_size' or 'sum'")
  }
}
