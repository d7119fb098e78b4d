import Tensors

/// The base of Keras callbacks. `fit` calls these hooks in order: the progress bar first,
/// then the user's callbacks, then `History` (so it records keys callbacks add, such as
/// `learning_rate`). Epoch logs are `inout`: callbacks may add entries.
open class Callback {
  /// The model being trained; set by `fit`.
  public internal(set) weak var model: Sequential?

  public init() {}

  /// Whether this callback needs per-batch logs (building them costs time, so `fit` skips
  /// it when no callback asks).
  var wantsBatchLogs: Bool { false }

  func onTrainBegin(_ logs: Logs) {}
  func onTrainEnd(_ logs: Logs) {}
  func onEpochBegin(_ epoch: Int) {}
  func onEpochEnd(_ epoch: Int, _ logs: inout Logs) {}
  func onTrainBatchBegin(_ batch: Int) {}
  func onTrainBatchEnd(_ batch: Int, _ logs: Logs) {}

  /// Writes a line to the session's output.
  func say(_ text: String) { NNSession.current.output.write(text + "\n") }
}

/// Whether larger values of a monitored quantity are better (Keras's `mode="auto"` rule).
func monitorPrefersMax(_ monitor: String, mode: String) -> Bool {
  switch mode {
  case "max": return true
  case "min": return false
  default:
    var m = monitor
    if m.hasPrefix("val_") { m.removeFirst(4) }
    return m.contains("acc") || m == "precision" || m == "recall" || m.hasPrefix("precision")
      || m.hasPrefix("recall") || m == "auc"
  }
}

/// `EarlyStopping(monitor="val_loss", min_delta=0, patience=0, verbose=0, mode="auto",
/// baseline=None, restore_best_weights=False, start_from_epoch=0)`.
public final class EarlyStopping: Callback {
  public let monitor: String
  public let minDelta: Double
  public let patience: Int
  public let verbose: Int
  public let mode: String
  public let baseline: Double?
  public let restoreBestWeights: Bool
  public let startFromEpoch: Int

  public private(set) var wait = 0
  public private(set) var stoppedEpoch = 0
  public private(set) var best: Double?
  public private(set) var bestEpoch = 0
  private var bestWeights: [Tensor]?

  public init(
    monitor: String = "val_loss", minDelta: Double = 0, patience: Int = 0, verbose: Int = 0,
    mode: String = "auto",
    baseline: Double? = nil, restoreBestWeights: Bool = false, startFromEpoch: Int = 0
  ) throws {
    guard ["auto", "min", "max"].contains(mode) else {
      throw NNError.value("EarlyStopping mode \(mode) is unknown", hint: "use 'auto', 'min' or 'max'")
    }
    self.monitor = monitor
    self.minDelta = abs(minDelta)
    self.patience = patience
    self.verbose = verbose
    self.mode = mode
    self.baseline = baseline
    self.restoreBestWeights = restoreBestWeights
    self.startFromEpoch = startFromEpoch
    super.init()
  }

  private func isImprovement(_ value: Double, _ reference: Double?) -> Bool {
    guard let reference else { return true }
    return monitorPrefersMax(monitor, mode: mode)
      ? value - minDelta > reference : value + minDelta < reference
  }

  override func onTrainBegin(_ logs: Logs) {
    wait = 0
    stoppedEpoch = 0
    best = nil
    bestWeights = nil
    bestEpoch = 0
  }

