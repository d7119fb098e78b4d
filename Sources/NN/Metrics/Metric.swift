import Tensors

/// A Keras metric: state updated batch by batch, ``result()`` read at any time. Values are
/// accumulated in float32 as Keras does, so `0.5205000042915344` comes out the same.
public class Metric: CustomStringConvertible {
  /// The key in logs and History (`accuracy`, `mae`, `precision`).
  public var name: String

  init(metricName: String) { self.name = metricName }

  public var description: String { "<\(className) name=\(name)>" }
  public var className: String { "Metric" }

  /// Whether larger values are better (Keras's `_direction`: `true` for "up", `false` for
  /// "down"), which callbacks with `mode="auto"` follow. Defaults to `nil`: no direction.
  public var prefersLarger: Bool? { nil }

  /// Clears the state (Keras's `reset_state()`).
  public func resetState() {}

  /// The current value.
  public func result() -> Float { 0 }

  /// Fixes choices that depend on data shapes (plain `accuracy`) before the first update.
  func resolve(labels: [Int], output: [Int]) throws {}

  /// Accumulates `rows` rows of `cols` predictions; `labels` has `labelsPerRow` values a row.
  /// `weights` (one per row, `nil` for all 1) weigh each row's value, as Keras's `sample_weight`.
  func update(
    labels: UnsafePointer<Float>, labelsPerRow: Int, pred: UnsafePointer<Float>, rows: Int, cols: Int,
    weights: UnsafePointer<Float>?
  ) {}

  /// `metric.update_state(y_true, y_pred, sample_weight=None)` on tensors.
  public func updateState(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor? = nil) throws {
    let p = try yPred.float32Contiguous()
    let t = try yTrue.float32Contiguous()
    guard p.ndim >= 1, t.ndim >= 1, p.shape[0] == t.shape[0] else {
      throw NNError.value(
        "y_true and y_pred must have the same number of samples; got \(formatShape(t.shape)) and \(formatShape(p.shape))"
      )
    }
    let cols = max(p.ndim >= 2 ? p.shape[p.ndim - 1] : 1, 1)
    let rows = p.count / cols
    try resolve(labels: Array(t.shape.dropFirst()), output: Array(p.shape.dropFirst()))
    guard rows > 0 else { return }
    let perRow = t.count / rows
    guard perRow * rows == t.count, perRow == 1 || perRow == cols else {
      throw NNError.value(
        "Shapes \(formatShape(t.shape)) and \(formatShape(p.shape)) are incompatible for metric \(name)")
    }
    let weights = try SampleWeights.perRow(
      sampleWeight, samples: p.shape[0], rowsPerSample: rows / p.shape[0])
    weights.withPointer { w in
      update(
        labels: t.floatPointer, labelsPerRow: perRow, pred: p.floatPointer, rows: rows, cols: cols, weights: w
      )
    }
  }
}

/// A float32 running mean (`keras.metrics.Mean`): total and count variables.
public final class MeanTracker: Metric {
  private(set) var total: Float = 0
  private(set) var count: Float = 0

  public init(name: String = "mean") { super.init(metricName: name) }
  public override var className: String { "Mean" }

  public override func resetState() {
    total = 0
    count = 0
  }

  /// Adds `value` with weight `weight` (the loss tracker weighs each batch by its size).
  public func update(_ value: Float, weight: Float = 1) {
    total += value * weight
    count += weight
  }

  public override func result() -> Float { count == 0 ? 0 : total / count }
}

/// Metric lookup by name, as `compile(metrics=[...])` resolves strings.
public enum Metrics {
  public static let names = [
    "accuracy", "acc", "binary_accuracy", "categorical_accuracy", "sparse_categorical_accuracy", "mse", "mae",
    "mean_squared_error", "mean_absolute_error", "precision", "recall", "auc",
  ]

  /// The metric called `name`; the reported name is `name` as given (Keras keeps `acc`).
  public static func named(_ name: String) throws -> Metric {
    switch name.lowercased() {
    case "accuracy", "acc": return AutoAccuracy(name: name)
    case "binary_accuracy": return BinaryAccuracy(name: name)
    case "categorical_accuracy": return CategoricalAccuracy(name: name)
    case "sparse_categorical_accuracy": return SparseCategoricalAccuracy(name: name)
    case "mse", "mean_squared_error": return MeanSquaredErrorMetric(name: name)
    case "mae", "mean_absolute_error": return MeanAbsoluteErrorMetric(name: name)
    case "precision":
      let m = Precision()
      m.name = name
      return m
    case "recall":
      let m = Recall()
      m.name = name
      return m
    case "auc": return try AUC(name: name)
    default: throw NameLookup.unknown("metric function", name, known: names)
    }
  }
}
