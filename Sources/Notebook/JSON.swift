import Foundation

/// A JSON value with object keys kept in file order, so notebooks round-trip and
/// transcripts come out with Jupyter's key order. Numbers keep their source text so
/// integers such as `execution_count` stay integers.
public enum JSON: Equatable, Sendable {
  case null
  case bool(Bool)
  /// The number's text as written (`3`, `-1.5e3`).
  case number(String)
  case string(String)
  case array([JSON])
  case object([(String, JSON)])

  public static func == (a: JSON, b: JSON) -> Bool {
    switch (a, b) {
    case (.null, .null): return true
    case (.bool(let x), .bool(let y)): return x == y
    case (.number(let x), .number(let y)): return x == y || Double(x) == Double(y)
    case (.string(let x), .string(let y)): return x == y
    case (.array(let x), .array(let y)): return x == y
    case (.object(let x), .object(let y)):
      return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    default: return false
    }
  }

  /// An integer number.
  public static func int(_ value: Int) -> JSON { .number(String(value)) }

  /// The member `key` of an object (the first, if repeated), else nil.
  public subscript(key: String) -> JSON? {
    guard case .object(let members) = self else { return nil }
    return members.first { $0.0 == key }?.1
  }

  public var stringValue: String? {
    if case .string(let s) = self { return s }
    return nil
  }

  public var arrayValue: [JSON]? {
    if case .array(let a) = self { return a }
    return nil
  }

  public var intValue: Int? {
    if case .number(let n) = self { return Int(n) }
    return nil
  }

  /// A short name for messages: "a string", "an object".
  public var kindDescription: String {
    switch self {
    case .null: "null"
    case .bool: "a boolean"
    case .number: "a number"
    case .string: "a string"
    case .array: "an array"
    case .object: "an object"
    }
  }
}

// MARK: - Writing

extension JSON {
  /// The value as text in the layout `nbformat` writes: `indent` spaces per level (Jupyter
  /// uses 1), one member per line, `ensure_ascii=False` (non-ASCII kept as UTF-8).
  public func serialized(indent: Int = 1) -> String {
    var out = ""
    write(to: &out, indent: indent, level: 0)
    return out
  }

  /// The value on one line, as Python's `json.dumps` writes it (`["a", "b"]`).
  public var compactText: String {
    switch self {
    case .array(let items): return "[" + items.map(\.compactText).joined(separator: ", ") + "]"
    case .object(let members):
      return "{" + members.map { (key, value) in
        var k = ""
        JSON.writeString(key, to: &k)
        return k + ": " + value.compactText
      }.joined(separator: ", ") + "}"
    default: return serialized()
    }
  }

  private func write(to out: inout String, indent: Int, level: Int) {
    let pad = String(repeating: " ", count: indent * (level + 1))
    let closePad = String(repeating: " ", count: indent * level)
    switch self {
    case .null: out += "null"
    case .bool(let b): out += b ? "true" : "false"
    case .number(let n): out += n
    case .string(let s): JSON.writeString(s, to: &out)
    case .array(let items):
      if items.isEmpty {
        out += "[]"
        return
      }
      out += "[\n"
      for (k, item) in items.enumerated() {
        out += pad
        item.write(to: &out, indent: indent, level: level + 1)
        out += k == items.count - 1 ? "\n" : ",\n"
      }
      out += closePad + "]"
    case .object(let members):
      if members.isEmpty {
        out += "{}"
        return
      }
      out += "{\n"
      for (k, (key, value)) in members.enumerated() {
        out += pad
        JSON.writeString(key, to: &out)
        out += ": "
        value.write(to: &out, indent: indent, level: level + 1)
        out += k == members.count - 1 ? "\n" : ",\n"
      }
      out += closePad + "}"
    }
  }

