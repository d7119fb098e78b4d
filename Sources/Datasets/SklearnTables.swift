import Tensors

/// Readers for the text files behind scikit-learn's bundled datasets, in the two layouts
/// scikit-learn reads them with:
///
/// - **labelled CSV** (`iris.csv`, `wine_data.csv`, `breast_cancer.csv`; scikit-learn's
///   `load_csv_data`): a header row `n_samples,n_features,name_0,name_1,…` (the class
///   names), then one row per sample: `n_features` numbers, then the integer class;
/// - **numeric tables** (`digits.csv.gz`, the diabetes and Linnerud files; `np.loadtxt`):
///   rows of numbers split on commas or on whitespace, optionally after a header row.
///
/// Nothing in a file is trusted: a truncated, non-numeric or inconsistent file is a
/// ``DatasetError`` naming the file and line, never a crash, and no allocation is sized
/// from a number the file states before the rows have been counted.
enum SklearnTables {
  /// The largest text accepted, after decompression: 64 MiB (the largest bundled file,
  /// the digits, is 265 kB).
  static let maximumTextSize = 64 << 20

  /// The bytes of the file at `path`, decompressed when it is gzip data.
  static func text(path: String, name: String) throws -> [UInt8] {
    if let size = FileBytes.size(path), size > maximumTextSize {
      throw DatasetError.corrupt(name, "file is \(grouped(size)) bytes, far more than this dataset's file")
    }
    let raw = try FileBytes.read(path)
    guard GzipReader.isGzip(raw) else { return raw }
    let gz = try GzipReader(raw, name: name)
    return try gz.readAll(limit: min(maximumTextSize, GzipReader.outputBound(compressedCount: raw.count)))
  }

  /// A labelled table: row-major float64 features and int64 classes.
  struct Labelled {
    var data: [Double]
    var rows: Int
    var columns: Int
    var target: [Int64]
    var targetNames: [String]
  }

  /// Parses a labelled CSV (the layout above). Rows must number exactly `n_samples` and
  /// each hold `n_features + 1` values; blank lines are ignored. `name` is the file name
  /// used in messages.
  static func labelled(_ bytes: [UInt8], name: String) throws -> Labelled {
    try checkText(bytes, name: name)
    let lines = TextArrays.lines(of: bytes)
    guard let header = lines.first, !trimmed(header).isEmpty else {
      throw DatasetError.corrupt(
        name, "the first line is empty; expected the header 'n_samples,n_features,class names…'")
    }
    let head = split(header)
    guard head.count >= 2 else {
      throw DatasetError.corrupt(
        name,
        "line 1: the header has \(head.count) field; expected n_samples, n_features, then the class names")
    }
    // A cap well above any real table keeps `columns + 1` and the products below in range.
    let cap: Int64 = 1 << 40
    guard let samples64 = TextArrays.parseInt(trimmed(head[0])), (0...cap).contains(samples64) else {
      throw DatasetError.corrupt(name, "line 1: n_samples \(shown(head[0])) is not a count")
    }
    guard let features64 = TextArrays.parseInt(trimmed(head[1])), (0...cap).contains(features64) else {
      throw DatasetError.corrupt(name, "line 1: n_features \(shown(head[1])) is not a count")
    }
    let samples = Int(samples64)
    let columns = Int(features64)
    var names = [String]()
    for field in head.dropFirst(2) {
      guard let s = String(validating: field, as: UTF8.self) else {
        throw DatasetError.corrupt(name, "line 1: a class name is not UTF-8 text")
      }
      names.append(s)
    }
    var data = [Double]()
    var target = [Int64]()
    var rows = 0
    for (k, line) in lines.enumerated().dropFirst() where !trimmed(line).isEmpty {
      let number = k + 1
      let fields = split(line)
      guard fields.count == columns + 1 else {
        throw DatasetError.corrupt(
          name,
          "line \(number): \(fields.count) values, expected \(columns + 1) (\(columns) features then the class)",
          hint: "the file may be truncated or damaged; run `make setup` again")
      }
      rows += 1
      guard rows <= samples else {
        throw DatasetError.corrupt(
          name, "more than the \(grouped(samples)) rows of data its header announces (line \(number))")
      }
      for (c, field) in fields.dropLast().enumerated() {
        guard let d = TextArrays.parseFloat(trimmed(field)) else {
          throw DatasetError.corrupt(name, "line \(number), column \(c + 1): \(shown(field)) is not a number")
        }
        data.append(d)
      }
      guard let last = fields.last, let label = TextArrays.parseInt(trimmed(last)) else {
        throw DatasetError.corrupt(
          name, "line \(number): the class \(shown(fields.last ?? [])) is not an integer")
      }
      target.append(label)
    }
    guard rows == samples else {
      throw DatasetError.corrupt(
        name, "holds \(grouped(rows)) rows of data but its header announces \(grouped(samples))",
        hint: "the file may be truncated; run `make setup` again")
    }
    return Labelled(data: data, rows: rows, columns: columns, target: target, targetNames: names)
  }

