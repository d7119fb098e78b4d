import Tensors

/// Reading and writing arrays as text, as `np.loadtxt`, `np.genfromtxt` and `np.savetxt`
/// do: the parsing rules, row and column numbering and messages of NumPy 2.4.
public enum TextArrays {
  /// The options `np.loadtxt` and `np.genfromtxt` share.
  public struct Options: Sendable {
    public var dtype: DType = .float64
    /// Text after any of these on a line is ignored.
    public var comments: [String] = ["#"]
    /// The field separator; `nil` splits on runs of whitespace.
    public var delimiter: String?
    /// Lines skipped at the start (`skiprows`, `skip_header`), comments and blanks included.
    public var skipRows = 0
    /// Lines dropped at the end (`skip_footer`, genfromtxt only).
    public var skipFooter = 0
    public var usecols: [Int]?
    public var maxRows: Int?
    public var ndmin = 0
    public var unpack = false
    /// genfromtxt: strings that mean "missing" besides the empty field.
    public var missingValues: [String] = []
    /// genfromtxt: the value stored for a missing or unreadable field (`nil`: NaN for
    /// floats, -1 for integers, as NumPy's defaults).
    public var fillingValue: Double?

    public init() {}
  }

  /// The lines of a text file's bytes: UTF-8 (latin-1 where that fails), split on `\n`,
  /// without the line ends.
  public static func lines(of bytes: [UInt8]) -> [String] {
    let text =
      String(validating: bytes, as: UTF8.self)
      ?? String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    // Universal newlines, as Python's text files: \n, \r\n (one Character in Swift) and \r.
    var out = text.split(
      omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
    )
    .map(String.init)
    if out.last == "" { out.removeLast() }
    return out
  }

  /// One data line: its fields and its index among the data rows.
  private struct Row {
    var fields: [Substring]
  }

  private static func isSpace(_ c: Character) -> Bool {
    c == " " || c == "\t" || c == "\r" || c == "\n" || c == "\r\n" || c == "\u{0B}" || c == "\u{0C}"
  }

  private static func trimmed(_ s: Substring) -> Substring {
    var s = s
    while let c = s.first, isSpace(c) { s = s.dropFirst() }
    while let c = s.last, isSpace(c) { s = s.dropLast() }
    return s
  }

  /// The data rows after skipping, comment removal and dropping blank lines.
  private static func rows(_ lines: [String], _ o: Options) -> [Row] {
    var out = [Row]()
    var body = lines.dropFirst(o.skipRows)
    body = body.dropLast(min(o.skipFooter, body.count))
    for line in body {
      if let max = o.maxRows, out.count >= max { break }
      var text = Substring(line)
      for marker in o.comments where !marker.isEmpty {
        if let r = text.range(of: marker) { text = text[..<r.lowerBound] }
      }
      while let c = text.last, c == "\n" || c == "\r" || c == "\r\n" { text = text.dropLast() }
      if trimmed(text).isEmpty { continue }
      let fields: [Substring]
      if let d = o.delimiter {
        fields = text.split(separator: d, omittingEmptySubsequences: false)
      } else {
        fields = text.split(whereSeparator: { isSpace($0) })
      }
      out.append(Row(fields: fields))
    }
    return out
  }

