import Foundation

/// One axis' mapping from data to a 0...1 position, with its ticks. Built from the data and the
/// axes' settings by ``AxisScaleBuilder``; renderers multiply positions by their pixel extent.
public struct AxisMapping: Sendable, Equatable {
  public var scale: AxisScale
  /// View limits in data units (for log, both positive).
  public var lower: Double
  public var upper: Double
  /// Tick positions in data units, inside the limits, with their labels.
  public var ticks: [Double]
  public var tickLabels: [String]

  func transform(_ v: Double) -> Double {
    switch scale {
    case .linear: return v
    case .log: return v > 0 ? log10(v) : -.infinity
    }
  }

  /// The position of `v` in 0...1 (outside for values beyond the limits; non-finite for
  /// values that cannot be placed, like NaN or a non-positive value on a log axis).
  public func position(_ v: Double) -> Double {
    let a = transform(lower), b = transform(upper), t = transform(v)
    guard a != b else { return 0.5 }
    return (t - a) / (b - a)
  }
}

/// Computes view limits and ticks the way matplotlib's defaults do: 5% margins around the data,
/// "nice" tick steps from {1, 2, 2.5, 5} × 10ⁿ (MaxNLocator), decades on log axes.
public enum AxisScaleBuilder {
  /// - Parameters:
  ///   - values: every data coordinate on this axis (non-finite ones are ignored).
  ///   - sticky: values the margins must not cross (bar bottoms at 0, image edges).
  ///   - limits: fixed limits (`xlim`); nil fits the data.
  ///   - ticks: fixed ticks (`xticks`); nil chooses them.
  ///   - maxTicks: the most ticks that fit (default 6).
  public static func mapping(
    values: [Double], sticky: [Double] = [], scale: AxisScale, limits: (Double, Double)?, ticks: TickSpec?,
    maxTicks: Int = 6
  ) -> AxisMapping {
    var (lo, hi) = limits ?? fit(values, sticky: sticky, scale: scale)
    if !lo.isFinite || !hi.isFinite { (lo, hi) = scale == .log ? (1, 10) : (0, 1) }
    if scale == .log {
      if lo <= 0 { lo = hi > 0 ? hi / 10 : 1 }
      if hi <= 0 { hi = lo * 10 }
    }
    if !lo.isFinite || !hi.isFinite { (lo, hi) = scale == .log ? (1, 10) : (0, 1) }
    if lo == hi {
      // A single value: matplotlib widens by a small amount around it.
      if scale == .log {
        lo /= 10
        hi *= 10
      } else {
        let d = lo == 0 ? 1 : abs(lo) * 0.05
        lo -= d
        hi += d
      }
    }
    // Widening can overflow to infinity at the ends of the Double range.
    if !lo.isFinite || !hi.isFinite { (lo, hi) = scale == .log ? (1, 10) : (0, 1) }
    var m = AxisMapping(scale: scale, lower: lo, upper: hi, ticks: [], tickLabels: [])
    if let ticks {
      let inside = ticks.positions.enumerated().filter { within($0.element, lo, hi) }
      m.ticks = inside.map(\.element)
      if let labels = ticks.labels {
        m.tickLabels = inside.map { $0.offset < labels.count ? labels[$0.offset] : "" }
      } else {
        m.tickLabels = format(m.ticks, scale: scale)
      }
    } else {
      m.ticks = scale == .log ? logTicks(lo, hi) : linearTicks(min(lo, hi), max(lo, hi), maxTicks: maxTicks)
      m.tickLabels = format(m.ticks, scale: scale)
    }
    return m
  }

  static func within(_ v: Double, _ a: Double, _ b: Double) -> Bool {
    let span = abs(b - a) * 1e-9
    return v >= min(a, b) - span && v <= max(a, b) + span
  }

  /// Data limits plus 5% of the span on each side (in log space on log axes), not crossing
  /// sticky values from inside.
  static func fit(_ values: [Double], sticky: [Double], scale: AxisScale) -> (Double, Double) {
    let usable = (values + sticky).filter { $0.isFinite && (scale == .linear || $0 > 0) }
    guard let lo = usable.min(), let hi = usable.max() else { return (.nan, .nan) }
    if scale == .log {
      let a = log10(lo), b = log10(hi), m = (b - a) * 0.05
      var l = pow(10, a - m), h = pow(10, b + m)
      for s in sticky where s > 0 {
        if s == lo { l = s }
        if s == hi { h = s }
      }
      return (l, h)
    }
    let m = (hi - lo) * 0.05
    var l = lo - m, h = hi + m
    for s in sticky where s.isFinite {
      if s == lo { l = s }
      if s == hi { h = s }
    }
    return (l, h)
  }

