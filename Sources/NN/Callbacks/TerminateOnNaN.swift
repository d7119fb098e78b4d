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
