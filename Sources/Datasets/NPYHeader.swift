import Tensors

/// The header of a `.npy` array: the dictionary literal
/// `{'descr': '<f8', 'fortran_order': False, 'shape': (60000, 28, 28), }`
/// that NumPy writes after the magic string and version, parsed without evaluating
/// anything and validated key by key.
struct NPYHeader: Equatable {
  var dtype: DType
  /// Whether multi-byte elements are stored big-endian (`>`) and must be swapped.
  var bigEndian: Bool
  var shape: [Int]
  var count: Int
  var dataByteCount: Int

  /// The element types NumPy names in `descr` that map onto tensor dtypes.
  static func dtype(forDescr descr: String, name: String) throws -> (DType, bigEndian: Bool) {
    guard let order = descr.first, "<>|=".contains(order) else {
      throw DatasetError.corrupt(name, ".npy header has a dtype '\(descr)' without a byte-order mark")
    }
    let code = String(descr.dropFirst())
    let dtype: DType
    switch code {
    case "b1": dtype = .bool
    case "u1": dtype = .uint8
    case "i4": dtype = .int32
    case "i8": dtype = .int64
    case "f4": dtype = .float32
    case "f8": dtype = .float64
    case "O":
      throw DatasetError.corrupt(
        name, ".npy array holds Python objects (dtype 'O'), which would need pickle; not supported")
    default:
      throw DatasetError.corrupt(
        name,
        ".npy dtype '\(descr)' is not supported (supported: bool, uint8, int32, int64, float32, float64)")
    }
    return (dtype, order == ">" && dtype.itemSize > 1)
  }

  /// Parses and validates the header text.
  init(text: [UInt8], name: String) throws {
    var parser = PyLiteralParser(bytes: text, name: name)
    let value = try parser.parseTopLevel()
    guard case .dict(let entries) = value else {
      throw DatasetError.corrupt(name, ".npy header is not a dictionary literal")
    }
    var dict = [String: PyLiteral]()
    for (k, v) in entries { dict[k] = v }
    let keys = Set(dict.keys)
    let expected: Set<String> = ["descr", "fortran_order", "shape"]
    guard keys == expected else {
      let missing = expected.subtracting(keys).sorted()
      let extra = keys.subtracting(expected).sorted()
      var parts = [String]()
      if !missing.isEmpty { parts.append("lacks \(missing.map { "'\($0)'" }.joined(separator: ", "))") }
      if !extra.isEmpty { parts.append("has unexpected \(extra.map { "'\($0)'" }.joined(separator: ", "))") }
      throw DatasetError.corrupt(name, ".npy header " + parts.joined(separator: " and "))
    }
    guard case .string(let descr) = dict["descr"] else {
      throw DatasetError.corrupt(
        name, ".npy header's 'descr' is not a string (structured arrays are not supported)")
    }
    guard case .bool(let fortran) = dict["fortran_order"] else {
      throw DatasetError.corrupt(name, ".npy header's 'fortran_order' is not True or False")
    }
    if fortran {
      throw DatasetError.corrupt(
        name, ".npy array is stored in Fortran (column-major) order, which is not supported",
        hint: "save it with np.save(path, np.ascontiguousarray(a))")
    }
    guard case .tuple(let dims) = dict["shape"] else {
      throw DatasetError.corrupt(name, ".npy header's 'shape' is not a tuple")
    }
    var shape = [Int]()
    for d in dims {
      guard case .int(let n) = d, n >= 0 else {
        throw DatasetError.corrupt(
          name, ".npy header's 'shape' holds something other than non-negative integers")
      }
      shape.append(n)
    }
    let (dtype, bigEndian) = try NPYHeader.dtype(forDescr: descr, name: name)
    var count = 1
    var overflow = false
    for d in shape {
      let (p, o) = count.multipliedReportingOverflow(by: d)
      count = p
      overflow = overflow || o
    }
    let (bytes, o2) = count.multipliedReportingOverflow(by: dtype.itemSize)
    if overflow || o2 {
      throw DatasetError.corrupt(name, ".npy header announces shape \(formatShape(shape)), too many elements")
    }
    self.dtype = dtype
    self.bigEndian = bigEndian
    self.shape = shape
    self.count = count
    self.dataByteCount = bytes
  }
}

/// The Python literals a `.npy` header may contain.
indirect enum PyLiteral: Equatable {
  case string(String)
  case int(Int)
  case bool(Bool)
  case none
  case tuple([PyLiteral])
  case list([PyLiteral])
  case dict([(String, PyLiteral)])

  static func == (a: PyLiteral, b: PyLiteral) -> Bool {
    switch (a, b) {
    case (.string(let x), .string(let y)): return x == y
    case (.int(let x), .int(let y)): return x == y
    case (.bool(let x), .bool(let y)): return x == y
    case (.none, .none): return true
    case (.tuple(let x), .tuple(let y)), (.list(let x), .list(let y)): return x == y
    case (.dict(let x), .dict(let y)):
      return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    default: return false
    }
  }
}

