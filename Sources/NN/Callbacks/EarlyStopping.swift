import Tensors

/// `EarlyStopping(monitor="val_loss", min_delta=0, patience=0, verbose=0, mode="auto",
/// baseline=None, restore_best_weights=False, start_from_epoch=0)`: stops `fit` once the
/// monitored value has not improved for `patience` epochs, optionally putting back the
/// weights of the best epoch.
public final class EarlyStopping: MonitorCallback {
  public let patience: Int
  public let verbose: Int
  public let baseline: Double?
  public let restoreBestWeights: Bool
  public let startFromEpoch: Int

  public private(set) var wait = 0
  public private(set) var stoppedEpoch = 0
  public private(set) var bestEpoch = 0
  private var bestWeights: [Tensor]?

  public init(
    monitor: String = "val_loss", minDelta: Double = 0, patience: Int = 0, verbose: Int = 0,
    mode: String = "auto",
    baseline: Double? = nil, restoreBestWeights: Bool = false, startFromEpoch: Int = 0
  ) throws {
    self.patience = patience
    self.verbose = verbose
    self.baseline = baseline
    self.restoreBestWeights = restoreBestWeights
    self.startFromEpoch = startFromEpoch
    super.init(monitor: monitor, mode: mode, minDelta: minDelta)
  }

  override func onTrainBegin(_ logs: Logs) {
    wait = 0
    stoppedEpoch = 0
    best = nil
    bestWeights = nil
    bestEpoch = 0
  }

  override func onEpochEnd(_ epoch: Int, _ logs: inout Logs) {
    do { try settleDirection() } catch {
      fail(error)
      return
    }
    guard let current = logs[monitor] else {
      NNSession.current.warn(
        "Early stopping conditioned on metric `\(monitor)` which is not available. Available metrics are: "
          + logs.keys.joined(separator: ","))
      return
    }
    if epoch < startFromEpoch { return }
    if restoreBestWeights, bestWeights == nil {
      bestWeights = try? model?.getWeights()
      bestEpoch = epoch
    }
    wait += 1
    if isImprovement(current, best) {
      best = current
      bestEpoch = epoch
      if restoreBestWeights { bestWeights = try? model?.getWeights() }
      // The wait restarts only when the value also beats the baseline.
      if baseline == nil || isImprovement(current, baseline) { wait = 0 }
      return
    }
    if wait >= patience, epoch > 0 {
      stoppedEpoch = epoch
      model?.stopTraining = true
    }
  }

  override func onTrainEnd(_ logs: Logs) {
    if stoppedEpoch > 0, verbose > 0 { say("Epoch \(stoppedEpoch + 1): early stopping") }
    if restoreBestWeights, let w = bestWeights {
      if verbose > 0 { say("Restoring model weights from the end of the best epoch: \(bestEpoch + 1).") }
      try? model?.setWeights(w)
    }
  }
}
