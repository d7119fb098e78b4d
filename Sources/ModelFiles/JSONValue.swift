import Foundation

/// A JSON value that keeps object keys in order, so `config.json` comes out in the order
/// Keras writes it (Python dicts keep insertion order), and typed accessors for reading that
/// turn every surprise into a `ModelFileError` naming the key.
public indirect enum JSONValue: Equatable, Sendable {
  case null
  case bool(Bool)
  case int(Int)
  case double(Double)
  case string(String)
  case array([JSONValue])
  case object([(String, JSONValue)])

  public static func == (a: JSONValue, b: JSONValue) -> Bool {
    switch (a, b) {
    case (.null, .null): return true
    case (.bool(let x), .bool(let y)): return x == y
    case (.int(let x), .int(let y)): return x == y
    case (.double(let x), .double(let y)): return x == y
    case (.string(let x), .string(let y)): return x == y
    case (.array(let x), .array(let y)): return x == y
    case (.object(let x), .object(let y)):
      return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    default: return false
    }
  }

  /// The value for `key` in an object (`nil` when absent or not an object).
  public subscript(key: String) -> JSONValue? {
    if case .object(let pairs) = self { return pairs.first { $0.0 == key }?.1 }
    return nil
  }

  public var keys: [String] {
    if case .object(let pairs) = self { return pairs.map(\.0) }
    return []
  }

  public var isNull: Bool { self == .null }

  // MARK: Parsing

  /// The largest `config.json` accepted; a model's config is a few kilobytes.
  static let maximumBytes = 64 << 20
  /// Nesting deeper than this is not a Keras config (and would risk the stack).
  static let maximumDepth = 64

  /// Parses `bytes` (a small recursive-descent parser: it keeps key order, bounds nesting,
  /// and tells integers from floats as Python's `json` does), reporting errors against `place`.
  static func parse(_ bytes: [UInt8], place: FilePlace) throws -> JSONValue {
    guard bytes.count <= maximumBytes else {
      throw place.error(nil, "JSON of \(bytes.count) bytes is too large")
    }
    var parser = JSONParser(bytes: bytes, place: place)
    let value = try parser.value(depth: 0)
    parser.skipSpace()
    guard parser.at == bytes.count else { throw parser.fail("extra text after the JSON value") }
    return value
  }

  // MARK: Writing

  /// JSON text as Python's `json.dumps` writes it (`", "` and `": "` separators, no newlines).
  public var text: String {
    var out = ""
    write(into: &out)
    return out
  }

  private func write(into out: inout String) {
    switch self {
    case .null: out += "null"
    case .bool(let b): out += b ? "true" : "false"
    case .int(let i): out += String(i)
    case .double(let d): out += JSONValue.pythonRepr(d)
    case .string(let s): JSONValue.writeString(s, into: &out)
    case .array(let items):
      out += "["
      for (i, v) in items.enumerated() {
        if i > 0 { out += ", " }
        v.write(into: &out)
      }
      out += "]"
    case .object(let pairs):
      out += "{"
      for (i, (k, v)) in pairs.enumerated() {
        if i > 0 { out += ", " }
        JSONValue.writeString(k, into: &out)
        out += ": "
        v.write(into: &out)
      }
      out += "}"
    }
  }

  /// Python's `repr(float)`: the shortest digits that round-trip, `1e-07` style exponents.
  /// Swift's description already picks the shortest digits; only the spelling differs.
  static func pythonRepr(_ d: Double) -> String {
    if d.isNaN { return "NaN" }
    if d.isInfinite { return d > 0 ? "Infinity" : "-Infinity" }
    var s = d.description
    if let e = s.firstIndex(of: "e") {
      var mantissa = String(s[..<e])
      if mantissa.hasSuffix(".0") { mantissa.removeLast(2) }
      var exponent = String(s[s.index(after: e)...])
      var sign = "+"
      if exponent.hasPrefix("-") {
        sign = "-"; exponent.removeFirst()
      } else if exponent.hasPrefix("+") {
        exponent.removeFirst()
      }
      if exponent.count < 2 { exponent = "0" + exponent }
      s = mantissa + "e" + sign + exponent
    }
    return s
  }

  private static func writeString(_ s: String, into out: inout String) {
    out += "\""
    for u in s.unicodeScalars {
      switch u {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if u.value < 0x20 || u.value > 0x7e {
          // json.dumps escapes everything outside ASCII (ensure_ascii=True).
          if u.value > 0xffff {
            let v = u.value - 0x10000
            out += String(format: "\\u%04x\\u%04x", 0xd800 + (v >> 10), 0xdc00 + (v & 0x3ff))
          } else {
            out += String(format: "\\u%04x", u.value)
          }
        } else {
          out.unicodeScalars.append(u)
        }
      }
    }
    out += "\""
  }
}