  static func writeString(_ s: String, to out: inout String) {
    out += "\""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "\u{08}": out += "\\b"
      case "\u{0C}": out += "\\f"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F {
          let hex = String(scalar.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    out += "\""
  }
}

// MARK: - Reading

/// Why a JSON text could not be read, with the 1-based line and column of the problem.
public struct JSONSyntaxError: Error, Equatable, Sendable {
  public var message: String
  public var line: Int
  public var column: Int
}

extension JSON {
  /// Parses `text` (RFC 8259). Nesting deeper than `maxDepth` (default 512) is an error
  /// rather than a stack overflow.
  public static func parse(_ text: String, maxDepth: Int = 512) throws(JSONSyntaxError) -> JSON {
    try parseLocated(text, maxDepth: maxDepth).value
  }

  /// Parses `text` and also returns the 1-based line of every object's `{`, in the order
  /// a pre-order walk of the value meets them (the whole value first, then members and
  /// elements in order). `objectCount` gives sizes for that walk, so a reader can name the
  /// line of a semantically bad object (a cell without `source`).
  public static func parseLocated(_ text: String, maxDepth: Int = 512) throws(JSONSyntaxError) -> (
    value: JSON, objectLines: [Int]
  ) {
    var parser = JSONParser(bytes: Array(text.utf8), maxDepth: maxDepth)
    let value = try parser.parseValue(depth: 0)
    parser.skipSpace()
    if parser.index < parser.bytes.count { throw parser.error("unexpected text after the JSON value") }
    // Offsets come in increasing order, so one pass turns them into line numbers.
    var lines: [Int] = []
    lines.reserveCapacity(parser.objectOffsets.count)
    var line = 1
    var position = 0
    for offset in parser.objectOffsets {
      while position < offset, position < parser.bytes.count {
        if parser.bytes[position] == 0x0A { line += 1 }
        position += 1
      }
      lines.append(line)
    }
    return (value, lines)
  }

  /// How many objects this value contains, itself included (for `parseLocated`'s walk).
  public var objectCount: Int {
    switch self {
    case .object(let members): return 1 + members.reduce(0) { $0 + $1.1.objectCount }
    case .array(let items): return items.reduce(0) { $0 + $1.objectCount }
    default: return 0
    }
  }
}

/// A recursive-descent reader over UTF-8 bytes that tracks lines for error messages.
struct JSONParser {
  let bytes: [UInt8]
  let maxDepth: Int
  var index = 0
  /// Byte offsets of each object's `{`, in pre-order.
  var objectOffsets: [Int] = []

  init(bytes: [UInt8], maxDepth: Int) {
    self.bytes = bytes
    self.maxDepth = maxDepth
  }

  /// An error located at the current position (or `at`).
  func error(_ message: String, at position: Int? = nil) -> JSONSyntaxError {
    let end = min(position ?? index, bytes.count)
    var line = 1
    var lineStart = 0
    for i in 0..<end where bytes[i] == 0x0A {
      line += 1
      lineStart = i + 1
    }
    // Columns count characters, not bytes (UTF-8 continuation bytes are skipped).
    let column = bytes[lineStart..<end].filter { $0 & 0xC0 != 0x80 }.count + 1
    return JSONSyntaxError(message: message, line: line, column: column)
  }

  mutating func skipSpace() {
    while index < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) { index += 1 }
  }

  mutating func parseValue(depth: Int) throws(JSONSyntaxError) -> JSON {
    skipSpace()
    guard index < bytes.count else { throw error("unexpected end of file; expected a value") }
    if depth > maxDepth { throw error("nesting deeper than \(maxDepth) levels") }
    switch bytes[index] {
    case UInt8(ascii: "{"): return try parseObject(depth: depth)
    case UInt8(ascii: "["): return try parseArray(depth: depth)
    case UInt8(ascii: "\""): return .string(try parseString())
    case UInt8(ascii: "t"): return try literal("true", .bool(true))
    case UInt8(ascii: "f"): return try literal("false", .bool(false))
    case UInt8(ascii: "n"): return try literal("null", .null)
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
    default: throw error("unexpected character \(describe(bytes[index])); expected a value")
    }
  }

  func describe(_ byte: UInt8) -> String {
    byte >= 0x20 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : String(format: "0x%02X", byte)
  }

  mutating func literal(_ word: String, _ value: JSON) throws(JSONSyntaxError) -> JSON {
    let w = Array(word.utf8)
    guard index + w.count <= bytes.count, Array(bytes[index..<(index + w.count)]) == w else {
      throw error("invalid literal; expected '\(word)'")
    }
    index += w.count
    return value
  }

  mutating func parseObject(depth: Int) throws(JSONSyntaxError) -> JSON {
    objectOffsets.append(index)
    index += 1
    var members: [(String, JSON)] = []
    skipSpace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
      index += 1
      return .object(members)
    }
    while true {
      skipSpace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
        throw error(index < bytes.count ? "expected a quoted member name" : "unexpected end of file inside an object")
      }
      let key = try parseString()
      skipSpace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':' after member name") }
      index += 1
      members.append((key, try parseValue(depth: depth + 1)))
      skipSpace()
      guard index < bytes.count else { throw error("unexpected end of file inside an object") }
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
        continue
      }
      if bytes[index] == UInt8(ascii: "}") {
        index += 1
        return .object(members)
      }
      throw error("expected ',' or '}' in an object")
    }
  }

  mutating func parseArray(depth: Int) throws(JSONSyntaxError) -> JSON {
    index += 1
    var items: [JSON] = []
    skipSpace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
      index += 1
      return .array(items)
    }
    while true {
      items.append(try parseValue(depth: depth + 1))
      skipSpace()
      guard index < bytes.count else { throw error("unexpected end of file inside an array") }
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
        continue
      }
      if bytes[index] == UInt8(ascii: "]") {
        index += 1
        return .array(items)
      }
      throw error("expected ',' or ']' in an array")
    }
  }

  mutating func parseNumber() throws(JSONSyntaxError) -> JSON {
    let start = index
    func digits(_ p: inout JSONParser) -> Int {
      let s = p.index
      while p.index < p.bytes.count, p.bytes[p.index] >= 0x30, p.bytes[p.index] <= 0x39 { p.index += 1 }
      return p.index - s
    }
    if bytes[index] == UInt8(ascii: "-") { index += 1 }
    guard digits(&self) > 0 else { throw error("invalid number", at: start) }
    if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
      index += 1
      guard digits(&self) > 0 else { throw error("invalid number: digits expected after '.'", at: start) }
    }
    if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
      index += 1
      if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
      guard digits(&self) > 0 else { throw error("invalid number: digits expected in the exponent", at: start) }
    }
    return .number(String(decoding: bytes[start..<index], as: UTF8.self))
  }

  mutating func parseString() throws(JSONSyntaxError) -> String {
    let start = index
    index += 1
    var scalars = String.UnicodeScalarView()
    var runStart = index
    func flush(_ p: JSONParser, upTo end: Int) {
      scalars.append(contentsOf: String(decoding: p.bytes[runStart..<end], as: UTF8.self).unicodeScalars)
    }
    while index < bytes.count {
      let b = bytes[index]
      if b == UInt8(ascii: "\"") {
        flush(self, upTo: index)
        index += 1
        return String(scalars)
      }
      if b < 0x20 { throw error(b == 0x0A ? "unterminated string (newline inside quotes)" : "control character inside a string") }
      if b != UInt8(ascii: "\\") {
        index += 1
        continue
      }
      flush(self, upTo: index)
      index += 1
      guard index < bytes.count else { break }
      let e = bytes[index]
      index += 1
      switch e {
      case UInt8(ascii: "\""): scalars.append("\"")
      case UInt8(ascii: "\\"): scalars.append("\\")
      case UInt8(ascii: "/"): scalars.append("/")
      case UInt8(ascii: "b"): scalars.append("\u{08}")
      case UInt8(ascii: "f"): scalars.append("\u{0C}")
      case UInt8(ascii: "n"): scalars.append("\n")
      case UInt8(ascii: "r"): scalars.append("\r")
      case UInt8(ascii: "t"): scalars.append("\t")
      case UInt8(ascii: "u"):
        var code = try hex4()
        if (0xD800..<0xDC00).contains(code), index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
          bytes[index + 1] == UInt8(ascii: "u")
        {
          index += 2
          let low = try hex4()
          if (0xDC00..<0xE000).contains(low) {
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
          }
        }
        // Lone surrogates become U+FFFD rather than an error, as lenient readers do.
        scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
      default:
        throw error("invalid escape '\\\(Character(Unicode.Scalar(e)))' in a string", at: index - 2)
      }
      runStart = index
    }
    throw error("unterminated string", at: start)
  }

  mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
    guard index + 4 <= bytes.count,
      let v = UInt32(String(decoding: bytes[index..<(index + 4)], as: UTF8.self), radix: 16)
    else { throw error("invalid \\u escape") }
    index += 4
    return v
  }
}
