import Foundation

/// Keras's `backend.epsilon()`, the clipping bound of probability-based crossentropies.
let crossentropyEpsilon: Float = 1e-7

/// `CategoricalCrossentropy(from_logits=False)`: one-hot (or soft) labels, one column per class.
public final class CategoricalCrossentropy: Loss {
  /// `fromLogits` defaults to `false`, `name` to `categorical_crossentropy`.
  public init(fromLogits: Bool = false, name: String = "categorical_crossentropy") {
    super.init(name: name, fromLogits: fromLogits)
  }
  public override var className: String { "CategoricalCrossentropy" }
  override var usesKerasLogits: Bool { true }

  override func checkLabels(_ labels: [Int], output: [Int]) throws {
    if labels == output { return }
    let classes = output.last ?? 1
    if labels == Array(output.dropLast()) || labels == Array(output.dropLast()) + [1] {
      throw NNError.value(
        "Arguments `target` and `output` must have the same \(labels.count == output.count ? "shape" : "rank (ndim)"). "
          + "Received: target.shape=\(formatBatchShape(labels)), output.shape=\(formatBatchShape(output))",
        hint: "the labels are class numbers but categorical_crossentropy expects one-hot rows of \(classes): "
          + "use loss='sparse_categorical_crossentropy', or one-hot encode them with to_categorical(y, \(classes))"
      )
    }
    throw NNError.value(
      "Arguments `target` and `output` must have the same shape. Received: "
        + "target.shape=\(formatBatchShape(labels)), output.shape=\(formatBatchShape(output))",
      hint: "the last layer has \(classes) units, so each label must be a row of \(classes) values")
  }

  override func compute(
    labels t: UnsafePointer<Float>, pred p: UnsafePointer<Float>, logits z: UnsafePointer<Float>?, rows: Int,
    cols: Int, weights w: UnsafePointer<Float>?, gradient g: UnsafeMutablePointer<Float>?, fused: Bool
  ) -> Float {
    var total: Float = 0
    let unweighted = 1 / Float(rows)
    for r in 0..<rows {
      // Keras multiplies each sample's loss by its weight and still divides by the batch size.
      let wr = w?[r] ?? 1
      let inv = unweighted * wr
      let tr = t + r * cols, pr = p + r * cols
      if fused || fromLogits, let zr = (fused ? z : p).map({ $0 + r * cols }) {
        // softmax_cross_entropy_with_logits: Σt·(lse(z) − z).
        var m = zr[0]
        for j in 1..<cols where zr[j] > m { m = zr[j] }
        var s: Float = 0
        for j in 0..<cols { s += fastExp(zr[j] - m) }
        let lse = m + Foundation.log(s)
        var l: Float = 0, tsum: Float = 0
        for j in 0..<cols {
          l += tr[j] * (lse - zr[j])
          tsum += tr[j]
        }
        total += l * wr
        if let g {
          let gr = g + r * cols
          for j in 0..<cols { gr[j] = (fastExp(zr[j] - lse) * tsum - tr[j]) * inv }
        }
      } else {
        // Probabilities: renormalise, clip to [ε, 1-ε], −Σ t·log.
        var s: Float = 0
        for j in 0..<cols { s += pr[j] }
        var l: Float = 0
        for j in 0..<cols {
          let o = pr[j] / s
          let c = min(max(o, crossentropyEpsilon), 1 - crossentropyEpsilon)
          l -= tr[j] * Foundation.log(c)
        }
        total += l * wr
        if let g {
          let gr = g + r * cols
          var dot: Float = 0
          for j in 0..<cols {
            let o = pr[j] / s
            let inside = o >= crossentropyEpsilon && o <= 1 - crossentropyEpsilon
            let c = min(max(o, crossentropyEpsilon), 1 - crossentropyEpsilon)
            gr[j] = inside ? -tr[j] / c : 0
            dot += gr[j] * o
          }
          for j in 0..<cols { gr[j] = (gr[j] - dot) / s * inv }
        }
      }
    }
    return total / Float(rows)  // Keras divides the sum by the batch size
  }
}

/// `SparseCategoricalCrossentropy(from_logits=False)`: integer class labels.
public final class SparseCategoricalCrossentropy: Loss {
  /// `fromLogits` defaults to `false`, `name` to `sparse_categorical_crossentropy`.
  public init(fromLogits: Bool = false, name: String = "sparse_categorical_crossentropy") {
    super.init(name: name, fromLogits: fromLogits)
  }
  public override var className: String { "SparseCategoricalCrossentropy" }
  override var sparseLabels: Bool { true }
  override var usesKerasLogits: Bool { true }

  override func checkLabels(_ labels: [Int], output: [Int]) throws {
    let lead = Array(output.dropLast())
    if labels == lead || labels == lead + [1] { return }
    let classes = output.last ?? 1
    if labels == output, classes > 1 {
      throw NNError.value(
        "Argument `output` must have rank (ndim) `target.ndim - 1`. Received: "
          + "target.shape=\(formatBatchShape(labels)), output.shape=\(formatBatchShape(output))",
        hint:
          "the labels look one-hot encoded (a row of \(classes) per sample) but sparse_categorical_crossentropy "
          + "expects class numbers: use loss='categorical_crossentropy', or pass the class numbers "
          + "(np.argmax(y, axis=1))")
    }
    throw NNError.value(
      "Arguments `target` and `output` must have the same shape up until the last dimension: "
        + "target.shape=\(formatBatchShape(labels)), output.shape=\(formatBatchShape(output))",
      hint: "sparse_categorical_crossentropy expects one class number per sample")
  }

