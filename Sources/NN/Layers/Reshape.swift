import Tensors

/// `Reshape(target_shape)`: each sample's values in a new per-sample shape, e.g.
/// `(None, 12)` → `(None, 3, 4)`. One entry of `target_shape` may be `-1`, inferred from the
/// input's size. Row-major data needs no copy, so the pass (and its gradient) is free.
/// Built from creation, as in Keras, so `built` shows True at once.
public final class Reshape: Layer {
  /// The per-sample shape as given (may hold one `-1`).
  public let targetShape: [Int]

  /// Checks `targetShape` as Keras's `validate_reshape_shape` does: every entry non-negative
  /// or `-1`, and at most one `-1`.
  public init(targetShape: [Int], inputShape: [Int]? = nil, name: String? = nil) throws {
    let shown = Reshape.tuple(targetShape)
    if targetShape.contains(where: { $0 < -1 }) {
      throw NNError.value(
        "Each dimension in `target_shape` must be a non-negative integer, or `-1` for a single unknown "
          + "dimension. Received: target_shape=\(shown).")
    }
    if targetShape.filter({ $0 == -1 }).count > 1 {
      throw NNError.value(
        "There must be at most one unknown dimension (-1) in `target_shape`. Received: target_shape=\(shown)."
      )
    }
    self.targetShape = targetShape
    super.init(name: name, defaultName: "reshape", inputShape: inputShape)
  }

  public override var className: String { "Reshape" }

  public override var isBuiltAtCreation: Bool { true }

  /// Python's tuple text: `(3, 4)`, `(12,)`, `()`.
  static func tuple(_ dims: [Int]) -> String {
    dims.count == 1 ? "(\(dims[0]),)" : "(" + dims.map(String.init).joined(separator: ", ") + ")"
  }

  /// Keras's `compute_reshape_output_shape` for a per-sample input shape, with its messages.
  public static func outputShape(input: [Int], target: [Int]) throws -> [Int] {
    var inputSize = 1
    for d in input {
      let (p, overflow) = inputSize.multipliedReportingOverflow(by: d)
      guard !overflow else { throw NNError.value("the input shape \(tuple(input)) is too large") }
      inputSize = p
    }
    var known = 1
    for d in target where d != -1 {
      let (p, overflow) = known.multipliedReportingOverflow(by: d)
      guard !overflow else { throw NNError.value("the target shape \(tuple(target)) is too large") }
      known = p
    }
    guard let unknown = target.firstIndex(of: -1) else {
      guard known == inputSize else {
        throw NNError.value(
          "The total size of the tensor must be unchanged. Received: input_shape=\(tuple(input)), "
            + "target_shape=\(tuple(target))")
      }
      return target
    }
    guard known != 0, inputSize % known == 0 else {
      throw NNError.value(
        "The total size of the tensor must be unchanged, however, the input size cannot by divided by the "
          + "specified dimensions in target_shape. Received: input_shape=\(tuple(input)), "
          + "target_shape=\(tuple(target))")
    }
    var out = target
    out[unknown] = inputSize / known
    return out
  }

  override func computeOutputShape(_ input: [Int]) throws -> [Int] {
    if let declared = declaredInputShape, declared != input {
      throw incompatibleInput(input, expected: declared)
    }
    let out = try Reshape.outputShape(input: input, target: targetShape)
    // dnnlab's shapes have positive sizes only (a zero-size target cannot match a non-empty input).
    guard !out.contains(0) else {
      throw NNError.value(
        "The total size of the tensor must be unchanged. Received: input_shape=\(Reshape.tuple(input)), "
          + "target_shape=\(Reshape.tuple(targetShape))")
    }
    return out
  }
}
