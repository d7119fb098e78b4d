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
  /// `CosineDecay(initial_learning_rate, decay_steps, alpha=0.0, warmup_target=None,
  /// warmup_steps=0)`: with a warmup target, a linear rise from the initial rate over
  /// `warmup_steps`, then (from the target) `rate · ((1 − α) · ½(1 + cos(π · t / decay_steps)) + α)`,
  /// `t` stopping at `decay_steps`.
  case cosineDecay(
    initial: Double, decaySteps: Double, alpha: Double, warmupTarget: Double?, warmupSteps: Double)
  /// `PolynomialDecay(initial_learning_rate, decay_steps, end_learning_rate=0.0001, power=1.0,
  /// cycle=False)`: `(initial − end) · (1 − t / decay_steps)^power + end`, `t` stopping at
  /// `decay_steps`; with `cycle`, `decay_steps` grows to the next multiple past the step.
  case polynomialDecay(initial: Double, decaySteps: Double, end: Double, power: Double, cycle: Bool)
  /// `CosineDecayRestarts(initial_learning_rate, first_decay_steps, t_mul=2.0, m_mul=1.0,
  /// alpha=0.0)`: cosine decay that restarts, each period `t_mul` times longer and each
  /// restart's height `m_mul` times the last.
  case cosineDecayRestarts(
    initial: Double, firstDecaySteps: Double, tMul: Double, mMul: Double, alpha: Double)
  /// `PiecewiseConstantDecay(boundaries, values)`: `values[0]` up to and including
  /// `boundaries[0]`, `values[i]` up to `boundaries[i]`, then the last value.
  case piecewiseConstant(boundaries: [Double], values: [Double])

  /// Checks the arguments as Keras's constructors do.
  public func validated() throws -> LearningRateSchedule {
    switch self {
    case .exponentialDecay(_, let steps, _, _), .inverseTimeDecay(_, let steps, _, _),
      .cosineDecay(_, let steps, _, _, _), .polynomialDecay(_, let steps, _, _, _):
      guard steps > 0 else {
        throw NNError.value(
          "Argument `decay_steps` must be > 0. Received: decay_steps=\(pythonFloatOrInt(steps))")
      }
    case .cosineDecayRestarts(_, let steps, _, _, _):
      guard steps > 0 else {
        throw NNError.value(
          "Argument `first_decay_steps` must be > 0. Received: first_decay_steps=\(pythonFloatOrInt(steps))")
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
    case .cosineDecay: return "CosineDecay"
    case .polynomialDecay: return "PolynomialDecay"
    case .cosineDecayRestarts: return "CosineDecayRestarts"
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
    case .cosineDecay(let initial, let steps, let alpha, let target, let warmup):
      let decaySteps = Float(steps)
      func decay(_ t: Float, from rate: Float) -> Float {
        let cosine = 0.5 * (1 + cos(pi32 * (t / decaySteps)))
        return rate * (Float(1 - alpha) * cosine + Float(alpha))
      }
      guard let target else { return decay(min(s, decaySteps), from: Float(initial)) }
      let warmupSteps = Float(warmup)
      let t = min(s, decaySteps + warmupSteps)
      if t < warmupSteps { return (Float(target) - Float(initial)) * (t / warmupSteps) + Float(initial) }
      return decay(t - warmupSteps, from: Float(target))
    case .polynomialDecay(let initial, let steps, let end, let power, let cycle):
      var t = s
      var decaySteps = Float(steps)
      if cycle {
        decaySteps *= t == 0 ? 1 : (t / Float(steps)).rounded(.up)
      } else {
        t = min(t, decaySteps)
      }
      let p = t / decaySteps
      return (Float(initial) - Float(end)) * powf(1 - p, Float(power)) + Float(end)
    case .cosineDecayRestarts(let initial, let first, let tMul, let mMul, let alpha):
      let t = Float(tMul)
      var completed = s / Float(first)
      let restart: Float
      if t == 1 {
        restart = completed.rounded(.down)
        completed -= restart
      } else {
        restart = (logf(1 - completed * (1 - t)) / logf(t)).rounded(.down)
        let before = (1 - powf(t, restart)) / (1 - t)
        completed = (completed - before) / powf(t, restart)
      }
      let cosine = 0.5 * powf(Float(mMul), restart) * (1 + cos(pi32 * completed))
      return Float(initial) * ((1 - Float(alpha)) * cosine + Float(alpha))
    case .piecewiseConstant(let boundaries, let values):
      for (i, b) in boundaries.enumerated() where Double(step) <= b { return Float(values[i]) }
      return Float(values.last ?? 0)
    }
  }
}

/// π rounded to the nearest float32, as Keras casts `math.pi` (Swift's `Float.pi` rounds down).
private let pi32 = Float(Double.pi)

/// A Python list of numbers as the script most likely wrote it: `[10, 20]`, `[0.1, 0.01]`.
func pythonList(_ xs: [Double]) -> String { "[" + xs.map(pythonFloatOrInt).joined(separator: ", ") + "]" }

/// `3` for whole numbers, else Python's float text, as Keras's messages show numbers.
func pythonFloatOrInt(_ x: Double) -> String {
  x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : pythonFloat(x)
}
