/// `MeanSquaredError()` / `"mse"`: mean over the last axis of (y − ŷ)², then over samples.
public final class MeanSquaredError: Loss {
  /// `name` defaults to `mean_squared_error`.
  public init(name: String = "mean_squared_error") { super.init(name: name) }
  public override var className: String { "MeanSquaredError" }

  override func compute(
    labels t: UnsafePointer<Float>, pred p: UnsafePointer<Float>, logits: UnsafePointer<Float>?, rows: Int,
    cols: Int, weights w: UnsafePointer<Float>?, gradient g: UnsafeMutablePointer<Float>?, fused: Bool
  ) -> Float {
    var total: Float = 0
    let count = Float(cols), unweightedScale = 2 / Float(rows * cols)
    for r in 0..<rows {
      let wr = w?[r] ?? 1
      let scale = unweightedScale * wr
      var l: Float = 0
      let o = r * cols
      for j in 0..<cols {
        let d = p[o + j] - t[o + j]
        l += d * d
        if let g { g[o + j] = d * scale }
      }
      // TensorFlow's reduce_mean divides the sum by the count.
      total += l / count * wr
    }
    return total / Float(rows)
  }
}

/// `MeanAbsoluteError()` / `"mae"`: mean over the last axis of |y − ŷ|, then over samples.
public final class MeanAbsoluteError: Loss {
  /// `name` defaults to `mean_absolute_error`.
  public init(name: String = "mean_absolute_error") { super.init(name: name) }
  public override var className: String { "MeanAbsoluteError" }

  override func compute(
    labels t: UnsafePointer<Float>, pred p: UnsafePointer<Float>, logits: UnsafePointer<Float>?, rows: Int,
    cols: Int, weights w: UnsafePointer<Float>?, gradient g: UnsafeMutablePointer<Float>?, fused: Bool
  ) -> Float {
    var total: Float = 0
    let count = Float(cols), unweightedScale = 1 / Float(rows * cols)
    for r in 0..<rows {
      let wr = w?[r] ?? 1
      let scale = unweightedScale * wr
      var l: Float = 0
      let o = r * cols
      for j in 0..<cols {
        let d = p[o + j] - t[o + j]
        l += abs(d)
        if let g { g[o + j] = d > 0 ? scale : (d < 0 ? -scale : 0) }
      }
      // TensorFlow's reduce_mean divides the sum by the count.
      total += l / count * wr
    }
    return total / Float(rows)
  }
}
