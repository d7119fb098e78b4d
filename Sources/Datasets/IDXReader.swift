import Tensors

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reader for the IDX format of the MNIST and Fashion-MNIST distributions
/// (`train-images-idx3-ubyte.gz` and friends), gzip-compressed or not.
///
/// Layout: a 4-byte magic number `00 00 <type> <ndim>`, then `ndim` big-endian 32-bit
/// dimensions, then the elements in row-major order, big-endian. The header is
/// validated before any large allocation: the announced size must match what the
/// file holds (exactly for raw files; within what deflate can produce for gzip), so a
/// header claiming 2^40 elements is an error, not an out-of-memory kill.
public enum IDXReader {
  /// The most dimensions accepted. MNIST uses 1 (labels) and 3 (images).
  public static let maximumDimensions = 8

  /// Reads the IDX file at `path`; gzip compression is detected from the first bytes,
  /// not the file name. Element types: unsigned byte (`uint8`), int (`int32`),
  /// float (`float32`), double (`float64`).
  public static func read(path: String) throws -> Tensor {
    try read(bytes: FileBytes.read(path), name: path)
  }

  /// Reads IDX data held in memory; `name` is used in error messages.
  public static func read(bytes: [UInt8], name: String) throws -> Tensor {
    if GzipReader.isGzip(bytes) {
      let gz = try GzipReader(bytes, name: name)
      var source = GzipSource(reader: gz)
      return try decode(&source, name: name, compressedCount: bytes.count)
    }
    var source = MemorySource(bytes: bytes)
    return try decode(&source, name: name, compressedCount: nil)
  }

  /// The element type byte of the magic number, mapped to a dtype.
  static func dtype(forTypeByte type: UInt8, name: String) throws -> DType {
    switch type {
    case 0x08: return .uint8
    case 0x0C: return .int32
    case 0x0D: return .float32
    case 0x0E: return .float64
    case 0x09, 0x0B:
      let what = type == 0x09 ? "signed byte" : "16-bit integer"
      throw DatasetError.corrupt(
        name,
        "IDX element type 0x\(hex(type)) (\(what)) is not supported; MNIST files use 0x08 (unsigned byte)")
    default:
      throw DatasetError.corrupt(
        name,
        "unknown IDX element type 0x\(hex(type)) in the magic number (expected 0x08, 0x0C, 0x0D or 0x0E)")
    }
  }

  static func decode<S: IDXByteSource>(_ source: inout S, name: String, compressedCount: Int?) throws
    -> Tensor
  {
    var magic = [UInt8](repeating: 0, count: 4)
    let got = try source.read(into: &magic)
    if got < 4 {
      throw DatasetError.corrupt(
        name, got == 0 ? "file is empty" : "only \(got) bytes long: too short for an IDX header")
    }
    guard magic[0] == 0, magic[1] == 0 else {
      throw DatasetError.corrupt(
        name,
        "not an IDX file: starts with \(magic.map(hex).joined(separator: " ")), "
          + "expected the magic number 00 00 <type> <dimensions>",
        hint: "MNIST files are named like train-images-idx3-ubyte(.gz)")
    }
    let dtype = try dtype(forTypeByte: magic[2], name: name)
    let ndim = Int(magic[3])
    guard ndim >= 1, ndim <= maximumDimensions else {
      throw DatasetError.corrupt(
        name, "IDX header announces \(ndim) dimensions (expected 1 to \(maximumDimensions))")
    }
    var dimBytes = [UInt8](repeating: 0, count: 4 * ndim)
    let dimGot = try source.read(into: &dimBytes)
    if dimGot < dimBytes.count {
      throw DatasetError.corrupt(
        name, "IDX header announces \(ndim) dimensions but the file ends after \(dimGot / 4) of them")
    }
    var shape = [Int]()
    var count = 1
    var overflow = false
    for i in 0..<ndim {
      let d =
        Int(dimBytes[4 * i]) << 24 | Int(dimBytes[4 * i + 1]) << 16 | Int(dimBytes[4 * i + 2]) << 8
        | Int(dimBytes[4 * i + 3])
      shape.append(d)
      let (p, o) = count.multipliedReportingOverflow(by: d)
      count = p
      overflow = overflow || o
    }
    let (dataBytes, o2) = count.multipliedReportingOverflow(by: dtype.itemSize)
    let headerBytes = 4 + 4 * ndim
    let announced = "shape \(formatShape(shape)) of \(dtype.name)"
    if let compressedCount {
      // Refuse before allocating: deflate cannot produce this much from this file.
      if overflow || o2 || dataBytes > GzipReader.outputBound(compressedCount: compressedCount) {
        throw DatasetError.corrupt(
          name,
          "IDX header announces \(announced), more data than \(grouped(compressedCount)) "
            + "compressed bytes can hold; the header is corrupt")
      }
    } else {
      let remaining = source.remainingCount ?? 0
      if overflow || o2 || dataBytes > remaining {
        throw DatasetError.corrupt(
          name,
          "truncated: the IDX header announces \(announced) (\(overflow || o2 ? "too many" : grouped(dataBytes)) "
            + "bytes of data) but only \(grouped(remaining)) bytes follow the header",
          hint: "the file is incomplete; copy or download it again")
      }
      if dataBytes < remaining {
        throw DatasetError.corrupt(
          name,
          "\(grouped(remaining - dataBytes)) extra bytes after the \(grouped(dataBytes)) bytes of data "
            + "the IDX header announces (\(announced)); the header or the file is wrong")
      }
    }
    let tensor: Tensor
    do {
      tensor = try Tensor(zeros: shape, dtype: dtype)
    } catch let e as TensorError {
      throw DatasetError(.memoryError, "\(name): \(e.message)")
    }
    let raw = UnsafeMutableRawPointer(tensor.base(UInt8.self))
    let filled = try source.read(into: raw, count: dataBytes)
    if filled < dataBytes {
      throw DatasetError.corrupt(
        name,
        "truncated: the IDX header announces \(announced) (\(grouped(dataBytes)) bytes of data) "
          + "but the data ends after \(grouped(filled)) bytes",
        hint: "the file is incomplete; copy or download it again")
    }
    if try !source.isAtEnd() {
      throw DatasetError.corrupt(
        name,
        "more data follows the \(grouped(dataBytes)) bytes the IDX header announces (\(announced)) "
          + "after the \(headerBytes)-byte header; the header or the file is wrong")
    }
    swapFromBigEndian(raw, count: count, itemSize: dtype.itemSize)
    return tensor
  }

