import Foundation
import Tensors

/// A Keras loss: per-sample losses (one per row of the last axis) reduced as ``reduction``
/// says, Keras's `sum_over_batch_size` (their mean) by default. Subclasses compute values and
/// gradients over float32 rows; calls on tensors are in LossCall.swift.
public class Loss: CustomStringConvertible {
  /// Keras's function name (`sparse_categorical_crossentropy`).
  public let name: String
  /// Whether the model outputs logits rather than probabilities (crossentropies only).
  public let fromLogits: Bool
  /// The name `compile` was given (`"mse"`), which `model.loss` returns as Keras does;
  /// `nil` for a loss object.
  public var identifier: String?
  /// Keras's `reduction=`: how the weighted per-sample losses become the loss's value, in a
  /// call and in `fit`/`evaluate`. `nil` is Python's `None` (no reduction, as `.perSample`).
  /// Defaults to `.sumOverBatchSize`.
  public var reduction: LossReduction? = .sumOverBatchSize

  init(name: String, fromLogits: Bool = false) {
    self.name = name
    self.fromLogits = fromLogits
  }

  public var description: String { "<\(className) name=\(name)>" }

  /// Keras's class name (`SparseCategoricalCrossentropy`).
  public var className: String { "Loss" }

  /// Whether labels are class indices, one per output row.
  var sparseLabels: Bool { false }

  /// Whether this loss takes the logits behind a softmax or sigmoid output. Keras 3 on
  /// TensorFlow does so for every crossentropy, whatever `from_logits` says and whichever of
  /// the two activations produced the output (they record `_keras_logits`).
  var usesKerasLogits: Bool { false }

  /// The TensorFlow op name in Keras's `from_logits=True` warning.
  var logitsOpName: String { "Softmax" }

  /// Labels per output row of `cols` values: `cols` for dense labels, 1 for sparse ones.
  func labelsPerRow(_ cols: Int) -> Int { sparseLabels ? 1 : cols }

  /// Checks a label array's per-sample shape against the model's per-sample output shape;
  /// the errors name the usual mix-ups (one-hot vs integer labels).
  func checkLabels(_ labels: [Int], output: [Int]) throws {
    if labels == output { return }
    // Keras squeezes or expands a trailing axis of 1: (N,) against (N, 1) is fine.
    if labels + [1] == output || labels == output + [1] { return }
    throw NNError.value(
      "Arguments `target` and `output` must have the same shape. Received: "
        + "target.shape=\(formatBatchShape(labels)), output.shape=\(formatBatchShape(output))",
      hint: "the labels must have one value per model output; the last layer has \(output.last ?? 1) units")
  }

  /// Mean loss over `rows` rows of `cols` predictions. When `gradient` is given, writes
  /// d(mean loss)/d(prediction) there — or d/d(logits) when `fused`, in which case `logits`
  /// holds the pre-activation values of `pred`. `weights` (one per row, or `nil` for all 1)
  /// multiply each row's loss, and the sum is still divided by `rows`, as Keras's
  /// `sum_over_batch_size` reduction does.
  func compute(
    labels: UnsafePointer<Float>, pred: UnsafePointer<Float>, logits: UnsafePointer<Float>?, rows: Int,
    cols: Int, weights: UnsafePointer<Float>?, gradient: UnsafeMutablePointer<Float>?, fused: Bool
  ) -> Float { 0 }

  /// One loss per row, unweighted and unreduced, each as ``compute(labels:pred:logits:rows:cols:weights:gradient:fused:)``
  /// computes a batch of that one row. `labelsPerRow` labels a row.
  func rowLosses(
    labels: UnsafePointer<Float>, labelsPerRow: Int, pred: UnsafePointer<Float>, rows: Int, cols: Int
  )
    -> [Float]
  {
    (0..<rows).map { r in
      compute(
        labels: labels + r * labelsPerRow, pred: pred + r * cols, logits: nil, rows: 1, cols: cols,
        weights: nil,
        gradient: nil, fused: false)
    }
  }

  /// Validates labels before use (sparse labels must be whole class indices in range).
  func validateLabels(_ labels: UnsafePointer<Float>, count: Int, cols: Int) throws {}
}

/// Loss lookup by Keras name.
public enum Losses {
  public static let names = [
    "categorical_crossentropy", "sparse_categorical_crossentropy", "binary_crossentropy",
    "mean_squared_error",
    "mean_absolute_error", "mse", "mae", "huber", "log_cosh", "kl_divergence", "kld", "poisson", "hinge",
    "squared_hinge", "categorical_hinge",
  ]

  /// The loss called `name` (`"mse"`, `"sparse_categorical_crossentropy"`, ...), with
  /// "Did you mean" for unknown names.
  public static func named(_ name: String, fromLogits: Bool = false) throws -> Loss {
    switch name.lowercased() {
    case "categorical_crossentropy", "categoricalcrossentropy":
      return CategoricalCrossentropy(fromLogits: fromLogits)
    case "sparse_categorical_crossentropy", "sparsecategoricalcrossentropy":
      return SparseCategoricalCrossentropy(fromLogits: fromLogits)
    case "binary_crossentropy", "binarycrossentropy":
      return BinaryCrossentropy(fromLogits: fromLogits)
    case "mse", "mean_squared_error", "meansquarederror": return MeanSquaredError()
    case "mae", "mean_absolute_error", "meanabsoluteerror": return MeanAbsoluteError()
    // A function's name gives a loss of that name; a class name the class's default name.
    case "huber": return try Huber(name: "huber")
    case "log_cosh": return LogCosh()
    case "kl_divergence", "kld", "kldivergence": return KLDivergence()
    case "poisson": return Poisson()
    case "hinge": return Hinge()
    case "squared_hinge", "squaredhinge": return SquaredHinge()
    case "categorical_hinge", "categoricalhinge": return CategoricalHinge()
    case "logcosh": return LogCosh()
    default: throw NameLookup.unknown("loss function", name, known: names)
    }
  }
}