  /// `np.loadtxt` on these lines; `source` names the input in the "no data" warning.
  /// Returns the array and whether the input held no data (NumPy then warns).
  public static func loadtxt(_ lines: [String], _ o: Options) throws -> (Tensor, empty: Bool) {
    guard (0...2).contains(o.ndmin) else {
      throw NumPyFileError.value("Illegal value of ndmin keyword: \(o.ndmin)")
    }
    let data = rows(lines, o)
    var columns = o.usecols?.count ?? 1
    var values = Parsed(dtype: o.dtype)
    if let first = data.first {
      columns = o.usecols?.count ?? first.fields.count
      values.reserve(data.count * columns)
    }
    for (r, row) in data.enumerated() {
      let n = row.fields.count
      if let usecols = o.usecols {
        for c in usecols {
          let k = c < 0 ? c + n : c
          guard k >= 0, k < n else {
            throw NumPyFileError.value("invalid column index \(c) at row \(r + 1) with \(n) columns")
          }
          try values.append(row.fields[k], row: r, column: k + 1)
        }
      } else {
        guard n == columns else {
          throw NumPyFileError.value(
            "the number of columns changed from \(columns) to \(n) at row \(r + 1); "
              + "use `usecols` to select a subset and avoid this error")
        }
        for (k, f) in row.fields.enumerated() { try values.append(f, row: r, column: k + 1) }
      }
    }
    let t = try shaped(values.tensor(shape: [data.count, columns]), o)
    return (t, data.isEmpty)
  }

  /// `np.genfromtxt` for plain numeric arrays: missing or unreadable fields become NaN
  /// (-1 for integers) or `fillingValue`; rows with another number of columns are all
  /// reported together, as NumPy does.
  public static func genfromtxt(_ lines: [String], _ o: Options) throws -> (Tensor, empty: Bool) {
    guard (0...2).contains(o.ndmin) else {
      throw NumPyFileError.value("Illegal value of ndmin keyword: \(o.ndmin)")
    }
    // Line numbers in messages count every line of the input, header included.
    var numbered = [(Int, Row)]()
    do {
      var opts = o
      opts.skipRows = 0
      opts.skipFooter = 0
      opts.maxRows = nil
      let kept = lines.dropFirst(o.skipRows)
      for (i, line) in kept.enumerated() {
        if let r = rows([line], opts).first { numbered.append((o.skipRows + i + 1, r)) }
      }
      numbered.removeLast(min(o.skipFooter, numbered.count))
      if let max = o.maxRows { numbered = Array(numbered.prefix(max)) }
    }
    guard let first = numbered.first else {
      return (try shaped(Tensor(zeros: [0], dtype: o.dtype), o, squeeze: false), true)
    }
    let width = first.1.fields.count
    var bad = [String]()
    for (line, row) in numbered where row.fields.count != width {
      bad.append("    Line #\(line) (got \(row.fields.count) columns instead of \(width))")
    }
    if !bad.isEmpty {
      throw NumPyFileError.value("Some errors were detected !\n" + bad.joined(separator: "\n"))
    }
    let usecols = try (o.usecols ?? Array(0..<width)).map { c -> Int in
      let k = c < 0 ? c + width : c
      guard k >= 0, k < width else { throw NumPyFileError("IndexError", "list index out of range") }
      return k
    }
    let missing = o.fillingValue ?? (o.dtype.isFloatingPoint ? Double.nan : -1)
    var values = Parsed(dtype: o.dtype)
    values.reserve(numbered.count * usecols.count)
    for (_, row) in numbered {
      for k in usecols {
        let field = trimmed(row.fields[k])
        if field.isEmpty || o.missingValues.contains(String(field)) || !values.tryAppend(field) {
          values.append(number: missing)
        }
      }
    }
    return (try shaped(values.tensor(shape: [numbered.count, usecols.count]), o), false)
  }

  /// NumPy's `_ensure_ndmin_ndarray`, then `unpack`'s transpose.
  private static func shaped(_ t: Tensor, _ o: Options, squeeze: Bool = true) throws -> Tensor {
    var t = t
    do {
      if squeeze && t.ndim > o.ndmin { t = try t.squeeze(nil) }
      if t.ndim < o.ndmin {
        if o.ndmin == 1 {
          t = try t.reshape([t.count])
        } else if o.ndmin == 2 {
          t = t.ndim == 0 ? try t.reshape([1, 1]) : try t.reshape([1, t.count]).transpose()
        }
      }
      if o.unpack && t.ndim > 1 { t = try t.transpose().copy() }
      if !t.isContiguous { t = try t.copy() }
    } catch let e as TensorError {
      throw NumPyFileError(e.kind.rawValue, e.message)
    }
    return t
  }

