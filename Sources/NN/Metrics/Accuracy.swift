/// A mean over per-sample values (Keras's `MeanMetricWrapper`): total and count in float32.
public class MeanMetric: Metric {
  var total: Float = 0
  var count: Float = 0

  public override func resetState() {
    total = 0
    count = 0
  }

  public override func result() -> Float { count == 0 ? 0 : total / count }

  /// Sum over the batch of the per-sample values.
  func batchSum(
    labels: UnsafePointer<Float>, labelsPerRow: Int, pred: UnsafePointer<Float>, rows: Int, cols: Int,
    weights: UnsafePointer<Float>?
  )
    -> Float
  { 0 }

  override func update(
    labels: UnsafePointer<Float>, labelsPerRow: Int, pred: UnsafePointer<Float>, rows: Int, cols: Int,
    weights: UnsafePointer<Float>?
  ) {
    total += batchSum(
      labels: labels, labelsPerRow: labelsPerRow, pred: pred, rows: rows, cols: cols, weights: weights)
    if let weights {
      // Keras's Mean counts the sum of the weights.
      var sum: Float = 0
      for r in 0..<rows { sum += weights[r] }
      count += sum
    } else {
      count += Float(rows)
    }
  }
}

@inline(__always)
func argmaxRow(_ p: UnsafePointer<Float>, _ cols: Int) -> Int {
  var best = 0
  var m = p[0]
  for j in 1..<max(cols, 1) where p[j] > m {
    m = p[j]
    best = j
  }
  return best
}

/// `SparseCategoricalAccuracy()`: how often argmax(prediction) equals the integer label.
public final class SparseCategoricalAccuracy: MeanMetric {
  public override var prefersLarger: Bool? { true }
  public init(name: String = "sparse_categorical_accuracy") { super.init(metricName: name) }
  public override var className: String { "SparseCategoricalAccuracy" }

  override func batchSum(
    labels: UnsafePointer<Float>, labelsPerRow: Int, pred: UnsafePointer<Float>, rows: Int, cols: Int,
    weights: UnsafePointer<Float>?
  ) -> Float {
    var hits: Float = 0
    for r in 0..<rows where Float(argmaxRow(pred + r * cols, cols)) == labels[r * labelsPerRow] {
      hits += weights?[r] ?? 1
    }
    return hits
  }
}

/// `CategoricalAccuracy()`: how often argmax(prediction) equals argmax(one-hot label).
public final class CategoricalAccuracy: MeanMetric {
  public override var prefersLarger: Bool? { true }
  public init(name: String = "categorical_accuracy") { super.init(metricName: name) }
  public override var className: String { "CategoricalAccuracy" }

  override func batchSum(
    labels: UnsafePointer<Float>, labelsPerRow: Int, pred: UnsafePointer<Float>, rows: Int, cols: Int,
    weights: UnsafePointer<Float>?
  ) -> Float {
    var hits: Float = 0
    for r in 0..<rows {
      let want = labelsPerRow == cols ? argmaxRow(labels + r * cols, cols) : Int(exactly: labels[r]) ?? -1
      if argmaxRow(pred + r * cols, cols) == want { hits += weights?[r] ?? 1 }
    }
    return hits
  }
}

/// `BinaryAccuracy(threshold=0.5)`: per sample, the share of outputs on the label's side of
/// the threshold.
public final class BinaryAccuracy: MeanMetric {
  public override var prefersLarger: Bool? { true }
  public let threshold: Float

  public init(name: String = "binary_accuracy", threshold: Float = 0.5) {
    self.threshold = threshold
    super.init(metricName: name)
  }
  public override var className: String { "BinaryAccuracy" }

  override func batchSum(
    labels: UnsafePointer<Float>, labelsPerRow: Int, pred: UnsafePointer<Float>, rows: Int, cols: Int,
    weights: UnsafePointer<Float>?
  ) -> Float {
    var total: Float = 0
    for r in 0..<rows {
      var hits: Float = 0
      for j in 0..<cols {
        let yp: Float = pred[r * cols + j] > threshold ? 1 : 0
        let yt = labels[r * labelsPerRow + (labelsPerRow == cols ? j : 0)]
        if yp == yt { hits += 1 }
      }
      total += hits / Float(cols) * (weights?[r] ?? 1)
    }
    return total
  }
}

/// `"accuracy"` / `"acc"` before the data is seen: Keras picks binary, sparse categorical or
/// categorical accuracy from the label and output shapes, keeping the name as typed.
public final class AutoAccuracy: Metric {
  public override var prefersLarger: Bool? { true }
  private var chosen: Metric?

  public init(name: String = "accuracy") { super.init(metricName: name) }
  public override var className: String { chosen?.className ?? "Accuracy" }

  override func resolve(labels: [Int], output: [Int]) throws {
    let outLast = output.last ?? 1
    let isBinary = outLast == 1
    let isSparse = labels.count < output.count || (labels.last ?? 1) == 1 && outLast > 1
    let kind: String = isBinary ? "binary" : (isSparse ? "sparse" : "categorical")
    if let c = chosen, c.className.lowercased().hasPrefix(kind) { return }
    chosen =
      isBinary
      ? BinaryAccuracy(name: name)
      : (isSparse ? SparseCategoricalAccuracy(name: name) : CategoricalAccuracy(name: name))
  }

  public override func resetState() { chosen?.resetState() }
  public override func result() -> Float { chosen?.result() ?? 0 }

  override func update(
    labels: UnsafePointer<Float>, labelsPerRow: Int, pred: UnsafePointer<Float>, rows: Int, cols: Int,
    weights: UnsafePointer<Float>?
  ) {
    chosen?.update(
      labels: labels, labelsPerRow: labelsPerRow, pred: pred, rows: rows, cols: cols, weights: weights)
  }
}

/// `keras.metrics.Accuracy()`: how often predictions *equal* the labels, element by
/// element. Unlike the string `"accuracy"` it does not take an argmax or a threshold, so on
/// probabilities it stays near 0, as it does in Keras; labels of one value per row are
/// compared with every column.
public final class ExactAccuracy: MeanMetric {
  public override var prefersLarger: Bool? { true }
  public init(name: String = "accuracy") { super.init(metricName: name) }
  public override var className: String { "Accuracy" }

  override func update(
    labels: UnsafePointer<Float>, labelsPerRow: Int, pred: UnsafePointer<Float>, rows: Int, cols: Int,
    weights: UnsafePointer<Float>?
  ) {
    var hits: Float = 0
    var weightSum: Float = 0
    for r in 0..<rows {
      let w = weights?[r] ?? 1
      for j in 0..<cols {
        let label = labels[r * labelsPerRow + (labelsPerRow == 1 ? 0 : j)]
        if pred[r * cols + j] == label { hits += w }
        weightSum += w
      }
    }
    total += hits
    count += weightSum
  }
}