  /// Parses a numeric table as `np.loadtxt` reads it (`#` comments and blank lines
  /// skipped, every row the same width), after `skipRows` header lines, into a float64
  /// matrix `(rows, columns)`. `delimiter` nil splits on whitespace.
  static func numeric(_ bytes: [UInt8], name: String, delimiter: String?, skipRows: Int = 0) throws -> Tensor
  {
    try checkText(bytes, name: name)
    var options = TextArrays.Options()
    options.delimiter = delimiter
    options.skipRows = skipRows
    options.ndmin = 2
    do {
      let (t, _) = try TextArrays.loadtxt(TextArrays.lines(of: bytes), options)
      return t
    } catch let e as NumPyFileError {
      throw DatasetError.corrupt(name, e.message, hint: "the file may be damaged; run `make setup` again")
    }
  }

  /// The words of the first line (the Linnerud files' column names).
  static func headerWords(_ bytes: [UInt8], name: String) throws -> [String] {
    guard let first = TextArrays.lines(of: bytes).first else { return [] }
    return try first.split(whereSeparator: isSpace).map {
      guard let s = String(validating: $0, as: UTF8.self) else {
        throw DatasetError.corrupt(name, "line 1: a column name is not UTF-8 text")
      }
      return s
    }
  }

  /// A description file's text, with universal newlines as Python's `read_text` gives it.
  static func description(_ bytes: [UInt8], name: String) throws -> String {
    var bytes = bytes
    if bytes.contains(0x0D) {
      var out = [UInt8]()
      out.reserveCapacity(bytes.count)
      var i = 0
      while i < bytes.count {
        if bytes[i] == 0x0D {
          out.append(0x0A)
          if i + 1 < bytes.count, bytes[i + 1] == 0x0A { i += 1 }
        } else {
          out.append(bytes[i])
        }
        i += 1
      }
      bytes = out
    }
    guard let text = String(validating: bytes, as: UTF8.self) else {
      throw DatasetError.corrupt(name, "is not UTF-8 text")
    }
    return text
  }

  /// Refuses binary data (NUL bytes), which is never CSV text.
  private static func checkText(_ bytes: [UInt8], name: String) throws {
    if bytes.isEmpty { throw DatasetError.corrupt(name, "file is empty") }
    if bytes.contains(0) {
      throw DatasetError.corrupt(
        name, "holds NUL bytes, so it is not CSV text (a binary or still-compressed file?)")
    }
  }

  static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }

  static func trimmed(_ s: TextArrays.Line) -> TextArrays.Line {
    var s = s
    while let c = s.first, isSpace(c) { s = s.dropFirst() }
    while let c = s.last, isSpace(c) { s = s.dropLast() }
    return s
  }

  /// A line's comma-separated fields.
  static func split(_ line: TextArrays.Line) -> [TextArrays.Line] {
    line.split(separator: 0x2C, omittingEmptySubsequences: false)
  }

  /// A field quoted for a message, at most 20 characters of it.
  static func shown(_ field: TextArrays.Line) -> String {
    "'" + String(decoding: trimmed(field).prefix(20), as: UTF8.self) + "'"
  }
}
