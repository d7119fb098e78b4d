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
    do { try body() } catch { fail(error) }
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
