/// `ReduceLROnPlateau(monitor="val_loss", factor=0.1, patience=10, verbose=0, mode="auto",
/// min_delta=1e-4, cooldown=0, min_lr=0.0)`: multiplies the learning rate by `factor` once
/// the monitored value has not improved for `patience` epochs, then waits `cooldown` epochs.
/// Logs the learning rate as `learning_rate` at each epoch end.
public final class ReduceLROnPlateau: MonitorCallback {
  public let factor: Double
  public let patience: Int
  public let verbose: Int
  public let cooldown: Int
  public let minLR: Double
  private var wait = 0
  private var cooldownCounter = 0

  public init(
    monitor: String = "val_loss", factor: Double = 0.1, patience: Int = 10, verbose: Int = 0,
    mode: String = "auto",
    minDelta: Double = 1e-4, cooldown: Int = 0, minLR: Double = 0
  ) throws {
    guard factor < 1 else {
      throw NNError.value("ReduceLROnPlateau does not support a factor >= 1.0. Received factor=\(factor)")
    }
    self.factor = factor
    self.patience = patience
    self.verbose = verbose
    self.cooldown = cooldown
    self.minLR = minLR
    super.init(monitor: monitor, mode: mode, minDelta: minDelta)
  }

  override func onTrainBegin(_ logs: Logs) {
    wait = 0
    cooldownCounter = 0
    best = nil
  }

  override func onEpochEnd(_ epoch: Int, _ logs: inout Logs) {
    do { try settleDirection() } catch {
      fail(error)
      return
    }
    guard let opt = model?.optimizer else { return }
    logs["learning_rate"] = Double(opt.currentLearningRate)
    guard let current = logs[monitor] else {
      NNSession.current.warn(
        "Learning rate reduction is conditioned on metric `\(monitor)` which is not available. Available metrics "
          + "are: \(logs.keys.joined(separator: ",")).")
      return
    }
    if cooldownCounter > 0 {
      cooldownCounter -= 1
      wait = 0
    }
    if isImprovement(current, best) {
      best = current
      wait = 0
    } else if cooldownCounter <= 0 {
      wait += 1
      guard wait >= patience else { return }
      // Keras compares with min_lr as float32, computes the new rate in double precision and
      // prints that double; the optimizer stores it as float32.
      guard opt.schedule == nil else {
        fail(NNError.type(Optimizer.scheduledRateNotSettable))
        return
      }
      let old = Double(opt.learningRate)
      guard old > Double(Float(minLR)) else { return }
      let new = max(old * factor, minLR)
      opt.learningRate = Float(new)
      if verbose > 0 {
        say("\nEpoch \(epoch + 1): ReduceLROnPlateau reducing learning rate to \(pythonFloat(new)).")
      }
      cooldownCounter = cooldown
      wait = 0
    }
  }
}
