import Tensors

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reader for NumPy's `.npy` format (versions 1.0, 2.0 and 3.0): the magic string
/// `\x93NUMPY`, a version, a little-endian header length (2 bytes in 1.0, 4 bytes
/// after), the header dictionary (see ``NPYHeader``), then the raw elements in C order.
public enum NPYReader {
  /// Reads the `.npy` file at `path`.
  public static func read(path: String) throws -> Tensor {
    try read(bytes: FileBytes.read(path), name: path)
  }

  /// Reads `.npy` data held in memory; `name` is used in error messages.
  public static func read(bytes: [UInt8], name: String) throws -> Tensor {
    var decoder = NPYDecoder(name: name, sizeBound: bytes.count)
    try bytes.withUnsafeBytes { try decoder.feed($0) }
    return try decoder.finish()
  }
}

/// Decodes a `.npy` stream fed in chunks (as a zip entry is extracted), writing the
/// elements straight into the tensor's storage once the header is known, so an array
/// is never held twice in memory.
struct NPYDecoder {
  static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // \x93NUMPY
  /// NumPy's own reader refuses headers over 10,000 bytes by default; this allows
  /// more but still stops a header length field of 4 GiB from being honoured.
  static let maximumHeaderLength = 1 << 20

  let name: String
  /// The most bytes the source can deliver, when known: an announced array larger
  /// than this is refused before allocating.
  let sizeBound: Int?
  private var prefix = [UInt8]()
  private var preambleLength: Int?
  private var header: NPYHeader?
  private var tensor: Tensor?
  private var filled = 0
  private var received = 0

  init(name: String, sizeBound: Int?) {
    self.name = name
    self.sizeBound = sizeBound
  }

  /// Consumes the next chunk of the stream.
  mutating func feed(_ chunk: UnsafeRawBufferPointer) throws {
    var rest = chunk[...]
    received += chunk.count
    while !rest.isEmpty {
      if let header, let tensor {
        let room = header.dataByteCount - filled
        guard rest.count <= room else {
          throw DatasetError.corrupt(
            name,
            "more data follows the \(grouped(header.dataByteCount)) bytes that shape "
              + "\(formatShape(header.shape)) of \(header.dtype.name) needs")
        }
        if let base = rest.base.baseAddress {
          memcpy(
            UnsafeMutableRawPointer(tensor.base(UInt8.self)) + filled, base + rest.startIndex, rest.count)
        }
        filled += rest.count
        return
      }
      // Still in the header: collect bytes until its announced length is reached.
      let want = headerTarget() - prefix.count
      let take = min(want, rest.count)
      prefix.append(contentsOf: rest.prefix(take))
      rest = rest.dropFirst(take)
      try advanceHeader()
    }
  }

  /// How long the collected prefix must grow before the next parsing step: the magic
  /// and version (8 bytes), then the length field, then the whole header.
  private func headerTarget() -> Int {
    if prefix.count < 8 { return 8 }
    if let preambleLength { return preambleLength }
    return prefix[6] == 1 ? 10 : 12
  }

  /// Parses as much of the preamble and header as has arrived.
  private mutating func advanceHeader() throws {
    if preambleLength == nil {
      let n = min(prefix.count, NPYDecoder.magic.count)
      guard prefix.prefix(n).elementsEqual(NPYDecoder.magic.prefix(n)) else {
        throw DatasetError.corrupt(
          name, "not a .npy file: it does not start with the magic string \\x93NUMPY",
          hint: "was the file saved with np.save?")
      }
      guard prefix.count >= 8 else { return }
      let major = prefix[6]
      let minor = prefix[7]
      guard (major == 1 || major == 2 || major == 3) && minor == 0 else {
        throw DatasetError.corrupt(
          name, "unsupported .npy format version \(major).\(minor) (expected 1.0, 2.0 or 3.0)")
      }
      let lengthBytes = major == 1 ? 2 : 4
      guard prefix.count >= 8 + lengthBytes else { return }
      var headerLength = 0
      for k in 0..<lengthBytes { headerLength |= Int(prefix[8 + k]) << (8 * k) }
      if headerLength > NPYDecoder.maximumHeaderLength {
        throw DatasetError.corrupt(
          name, ".npy header length field says \(grouped(headerLength)) bytes, more than any real header")
      }
      preambleLength = 8 + lengthBytes + headerLength
    }
    guard let total = preambleLength, prefix.count >= total, header == nil else { return }
    let textStart = prefix[6] == 1 ? 10 : 12
    let h = try NPYHeader(text: Array(prefix[textStart..<total]), name: name)
    if let bound = sizeBound, h.dataByteCount > bound - min(bound, total) {
      throw DatasetError.corrupt(
        name,
        "truncated: shape \(formatShape(h.shape)) of \(h.dtype.name) needs \(grouped(h.dataByteCount)) "
          + "bytes of data but only \(grouped(max(0, bound - total))) bytes follow the header",
        hint: "the file is incomplete; save or copy it again")
    }
    do {
      tensor = try Tensor(zeros: h.shape, dtype: h.dtype)
    } catch let e as TensorError {
      throw DatasetError(.memoryError, "\(name): \(e.message)")
    }
    header = h
  }

  /// The decoded array, after checking that exactly the announced data arrived.
  func finish() throws -> Tensor {
    guard let header, let tensor else {
      if received == 0 { throw DatasetError.corrupt(name, "file is empty") }
      let n = min(prefix.count, NPYDecoder.magic.count)
      if !prefix.prefix(n).elementsEqual(NPYDecoder.magic.prefix(n)) || prefix.count < 6 {
        throw DatasetError.corrupt(
          name, "not a .npy file: only \(prefix.count) bytes, too short for the magic string")
      }
      throw DatasetError.corrupt(name, "truncated .npy header: the file ends after \(received) bytes")
    }
    if filled < header.dataByteCount {
      throw DatasetError.corrupt(
        name,
        "truncated: shape \(formatShape(header.shape)) of \(header.dtype.name) needs "
          + "\(grouped(header.dataByteCount)) bytes of data but the file holds \(grouped(filled))",
        hint: "the file is incomplete; save or copy it again")
    }
    let raw = UnsafeMutableRawPointer(tensor.base(UInt8.self))
    if header.bigEndian {
      IDXReader.swapFromBigEndian(raw, count: header.count, itemSize: header.dtype.itemSize)
    }
    if header.dtype == .bool {
      // A Swift Bool must be 0 or 1; NumPy treats any other byte as True.
      let p = raw.assumingMemoryBound(to: UInt8.self)
      for k in 0..<header.count where p[k] > 1 { p[k] = 1 }
    }
    return tensor
  }
}
