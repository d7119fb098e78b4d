import CSystemZlib

/// Streaming gzip decompression of a compressed buffer held in memory, with zlib's
/// `inflate`. Readers pull exactly as many bytes as a header announces straight into
/// their destination (tensor storage), so a 47 MB image file is decompressed once,
/// with no intermediate copies and no buffer growth.
///
/// Nothing here trusts the data: corrupt streams, truncated files, trailing garbage
/// and output beyond what deflate can physically produce all become ``DatasetError``s
/// naming the file.
final class GzipReader {
  /// Deflate cannot expand data by more than about 1032:1 (a maximal run costs at least
  /// two bits per 258 bytes), so a header announcing more output than this times the
  /// compressed size is lying, whatever the file claims. Checked before allocating.
  static let maximumExpansion = 1032

  /// Whether `bytes` starts with the gzip magic number 1f 8b.
  static func isGzip(_ bytes: [UInt8]) -> Bool {
    bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
  }

  /// The most output `compressedCount` bytes of gzip could possibly decompress to.
  static func outputBound(compressedCount: Int) -> Int {
    let (p, overflow) = compressedCount.multipliedReportingOverflow(by: maximumExpansion)
    return overflow ? Int.max : p + 4096
  }

  private let input: [UInt8]
  private let name: String
  /// The z_stream lives on the heap because zlib keeps a pointer back to it and checks
  /// it on every call; a Swift value could move.
  private let stream: UnsafeMutablePointer<z_stream>
  private var consumed = 0
  private var finished = false
  /// Output produced so far, for messages.
  private(set) var produced = 0

  /// Prepares to decompress `input` (gzip or zlib format, detected from the header);
  /// `name` is the file name used in error messages.
  init(_ input: [UInt8], name: String) throws {
    self.input = input
    self.name = name
    stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    stream.initialize(to: z_stream())
    // 15 window bits + 32: accept both gzip and zlib headers.
    let status = inflateInit2_(stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
    if status != Z_OK {
      stream.deinitialize(count: 1)
      stream.deallocate()
      throw DatasetError(.memoryError, "\(name): zlib could not start decompressing (status \(status))")
    }
  }

  deinit {
    inflateEnd(stream)
    stream.deinitialize(count: 1)
    stream.deallocate()
  }

  /// Decompresses up to `count` bytes into `dest`; fewer only when the compressed data
  /// ends first. Returns the number of bytes written.
  func read(into dest: UnsafeMutableRawPointer, count: Int) throws -> Int {
    var written = 0
    while written < count && !finished {
      let ask = min(count - written, Int(Int32.max))
      let before = ask
      let status: Int32 = input.withUnsafeBytes { buf -> Int32 in
        guard let base = buf.baseAddress else { return Z_BUF_ERROR }
        let available = min(input.count - consumed, Int(Int32.max))
        stream.pointee.next_in = UnsafeMutablePointer(
          mutating: base.assumingMemoryBound(to: Bytef.self) + consumed)
        stream.pointee.avail_in = uInt(available)
        stream.pointee.next_out = (dest + written).assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = uInt(ask)
        let s = inflate(stream, Z_NO_FLUSH)
        consumed += available - Int(stream.pointee.avail_in)
        return s
      }
      let got = before - Int(stream.pointee.avail_out)
      written += got
      produced += got
      switch status {
      case Z_OK:
        continue
      case Z_STREAM_END:
        try endOfMember()
      case Z_BUF_ERROR:
        // No progress possible: with output room left, that means the input ran out.
        if consumed >= input.count {
          throw DatasetError.corrupt(
            name,
            "compressed data ends early after \(grouped(produced)) bytes of output; the file is truncated",
            hint: "download or copy the file again")
        }
        if got == 0 { throw corruptStream(status) }
      case Z_MEM_ERROR:
        throw DatasetError(.memoryError, "\(name): zlib ran out of memory while decompressing")
      default:
        throw corruptStream(status)
      }
    }
    return written
  }

  /// Whether the compressed data holds no more output (reads at most one byte).
  func isAtEnd() throws -> Bool {
    var scratch: UInt8 = 0
    let n = try withUnsafeMutableBytes(of: &scratch) { buf -> Int in
      guard let base = buf.baseAddress else { return 0 }
      return try read(into: base, count: 1)
    }
    return n == 0
  }

  /// The remaining output, refusing more than `limit` bytes (a zip bomb or a wrong file).
  func readAll(limit: Int) throws -> [UInt8] {
    var out = [UInt8]()
    // Start near the gzip trailer's size guess (the size modulo 2^32 of the last member).
    var capacity = min(max(initialGuess(), 1 << 16), limit)
    while true {
      if out.count >= limit {
        if try isAtEnd() { return out }
        throw DatasetError.corrupt(
          name, "decompresses to more than \(grouped(limit)) bytes, more than this reader accepts")
      }
      capacity = min(max(capacity, out.count * 2), limit)
      let start = out.count
      out.append(contentsOf: [UInt8](repeating: 0, count: capacity - start))
      let n = try out.withUnsafeMutableBytes { buf -> Int in
        guard let base = buf.baseAddress else { return 0 }
        return try read(into: base + start, count: capacity - start)
      }
      if n < capacity - start {
        out.removeLast(capacity - start - n)
        return out
      }
    }
  }

  /// The ISIZE field of the gzip trailer: the uncompressed size modulo 2^32, a hint only.
  private func initialGuess() -> Int {
    guard input.count >= 18 else { return 0 }
    let t = input.count - 4
    return Int(input[t]) | Int(input[t + 1]) << 8 | Int(input[t + 2]) << 16 | Int(input[t + 3]) << 24
  }

  /// A member ended: continue with the next member of a multi-member file (as `gzip -d`
  /// does), accept zero padding, reject anything else.
  private func endOfMember() throws {
    let rest = input.count - consumed
    if rest == 0 {
      finished = true
      return
    }
    if rest >= 2 && input[consumed] == 0x1f && input[consumed + 1] == 0x8b {
      if inflateReset(stream) != Z_OK { throw corruptStream(Z_STREAM_ERROR) }
      return
    }
    if input[consumed...].allSatisfy({ $0 == 0 }) {
      finished = true
      return
    }
    throw DatasetError.corrupt(
      name, "\(grouped(rest)) bytes of unexpected data after the end of the compressed stream")
  }

  private func corruptStream(_ status: Int32) -> DatasetError {
    var detail = "zlib status \(status)"
    if let msg = stream.pointee.msg { detail = String(cString: msg) }
    return DatasetError.corrupt(
      name, "corrupt gzip data after \(grouped(produced)) bytes of output (\(detail))",
      hint: "the file is damaged; download or copy it again")
  }
}
