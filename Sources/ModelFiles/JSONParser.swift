import Foundation

/// The JSON grammar over bytes. Errors give the byte offset; nothing here can trap on any
/// input (indices are checked, numbers are parsed by the standard library, depth is bounded).
struct JSONParser {
  let bytes: [UInt8]
  let place: FilePlace
  var at = 0

  init(bytes: [UInt8], place: FilePlace) {
    self.bytes = bytes
    self.place = place
  }

  func fail(_ message: String) -> ModelFileError {
    place.error(
      nil, "invalid JSON at byte \(at): \(message)",
      hint: "the file may be truncated or edited by hand; save the model again")
  }

  mutating func skipSpace() {
    while at < bytes.count, [0x20, 0x09, 0x0a, 0x0d].contains(bytes[at]) { at += 1 }
  }

  private mutating func expect(_ word: String) throws {
    let w = Array(word.utf8)
    guard at + w.count <= bytes.count, Array(bytes[at..<at + w.count]) == w else {
      throw fail("expected \(word)")
    }
    at += w.count
  }

  mutating func value(depth: Int) throws -> JSONValue {
    guard depth <= JSONValue.maximumDepth else {
      throw fail("nested more than \(JSONValue.maximumDepth) levels")
    }
    skipSpace()
    guard at < bytes.count else { throw fail("unexpected end of text") }
    switch bytes[at] {
    case UInt8(ascii: "{"):
      at += 1
      var pairs: [(String, JSONValue)] = []
      skipSpace()
      if at < bytes.count, bytes[at] == UInt8(ascii: "}") { at += 1; return .object(pairs) }
      while true {
        skipSpace()
        guard at < bytes.count, bytes[at] == UInt8(ascii: "\"") else {
          throw fail("expected a key in quotes")
        }
        let key = try string()
        skipSpace()
        try expect(":")
        let v = try value(depth: depth + 1)
        if let i = pairs.firstIndex(where: { $0.0 == key }) { pairs[i].1 = v } else { pairs.append((key, v)) }
        skipSpace()
        guard at < bytes.count else { throw fail("unexpected end inside an object") }
        if bytes[at] == UInt8(ascii: ",") { at += 1; continue }
        if bytes[at] == UInt8(ascii: "}") { at += 1; return .object(pairs) }
        throw fail("expected , or }")
      }
    case UInt8(ascii: "["):
      at += 1
      var items: [JSONValue] = []
      skipSpace()
      if at < bytes.count, bytes[at] == UInt8(ascii: "]") { at += 1; return .array(items) }
      while true {
        items.append(try value(depth: depth + 1))
        skipSpace()
        guard at < bytes.count else { throw fail("unexpected end inside a list") }
        if bytes[at] == UInt8(ascii: ",") { at += 1; continue }
        if bytes[at] == UInt8(ascii: "]") { at += 1; return .array(items) }
        throw fail("expected , or ]")
      }
    case UInt8(ascii: "\""): return .string(try string())
    case UInt8(ascii: "t"): try expect("true"); return .bool(true)
    case UInt8(ascii: "f"): try expect("false"); return .bool(false)
    case UInt8(ascii: "n"): try expect("null"); return .null
    // Python's json writes these for non-finite floats.
    case UInt8(ascii: "N"): try expect("NaN"); return .double(.nan)
    case UInt8(ascii: "I"): try expect("Infinity"); return .double(.infinity)
    default: return try number()
    }
  }

  private mutating func number() throws -> JSONValue {
    let start = at
    if at < bytes.count, bytes[at] == UInt8(ascii: "-") {
      at += 1
      if at < bytes.count, bytes[at] == UInt8(ascii: "I") {
        try expect("Infinity"); return .double(-.infinity)
      }
    }
    var isFloat = false
    while at < bytes.count {
      let c = bytes[at]
      if c >= 0x30 && c <= 0x39 || c == UInt8(ascii: "+") || c == UInt8(ascii: "-") {
        at += 1
      } else if c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
        isFloat = true
        at += 1
      } else {
        break
      }
    }
    guard at > start, at - start < 64 else { throw fail("expected a value") }
    let text = String(decoding: bytes[start..<at], as: UTF8.self)
    if !isFloat, let i = Int(text) { return .int(i) }
    guard let d = Double(text) else { throw fail("malformed number '\(text)'") }
    return .double(d)
  }

  private mutating func string() throws -> String {
    at += 1  // the opening quote
    var scalars = String.UnicodeScalarView()
    var run: [UInt8] = []
    func flush() {
      if !run.isEmpty {
        scalars.append(contentsOf: String(decoding: run, as: UTF8.self).unicodeScalars)
        run.removeAll(keepingCapacity: true)
      }
    }
    while at < bytes.count {
      let c = bytes[at]
      at += 1
      if c == UInt8(ascii: "\"") {
        flush()
        return String(scalars)
      }
      if c != UInt8(ascii: "\\") {
        run.append(c)
        continue
      }
      flush()
      guard at < bytes.count else { break }
      let e = bytes[at]
      at += 1
      switch e {
      case UInt8(ascii: "n"): scalars.append("\n")
      case UInt8(ascii: "t"): scalars.append("\t")
      case UInt8(ascii: "r"): scalars.append("\r")
      case UInt8(ascii: "b"): scalars.append("\u{8}")
      case UInt8(ascii: "f"): scalars.append("\u{c}")
      case UInt8(ascii: "u"):
        var code = try hex4()
        // A surrogate pair spells one scalar beyond the basic plane.
        if code >= 0xd800, code < 0xdc00, at + 1 < bytes.count, bytes[at] == UInt8(ascii: "\\"),
          bytes[at + 1] == UInt8(ascii: "u")
        {
          at += 2
          let low = try hex4()
          if low >= 0xdc00, low < 0xe000 { code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00) }
        }
        scalars.append(Unicode.Scalar(code) ?? "\u{fffd}")
      default: scalars.append(Unicode.Scalar(e))
      }
    }
    throw fail("unterminated string")
  }

  private mutating func hex4() throws -> UInt32 {
    guard at + 4 <= bytes.count,
      let v = UInt32(String(decoding: bytes[at..<at + 4], as: UTF8.self), radix: 16)
    else {
      throw fail("bad \\u escape")
    }
    at += 4
    return v
  }
}
