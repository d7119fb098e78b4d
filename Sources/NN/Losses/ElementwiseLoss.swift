import Foundation

/// A loss that is a mean (or a sum) over the last axis of a term of each (label, prediction)
/// pair, then Keras's `sum_over_batch_size` over the rows: Huber, LogCosh, Poisson,
/// KLDivergence, Hinge, SquaredHinge. Subclasses give the term and its slope in float32 (for
/// `fit` and loss objects) and in float64 (for `keras.losses.huber(...)` on float64 arrays,
/// which Keras computes in the arrays' dtype).
public class ElementwiseLoss: Loss {
  /// Whether the terms are averaged over the last axis (`true`, the default) or summed
  /// (KLDivergence sums).
  public var averagesOverLastAxis: Bool { true }

  /// The term for label `t` and prediction `p`, and d(term)/dp.
  func term(_ t: Float, _ p: Float) -> (value: Float, slope: Float) { (0, 0) }

  /// The term in float64, for the loss functions called on float64 arrays.
  func term64(_ t: Double, _ p: Double) -> Double { 0 }

  /// Whether 0/1 labels are read as −1/+1 (the hinge losses, when every label of the batch is
  /// 0 or 1, as Keras's `convert_binary_labels_to_hinge` decides). Defaults to `false`.
  var labelsBecomeSigns: Bool { false }

  /// How labels are rewritten before use: `t·scale + shift`.
  private func labelMap(_ labels: UnsafePointer<Float>, count: Int) -> (scale: Float, shift: Float) {
    guard labelsBecomeSigns else { return (1, 0) }
    for i in 0..<count where labels[i] != 0 && labels[i] != 1 { return (1, 0) }
    return (2, -1)
  }

  override func compute(
    labels t: UnsafePointer<Float>, pred p: UnsafePointer<Float>, logits: UnsafePointer<Float>?, rows: Int,
    cols: Int, weights w: UnsafePointer<Float>?, gradient g: UnsafeMutablePointer<Float>?, fused: Bool
  ) -> Float {
    let (scale, shift) = labelMap(t, count: rows * cols)
    let perRow: Float = averagesOverLastAxis ? 1 / Float(cols) : 1
    let unweighted = perRow / Float(rows)
    var total: Float = 0
    for r in 0..<rows {
      let wr = w?[r] ?? 1
      let gradScale = unweighted * wr
      var l: Float = 0
      let o = r * cols
      for j in 0..<cols {
        let (value, slope) = term(t[o + j] * scale + shift, p[o + j])
        l += value
        if let g { g[o + j] = slope * gradScale }
      }
      total += (averagesOverLastAxis ? l / Float(cols) : l) * wr
    }
    return total / Float(rows)
  }

  /// The rows' losses in float32, reading 0/1 labels as signs only when the whole batch's are
  /// 0 or 1 (as ``compute(labels:pred:logits:rows:cols:weights:gradient:fused:)`` decides).
  override func rowLosses(
    labels t: UnsafePointer<Float>, labelsPerRow: Int, pred p: UnsafePointer<Float>, rows: Int, cols: Int
  ) -> [Float] {
    let (scale, shift) = labelMap(t, count: rows * cols)
    return (0..<rows).map { r in
      var l: Float = 0
      for j in (r * cols)..<((r + 1) * cols) { l += term(t[j] * scale + shift, p[j]).value }
      return averagesOverLastAxis ? l / Float(cols) : l
    }
  }

  /// One loss per row of `cols` values (the Keras function's result before the batch mean),
  /// in float64. `labels` holds one label per prediction.
  public func rowLosses(labels: [Double], pred: [Double], cols: Int) -> [Double] {
    guard cols > 0, labels.count == pred.count else { return [] }
    let binary = labels.allSatisfy { $0 == 0 || $0 == 1 }
    let (scale, shift): (Double, Double) = labelsBecomeSigns && binary ? (2, -1) : (1, 0)
    let rows = pred.count / cols
    return (0..<rows).map { r in
      var s = 0.0
      for j in (r * cols)..<((r + 1) * cols) { s += term64(labels[j] * scale + shift, pred[j]) }
      return averagesOverLastAxis ? s / Double(cols) : s
    }
  }
}

/// Keras's `backend.epsilon()` in float64, as Keras's losses use it on float64 inputs.
let lossEpsilon64 = 1e-7

/// TensorFlow's float32 `softplus`: x above −log(ε)−2, eˣ below log(ε)+2, log1p(eˣ) between.
func tensorFlowSoftplus(_ x: Float) -> Float {
  let threshold: Float = -13.942_385  // log(float32 epsilon) + 2
  if x > -threshold { return x }
  if x < threshold { return Foundation.exp(x) }
  return Foundation.log1p(Foundation.exp(x))
}

/// `softplus` in float64 with TensorFlow's thresholds for float64 (log(2⁻⁵²) + 2).
func tensorFlowSoftplus64(_ x: Double) -> Double {
  let threshold = -34.043_653_389_117_15
  if x > -threshold { return x }
  if x < threshold { return Foundation.exp(x) }
  return Foundation.log1p(Foundation.exp(x))
}
