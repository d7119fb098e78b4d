import Foundation

/// `Huber(delta=1.0, name='huber_loss')` / `"huber"`: with e = ŷ − y, the mean over the last
/// axis of ½e² where |e| ≤ δ and δ·|e| − ½δ² beyond, then over samples.
public final class Huber: ElementwiseLoss {
  /// Where the loss turns from quadratic to linear. Defaults to 1.
  public let delta: Float
  let delta64: Double

  /// `name` defaults to the class's `huber_loss` (the function `"huber"` passes its own).
  public init(delta: Double = 1.0, name: String = "huber_loss") throws {
    guard delta.isFinite else { throw NNError.value("Huber's delta must be a finite number, got \(delta)") }
    self.delta = Float(delta)
    delta64 = delta
    super.init(name: name)
  }
  public override var className: String { "Huber" }

  override func term(_ t: Float, _ p: Float) -> (value: Float, slope: Float) {
    let e = p - t
    let a = abs(e)
    if a <= delta { return (0.5 * (e * e), e) }
    return (delta * a - 0.5 * (delta * delta), e > 0 ? delta : (e < 0 ? -delta : 0))
  }

  override func term64(_ t: Double, _ p: Double) -> Double {
    let e = p - t
    let a = abs(e)
    return a <= delta64 ? 0.5 * (e * e) : delta64 * a - 0.5 * (delta64 * delta64)
  }
}

/// `LogCosh(name='log_cosh')` / `"log_cosh"`: the mean over the last axis of log(cosh(ŷ − y)),
/// computed as Keras does, x + softplus(−2x) − log 2, so large errors do not overflow.
public final class LogCosh: ElementwiseLoss {
  /// `name` defaults to `log_cosh`.
  public init(name: String = "log_cosh") { super.init(name: name) }
  public override var className: String { "LogCosh" }

  private static let log2 = Float(Foundation.log(2.0))

  override func term(_ t: Float, _ p: Float) -> (value: Float, slope: Float) {
    let x = p - t
    let value = x + tensorFlowSoftplus(x * -2) - Self.log2
    // d/dx: 1 − 2·sigmoid(−2x) (= tanh x).
    let sigmoid = 1 / (1 + Foundation.exp(2 * x))
    return (value, 1 - 2 * sigmoid)
  }

  override func term64(_ t: Double, _ p: Double) -> Double {
    let x = p - t
    return x + tensorFlowSoftplus64(x * -2) - Foundation.log(2.0)
  }
}
