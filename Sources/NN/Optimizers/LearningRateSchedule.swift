import Foundation

/// Keras's `keras.optimizers.schedules`: a learning rate that depends on the step (the
/// optimizer's `iterations` before the update), computed in float32 as Keras's TensorFlow
/// backend computes it.
public enum LearningRateSchedule: Equatable, Sendable {
  /// `ExponentialDecay(initial_learning_rate, decay_steps, decay_rate, staircase=False)`:
  /// `initial · rate^(step / decay_steps)`, the exponent floored when `staircase`.
  case exponentialDecay(initial: Double, decaySteps: Double, decayRate: Double, staircase: Bool)
  /// `InverseTimeDecay(initial_learning_rate, decay_steps, decay_rate, staircase=False)`:
  /// `initial / (1 + rate · step / decay_steps)`, the ratio floored when `staircase`.
  case inverseTimeDecay(initial: Double, decaySteps: Double, decayRate: Double, staircase: Bool)
  /// `PiecewiseConstantDecay(boundaries, values)`: `values[0]` up to and including
  /// `boundaries[0]`, `values[i]` up to `boundaries[i]`, then the last value.
  case piecewiseConstant(boundaries: [Double], values: [Double])

  /// Checks the arguments as Keras's constructors do.
  public func validated() throws -> LearningRateSchedule {
    switch self {
    case .exponentialDecay(_, let steps, _, _), .inverseTimeDecay(_, let steps, _, _):
      guard steps > 0 else {
        throw NNError.value(
          "Argument `decay_steps` must be > 0. Received: decay_steps=\(pythonFloatOrInt(steps))")
      }
    case .piecewiseConstant(let boundaries, let values):
      guard boundaries.count + 1 == values.count else {
        throw NNError.value(
          "The length of boundaries should be 1 less than the length of values. Received: "
            + "boundaries=\(pythonList(boundaries)) of length \(boundaries.count), and "
            + "values=\(pythonList(values)) of length \(values.count).")
      }
    }
    return self
  }

  /// Keras's class name.
  public var className: String {
    switch self {
    case .exponentialDecay: return "ExponentialDecay"
    case .inverseTimeDecay: return "InverseTimeDecay"
    case .piecewiseConstant: return "PiecewiseConstantDecay"
    }
  }

  /// The learning rate at `step`.
  public func rate(atStep step: Int) -> Float {
    let s = Float(step)
    switch self {
    case .exponentialDecay(let initial, let steps, let rate, let staircase):
      var p = s / Float(steps)
      if staircase { p = p.rounded(.down) }
      return Float(initial) * powf(Float(rate), p)
    case .inverseTimeDecay(let initial, let steps, let rate, let staircase):
      var p = s / Float(steps)
      if staircase { p = p.rounded(.down) }
      return Float(initial) / (1 + Float(rate) * p)
    case .piecewiseConstant(let boundaries, let values):
      for (i, b) in boundaries.enumerated() where Double(step) <= b { return Float(values[i]) }
      return Float(values.last ?? 0)
    }
  }
}

/// A Python list of numbers as the script most likely wrote it: `[10, 20]`, `[0.1, 0.01]`.
func pythonList(_ xs: [Double]) -> String { "[" + xs.map(pythonFloatOrInt).joined(separator: ", ") + "]" }

/// `3` for whole numbers, else Python's float text, as Keras's messages show numbers.
func pythonFloatOrInt(_ x: Double) -> String {
  x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : pythonFloat(x)
}