/// Reading a JSON object with the path to each value kept for messages
/// (`config.layers[1].config.units`).
struct JSONReader {
  let value: JSONValue
  let path: String
  let place: FilePlace

  init(_ value: JSONValue, path: String, place: FilePlace) {
    self.value = value
    self.path = path
    self.place = place
  }

  func error(_ message: String, kind: ModelFileError.Kind = .valueError, hint: String? = nil)
    -> ModelFileError
  {
    place.error(path, message, kind: kind, hint: hint)
  }

  func child(_ key: String) -> JSONReader? {
    value[key].map { JSONReader($0, path: path.isEmpty ? key : "\(path).\(key)", place: place) }
  }

  func require(_ key: String) throws -> JSONReader {
    guard case .object = value else { throw error("expected a JSON object") }
    guard let c = child(key) else { throw error("missing key '\(key)'") }
    return c
  }

  /// The items of an array, each with its index in the path.
  func items() throws -> [JSONReader] {
    guard case .array(let a) = value else { throw error("expected a list") }
    return a.enumerated().map { JSONReader($1, path: "\(path)[\($0)]", place: place) }
  }

  func string() throws -> String {
    guard case .string(let s) = value else { throw error("expected a string") }
    return s
  }

  func optionalString() throws -> String? { value.isNull ? nil : try string() }

  func bool() throws -> Bool {
    guard case .bool(let b) = value else { throw error("expected true or false") }
    return b
  }

  func int() throws -> Int {
    switch value {
    case .int(let i): return i
    case .double(let d) where d == d.rounded() && abs(d) < 1e15: return Int(d)
    default: throw error("expected an integer")
    }
  }

  func double() throws -> Double {
    switch value {
    case .int(let i): return Double(i)
    case .double(let d) where d.isFinite: return d
    default: throw error("expected a number")
    }
  }

  /// A shape as Keras writes it, `[null, 28, 28]`, without the batch axis; each dimension
  /// positive and the total bounded, so nothing later multiplies to an absurd size.
  func batchShape() throws -> [Int] {
    let dims = try items()
    guard let first = dims.first else {
      throw error("expected a shape with a batch axis, such as [null, 784]")
    }
    if !first.value.isNull { _ = try first.int() }
    var shape: [Int] = []
    var total = 1
    for d in dims.dropFirst() {
      let n = try d.int()
      guard n > 0 else { throw d.error("shape dimensions must be positive integers, got \(n)") }
      let (p, overflow) = total.multipliedReportingOverflow(by: n)
      guard !overflow, p <= ModelLimits.maximumElements else { throw error("shape is absurdly large") }
      total = p
      shape.append(n)
    }
    return shape
  }
}

/// Bounds on what a model file may ask for, so a hostile file fails with a message rather
/// than an out-of-memory kill.
enum ModelLimits {
  /// Values in one tensor or one sample: 2^28 floats is 1 GiB.
  static let maximumElements = 1 << 28
  /// Layers in one model.
  static let maximumLayers = 10_000
}
