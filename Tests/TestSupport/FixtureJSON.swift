import Foundation

/// A JSON value from a small exact parser. On Linux, `JSONSerialization` rounds some 17-digit
/// numbers wrongly (0.10000000149011612 comes back as 0.10000000149011616) and `JSONDecoder` with
/// trial decoding is slow; this parser keeps integers as exact `Int64` and reads other numbers with
/// `Double(_:)`, which rounds correctly. Fixture runners can reuse it.
public enum FixtureJSON: Equatable, Sendable {
  case null
  case bool(Bool)
  case int(Int64)
  case double(Double)
  case string(String)
  case array([FixtureJSON])
  case object([String: FixtureJSON])

  public struct ParseError: Error, CustomStringConvertible {
    public let offset: Int
    public var description: String { "invalid JSON at byte \(offset)" }
  }

  public static func parse(_ data: Data) throws -> FixtureJSON {
    let bytes = [UInt8](data)
    var i = 0
    let v = try parseValue(bytes, &i)
    skipSpace(bytes, &i)
    guard i == bytes.count else { throw ParseError(offset: i) }
    return v
  }

  private static func skipSpace(_ b: [UInt8], _ i: inout Int) {
    while i < b.count, b[i] == 0x20 || b[i] == 0x0a || b[i] == 0x0d || b[i] == 0x09 { i += 1 }
  }

  private static func expectLiteral(_ b: [UInt8], _ i: inout Int, _ lit: String) throws {
    let l = Array(lit.utf8)
    guard i + l.count <= b.count, Array(b[i..<(i + l.count)]) == l else { throw ParseError(offset: i) }
    i += l.count
  }

  private static func parseValue(_ b: [UInt8], _ i: inout Int) throws -> FixtureJSON {
    skipSpace(b, &i)
    guard i < b.count else { throw ParseError(offset: i) }
    switch b[i] {
    case UInt8(ascii: "{"):
      i += 1
      var o = [String: FixtureJSON]()
      skipSpace(b, &i)
      if i < b.count, b[i] == UInt8(ascii: "}") {
        i += 1
        return .object(o)
      }
      while true {
        skipSpace(b, &i)
        guard case .string(let k) = try parseValue(b, &i) else { throw ParseError(offset: i) }
        skipSpace(b, &i)
        guard i < b.count, b[i] == UInt8(ascii: ":") else { throw ParseError(offset: i) }
        i += 1
        o[k] = try parseValue(b, &i)
        skipSpace(b, &i)
        guard i < b.count else { throw ParseError(offset: i) }
        if b[i] == UInt8(ascii: ",") {
          i += 1
        } else if b[i] == UInt8(ascii: "}") {
          i += 1
          return .object(o)
        } else {
          throw ParseError(offset: i)
        }
      }
    case UInt8(ascii: "["):
      i += 1
      var a = [FixtureJSON]()
      skipSpace(b, &i)
      if i < b.count, b[i] == UInt8(ascii: "]") {
        i += 1
        return .array(a)
      }
      while true {
        a.append(try parseValue(b, &i))
        skipSpace(b, &i)
        guard i < b.count else { throw ParseError(offset: i) }
        if b[i] == UInt8(ascii: ",") {
          i += 1
        } else if b[i] == UInt8(ascii: "]") {
          i += 1
          return .array(a)
        } else {
          throw ParseError(offset: i)
        }
      }
    case UInt8(ascii: "\""):
      i += 1
      var out = [UInt8]()
      while i < b.count, b[i] != UInt8(ascii: "\"") {
        if b[i] == UInt8(ascii: "\\") {
          guard i + 1 < b.count else { throw ParseError(offset: i) }
          let e = b[i + 1]
          i += 2
          switch e {
          case UInt8(ascii: "n"): out.append(0x0a)
          case UInt8(ascii: "t"): out.append(0x09)
          case UInt8(ascii: "r"): out.append(0x0d)
          case UInt8(ascii: "b"): out.append(0x08)
          case UInt8(ascii: "f"): out.append(0x0c)
          case UInt8(ascii: "u"):
            guard i + 4 <= b.count, let u = UInt32(String(decoding: b[i..<(i + 4)], as: UTF8.self), radix: 16)
            else { throw ParseError(offset: i) }
            i += 4
            var code = u
            // A surrogate pair: high then low.
            if (0xd800..<0xdc00).contains(u), i + 6 <= b.count, b[i] == UInt8(ascii: "\\"),
              let lo = UInt32(String(decoding: b[(i + 2)..<(i + 6)], as: UTF8.self), radix: 16)
            {
              code = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00)
              i += 6
            }
            out.append(contentsOf: Array(String(Character(Unicode.Scalar(code) ?? "\u{fffd}")).utf8))
          default: out.append(e)
          }
        } else {
          out.append(b[i])
          i += 1
        }
      }
      guard i < b.count else { throw ParseError(offset: i) }
      i += 1
      return .string(String(decoding: out, as: UTF8.self))
    case UInt8(ascii: "t"):
      try expectLiteral(b, &i, "true")
      return .bool(true)
    case UInt8(ascii: "f"):
      try expectLiteral(b, &i, "false")
      return .bool(false)
    case UInt8(ascii: "n"):
      try expectLiteral(b, &i, "null")
      return .null
    default:
      let start = i
      var isInteger = true
      while i < b.count {
        let c = b[i]
        if c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") || c == UInt8(ascii: "-") {
          i += 1
        } else if c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E")
          || c == UInt8(ascii: "+")
        {
          isInteger = false
          i += 1
        } else {
          break
        }
      }
      let text = String(decoding: b[start..<i], as: UTF8.self)
      if isInteger, let v = Int64(text) { return .int(v) }
      guard let d = Double(text) else { throw ParseError(offset: start) }
      return .double(d)
    }
  }

  public subscript(key: String) -> FixtureJSON? {
    if case .object(let o) = self { return o[key] }
    return nil
  }

  public var array: [FixtureJSON]? {
    if case .array(let a) = self { return a }
    return nil
  }

  public var string: String? {
    if case .string(let s) = self { return s }
    return nil
  }

  /// A float as the fixtures write it: a JSON number or "nan" / "inf" / "-inf".
  public var double: Double? {
    switch self {
    case .int(let i): return Double(i)
    case .double(let d): return d
    case .string("nan"): return .nan
    case .string("inf"): return .infinity
    case .string("-inf"): return -.infinity
    default: return nil
    }
  }
}