/// A recursive-descent parser for the literal subset above. Depth is bounded so a
/// header of ten thousand `(` cannot exhaust the stack.
struct PyLiteralParser {
  let bytes: [UInt8]
  let name: String
  var i = 0
  var depth = 0
  static let maximumDepth = 32

  init(bytes: [UInt8], name: String) {
    self.bytes = bytes
    self.name = name
  }

  mutating func parseTopLevel() throws -> PyLiteral {
    let v = try parseValue()
    skipSpace()
    guard i == bytes.count else { throw malformed("unexpected text after the dictionary") }
    return v
  }

  func malformed(_ what: String) -> DatasetError {
    DatasetError.corrupt(name, "malformed .npy header at character \(i): \(what)")
  }

  mutating func skipSpace() {
    // NumPy pads the header with spaces and ends it with a newline.
    while i < bytes.count,
      bytes[i] == 0x20 || bytes[i] == 0x0a || bytes[i] == 0x0d || bytes[i] == 0x09 || bytes[i] == 0
    {
      i += 1
    }
  }

  mutating func parseValue() throws -> PyLiteral {
    skipSpace()
    guard i < bytes.count else { throw malformed("header ends in the middle of a value") }
    let c = bytes[i]
    switch c {
    case UInt8(ascii: "{"), UInt8(ascii: "("), UInt8(ascii: "["):
      depth += 1
      defer { depth -= 1 }
      guard depth <= PyLiteralParser.maximumDepth else { throw malformed("nested too deeply") }
      return try parseContainer(open: c)
    case UInt8(ascii: "'"), UInt8(ascii: "\""):
      return .string(try parseString())
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
      return .int(try parseInt())
    default:
      for (word, value) in [("True", PyLiteral.bool(true)), ("False", .bool(false)), ("None", .none)]
      where bytes[i...].starts(with: word.utf8) {
        i += word.utf8.count
        return value
      }
      throw malformed("unexpected character '\(Character(Unicode.Scalar(c)))'")
    }
  }

  mutating func parseContainer(open: UInt8) throws -> PyLiteral {
    let close: UInt8 =
      open == UInt8(ascii: "{")
      ? UInt8(ascii: "}") : open == UInt8(ascii: "(") ? UInt8(ascii: ")") : UInt8(ascii: "]")
    i += 1
    var items = [PyLiteral]()
    var pairs = [(String, PyLiteral)]()
    var sawComma = false
    while true {
      skipSpace()
      guard i < bytes.count else { throw malformed("missing '\(Character(Unicode.Scalar(close)))'") }
      if bytes[i] == close {
        i += 1
        break
      }
      if !(items.isEmpty && pairs.isEmpty) && !sawComma { throw malformed("missing ','") }
      if open == UInt8(ascii: "{") {
        guard case .string(let key) = try parseValue() else {
          throw malformed("dictionary key is not a string")
        }
        skipSpace()
        guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else {
          throw malformed("missing ':' after '\(key)'")
        }
        i += 1
        pairs.append((key, try parseValue()))
      } else {
        items.append(try parseValue())
      }
      skipSpace()
      sawComma = i < bytes.count && bytes[i] == UInt8(ascii: ",")
      if sawComma { i += 1 }
    }
    if open == UInt8(ascii: "{") { return .dict(pairs) }
    // `(5)` is just 5 in Python; only `(5,)` is a tuple. NumPy always writes the comma.
    if open == UInt8(ascii: "("), items.count == 1, !sawComma, let only = items.first { return only }
    return open == UInt8(ascii: "(") ? .tuple(items) : .list(items)
  }

  mutating func parseString() throws -> String {
    let quote = bytes[i]
    i += 1
    var out = [UInt8]()
    while i < bytes.count, bytes[i] != quote {
      if bytes[i] == UInt8(ascii: "\\") { i += 1 }
      if i < bytes.count { out.append(bytes[i]) }
      i += 1
    }
    guard i < bytes.count else { throw malformed("unterminated string") }
    i += 1
    return String(decoding: out, as: UTF8.self)
  }

  mutating func parseInt() throws -> Int {
    var negative = false
    if bytes[i] == UInt8(ascii: "-") {
      negative = true
      i += 1
    }
    var value = 0
    var digits = 0
    while i < bytes.count, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") {
      let (m, o1) = value.multipliedReportingOverflow(by: 10)
      let (a, o2) = m.addingReportingOverflow(Int(bytes[i] - UInt8(ascii: "0")))
      if o1 || o2 { throw malformed("integer too large") }
      value = a
      digits += 1
      i += 1
    }
    guard digits > 0 else { throw malformed("'-' without digits") }
    // Python 2 wrote long integers as `60000L`.
    if i < bytes.count, bytes[i] == UInt8(ascii: "L") { i += 1 }
    return negative ? -value : value
  }
}
