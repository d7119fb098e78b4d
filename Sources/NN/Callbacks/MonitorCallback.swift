/// The base of the callbacks that watch one logged quantity (`EarlyStopping`,
/// `ReduceLROnPlateau`, `ModelCheckpoint`), as Keras 3's `MonitorCallback`: which way is
/// better, and whether a value improves on a reference by more than `minDelta`.
public class MonitorCallback: Callback {
  /// The log key watched (`val_loss`, `accuracy`, …). Defaults to `"val_loss"`.
  public let monitor: String
  /// `"auto"`, `"min"` or `"max"`; an unknown mode falls back to `"auto"` with a warning.
  public let mode: String
  /// The smallest change that counts as an improvement (its absolute value).
  public let minDelta: Double
  /// The best value so far, or the initial threshold; `nil` before the first value.
  public internal(set) var best: Double?

  /// Whether larger is better; settled at the first epoch end, once the metrics exist.
  private(set) var prefersLarger: Bool?

  init(monitor: String, mode: String, minDelta: Double, initialBest: Double? = nil) {
    let known = ["auto", "min", "max"].contains(mode)
    self.monitor = monitor
    self.mode = known ? mode : "auto"
    self.minDelta = abs(minDelta)
    self.best = initialBest
    super.init()
    if !known {
      NNSession.current.warn(
        "\(String(describing: type(of: self))) mode '\(mode)' is unknown, fallback to auto mode.")
    }
  }

  /// Settles the direction: `min`/`max` as given; with `auto`, the loss goes down, a compiled
  /// metric goes its own way (accuracy, precision and recall up; mse and mae down), and any
  /// other name is an error, as in Keras.
  func settleDirection() throws {
    if prefersLarger != nil { return }
    switch mode {
    case "min": prefersLarger = false
    case "max": prefersLarger = true
    default:
      let name = monitor.hasPrefix("val_") ? String(monitor.dropFirst(4)) : monitor
      if name == "loss" {
        prefersLarger = false
      } else if let metric = model?.metricSlots.first(where: { $0.logName == name })?.metric,
        let larger = metric.prefersLarger
      {
        prefersLarger = larger
      }
      guard prefersLarger != nil else {
        throw NNError.value(
          "\(String(describing: type(of: self))) callback received monitor=\(monitor), but Keras isn't able to "
            + "automatically determine whether that metric should be maximized or minimized. Pass `mode='max'` in "
            + "order to monitor based on the highest metric value, or pass `mode='min'` in order to use the lowest "
            + "value.",
          hint: "the metrics logged here are loss and the compiled metrics (with val_ for validation)")
      }
    }
  }

  /// Whether `value` beats `reference` by more than `minDelta` (any value beats `nil`).
  func isImprovement(_ value: Double, _ reference: Double?) -> Bool {
    guard let reference else { return true }
    return prefersLarger == true ? value - minDelta > reference : value + minDelta < reference
  }
}
