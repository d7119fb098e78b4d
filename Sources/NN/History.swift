/// Named values from one batch or epoch, in Keras's order (sorted names; `val_` entries
/// after the training ones).
public struct Logs: Sendable, Equatable, CustomStringConvertible {
  public private(set) var entries: [(String, Double)] = []

  public init(_ entries: [(String, Double)] = []) { self.entries = entries }

  public subscript(key: String) -> Double? {
    get { entries.first(where: { $0.0 == key })?.1 }
    set {
      if let i = entries.firstIndex(where: { $0.0 == key }) {
        if let v = newValue { entries[i].1 = v } else { entries.remove(at: i) }
      } else if let v = newValue {
        entries.append((key, v))
      }
    }
  }

  public var keys: [String] { entries.map(\.0) }

  /// Puts the entries in key order, as Keras hands epoch logs to callbacks (so
  /// `weighted_accuracy` comes after `val_loss`).
  public mutating func sortByKey() { entries.sort { $0.0 < $1.0 } }

  public var description: String {
    "{" + entries.map { "'\($0.0)': \(pythonFloat($0.1))" }.joined(separator: ", ") + "}"
  }

  public static func == (a: Logs, b: Logs) -> Bool {
    a.entries.count == b.entries.count
      && zip(a.entries, b.entries).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
  }
}

/// Python's `repr(float)`: shortest round-trip digits, `nan`, `inf`.
public func pythonFloat(_ v: Double) -> String {
  if v.isNaN { return "nan" }
  if v.isInfinite { return v > 0 ? "inf" : "-inf" }
  var s = "\(v)"
  // Swift prints 1e-05 and 1e+16 as Python does; only whole numbers need care ("5.0").
  if !s.contains(".") && !s.contains("e") && !s.contains("n") { s += ".0" }
  return s
}

/// What `fit` returns: `history.history` (metric name → one value per epoch) and
/// `history.epoch` (epoch indices). Values are the float32 results widened to double,
/// as Keras's `float(...)` gives them (`0.5205000042915344`).
public final class History: Callback {
  /// Metric names in the order Keras adds them.
  public private(set) var keys: [String] = []
  public private(set) var values: [String: [Double]] = [:]
  public private(set) var epoch: [Int] = []
  /// Keras's `history.params`: the `verbose` fit was given, `epochs`, and `steps` per epoch.
  public internal(set) var params: (verbose: Verbosity, epochs: Int, steps: Int)?

  public override init() { super.init() }

  /// `history.history` as ordered pairs.
  public var history: [(String, [Double])] { keys.map { ($0, values[$0] ?? []) } }

  public subscript(key: String) -> [Double]? { values[key] }

  override func onTrainBegin(_ logs: Logs) {
    // Keras keeps appending when the same History sees several fits; fit makes a new one.
  }

  override func onEpochEnd(_ epoch: Int, _ logs: inout Logs) {
    self.epoch.append(epoch)
    for (k, v) in logs.entries {
      if values[k] == nil { keys.append(k) }
      values[k, default: []].append(v)
    }
  }

  /// `print(h.history)`: `{'accuracy': [0.5205000042915344, ...], 'loss': [...]}`.
  public var historyDescription: String {
    "{"
      + keys.map { k in "'\(k)': [" + (values[k] ?? []).map(pythonFloat).joined(separator: ", ") + "]" }
      .joined(separator: ", ") + "}"
  }
}