  /// Values parsed so far, kept as the dtype needs them.
  private struct Parsed {
    let dtype: DType
    var doubles = [Double]()
    var ints = [Int64]()

    init(dtype: DType) { self.dtype = dtype }

    mutating func reserve(_ n: Int) {
      if dtype.isFloatingPoint { doubles.reserveCapacity(n) } else { ints.reserveCapacity(n) }
    }

    /// Parses one field, throwing NumPy's conversion error.
    mutating func append(_ field: Substring, row: Int, column: Int) throws {
      guard tryAppend(trimmed(field)) else {
        throw NumPyFileError.value(
          "could not convert string \(pythonRepr(String(field))) to \(dtype.name) at row \(row), column \(column)."
        )
      }
    }

    /// Parses a trimmed field; false when it is not a number of this dtype.
    mutating func tryAppend(_ field: Substring) -> Bool {
      if dtype.isFloatingPoint {
        guard let d = TextArrays.parseFloat(field) else { return false }
        doubles.append(d)
        return true
      }
      guard let i = TextArrays.parseInt(field), let range = dtype.integerRange else { return false }
      if dtype == .bool {
        ints.append(i == 0 ? 0 : 1)
        return true
      }
      guard range.contains(i) else { return false }
      ints.append(i)
      return true
    }

    mutating func append(number: Double) {
      if dtype.isFloatingPoint {
        doubles.append(number)
      } else {
        ints.append(number.isFinite ? Int64(exactly: number.rounded(.towardZero)) ?? -1 : -1)
      }
    }

    func tensor(shape: [Int]) throws -> Tensor {
      do {
        let t = dtype.isFloatingPoint ? try Tensor(doubles, shape: shape) : try Tensor(ints, shape: shape)
        return t.dtype == dtype ? t : try t.astype(dtype)
      } catch let e as TensorError {
        throw NumPyFileError(e.kind.rawValue, e.message)
      }
    }
  }

  /// A float as NumPy's text reader accepts it (Python's `float()` syntax without
  /// underscores): sign, digits with an optional point, optional exponent, or inf,
  /// infinity, nan in any case.
  static func parseFloat(_ s: Substring) -> Double? {
    var body = s
    var negative = false
    if let c = body.first, c == "+" || c == "-" {
      negative = c == "-"
      body = body.dropFirst()
    }
    switch body.lowercased() {
    case "inf", "infinity": return negative ? -.infinity : .infinity
    case "nan": return .nan
    default: break
    }
    var digits = 0
    var i = body.startIndex
    while i < body.endIndex, body[i].isASCII, body[i].isNumber {
      digits += 1
      i = body.index(after: i)
    }
    if i < body.endIndex, body[i] == "." {
      i = body.index(after: i)
      while i < body.endIndex, body[i].isASCII, body[i].isNumber {
        digits += 1
        i = body.index(after: i)
      }
    }
    guard digits > 0 else { return nil }
    if i < body.endIndex, body[i] == "e" || body[i] == "E" {
      i = body.index(after: i)
      if i < body.endIndex, body[i] == "+" || body[i] == "-" { i = body.index(after: i) }
      var exponentDigits = 0
      while i < body.endIndex, body[i].isASCII, body[i].isNumber {
        exponentDigits += 1
        i = body.index(after: i)
      }
      guard exponentDigits > 0 else { return nil }
    }
    guard i == body.endIndex, let d = Double(String(s)) else { return nil }
    return d
  }

  /// An integer as NumPy's text reader accepts it: optional sign, decimal digits.
  static func parseInt(_ s: Substring) -> Int64? {
    var body = s
    if body.first == "+" { body = body.dropFirst() }
    let digits = body.first == "-" ? body.dropFirst() : body
    guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
    return Int64(body)
  }
}