  override func onEpochEnd(_ epoch: Int, _ logs: inout Logs) {
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

/// `LearningRateScheduler(schedule, verbose=0)`: sets the learning rate at each epoch start
/// from `schedule(epoch, lr)` and logs it as `learning_rate`.
public final class LearningRateScheduler: Callback {
  public let schedule: (Int, Double) throws -> Double
  public let verbose: Int
  /// The first error the schedule threw; `fit` rethrows it.
  var failure: Error?

  public init(_ schedule: @escaping (Int, Double) throws -> Double, verbose: Int = 0) {
    self.schedule = schedule
    self.verbose = verbose
    super.init()
  }

  override func onEpochBegin(_ epoch: Int) {
    guard let opt = model?.optimizer else { return }
    do {
      let lr = try schedule(epoch, Double(opt.learningRate))
      guard lr.isFinite else {
        failure = NNError.value(
          "The output of the `schedule` function should be a float. Got: \(pythonFloat(lr))")
        model?.stopTraining = true
        return
      }
      opt.learningRate = Float(lr)
      if verbose > 0 {
        say("\nEpoch \(epoch + 1): LearningRateScheduler setting learning rate to \(pythonFloat(lr)).")
      }
    } catch {
      failure = error
      model?.stopTraining = true
    }
  }

  override func onEpochEnd(_ epoch: Int, _ logs: inout Logs) {
    if let opt = model?.optimizer { logs["learning_rate"] = Double(opt.learningRate) }
  }
}

/// `ReduceLROnPlateau(monitor="val_loss", factor=0.1, patience=10, verbose=0, mode="auto",
/// min_delta=1e-4, cooldown=0, min_lr=0.0)`.
public final class ReduceLROnPlateau: Callback {
  public let monitor: String
  public let factor: Double
  public let patience: Int
  public let verbose: Int
  public let mode: String
  public let minDelta: Double
  public let cooldown: Int
  public let minLR: Double
  private var wait = 0
  private var cooldownCounter = 0
  private var best: Double?

  public init(
    monitor: String = "val_loss", factor: Double = 0.1, patience: Int = 10, verbose: Int = 0,
    mode: String = "auto",
    minDelta: Double = 1e-4, cooldown: Int = 0, minLR: Double = 0
  ) throws {
    guard factor < 1 else {
      throw NNError.value("ReduceLROnPlateau does not support a factor >= 1.0. Received factor=\(factor)")
    }
    self.monitor = monitor
    self.factor = factor
    self.patience = patience
    self.verbose = verbose
    self.mode = mode
    self.minDelta = minDelta
    self.cooldown = cooldown
    self.minLR = minLR
    super.init()
  }

  private func better(_ a: Double, _ b: Double?) -> Bool {
    guard let b else { return true }
    return monitorPrefersMax(monitor, mode: mode) ? a > b + minDelta : a < b - minDelta
  }

  override func onTrainBegin(_ logs: Logs) {
    wait = 0
    cooldownCounter = 0
    best = nil
  }

  override func onEpochEnd(_ epoch: Int, _ logs: inout Logs) {
    guard let opt = model?.optimizer else { return }
    logs["learning_rate"] = Double(opt.learningRate)
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
    if better(current, best) {
      best = current
      wait = 0
    } else if cooldownCounter <= 0 {
      wait += 1
      if wait >= patience {
        let old = Double(opt.learningRate)
        if old > minLR {
          let new = max(old * factor, minLR)
          opt.learningRate = Float(new)
          if verbose > 0 {
            say(
              "\nEpoch \(epoch + 1): ReduceLROnPlateau reducing learning rate to \(pythonFloat(Double(Float(new))))."
            )
          }
          cooldownCounter = cooldown
          wait = 0
        }
      }
    }
  }
}

/// `TerminateOnNaN()`: stops training when a batch loss is NaN or infinite.
public final class TerminateOnNaN: Callback {
  public override init() { super.init() }
  override var wantsBatchLogs: Bool { true }
  override func onTrainBatchEnd(_ batch: Int, _ logs: Logs) {
    if let l = logs["loss"], !l.isFinite {
      say("Batch \(batch): Invalid loss, terminating training")
      model?.stopTraining = true
    }
  }
}

/// `LambdaCallback(on_epoch_begin, on_epoch_end, on_batch_begin, on_batch_end, on_train_begin,
/// on_train_end)`: closures called at those points. Errors they throw stop `fit` and are rethrown.
public final class LambdaCallback: Callback {
  public typealias EpochHook = (Int, Logs) throws -> Void
  public let onEpochBeginHook: EpochHook?
  public let onEpochEndHook: EpochHook?
  public let onBatchBeginHook: EpochHook?
  public let onBatchEndHook: EpochHook?
  public let onTrainBeginHook: ((Logs) throws -> Void)?
  public let onTrainEndHook: ((Logs) throws -> Void)?
  var failure: Error?

  public init(
    onEpochBegin: EpochHook? = nil, onEpochEnd: EpochHook? = nil, onBatchBegin: EpochHook? = nil,
    onBatchEnd: EpochHook? = nil, onTrainBegin: ((Logs) throws -> Void)? = nil,
    onTrainEnd: ((Logs) throws -> Void)? = nil
  ) {
    onEpochBeginHook = onEpochBegin
    onEpochEndHook = onEpochEnd
    onBatchBeginHook = onBatchBegin
    onBatchEndHook = onBatchEnd
    onTrainBeginHook = onTrainBegin
    onTrainEndHook = onTrainEnd
    super.init()
  }

  override var wantsBatchLogs: Bool { onBatchEndHook != nil || onBatchBeginHook != nil }

  private func run(_ body: () throws -> Void) {
    guard failure == nil else { return }
    do { try body() } catch {
      failure = error
      model?.stopTraining = true
    }
  }

  override func onTrainBegin(_ logs: Logs) { run { try onTrainBeginHook?(logs) } }
  override func onTrainEnd(_ logs: Logs) { run { try onTrainEndHook?(logs) } }
  override func onEpochBegin(_ epoch: Int) { run { try onEpochBeginHook?(epoch, Logs()) } }
  override func onEpochEnd(_ epoch: Int, _ logs: inout Logs) {
    let l = logs
    run { try onEpochEndHook?(epoch, l) }
  }
  override func onTrainBatchBegin(_ batch: Int) { run { try onBatchBeginHook?(batch, Logs()) } }
  override func onTrainBatchEnd(_ batch: Int, _ logs: Logs) { run { try onBatchEndHook?(batch, logs) } }
}
