import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

#if canImport(Glibc)
  private let RUSAGE_SELF_WHO = __rusage_who_t(RUSAGE_SELF.rawValue)
#else
  private let RUSAGE_SELF_WHO = RUSAGE_SELF
#endif

/// `%time` and `%timeit` text, as IPython 8 prints it.
public enum Timing {
  /// IPython's `_format_time`: three significant digits in s, ms, µs or ns
  /// (`1.23 ms`, `456 µs`, `0 ns`); a minute or more as `1min 3s`.
  public static func format(_ seconds: Double, precision: Int = 3) -> String {
    if !seconds.isFinite || seconds > 1e12 || seconds < 0 { return "\(seconds) s" }
    if seconds >= 60 {
      var parts: [String] = []
      var left = seconds
      for (suffix, length) in [("d", 86_400.0), ("h", 3600.0), ("min", 60.0), ("s", 1.0)] {
        let value = Int(left / length)
        if value > 0 {
          left = left.truncatingRemainder(dividingBy: length)
          parts.append("\(value)\(suffix)")
        }
        if left < 1 { break }
      }
      return parts.joined(separator: " ")
    }
    let units = ["s", "ms", "µs", "ns"]
    let scaling = [1.0, 1e3, 1e6, 1e9]
    var order = 3
    if seconds > 0 {
      // min(-int(floor(log10(t)) // 3), 3), with Python's floor division.
      let exponent = Int(floor(log10(seconds)))
      let thousands = Int(floor(Double(exponent) / 3))
      order = max(0, min(-thousands, 3))
    }
    return String(format: "%.*g", precision, seconds * scaling[order]) + " " + units[order]
  }

  /// CPU seconds used by the process so far (user, system), all threads included.
  public static func cpuTimes() -> (user: Double, system: Double) {
    var usage = rusage()
    guard getrusage(RUSAGE_SELF_WHO, &usage) == 0 else { return (0, 0) }
    func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    return (seconds(usage.ru_utime), seconds(usage.ru_stime))
  }

  /// Monotonic seconds.
  public static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

  /// The two lines `%time` prints.
  public static func timeReport(user: Double, system: Double, wall: Double) -> String {
    "CPU times: user \(format(user)), sys: \(format(system)), total: \(format(user + system))\n"
      + "Wall time: \(format(wall))\n"
  }

  /// The result of a `%timeit` measurement: per-loop times of each run.
  public struct TimeitResult: Sendable {
    public var loops: Int
    public var runs: [Double]  // total seconds of each run

    public init(loops: Int, runs: [Double]) {
      self.loops = loops
      self.runs = runs
    }

    public var perLoop: [Double] { runs.map { $0 / Double(max(loops, 1)) } }
    public var mean: Double { perLoop.isEmpty ? 0 : perLoop.reduce(0, +) / Double(perLoop.count) }
    public var standardDeviation: Double {
      guard !perLoop.isEmpty else { return 0 }
      let m = mean
      return (perLoop.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(perLoop.count)).squareRoot()
    }

    /// `1.23 ms ± 45.6 µs per loop (mean ± std. dev. of 7 runs, 1,000 loops each)`.
    public var text: String {
      let loopsText = Timing.grouped(loops)
      return "\(Timing.format(mean)) ± \(Timing.format(standardDeviation)) per loop (mean ± std. dev. of "
        + "\(runs.count) run\(runs.count == 1 ? "" : "s"), \(loopsText) loop\(loops == 1 ? "" : "s") each)"
    }

    /// IPython's warning when the slowest run took over four times the fastest.
    public var cachingWarning: String? {
      let per = perLoop
      guard let best = per.min(), let worst = per.max(), best > 0, worst > 4 * best, worst > 1e-6 else { return nil }
      return String(format: "The slowest run took %.2f times longer than the fastest. ", worst / best)
        + "This could mean that an intermediate result is being cached."
    }
  }

  /// `1000000` → `1,000,000` (Python's `{:,}`).
  public static func grouped(_ n: Int) -> String {
    let digits = String(n.magnitude)
    var out = ""
    for (k, c) in digits.enumerated() {
      if k > 0 && (digits.count - k) % 3 == 0 { out += "," }
      out.append(c)
    }
    return (n < 0 ? "-" : "") + out
  }

  /// IPython's loop count choice: 1, 10, 100, … until one measurement takes at least
  /// 0.2 s. `measure(n)` runs the statement `n` times and returns the seconds taken, or
  /// nil if it failed (then nil is returned).
  public static func chooseLoops(_ measure: (Int) -> Double?) -> Int? {
    var number = 1
    for index in 0..<10 {
      number = Int(pow(10.0, Double(index)))
      guard let t = measure(number) else { return nil }
      if t >= 0.2 { break }
    }
    return number
  }
}