  /// Multiples of a nice step inside [lo, hi]: the smallest step from {1, 2, 2.5, 5} × 10ⁿ
  /// that cuts the span into at most `maxTicks` intervals (so up to `maxTicks + 1` ticks).
  static func linearTicks(_ lo: Double, _ hi: Double, maxTicks: Int) -> [Double] {
    let span = hi - lo
    guard span > 0, span.isFinite, maxTicks > 0 else { return [] }
    let raw = span / Double(maxTicks)
    let magnitude = pow(10, floor(log10(raw)))
    var step = magnitude * 10
    for m in [1, 2, 2.5, 5, 10] where magnitude * m >= raw {
      step = magnitude * m
      break
    }
    let first = ceil(lo / step - 1e-9)
    let last = floor(hi / step + 1e-9)
    guard last - first < 1000 else { return [] }
    var ticks: [Double] = []
    var k = first
    while k <= last {
      let v = k * step
      ticks.append(abs(v) < step * 1e-9 ? 0 : v)
      k += 1
    }
    return ticks
  }

  /// Powers of ten inside [lo, hi]; every other decade when there are many.
  static func logTicks(_ lo: Double, _ hi: Double) -> [Double] {
    let la = log10(min(lo, hi)), lb = log10(max(lo, hi))
    guard la.isFinite, lb.isFinite else { return [] }
    let a = Int(ceil(la - 1e-9)), b = Int(floor(lb + 1e-9))
    guard a <= b, b - a < 400 else { return [] }
    let stride = max(1, (b - a + 1 + 7) / 8)
    return Swift.stride(from: a, through: b, by: stride).map { pow(10, Double($0)) }
  }

  /// Labels with the fewest decimals that tell the ticks apart (`0.0 0.5 1.0`, `0 20 40`),
  /// matplotlib's ScalarFormatter without offsets; log ticks as `10⁻³`.
  public static func format(_ ticks: [Double], scale: AxisScale) -> [String] {
    if scale == .log { return ticks.map(powerOfTen) }
    guard ticks.count > 1 else { return ticks.map { plain($0, decimals: decimalsFor($0)) } }
    let step = zip(ticks.dropFirst(), ticks).map { abs($0 - $1) }.filter { $0 > 0 }.min() ?? 1
    var decimals = max(0, Int(-floor(log10(step) + 1e-9)))
    // Steps like 2.5 or 0.25 need one digit more than their magnitude.
    while decimals < 12, ticks.contains(where: { abs(($0 * pow(10, Double(decimals))).rounded() - $0 * pow(10, Double(decimals))) > 1e-6 }) {
      decimals += 1
    }
    // matplotlib shows every tick with the same number of decimals when any has a fraction.
    let big = ticks.map(abs).max() ?? 0
    if big >= 1e5 || (big > 0 && big < 1e-4) { return ticks.map(scientific) }
    return ticks.map { plain($0, decimals: decimals) }
  }

  static func decimalsFor(_ v: Double) -> Int {
    var d = 0
    while d < 6, abs((v * pow(10, Double(d))).rounded() - v * pow(10, Double(d))) > 1e-9 { d += 1 }
    return d
  }

  static func plain(_ v: Double, decimals: Int) -> String {
    guard v.isFinite else { return "\(v)" }
    let s = String(format: "%.\(decimals)f", v)
    // "-0.0" reads oddly next to the other ticks; matplotlib prints 0 as "0.0" too.
    if s.hasPrefix("-"), Double(s) == 0 { return String(s.dropFirst()) }
    return s.replacingOccurrences(of: "-", with: "−")
  }

  static func scientific(_ v: Double) -> String {
    guard v != 0 else { return "0" }
    return String(format: "%.1e", v)
  }

  static let superscripts: [Character: Character] = [
    "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹", "-": "⁻",
  ]

  static func powerOfTen(_ v: Double) -> String {
    guard v > 0, v.isFinite else { return "" }
    let e = Int(log10(v).rounded())
    return "10" + String(String(e).map { superscripts[$0] ?? $0 })
  }
}
