import Tensors

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

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

  /// One line of text as UTF-8 bytes.
  public typealias Line = ArraySlice<UInt8>

  /// The lines of a text file's bytes, split with universal newlines as Python's text
  /// files are (`\n`, `\r\n`, `\r`), without the line ends.
  public static func lines(of bytes: [UInt8]) -> [Line] {
    var out = [Line]()
    var start = 0
    var i = 0
    while i < bytes.count {
      let b = bytes[i]
      if b == 0x0A || b == 0x0D {
        out.append(bytes[start..<i])
        if b == 0x0D, i + 1 < bytes.count, bytes[i + 1] == 0x0A { i += 1 }
        start = i + 1
      }
      i += 1
    }
    if start < bytes.count { out.append(bytes[start..<bytes.count]) }
    return out
  }

  /// A script's string as a line.
  public static func line(_ s: String) -> Line { Line(s.utf8) }

  /// One data line's fields.
  private struct Row {
    var fields: [Line]
  }

  private static func isSpace(_ b: UInt8) -> Bool {
    b == 0x20 || (b >= 0x09 && b <= 0x0D)
  }

  private static func trimmed(_ s: Line) -> Line {
    var s = s
    while let c = s.first, isSpace(c) { s = s.dropFirst() }
    while let c = s.last, isSpace(c) { s = s.dropLast() }
    return s
  }

  /// Where `marker` first occurs in `text`.
  private static func find(_ marker: [UInt8], in text: Line) -> Int? {
    guard let first = marker.first else { return nil }
    var i = text.startIndex
    while let j = text[i...].firstIndex(of: first) {
      if text[j...].starts(with: marker) { return j }
      i = j + 1
    }
    return nil
  }

  /// The data rows after skipping, comment removal and dropping blank lines.
  private static func rows(_ lines: ArraySlice<Line>, _ o: Options) -> [Row] {
    var out = [Row]()
    let markers = o.comments.map { Array($0.utf8) }.filter { !$0.isEmpty }
    let delimiter = o.delimiter.map { Array($0.utf8) }
    for line in lines {
      if let max = o.maxRows, out.count >= max { break }
      var text = line
      for marker in markers {
        if let k = find(marker, in: text) { text = text[..<k] }
      }
      if trimmed(text).isEmpty { continue }
      var fields = [Line]()
      if let d = delimiter, let first = d.first {
        var start = text.startIndex
        var i = start
        while i < text.endIndex {
          if text[i] == first, d.count == 1 || text[i...].starts(with: d) {
            fields.append(text[start..<i])
            i += d.count
            start = i
          } else {
            i += 1
          }
        }
        fields.append(text[start..<text.endIndex])
      } else {
        fields = text.split(whereSeparator: isSpace)
      }
      out.append(Row(fields: fields))
    }
    return out
  }

  /// `np.loadtxt` on these lines; `source` names the input in the "no data" warning.
  /// Returns the array and whether the input held no data (NumPy then warns).
  public static func loadtxt(_ lines: [Line], _ o: Options) throws -> (Tensor, empty: Bool) {
    guard (0...2).contains(o.ndmin) else {
      throw NumPyFileError.value("Illegal value of ndmin keyword: \(o.ndmin)")
    }
    var body = lines.dropFirst(o.skipRows)
    body = body.dropLast(min(o.skipFooter, body.count))
    let data = rows(body, o)
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
  public static func genfromtxt(_ lines: [Line], _ o: Options) throws -> (Tensor, empty: Bool) {
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
        if let r = rows([line][...], opts).first { numbered.append((o.skipRows + i + 1, r)) }
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
    let fill = o.fillingValue ?? (o.dtype.isFloatingPoint ? Double.nan : -1)
    let missing = o.missingValues.map { Array($0.utf8) }
    var values = Parsed(dtype: o.dtype)
    values.reserve(numbered.count * usecols.count)
    for (_, row) in numbered {
      for k in usecols {
        let field = trimmed(row.fields[k])
        if field.isEmpty || missing.contains(where: { $0.elementsEqual(field) }) || !values.tryAppend(field) {
          values.append(number: fill)
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
    mutating func append(_ field: Line, row: Int, column: Int) throws {
      guard tryAppend(trimmed(field)) else {
        let text = String(decoding: field, as: UTF8.self)
        throw NumPyFileError.value(
          "could not convert string \(pythonRepr(text)) to \(dtype.name) at row \(row), column \(column).")
      }
    }

    /// Parses a trimmed field; false when it is not a number of this dtype.
    mutating func tryAppend(_ field: Line) -> Bool {
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
  static func parseFloat(_ s: Line) -> Double? {
    var i = s.startIndex
    var negative = false
    if i < s.endIndex, s[i] == 0x2B || s[i] == 0x2D {
      negative = s[i] == 0x2D
      i += 1
    }
    let word = s[i...].map { $0 | 0x20 }  // ASCII lower case
    if word.elementsEqual("inf".utf8) || word.elementsEqual("infinity".utf8) {
      return negative ? -.infinity : .infinity
    }
    if word.elementsEqual("nan".utf8) { return .nan }
    func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    var digits = 0
    while i < s.endIndex, isDigit(s[i]) {
      digits += 1
      i += 1
    }
    if i < s.endIndex, s[i] == 0x2E {
      i += 1
      while i < s.endIndex, isDigit(s[i]) {
        digits += 1
        i += 1
      }
    }
    guard digits > 0 else { return nil }
    if i < s.endIndex, s[i] == 0x65 || s[i] == 0x45 {
      i += 1
      if i < s.endIndex, s[i] == 0x2B || s[i] == 0x2D { i += 1 }
      var exponentDigits = 0
      while i < s.endIndex, isDigit(s[i]) {
        exponentDigits += 1
        i += 1
      }
      guard exponentDigits > 0 else { return nil }
    }
    guard i == s.endIndex else { return nil }
    // The text is now known to be a plain decimal number: strtod converts it exactly.
    return withUnsafeTemporaryAllocation(of: CChar.self, capacity: s.count + 1) { buf -> Double? in
      guard let base = buf.baseAddress else { return nil }
      for (k, b) in s.enumerated() { base[k] = CChar(bitPattern: b) }
      base[s.count] = 0
      return strtod(base, nil)
    }
  }

  /// An integer as NumPy's text reader accepts it: optional sign, decimal digits, within
  /// int64.
  static func parseInt(_ s: Line) -> Int64? {
    var i = s.startIndex
    var negative = false
    if i < s.endIndex, s[i] == 0x2B || s[i] == 0x2D {
      negative = s[i] == 0x2D
      i += 1
    }
    guard i < s.endIndex else { return nil }
    var value: Int64 = 0
    while i < s.endIndex {
      let b = s[i]
      guard b >= 0x30 && b <= 0x39 else { return nil }
      let d = Int64(b - 0x30)
      let (m, o1) = value.multipliedReportingOverflow(by: 10)
      let (v, o2) = negative ? m.subtractingReportingOverflow(d) : m.addingReportingOverflow(d)
      if o1 || o2 { return nil }
      value = v
      i += 1
    }
    return value
  }
}
