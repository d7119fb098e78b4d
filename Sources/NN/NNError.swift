import Tensors

/// An error from model code, named after the Python exception Keras raises for the same
/// mistake so the script layer can show the familiar name, with a hint that teaches the fix.
public struct NNError: Error, CustomStringConvertible, Equatable, Sendable {
  public enum Kind: String, Sendable {
    case valueError = "ValueError"
    case typeError = "TypeError"
    case keyError = "KeyError"
    case runtimeError = "RuntimeError"
    case notImplementedError = "NotImplementedError"
    /// TensorFlow's `InvalidArgumentError` (for example a label outside the class range).
    case invalidArgumentError = "InvalidArgumentError"
    case memoryError = "MemoryError"
    case indexError = "IndexError"
    case attributeError = "AttributeError"
  }

  public let kind: Kind
  public let message: String
  /// How to fix the mistake, shown on its own line; `nil` when nothing useful can be said.
  public let hint: String?

  public init(_ kind: Kind, _ message: String, hint: String? = nil) {
    self.kind = kind
    self.message = message
    self.hint = hint
  }

  public var description: String {
    if let hint { return "\(kind.rawValue): \(message)\nHint: \(hint)" }
    return "\(kind.rawValue): \(message)"
  }

  static func value(_ message: String, hint: String? = nil) -> NNError {
    NNError(.valueError, message, hint: hint)
  }

  static func type(_ message: String, hint: String? = nil) -> NNError {
    NNError(.typeError, message, hint: hint)
  }
}

/// `(None, 784)`: a batch shape as Keras prints it.
public func formatBatchShape(_ featureShape: [Int]) -> String {
  if featureShape.isEmpty { return "(None,)" }
  return "(" + (["None"] + featureShape.map(String.init)).joined(separator: ", ") + ")"
}

/// Unknown-name errors with a "Did you mean" hint from the closest known names.
enum NameLookup {
  static func unknown(_ what: String, _ name: String, known: [String]) -> NNError {
    let close = closest(name, in: known)
    let hint: String
    if let close {
      hint = "Did you mean '\(close)'? Known \(what)s: \(known.joined(separator: ", "))"
    } else {
      hint = "Known \(what)s: \(known.joined(separator: ", "))"
    }
    return NNError(.valueError, "Could not interpret \(what) identifier: \(name)", hint: hint)
  }

  /// The known name nearest by edit distance, when reasonably near.
  static func closest(_ name: String, in known: [String]) -> String? {
    let lower = name.lowercased()
    var best: (String, Int)? = nil
    for k in known {
      let d = editDistance(Array(lower.utf8), Array(k.lowercased().utf8))
      if let b = best, d >= b.1 { continue }
      best = (k, d)
    }
    guard let (k, d) = best else { return nil }
    let limit = max(2, min(lower.utf8.count, k.utf8.count) / 3)
    return d <= limit ? k : nil
  }

  static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var prev = Array(0...b.count)
    var cur = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      cur[0] = i
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
      }
      swap(&prev, &cur)
    }
    return prev[b.count]
  }
}
