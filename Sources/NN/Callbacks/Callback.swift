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

  /// The first error a hook ran into (a user's function raising, a file that cannot be
  /// written); `fit` stops at the end of the epoch and rethrows it.
  var failure: Error?

  /// Records `error` (the first one wins) and asks `fit` to stop.
  func fail(_ error: Error) {
    if failure == nil { failure = error }
    model?.stopTraining = true
  }

  /// Writes a line to the session's output.
  func say(_ text: String) { NNSession.current.output.write(text + "\n") }
}