  /// IDX stores multi-byte elements big-endian; this machine is little-endian.
  static func swapFromBigEndian(_ p: UnsafeMutableRawPointer, count: Int, itemSize: Int) {
    switch itemSize {
    case 4:
      let q = p.assumingMemoryBound(to: UInt32.self)
      for i in 0..<count { q[i] = UInt32(bigEndian: q[i]) }
    case 8:
      let q = p.assumingMemoryBound(to: UInt64.self)
      for i in 0..<count { q[i] = UInt64(bigEndian: q[i]) }
    default:
      break
    }
  }
}

/// Two hex digits, `0a`.
func hex(_ b: UInt8) -> String {
  let digits = Array("0123456789abcdef")
  return String([digits[Int(b >> 4)], digits[Int(b & 15)]])
}

/// Where IDX bytes come from: a raw file in memory or a gzip stream.
protocol IDXByteSource {
  /// Fills up to `count` bytes; fewer only at the end of the data.
  mutating func read(into dest: UnsafeMutableRawPointer, count: Int) throws -> Int
  mutating func isAtEnd() throws -> Bool
  /// Bytes left, when known without decompressing.
  var remainingCount: Int? { get }
}

extension IDXByteSource {
  mutating func read(into array: inout [UInt8]) throws -> Int {
    let n = array.count
    return try array.withUnsafeMutableBytes { buf -> Int in
      guard let base = buf.baseAddress else { return 0 }
      return try read(into: base, count: n)
    }
  }
}

struct MemorySource: IDXByteSource {
  let bytes: [UInt8]
  var position = 0

  mutating func read(into dest: UnsafeMutableRawPointer, count: Int) throws -> Int {
    let n = min(count, bytes.count - position)
    guard n > 0 else { return 0 }
    bytes.withUnsafeBytes { buf in
      if let base = buf.baseAddress { memcpy(dest, base + position, n) }
    }
    position += n
    return n
  }

  mutating func isAtEnd() throws -> Bool { position >= bytes.count }
  var remainingCount: Int? { bytes.count - position }
}

struct GzipSource: IDXByteSource {
  let reader: GzipReader
  mutating func read(into dest: UnsafeMutableRawPointer, count: Int) throws -> Int {
    try reader.read(into: dest, count: count)
  }
  mutating func isAtEnd() throws -> Bool { try reader.isAtEnd() }
  var remainingCount: Int? { nil }
}
