import Tensors

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// NumPy's `.npy` format as `np.save` writes it and `np.load` reads it (numpy.lib.format):
/// the magic `\x93NUMPY`, the version, a little-endian header length, the header
/// dictionary padded with spaces and a newline to a multiple of 64 bytes, then the
/// elements in C order. Writing gives NumPy's bytes exactly; reading checks what NumPy
/// checks, in the same order, with NumPy's messages.
public enum NPYFormat {
  static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]
  /// `numpy.lib.format.ARRAY_ALIGN`.
  static let alignment = 64
  /// Room NumPy leaves after the header so the first axis can grow in place.
  static let growthAxisMaxDigits = 21
  /// NumPy's default `max_header_size` for untrusted files.
  public static let maximumHeaderSize = 10_000

  /// Whether `bytes` starts with the `.npy` magic string.
  public static func hasMagic(_ bytes: [UInt8]) -> Bool { bytes.starts(with: magic) }

  /// The dtype descriptor NumPy writes for a tensor dtype on a little-endian machine.
  public static func descr(_ dtype: DType) -> String {
    switch dtype {
    case .bool: return "|b1"
    case .uint8: return "|u1"
    case .int32: return "<i4"
    case .int64: return "<i8"
    case .float32: return "<f4"
    case .float64: return "<f8"
    }
  }

  /// The magic string, version, length and padded header for an array of this dtype
  /// and shape: version 1.0 unless the header needs more than 65,535 bytes.
  public static func header(dtype: DType, shape: [Int], fortranOrder: Bool = false) -> [UInt8] {
    var text =
      "{'descr': '\(descr(dtype))', 'fortran_order': \(fortranOrder ? "True" : "False"), 'shape': "
      + pythonTupleRepr(shape.map(String.init)) + ", }"
    if let growing = fortranOrder ? shape.last : shape.first {
      text += String(repeating: " ", count: max(0, growthAxisMaxDigits - String(growing).count))
    }
    let body = Array(text.utf8)
    for (major, lengthBytes) in [(UInt8(1), 2), (UInt8(2), 4)] {
      let headerLength = body.count + 1
      let padding = alignment - ((magic.count + 2 + lengthBytes + headerLength) % alignment)
      let total = headerLength + padding
      if lengthBytes == 2 && total > 0xFFFF { continue }
      var out = magic + [major, 0]
      for k in 0..<lengthBytes { out.append(UInt8(truncatingIfNeeded: total >> (8 * k))) }
      out += body
      out += [UInt8](repeating: 0x20, count: padding)
      out.append(0x0A)
      return out
    }
    return []
  }

  /// Passes the `.npy` encoding of `tensor` (header, then its elements, little-endian) to
  /// `sink` in pieces. As NumPy does, a C-contiguous array is written in C order, a
  /// Fortran-contiguous one (a transpose) in Fortran order with `fortran_order: True`,
  /// anything else copied to C order first.
  public static func write(_ tensor: Tensor, to sink: (UnsafeRawBufferPointer) throws -> Void) throws {
    var t = tensor
    var fortran = false
    if !t.isContiguous {
      let reversed = try t.transpose(Array((0..<t.ndim).reversed()))
      if reversed.isContiguous {
        t = reversed
        fortran = true
      } else {
        t = try t.copy()
      }
    }
    try header(dtype: t.dtype, shape: tensor.shape, fortranOrder: fortran).withUnsafeBytes { try sink($0) }
    let start = UnsafeRawPointer(t.storage.bytes) + t.offset * t.itemSize
    let total = t.byteCount
    var done = 0
    let chunk = 1 << 24
    while done < total {
      let n = min(chunk, total - done)
      try sink(UnsafeRawBufferPointer(start: start + done, count: n))
      done += n
    }
  }

  /// The whole `.npy` encoding in memory (for `.npz` members and tests).
  public static func encode(_ tensor: Tensor) throws -> [UInt8] {
    var out = [UInt8]()
    out.reserveCapacity(tensor.byteCount + 128)
    try write(tensor) { out.append(contentsOf: $0) }
    return out
  }

  // MARK: Reading

  /// Decodes a `.npy` file's bytes as `numpy.lib.format.read_array` does. Extra bytes after
  /// the data are ignored (NumPy reads only what the header announces).
  public static func decode(_ bytes: [UInt8], allowPickle: Bool) throws -> Tensor {
    func eof(_ what: String, _ wanted: Int, _ got: Int) -> NumPyFileError {
      .value("EOF: reading \(what), expected \(wanted) bytes got \(got)")
    }
    guard bytes.count >= 8 else { throw eof("magic string", 8, bytes.count) }
    guard hasMagic(bytes) else {
      let got = "b" + pythonRepr(String(decoding: bytes.prefix(6), as: UTF8.self))
      throw NumPyFileError.value("the magic string is not correct; expected b'\\x93NUMPY', got \(got)")
    }
    let major = bytes[6]
    let minor = bytes[7]
    guard (major == 1 || major == 2 || major == 3) && minor == 0 else {
      throw NumPyFileError.value(
        "we only support format version (1,0), (2,0), and (3,0), not (\(major), \(minor))")
    }
    let lengthBytes = major == 1 ? 2 : 4
    guard bytes.count >= 8 + lengthBytes else {
      throw eof("array header length", lengthBytes, bytes.count - 8)
    }
    var headerLength = 0
    for k in 0..<lengthBytes { headerLength |= Int(bytes[8 + k]) << (8 * k) }
    let headerStart = 8 + lengthBytes
    guard bytes.count - headerStart >= headerLength else {
      throw eof("array header", headerLength, bytes.count - headerStart)
    }
    let headerBytes = Array(bytes[headerStart..<(headerStart + headerLength)])
    // Versions 1 and 2 store latin-1 text, version 3 UTF-8.
    let headerText =
      major == 3
      ? String(decoding: headerBytes, as: UTF8.self)
      : String(String.UnicodeScalarView(headerBytes.map { Unicode.Scalar($0) }))
    if !allowPickle && headerText.count > maximumHeaderSize {
      throw NumPyFileError.value(
        "Header info length (\(headerText.count)) is large and may not be safe to load securely.\n"
          + "To allow loading, adjust `max_header_size` or fully trust the `.npy` file using "
          + "`allow_pickle=True`.\nFor safety against large resource use or crashes, sandboxing "
          + "may be necessary.")
    }
    let dataStart = headerStart + headerLength
    let (dtype, bigEndian, shape, fortran) = try parseHeader(headerText, allowPickle: allowPickle)

    // Allocate first, as NumPy does: an impossible size is a MemoryError even when the
    // file is short.
    var count = 1
    for d in shape {
      if d < 0 { throw NumPyFileError.value("negative dimensions are not allowed") }
      let (p, overflow) = count.multipliedReportingOverflow(by: d)
      if overflow {
        throw NumPyFileError.value(
          "array is too big; `arr.size * arr.dtype.itemsize` is larger than the maximum possible size.")
      }
      count = p
    }
    let storedShape = fortran ? Array(shape.reversed()) : shape
    var tensor: Tensor
    do {
      tensor = try Tensor(zeros: storedShape, dtype: dtype)
    } catch let e as TensorError {
      throw NumPyFileError(e.kind.rawValue, e.message, hint: e.hint)
    }
    let available = (bytes.count - dataStart) / dtype.itemSize
    if available < count {
      throw NumPyFileError.value(
        "Failed to read all data for array. Expected \(pythonTupleRepr(shape.map(String.init))) = \(count) "
          + "elements, could only read \(available) elements. (file seems not fully written?)")
    }
    let byteCount = count * dtype.itemSize
    let raw = tensor.storage.bytes
    bytes.withUnsafeBytes { buf in
      if let base = buf.baseAddress, byteCount > 0 { memcpy(raw, base + dataStart, byteCount) }
    }
    if bigEndian { IDXReader.swapFromBigEndian(raw, count: count, itemSize: dtype.itemSize) }
    if dtype == .bool {
      // A Swift Bool must be 0 or 1; NumPy treats any other byte as True.
      let p = raw.assumingMemoryBound(to: UInt8.self)
      for k in 0..<count where p[k] > 1 { p[k] = 1 }
    }
    if fortran && shape.count > 1 {
      do {
        tensor = try tensor.transpose(Array((0..<shape.count).reversed())).copy()
      } catch let e as TensorError {
        throw NumPyFileError(e.kind.rawValue, e.message, hint: e.hint)
      }
    }
    return tensor
  }

  /// The header dictionary's `descr`, `fortran_order` and `shape`, checked as
  /// `numpy.lib.format._read_array_header` checks them.
  static func parseHeader(_ text: String, allowPickle: Bool) throws -> (
    DType, bigEndian: Bool, shape: [Int], fortran: Bool
  ) {
    var parser = PyLiteralParser(bytes: Array(text.utf8), name: "")
    let value: PyLiteral
    do {
      value = try parser.parseTopLevel()
    } catch let e as DatasetError where e.message.hasSuffix("integer too large") {
      throw NumPyFileError("OverflowError", "Python int too large to convert to C long")
    } catch {
      throw NumPyFileError.value("Cannot parse header: \(pythonRepr(text))")
    }
    guard case .dict(let entries) = value else {
      throw NumPyFileError.value("Header is not a dictionary: \(literalRepr(value))")
    }
    var dict = [String: PyLiteral]()
    for (k, v) in entries { dict[k] = v }
    guard Set(dict.keys) == ["descr", "fortran_order", "shape"] else {
      throw NumPyFileError.value(
        "Header does not contain the correct keys: [\(dict.keys.sorted().map(pythonRepr).joined(separator: ", "))]"
      )
    }
    var shape: [Int]?
    if case .tuple(let dims)? = dict["shape"] {
      shape = dims.compactMap { d -> Int? in
        if case .int(let n) = d { return n }
        return nil
      }
      if shape?.count != dims.count { shape = nil }
    }
    guard let shape else {
      throw NumPyFileError.value("shape is not valid: \(dict["shape"].map(literalRepr) ?? "None")")
    }
    guard case .bool(let fortran)? = dict["fortran_order"] else {
      throw NumPyFileError.value(
        "fortran_order is not a valid bool: \(dict["fortran_order"].map(literalRepr) ?? "None")")
    }
    guard case .string(let descr)? = dict["descr"] else {
      throw NumPyFileError(
        "NotImplementedError",
        "dnnlab cannot load structured arrays (descr \(dict["descr"].map(literalRepr) ?? "None"))",
        hint: "dnnlab's arrays are bool, uint8, int32, int64, float32 or float64")
    }
    let (dtype, bigEndian) = try dtype(forDescr: descr, allowPickle: allowPickle)
    return (dtype, bigEndian, shape, fortran)
  }

  /// Maps a `descr` string onto a tensor dtype.
  static func dtype(forDescr descr: String, allowPickle: Bool) throws -> (DType, Bool) {
    var code = Substring(descr)
    var bigEndian = false
    if let first = code.first, "<>|=".contains(first) {
      bigEndian = first == ">"
      code = code.dropFirst()
    }
    switch code {
    case "b1", "?": return (.bool, false)
    case "u1", "B": return (.uint8, false)
    case "i4": return (.int32, bigEndian)
    case "i8": return (.int64, bigEndian)
    case "f4": return (.float32, bigEndian)
    case "f8": return (.float64, bigEndian)
    case "O", "O8", "O4":
      if !allowPickle {
        throw NumPyFileError.value("Object arrays cannot be loaded when allow_pickle=False")
      }
      throw NumPyFileError(
        "NotImplementedError", "dnnlab cannot load object arrays: they are pickled Python objects",
        hint: "save numbers with a numeric dtype instead")
    default:
      // Codes NumPy knows (kind letter, then the item size) but dnnlab has no dtype for.
      if let kind = code.first, "biufcSUVMmaO".contains(kind), code.dropFirst().allSatisfy(\.isNumber) {
        throw NumPyFileError(
          "NotImplementedError", "dnnlab cannot load arrays of dtype \(pythonRepr(descr))",
          hint:
            "dnnlab's arrays are bool, uint8, int32, int64, float32 or float64; convert with astype before saving"
        )
      }
      throw NumPyFileError.value("descr is not a valid dtype descriptor: \(pythonRepr(descr))")
    }
  }

  /// Python's `repr` of a header literal, for messages.
  static func literalRepr(_ v: PyLiteral) -> String {
    switch v {
    case .string(let s): return pythonRepr(s)
    case .int(let i): return String(i)
    case .bool(let b): return b ? "True" : "False"
    case .none: return "None"
    case .tuple(let items): return pythonTupleRepr(items.map(literalRepr))
    case .list(let items): return "[" + items.map(literalRepr).joined(separator: ", ") + "]"
    case .dict(let pairs):
      return "{" + pairs.map { pythonRepr($0.0) + ": " + literalRepr($0.1) }.joined(separator: ", ") + "}"
    }
  }
}
