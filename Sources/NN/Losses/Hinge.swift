import Foundation

/// `Hinge(name='hinge')` / `"hinge"`: the mean over the last axis of max(1 − y·ŷ, 0), then over
/// samples. Labels are −1/+1; when every label of the batch is 0 or 1, Keras reads them as
/// 2y − 1 first.
public final class Hinge: ElementwiseLoss {
  /// `name` defaults to `hinge`.
  public init(name: String = "hinge") { super.init(name: name) }
  public override var className: String { "Hinge" }
  override var labelsBecomeSigns: Bool { true }

  override func term(_ t: Float, _ p: Float) -> (value: Float, slope: Float) {
    let m = 1 - t * p
    // TensorFlow's maximum sends the gradient to its first argument on a tie.
    return m >= 0 ? (m, -t) : (0, 0)
  }

  override func term64(_ t: Double, _ p: Double) -> Double { max(1 - t * p, 0) }
}

/// `SquaredHinge(name='squared_hinge')` / `"squared_hinge"`: the mean over the last axis of
/// max(1 − y·ŷ, 0)², with Hinge's reading of 0/1 labels.
public final class SquaredHinge: ElementwiseLoss {
  /// `name` defaults to `squared_hinge`.
  public init(name: String = "squared_hinge") { super.init(name: name) }
  public override var className: String { "SquaredHinge" }
  override var labelsBecomeSigns: Bool { true }

  override func term(_ t: Float, _ p: Float) -> (value: Float, slope: Float) {
    let m = 1 - t * p
    return m >= 0 ? (m * m, -2 * m * t) : (0, 0)
  }

  override func term64(_ t: Double, _ p: Double) -> Double {
    let m = max(1 - t * p, 0)
    return m * m
  }
}

/// `CategoricalHinge(name='categorical_hinge')` / `"categorical_hinge"`: per row,
/// max(max((1 − y)·ŷ) − Σ y·ŷ + 1, 0) for one-hot (or −1/+1) labels, then the mean over samples.
public final class CategoricalHinge: Loss {
  /// `name` defaults to `categorical_hinge`.
  public init(name: String = "categorical_hinge") { super.init(name: name) }
  public override var className: String { "CategoricalHinge" }

  override func compute(
    labels t: UnsafePointer<Float>, pred p: UnsafePointer<Float>, logits: UnsafePointer<Float>?, rows: Int,
    cols: Int, weights w: UnsafePointer<Float>?, gradient g: UnsafeMutablePointer<Float>?, fused: Bool
  ) -> Float {
    var total: Float = 0
    let unweighted = 1 / Float(rows)
    for r in 0..<rows {
      let wr = w?[r] ?? 1
      let o = r * cols
      var pos: Float = 0
      var neg = -Float.infinity
      for j in 0..<cols {
        pos += t[o + j] * p[o + j]
        neg = max(neg, (1 - t[o + j]) * p[o + j])
      }
      let m = neg - pos + 1
      total += max(m, 0) * wr
      guard let g else { continue }
      let scale = unweighted * wr
      guard m >= 0 else {
        for j in 0..<cols { g[o + j] = 0 }
        continue
      }
      // reduce_max's gradient is shared among the entries equal to the maximum.
      var ties: Float = 0
      for j in 0..<cols where (1 - t[o + j]) * p[o + j] == neg { ties += 1 }
      for j in 0..<cols {
        let isMax = (1 - t[o + j]) * p[o + j] == neg
        g[o + j] = ((isMax ? (1 - t[o + j]) / ties : 0) - t[o + j]) * scale
      }
    }
    return total / Float(rows)
  }

  /// One loss per row of `cols` values, in float64 (the function `categorical_hinge`).
  public func rowLosses(labels: [Double], pred: [Double], cols: Int) -> [Double] {
    guard cols > 0, labels.count == pred.count else { return [] }
    return (0..<(pred.count / cols)).map { r in
      var pos = 0.0, neg = -Double.infinity
      for j in (r * cols)..<((r + 1) * cols) {
        pos += labels[j] * pred[j]
        neg = max(neg, (1 - labels[j]) * pred[j])
      }
      return max(neg - pos + 1, 0)
    }
  }
}
