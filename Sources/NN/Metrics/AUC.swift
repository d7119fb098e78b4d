import Foundation

/// `AUC(num_thresholds=200, curve='ROC', summation_method='interpolation', name=None,
/// from_logits=False)`: the area under the ROC (or precision-recall) curve, from confusion
/// counts at `num_thresholds` evenly spaced thresholds (−ε, 1/(n−1), …, (n−2)/(n−1), 1+ε), as
/// Keras 3.15 computes it in float32. Every output element is one prediction (Keras's
/// `multi_label=False`): labels count as positive when nonzero, predictions are clipped to
/// [0, 1] (after a sigmoid with `from_logits`), and a prediction p falls in bucket
/// ⌈p·(n−1)⌉−1 (0 at least), counting as positive for every threshold up to it.
///
/// `result()` sums trapezoids of TPR over FPR (ROC), or uses Keras's closed-form precision
/// interpolation (PR), or minoring / majoring rectangles.
public final class AUC: Metric {
  public enum Curve: String, Sendable { case roc = "ROC", pr = "PR" }
  public enum Summation: String, Sendable { case interpolation, minoring, majoring }

  public let numThresholds: Int
  public let curve: Curve
  public let summation: Summation
  public let fromLogits: Bool
  private(set) var truePositives: [Float]
  private(set) var falsePositives: [Float]
  private(set) var trueNegatives: [Float]
  private(set) var falseNegatives: [Float]

  /// Without a name Keras numbers them per session: `auc`, `auc_1`, ...; `curve` is `ROC` or
  /// `PR` (any case), `summationMethod` `interpolation`, `minoring` or `majoring`.
  public init(
    numThresholds: Int = 200, curve: String = "ROC", summationMethod: String = "interpolation",
    name: String? = nil, fromLogits: Bool = false
  ) throws {
    guard numThresholds > 1 else {
      throw NNError.value(
        "Argument `num_thresholds` must be an integer > 1. Received: num_thresholds=\(numThresholds)")
    }
    guard numThresholds <= 10_000_000 else {
      throw NNError(
        .memoryError, "num_thresholds=\(numThresholds) needs more memory than dnnlab allows a metric")
    }
    if curve == "PRGAIN" || curve == "prgain" {
      throw NNError(.notImplementedError, "dnnlab's AUC supports curve='ROC' and curve='PR', not 'PRGAIN'")
    }
    guard ["ROC", "roc", "PR", "pr"].contains(curve), let c = Curve(rawValue: curve.uppercased()) else {
      throw NNError.value(
        "Invalid AUC curve value: \"\(curve)\". Expected values are [\"PR\", \"ROC\", \"PRGAIN\"]")
    }
    let lowered = summationMethod.lowercased()
    guard summationMethod == lowered || summationMethod == lowered.capitalized,
      let s = Summation(rawValue: lowered)
    else {
      throw NNError.value(
        "Invalid AUC summation method value: \"\(summationMethod)\". Expected values are [\"interpolation\", "
          + "\"majoring\", \"minoring\"]")
    }
    self.numThresholds = numThresholds
    self.curve = c
    self.summation = s
    self.fromLogits = fromLogits
    let zeros = [Float](repeating: 0, count: numThresholds)
    (truePositives, falsePositives, trueNegatives, falseNegatives) = (zeros, zeros, zeros, zeros)
    super.init(metricName: name ?? NNSession.current.uniqueName("auc"))
  }

  public override var className: String { "AUC" }
  public override var prefersLarger: Bool? { true }

  public override func resetState() {
    let zeros = [Float](repeating: 0, count: numThresholds)
    (truePositives, falsePositives, trueNegatives, falseNegatives) = (zeros, zeros, zeros, zeros)
  }

  override func update(
    labels: UnsafePointer<Float>, labelsPerRow: Int, pred: UnsafePointer<Float>, rows: Int, cols: Int,
    weights: UnsafePointer<Float>?
  ) {
    let n = numThresholds
    var tpBucket = [Float](repeating: 0, count: n), fpBucket = [Float](repeating: 0, count: n)
    var totalTrue: Float = 0, totalFalse: Float = 0
    let scale = Float(n - 1)
    for r in 0..<rows {
      let w = weights?[r] ?? 1
      for j in 0..<cols {
        var p = pred[r * cols + j]
        if fromLogits { p = 1 / (1 + Foundation.exp(-p)) }
        let positive: Float = labels[r * labelsPerRow + (labelsPerRow == cols ? j : 0)] != 0 ? 1 : 0
        let t = positive * w, f = (1 - positive) * w
        totalTrue += t
        totalFalse += f
        // TensorFlow drops a NaN prediction's segment id (it is no bucket).
        guard !p.isNaN else { continue }
        p = min(max(p, 0), 1)
        let bucket = min(max(Int((p * scale).rounded(.up)) - 1, 0), n - 1)
        tpBucket[bucket] += t
        fpBucket[bucket] += f
      }
    }
    // Reverse cumulative sums: a prediction counts at every threshold up to its bucket.
    var tpSum: Float = 0, fpSum: Float = 0
    for i in stride(from: n - 1, through: 0, by: -1) {
      tpSum += tpBucket[i]
      fpSum += fpBucket[i]
      truePositives[i] += tpSum
      falsePositives[i] += fpSum
      falseNegatives[i] += totalTrue - tpSum
      trueNegatives[i] += totalFalse - fpSum
    }
  }

  /// TensorFlow's `divide_no_nan`: 0 where the denominator is 0.
  private func divideNoNaN(_ a: Float, _ b: Float) -> Float { b == 0 ? 0 : a / b }

  public override func result() -> Float {
    let n = numThresholds
    let tp = truePositives, fp = falsePositives, tn = trueNegatives, fn = falseNegatives
    if curve == .pr && summation == .interpolation {
      var total: Float = 0
      for i in 0..<(n - 1) {
        let dtp = tp[i] - tp[i + 1]
        let p0 = tp[i] + fp[i], p1 = tp[i + 1] + fp[i + 1]
        let slope = divideNoNaN(dtp, max(p0 - p1, 0))
        let intercept = tp[i + 1] - slope * p1
        let ratio = p0 > 0 && p1 > 0 ? divideNoNaN(p0, max(p1, 0)) : 1
        total += divideNoNaN(slope * (dtp + intercept * Foundation.log(ratio)), max(tp[i + 1] + fn[i + 1], 0))
      }
      return total
    }
    let recall = (0..<n).map { divideNoNaN(tp[$0], tp[$0] + fn[$0]) }
    let x: [Float], y: [Float]
    if curve == .roc {
      x = (0..<n).map { divideNoNaN(fp[$0], fp[$0] + tn[$0]) }
      y = recall
    } else {
      x = recall
      y = (0..<n).map { divideNoNaN(tp[$0], tp[$0] + fp[$0]) }
    }
    var total: Float = 0
    for i in 0..<(n - 1) {
      let height: Float
      switch summation {
      case .interpolation: height = (y[i] + y[i + 1]) / 2
      case .minoring: height = min(y[i], y[i + 1])
      case .majoring: height = max(y[i], y[i + 1])
      }
      total += (x[i] - x[i + 1]) * height
    }
    return total
  }
}
