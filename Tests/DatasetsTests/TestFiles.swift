import Foundation

/// Builders for the files the tests write themselves: IDX, gzip, .npy, zip/.npz and
/// CSV bytes, with compression done as deflate "stored" blocks (valid deflate that
/// needs no compressor), so the tests depend on nothing but Foundation.
enum TestFiles {
  /// A fresh empty directory under the system temp folder.
  static func tempDir(_ tag: String = #function) throws -> String {
    let safe = tag.filter { $0.isLetter || $0.isNumber }
    let dir = NSTemporaryDirectory() + "dnnlab-datasets-\(safe)-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
  }

  /// Deletes a directory made by ``tempDir(_:)``.
  static func remove(_ dir: String) {
    try? FileManager.default.removeItem(atPath: dir)
  }

  static func write(_ bytes: [UInt8], to path: String) throws {
    let dir = (path as NSString).deletingLastPathComponent
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    try Data(bytes).write(to: URL(fileURLWithPath: path))
  }

  static var fixtures: String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path
  }

  // MARK: Checksums and compression

  static let crcTable: [UInt32] = (0..<256).map { n -> UInt32 in
    var c = UInt32(n)
    for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
    return c
  }

  static func crc32(_ bytes: [UInt8]) -> UInt32 {
    var c: UInt32 = 0xFFFF_FFFF
    for b in bytes { c = crcTable[Int((c ^ UInt32(b)) & 0xff)] ^ (c >> 8) }
    return c ^ 0xFFFF_FFFF
  }

  static func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xff), UInt8((v >> 8) & 0xff)] }
  static func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8((v >> (8 * UInt32($0))) & 0xff) } }
  static func be32(_ v: Int) -> [UInt8] { (0..<4).reversed().map { UInt8((v >> (8 * $0)) & 0xff) } }

  /// Raw deflate made of stored blocks of at most 65,535 bytes.
  static func deflateStored(_ data: [UInt8]) -> [UInt8] {
    var out = [UInt8]()
    var start = 0
    repeat {
      let n = min(65535, data.count - start)
      let final = start + n == data.count
      out.append(final ? 1 : 0)
      out += le16(n) + le16(~n & 0xffff)
      out += data[start..<(start + n)]
      start += n
    } while start < data.count
    return out
  }

  /// A single-member gzip file.
  static func gzip(_ data: [UInt8]) -> [UInt8] {
    [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3] + deflateStored(data) + le32(crc32(data))
      + le32(UInt32(truncatingIfNeeded: data.count))
  }

  // MARK: Formats

  /// An IDX file: magic `00 00 type ndim`, big-endian dimensions, then `payload`.
  static func idx(type: UInt8 = 0x08, shape: [Int], payload: [UInt8]) -> [UInt8] {
    [0, 0, type, UInt8(shape.count)] + shape.flatMap { be32($0) } + payload
  }

  /// A `.npy` file with the given header dictionary text, padded as NumPy pads it.
  static func npy(header: String, payload: [UInt8], major: UInt8 = 1) -> [UInt8] {
    let pre = major == 1 ? 10 : 12
    var text = Array(header.utf8)
    while (pre + text.count + 1) % 64 != 0 { text.append(0x20) }
    text.append(0x0a)
    let length = major == 1 ? le16(text.count) : le32(UInt32(text.count))
    return [0x93] + Array("NUMPY".utf8) + [major, 0] + length + text + payload
  }

  static func npy(descr: String, shape: String, payload: [UInt8], major: UInt8 = 1) -> [UInt8] {
    npy(
      header: "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shape), }", payload: payload,
      major: major)
  }

  struct ZipMember {
    var name: String
    var data: [UInt8]
    var deflate = false
    /// Override the uncompressed size written in the headers (to make lying archives).
    var claimedSize: UInt32? = nil
    /// Override the CRC written in the headers.
    var claimedCRC: UInt32? = nil
  }

  /// A zip archive with Unix regular-file members, stored or deflated.
  static func zip(_ members: [ZipMember]) -> [UInt8] {
    var out = [UInt8]()
    var central = [UInt8]()
    for m in members {
      let body = m.deflate ? deflateStored(m.data) : m.data
      let crc = m.claimedCRC ?? crc32(m.data)
      let usize = m.claimedSize ?? UInt32(m.data.count)
      let name = Array(m.name.utf8)
      let method = m.deflate ? 8 : 0
      let offset = out.count
      out += le32(0x0403_4b50) + le16(20) + le16(0) + le16(method) + le16(0) + le16(0x21)
      out += le32(crc) + le32(UInt32(body.count)) + le32(usize) + le16(name.count) + le16(0) + name + body
      central += le32(0x0201_4b50) + le16(0x031e) + le16(20) + le16(0) + le16(method) + le16(0) + le16(0x21)
      central += le32(crc) + le32(UInt32(body.count)) + le32(usize) + le16(name.count) + le16(0) + le16(0)
      central += le16(0) + le16(0) + le32(UInt32(0o100644) << 16) + le32(UInt32(offset)) + name
    }
    let cdOffset = out.count
    out += central
    out += le32(0x0605_4b50) + le16(0) + le16(0) + le16(members.count) + le16(members.count)
    out += le32(UInt32(central.count)) + le32(UInt32(cdOffset)) + le16(0)
    return out
  }

  /// CSV rows of `pixels` values then a label.
  static func csv(_ rows: [([Int], Int)]) -> [UInt8] {
    Array(rows.map { ($0.0.map(String.init) + [String($0.1)]).joined(separator: ",") + "\n" }.joined().utf8)
  }
}
