import Foundation

/// How much `fit`/`evaluate`/`predict` print: Keras's `verbose` 0, 1, 2 or `"auto"` (1).
public enum Verbosity: Sendable, Equatable {
  case auto
  case silent
  case progressBar
  case oneLinePerEpoch

  /// From Keras's integer (0, 1, 2); anything else is an error.
  public init(_ level: Int) throws {
    switch level {
    case 0: self = .silent
    case 1: self = .progressBar
    case 2: self = .oneLinePerEpoch
    default: throw NNError.value("verbose must be 0, 1, 2 or 'auto'. Received: verbose=\(level)")
    }
  }

  var level: Int {
    switch self {
    case .silent: return 0
    case .auto, .progressBar: return 1
    case .oneLinePerEpoch: return 2
    }
  }
}

/// Seconds on a monotonic clock.
func monotonicSeconds() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_MONOTONIC, &ts)
  return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// Keras 3's `Progbar` text: `469/469 ━━━━━━━━━━━━━━━━━━━━ 2s 4ms/step - accuracy: 0.9248 - loss: 0.2604`.
/// On a terminal it redraws one line in place (at most every 50 ms, with Keras's colours);
/// otherwise it writes only the final line. Verbose 2 writes `50/50 - 0s - 5ms/step - ...`.
final class ProgressBar {
  let target: Int
  let verbose: Int
  let sink: OutputSink
  let width = 20
  let interval = 0.05
  private let start: Double
  private var lastUpdate: Double = 0
  private var timeAfterFirstStep: Double?
  private var previousWidth = 0
  private var finished = false
  private(set) var drewPartial = false

  init(target: Int, verbose: Int, sink: OutputSink, now: Double = monotonicSeconds()) {
    self.target = target
    self.verbose = verbose
    self.sink = sink
    self.start = now
  }

  /// Keras's step duration estimate: ignores the first step once there are others.
  private func stepDuration(_ current: Int, _ now: Double) -> Double {
    guard current > 0 else { return 0 }
    let t: Double
    if let after = timeAfterFirstStep, current > 1 {
      t = (now - after) / Double(current - 1)
    } else {
      t = (now - start) / Double(current)
    }
    if current == 1 { timeAfterFirstStep = now }
    return t
  }

  /// Whether a non-final update at this moment would be drawn (lets callers skip building values).
  func wantsUpdate(_ now: Double = monotonicSeconds()) -> Bool {
    verbose == 1 && sink.isTerminal && now - lastUpdate >= interval
  }

  /// Records progress at `current` of `target` steps. `values` is called only when a line
  /// will be drawn. `finalize` ends the bar.
  func update(
    _ current: Int, finalize: Bool, now: Double = monotonicSeconds(), values: () -> [(String, Double)]
  ) {
    if finished { return }
    let perStep = stepDuration(current, now)
    if verbose == 1 {
      if !finalize && (!sink.isTerminal || now - lastUpdate < interval) { return }
      let colour = sink.isTerminal
      let line = ProgressBar.barLine(
        current: current, target: target, width: width,
        eta: finalize ? nil : perStep * Double(target - current),
        elapsed: now - start, perStep: perStep, values: values(), colour: colour)
      var message = colour ? "\r" : ""
      message += line.text
      if colour, previousWidth > line.visibleWidth {
        message += String(repeating: " ", count: previousWidth - line.visibleWidth)
      }
      if finalize { message += "\n" }
      sink.write(message)
      previousWidth = line.visibleWidth
      drewPartial = !finalize
      lastUpdate = now
    } else if verbose == 2, finalize {
      var info = "\(ProgressBar.counter(current, target)) - \(ProgressBar.roundedSeconds(now - start))s"
      info += " -" + ProgressBar.formatTime(perStep)
      for (k, v) in values() { info += " - \(k): " + ProgressBar.formatValue(v, verboseTwo: true) }
      sink.write(info + "\n")
      lastUpdate = now
    }
    if finalize { finished = true }
  }

  /// Ends a partially drawn terminal line (after an interrupt) so later text starts clean.
  func abandon() {
    if drewPartial, sink.isTerminal { sink.write("\n") }
    drewPartial = false
    finished = true
  }

  // MARK: Formatting (Keras's exact rules)

  static func counter(_ current: Int, _ target: Int) -> String {
    let digits = String(max(target, 1)).count
    let c = String(current)
    return String(repeating: " ", count: max(0, digits - c.count)) + c + "/\(target)"
  }

  /// Python's `f"{x:.0f}"` (round half to even on the binary value, as C's printf does).
  static func roundedSeconds(_ x: Double) -> String { String(format: "%.0f", x) }

  /// ` 4ms/step`, ` 2s/step`, ` 850us/step`.
  static func formatTime(_ perStep: Double, unit: String = "step") -> String {
    if perStep >= 1 || perStep == 0 { return " " + String(format: "%.0f", perStep) + "s/\(unit)" }
    if perStep >= 1e-3 { return " " + String(format: "%.0f", perStep * 1000) + "ms/\(unit)" }
    return " " + String(format: "%.0f", perStep * 1_000_000) + "us/\(unit)"
  }

  /// `0.9248`, or `1.2346e-04` below 1e-3 (verbose 2 compares the signed value, as Keras does).
  static func formatValue(_ v: Double, verboseTwo: Bool = false) -> String {
    let big = verboseTwo ? v > 1e-3 : abs(v) > 1e-3
    if v.isNaN { return "nan" }
    if v.isInfinite { return v > 0 ? "inf" : "-inf" }
    return big ? String(format: "%.4f", v) : String(format: "%.4e", v)
  }

  /// Keras's ETA text: `3s`, `1:05`, `1:00:05` (Python `%d` truncates).
  static func formatETA(_ eta: Double) -> String {
    guard eta.isFinite, eta >= 0 else { return "0s" }
    let e = min(eta, 1e12)
    if e > 3600 {
      return String(
        format: "%ld:%02ld:%02ld", Int(e / 3600), Int(e.truncatingRemainder(dividingBy: 3600) / 60),
        Int(e.truncatingRemainder(dividingBy: 60)))
    }
    if e > 60 { return String(format: "%ld:%02ld", Int(e / 60), Int(e.truncatingRemainder(dividingBy: 60))) }
    return "\(Int(e))s"
  }

  /// One bar line and its width on screen (without colour codes).
  static func barLine(
    current: Int, target: Int, width: Int, eta: Double?, elapsed: Double, perStep: Double,
    values: [(String, Double)], colour: Bool
  ) -> (text: String, visibleWidth: Int) {
    let count = counter(current, target)
    let filled = target > 0 ? min(width, max(0, Int(Double(width) * Double(current) / Double(target)))) : 0
    let done = String(repeating: "━", count: filled)
    let rest = String(repeating: "━", count: width - filled)
    let time = eta.map(formatETA) ?? (roundedSeconds(elapsed) + "s")
    var info = ""
    info += formatTime(perStep)
    for (k, v) in values { info += " - \(k): " + formatValue(v) }
    let plain = "\(count) \(done)\(rest) \(time)\(info)"
    guard colour else { return (plain, plain.count) }
    var bar = "\u{1b}[1m\(count)\u{1b}[0m "
    if filled > 0 { bar += "\u{1b}[32m\(done)\u{1b}[0m" }
    bar += "\u{1b}[37m\(rest)\u{1b}[0m"
    return (bar + " \u{1b}[1m\(time)\u{1b}[0m" + info, plain.count)
  }
}
