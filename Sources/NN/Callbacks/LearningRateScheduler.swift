/// `LearningRateScheduler(schedule, verbose=0)`: sets the learning rate at each epoch start
/// from `schedule(epoch, lr)` and logs it as `learning_rate`.
public final class LearningRateScheduler: Callback {
  public let schedule: (Int, Double) throws -> Double
  public let verbose: Int

  public init(_ schedule: @escaping (Int, Double) throws -> Double, verbose: Int = 0) {
    self.schedule = schedule
    self.verbose = verbose
    super.init()
  }

  override func onEpochBegin(_ epoch: Int) {
    guard let opt = model?.optimizer else { return }
    guard opt.schedule == nil else {
      fail(NNError.type(Optimizer.scheduledRateNotSettable))
      return
    }
    do {
      let lr = try schedule(epoch, Double(opt.learningRate))
      guard lr.isFinite else {
        fail(
          NNError.value("The output of the `schedule` function should be a float. Got: \(pythonFloat(lr))"))
        return
      }
      opt.learningRate = Float(lr)
      if verbose > 0 {
        say("\nEpoch \(epoch + 1): LearningRateScheduler setting learning rate to \(pythonFloat(lr)).")
      }
    } catch {
      fail(error)
    }
  }

  override func onEpochEnd(_ epoch: Int, _ logs: inout Logs) {
    if let opt = model?.optimizer { logs["learning_rate"] = Double(opt.learningRate) }
  }
}