  override func validateLabels(_ labels: UnsafePointer<Float>, count: Int, cols: Int) throws {
    for i in 0..<count {
      let v = labels[i]
      // TensorFlow casts labels to int64 (truncating) and rejects values outside [0, classes).
      if !(v > -1 && v < Float(cols)) {
        let shown = v.isFinite && abs(v) < 9e18 ? String(Int64(v)) : String(describing: v)
        throw NNError(
          .invalidArgumentError,
          "Received a label value of \(shown) which is outside the valid range of [0, \(cols)).",
          hint: cols == 1
            ? "the last layer has 1 unit: for two classes use Dense(1, activation='sigmoid') with "
              + "binary_crossentropy, or Dense(2, activation='softmax')"
            : "the last layer has \(cols) units, so labels must be 0 … \(cols - 1); make it Dense(number_of_classes)"
        )
      }
    }
  }

  override func compute(
    labels t: UnsafePointer<Float>, pred p: UnsafePointer<Float>, logits z: UnsafePointer<Float>?, rows: Int,
    cols: Int, weights w: UnsafePointer<Float>?, gradient g: UnsafeMutablePointer<Float>?, fused: Bool
  ) -> Float {
    var total: Float = 0
    let unweighted = 1 / Float(rows)
    for r in 0..<rows {
      // Keras multiplies each sample's loss by its weight and still divides by the batch size.
      let wr = w?[r] ?? 1
      let inv = unweighted * wr
      let v = t[r]
      let label = v > -1 && v < Float(cols) ? Int(v) : 0
      let pr = p + r * cols
      if fused || fromLogits, let zr = (fused ? z : p).map({ $0 + r * cols }) {
        var m = zr[0]
        for j in 1..<cols where zr[j] > m { m = zr[j] }
        var s: Float = 0
        for j in 0..<cols { s += fastExp(zr[j] - m) }
        let lse = m + Foundation.log(s)
        // TensorFlow's order: log(sum) - (z[label] - max), which can differ from lse - z in the last bit.
        total += (Foundation.log(s) - (zr[label] - m)) * wr
        if let g {
          let gr = g + r * cols
          for j in 0..<cols { gr[j] = fastExp(zr[j] - lse) * inv }
          gr[label] -= inv
        }
      } else {
        // TensorFlow: clip, log, then sparse softmax crossentropy of the logs, computed in its
        // order (log-sum-exp of the shifted logs minus the label's shifted log) so the last
        // bit agrees too.
        var s: Float = 0
        var top = -Float.infinity
        for j in 0..<cols {
          let c = min(max(pr[j], crossentropyEpsilon), 1 - crossentropyEpsilon)
          s += c
          top = max(top, Foundation.log(c))
        }
        var sumExp: Float = 0
        for j in 0..<cols {
          sumExp += Foundation.exp(
            Foundation.log(min(max(pr[j], crossentropyEpsilon), 1 - crossentropyEpsilon)) - top)
        }
        let cy = min(max(pr[label], crossentropyEpsilon), 1 - crossentropyEpsilon)
        total += (Foundation.log(sumExp) - (Foundation.log(cy) - top)) * wr
        if let g {
          let gr = g + r * cols
          for j in 0..<cols {
            let inside = pr[j] >= crossentropyEpsilon && pr[j] <= 1 - crossentropyEpsilon
            var d: Float = 1 / s
            if j == label { d -= 1 / cy }
            gr[j] = inside ? d * inv : 0
          }
        }
      }
    }
    return total / Float(rows)  // Keras divides the sum by the batch size
  }
}

/// `BinaryCrossentropy(from_logits=False)`: labels 0/1 per output unit, averaged over the last axis.
public final class BinaryCrossentropy: Loss {
  /// `fromLogits` defaults to `false`, `name` to `binary_crossentropy`.
  public init(fromLogits: Bool = false, name: String = "binary_crossentropy") {
    super.init(name: name, fromLogits: fromLogits)
  }
  public override var className: String { "BinaryCrossentropy" }
  override var usesKerasLogits: Bool { true }
  override var logitsOpName: String { "Sigmoid" }

  override func compute(
    labels t: UnsafePointer<Float>, pred p: UnsafePointer<Float>, logits z: UnsafePointer<Float>?, rows: Int,
    cols: Int, weights w: UnsafePointer<Float>?, gradient g: UnsafeMutablePointer<Float>?, fused: Bool
  ) -> Float {
    var total: Float = 0
    let inv = 1 / Float(rows)
    let invC = 1 / Float(cols)
    for r in 0..<rows {
      let wr = w?[r] ?? 1
      let scale = inv * invC * wr
      var l: Float = 0
      let o = r * cols
      if fused || fromLogits, let zz = fused ? z : p {
        for j in 0..<cols {
          let x = zz[o + j], y = t[o + j]
          l += max(x, 0) - x * y + Foundation.log1p(fastExp(-abs(x)))
          if let g { g[o + j] = (fastSigmoid(x) - y) * scale }
        }
      } else {
        for j in 0..<cols {
          let y = t[o + j], q = p[o + j]
          let c = min(max(q, crossentropyEpsilon), 1 - crossentropyEpsilon)
          l -= y * Foundation.log(c) + (1 - y) * Foundation.log(1 - c)
          if let g {
            let inside = q >= crossentropyEpsilon && q <= 1 - crossentropyEpsilon
            g[o + j] = inside ? (-(y / c) + (1 - y) / (1 - c)) * scale : 0
          }
        }
      }
      total += l / Float(cols) * wr  // reduce_mean: the sum divided by the count
    }
    return total / Float(rows)  // Keras divides the sum by the batch size
  }
}
