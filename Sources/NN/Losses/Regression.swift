/// `MeanSquaredError()` / `"mse"`: mean over the last axis of (y − ŷ)², then over samples.
public final class MeanSquaredError: Loss {
  public init() { super.init(name: "mean_squared_error") }
  public override var className: String { "MeanSquaredError" }

  override func compute(
    labels t: UnsafePointer<Float>, pred p: UnsafePointer<Float>, logits: UnsafePointer<Float>?, rows: Int,
    cols: Int, weights w: UnsafePointer<Float>?, gradient g: UnsafeMutablePointer<Float>?, fused: Bool
  ) -> Float {
    var total: Float = 0
    let invC = 1 / Float(cols), unweightedScale = 2 / Float(rows * cols)
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
      total += l * invC * wr
    }
    return total / Float(rows)
  }
}

/// `MeanAbsoluteError()` / `"mae"`: mean over the last axis of |y − ŷ|, then over samples.
public final class MeanAbsoluteError: Loss {
  public init() { super.init(name: "mean_absolute_error") }
  public override var className: String { "MeanAbsoluteError" }

  override func compute(
    labels t: UnsafePointer<Float>, pred p: UnsafePointer<Float>, logits: UnsafePointer<Float>?, rows: Int,
    cols: Int, weights w: UnsafePointer<Float>?, gradient g: UnsafeMutablePointer<Float>?, fused: Bool
  ) -> Float {
    var total: Float = 0
    let invC = 1 / Float(cols), unweightedScale = 1 / Float(rows * cols)
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
      total += l * invC * wr
    }
    return total / Float(rows)
  }
}
