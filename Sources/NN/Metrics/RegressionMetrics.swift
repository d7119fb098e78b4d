/// `MeanSquaredError` metric (`"mse"`): per-sample mean over the last axis, averaged.
public final class MeanSquaredErrorMetric: MeanMetric {
  public override var prefersLarger: Bool? { false }
  public init(name: String = "mean_squared_error") { super.init(metricName: name) }
  public override var className: String { "MeanSquaredError" }

  override func resolve(labels: [Int], output: [Int]) throws {
    try checkElementwiseLabels(labels, output: output, metric: name)
  }

  override func batchSum(
    labels: UnsafePointer<Float>, labelsPerRow: Int, pred: UnsafePointer<Float>, rows: Int, cols: Int,
    weights: UnsafePointer<Float>?
  ) -> Float {
    var total: Float = 0
    for r in 0..<rows {
      var s: Float = 0
      for j in 0..<cols {
        let d = pred[r * cols + j] - labels[r * labelsPerRow + (labelsPerRow == cols ? j : 0)]
        s += d * d
      }
      total += s / Float(cols) * (weights?[r] ?? 1)
    }
    return total
  }
}

/// `MeanAbsoluteError` metric (`"mae"`).
public final class MeanAbsoluteErrorMetric: MeanMetric {
  public override var prefersLarger: Bool? { false }
  public init(name: String = "mean_absolute_error") { super.init(metricName: name) }
  public override var className: String { "MeanAbsoluteError" }

  override func resolve(labels: [Int], output: [Int]) throws {
    try checkElementwiseLabels(labels, output: output, metric: name)
  }

  override func batchSum(
    labels: UnsafePointer<Float>, labelsPerRow: Int, pred: UnsafePointer<Float>, rows: Int, cols: Int,
    weights: UnsafePointer<Float>?
  ) -> Float {
    var total: Float = 0
    for r in 0..<rows {
      var s: Float = 0
      for j in 0..<cols {
        s += abs(pred[r * cols + j] - labels[r * labelsPerRow + (labelsPerRow == cols ? j : 0)])
      }
      total += s / Float(cols) * (weights?[r] ?? 1)
    }
    return total
  }
}

/// Counts of a confusion matrix at one threshold, over every output element.
public class ConfusionMetric: Metric {
  public override var prefersLarger: Bool? { true }
  public let threshold: Float
  var truePositives: Float = 0
  var falsePositives: Float = 0
  var falseNegatives: Float = 0

  init(metricName: String, threshold: Float) {
    self.threshold = threshold
    super.init(metricName: metricName)
  }

  public override func resetState() {
    truePositives = 0
    falsePositives = 0
    falseNegatives = 0
  }

  override func update(
    labels: UnsafePointer<Float>, labelsPerRow: Int, pred: UnsafePointer<Float>, rows: Int, cols: Int,
    weights: UnsafePointer<Float>?
  ) {
    for r in 0..<rows {
      let w = weights?[r] ?? 1
      for j in 0..<cols {
        let predicted = pred[r * cols + j] > threshold
        let actual = labels[r * labelsPerRow + (labelsPerRow == cols ? j : 0)] != 0
        if predicted && actual { truePositives += w }
        if predicted && !actual { falsePositives += w }
        if !predicted && actual { falseNegatives += w }
      }
    }
  }
}

/// `Precision(thresholds=0.5)`: TP / (TP + FP), 0 when nothing was predicted positive.
public final class Precision: ConfusionMetric {
  /// Without a name Keras numbers them per session: `precision`, `precision_1`, ...
  public init(name: String? = nil, threshold: Float = 0.5) {
    super.init(metricName: name ?? NNSession.current.uniqueName("precision"), threshold: threshold)
  }
  public override var className: String { "Precision" }
  public override func result() -> Float {
    let d = truePositives + falsePositives
    return d == 0 ? 0 : truePositives / d
  }
}

/// `Recall(thresholds=0.5)`: TP / (TP + FN), 0 when there are no positive labels.
public final class Recall: ConfusionMetric {
  /// Without a name Keras numbers them per session: `recall`, `recall_1`, ...
  public init(name: String? = nil, threshold: Float = 0.5) {
    super.init(metricName: name ?? NNSession.current.uniqueName("recall"), threshold: threshold)
  }
  public override var className: String { "Recall" }
  public override func result() -> Float {
    let d = truePositives + falseNegatives
    return d == 0 ? 0 : truePositives / d
  }
}

/// Keras's regression metrics subtract labels from predictions element by element: class
/// numbers (one per sample) against several outputs per sample fail there, as they do here.
func checkElementwiseLabels(_ labels: [Int], output: [Int], metric: String) throws {
  guard labels.count < output.count, (output.last ?? 1) > 1 else { return }
  throw NNError.value(
    "Dimensions must be equal: metric \(metric) cannot subtract predictions of shape "
      + "\(formatBatchShape(output)) from labels of shape \(formatBatchShape(labels))",
    hint: "\(metric) compares values one to one; for class labels use metrics=['accuracy']")
}
