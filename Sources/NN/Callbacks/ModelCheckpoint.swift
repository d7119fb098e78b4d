import Foundation

/// `ModelCheckpoint(filepath, monitor="val_loss", verbose=0, save_best_only=False,
/// save_weights_only=False, mode="auto", save_freq="epoch", initial_value_threshold=None)`:
/// saves the model (or only its weights) after every epoch, or every `save_freq` batches, or
/// only when the monitored value improves.
///
/// NN knows nothing of files: the host passes `save` (writes the model or its weights to a
/// path, creating the folder) and `formatPath` (fills placeholders such as
/// `{epoch:02d}-{val_loss:.2f}` the way Python's `str.format` does).
public final class ModelCheckpoint: MonitorCallback {
  /// When to save: after each epoch, or after every `n` batches.
  public enum Frequency: Equatable, Sendable {
    case epoch
    case batches(Int)
  }

  public typealias Save = (_ model: Sequential, _ path: String, _ weightsOnly: Bool) throws -> Void
  public typealias FormatPath = (_ template: String, _ epoch: Int, _ batch: Int?, _ logs: Logs) throws ->
    String

  public let filepath: String
  public let verbose: Int
  public let saveBestOnly: Bool
  public let saveWeightsOnly: Bool
  public let frequency: Frequency
  private let save: Save
  private let formatPath: FormatPath
  private var currentEpoch = 0
  private var batchesSinceSave = 0

  public init(
    filepath: String, monitor: String = "val_loss", verbose: Int = 0, saveBestOnly: Bool = false,
    saveWeightsOnly: Bool = false, mode: String = "auto", frequency: Frequency = .epoch,
    initialValueThreshold: Double? = nil, save: @escaping Save, formatPath: @escaping FormatPath
  ) throws {
    if case .batches(let n) = frequency, n < 1 {
      throw NNError.value("Unrecognized save_freq: \(n). Expected save_freq are 'epoch' or integer values")
    }
    if saveWeightsOnly {
      guard filepath.hasSuffix(".weights.h5") else {
        throw NNError.value(
          "When using `save_weights_only=True` in `ModelCheckpoint`, the filepath provided must end in "
            + "`.weights.h5` (Keras weights format). Received: filepath=\(filepath)")
      }
    } else {
      guard filepath.hasSuffix(".keras") || filepath.hasSuffix(".h5") else {
        throw NNError.value(
          "The filepath provided must end in `.keras` (Keras model format). Received: filepath=\(filepath)",
          hint:
            "ModelCheckpoint('best.keras', ...) saves the model; with save_weights_only=True use a name ending "
            + "in .weights.h5")
      }
    }
    self.filepath = filepath
    self.verbose = verbose
    self.saveBestOnly = saveBestOnly
    self.saveWeightsOnly = saveWeightsOnly
    self.frequency = frequency
    self.save = save
    self.formatPath = formatPath
    super.init(monitor: monitor, mode: mode, minDelta: 0, initialBest: initialValueThreshold)
  }

  override var wantsBatchLogs: Bool { frequency != .epoch }

  override func onEpochBegin(_ epoch: Int) { currentEpoch = epoch }

  override func onTrainBatchEnd(_ batch: Int, _ logs: Logs) {
    guard case .batches(let n) = frequency, failure == nil else { return }
    batchesSinceSave += 1
    guard batchesSinceSave >= n else { return }
    batchesSinceSave = 0
    checkpoint(epoch: currentEpoch, batch: batch, logs: logs)
  }

  override func onEpochEnd(_ epoch: Int, _ logs: inout Logs) {
    guard failure == nil else { return }
    do { try settleDirection() } catch {
      fail(error)
      return
    }
    if frequency == .epoch { checkpoint(epoch: epoch, batch: nil, logs: logs) }
  }

  private func checkpoint(epoch: Int, batch: Int?, logs: Logs) {
    guard let model else { return }
    do {
      let path = try formatPath(filepath, epoch + 1, batch.map { $0 + 1 }, logs)
      guard shouldSave(epoch: epoch, logs: logs, path: path) else { return }
      try save(model, path, saveWeightsOnly)
      if verbose > 0 { say("\nEpoch \(epoch + 1): finished saving model to \(path)") }
    } catch {
      fail(error)
    }
  }

  private func shouldSave(epoch: Int, logs: Logs, path: String) -> Bool {
    guard saveBestOnly else {
      if verbose > 0 { say("\nEpoch \(epoch + 1): saving model to \(path)") }
      return true
    }
    guard let current = logs[monitor] else {
      NNSession.current.warn("Can save best model only with \(monitor) available.")
      return true
    }
    let bestText = best.map { fixed5($0) } ?? "None"
    if isImprovement(current, best) {
      if verbose > 0 {
        say(
          "\nEpoch \(epoch + 1): \(monitor) improved from \(bestText) to \(fixed5(current)), saving model to \(path)"
        )
      }
      best = current
      return true
    }
    if verbose > 0 { say("\nEpoch \(epoch + 1): \(monitor) did not improve from \(bestText)") }
    return false
  }

  /// Python's `f"{x:.5f}"`.
  private func fixed5(_ x: Double) -> String {
    x.isNaN ? "nan" : x.isInfinite ? (x < 0 ? "-inf" : "inf") : String(format: "%.5f", x)
  }
}
