import CSystemZlib
import Foundation
import Tensors
import ZIPFoundation

/// Writing and reading `.npz` archives for `np.savez`, `np.savez_compressed` and `np.load`.
public enum NPZArchive {
  /// A zip archive of `.npy` members, as `np.savez` (stored) or `np.savez_compressed`
  /// (deflated, zlib's default level as Python's zipfile uses) writes it: local headers
  /// and data, then the central directory. Members are stamped 1980-01-01 00:00, as NumPy
  /// stamps them, so the bytes depend on the arrays only. Archives beyond the classic zip limits (4 GiB, 65,535
  /// members) are refused rather than written as zip64.
  public static func build(_ members: [(name: String, data: [UInt8])], compressed: Bool)
    throws -> [UInt8]
  {
    guard members.count < 0xFFFF else {
      throw NumPyFileError("NotImplementedError", "dnnlab writes .npz archives of at most 65,534 arrays")
    }
    let (dosTime, dosDate) = (0, 1 << 5 | 1)
    var out = [UInt8]()
    var central = [UInt8]()
    func u16(_ v: Int, _ to: inout [UInt8]) {
      to.append(UInt8(truncatingIfNeeded: v))
      to.append(UInt8(truncatingIfNeeded: v >> 8))
    }
    func u32(_ v: Int, _ to: inout [UInt8]) {
      for k in 0..<4 { to.append(UInt8(truncatingIfNeeded: v >> (8 * k))) }
    }
    let limit = 0xFFFF_FFFF
    for (name, data) in members {
      let payload = compressed ? try deflate(data) : data
      let crc = data.withUnsafeBytes { buf -> Int in
        var c = crc32(0, nil, 0)
        var done = 0
        while done < buf.count, let base = buf.baseAddress {
          let n = min(buf.count - done, 1 << 30)
          c = crc32(c, base.assumingMemoryBound(to: Bytef.self) + done, uInt(n))
          done += n
        }
        return Int(c)
      }
      let nameBytes = Array(name.utf8)
      let offset = out.count
      guard data.count < limit, payload.count < limit, offset < limit, nameBytes.count < 0xFFFF else {
        throw NumPyFileError("NotImplementedError", "dnnlab writes .npz archives up to 4 GiB (no zip64)")
      }
      let flags = nameBytes.allSatisfy { $0 < 0x80 } ? 0 : 0x800  // bit 11: the name is UTF-8
      let method = compressed ? 8 : 0
      // Local file header.
      u32(0x0403_4b50, &out)
      u16(20, &out)
      u16(flags, &out)
      u16(method, &out)
      u16(dosTime, &out)
      u16(dosDate, &out)
      u32(crc, &out)
      u32(payload.count, &out)
      u32(data.count, &out)
      u16(nameBytes.count, &out)
      u16(0, &out)
      out += nameBytes
      out += payload
      // Its central directory entry: made by Unix zip 2.0, mode 0600 as Python writes.
      u32(0x0201_4b50, &central)
      u16(3 << 8 | 20, &central)
      u16(20, &central)
      u16(flags, &central)
      u16(method, &central)
      u16(dosTime, &central)
      u16(dosDate, &central)
      u32(crc, &central)
      u32(payload.count, &central)
      u32(data.count, &central)
      u16(nameBytes.count, &central)
      u16(0, &central)
      u16(0, &central)
      u16(0, &central)
      u16(0, &central)
      u32(0o600 << 16, &central)
      u32(offset, &central)
      central += nameBytes
    }
    let centralOffset = out.count
    guard centralOffset < limit, central.count < limit else {
      throw NumPyFileError("NotImplementedError", "dnnlab writes .npz archives up to 4 GiB (no zip64)")
    }
    out += central
    u32(0x0605_4b50, &out)
    u16(0, &out)
    u16(0, &out)
    u16(members.count, &out)
    u16(members.count, &out)
    u32(central.count, &out)
    u32(centralOffset, &out)
    u16(0, &out)
    return out
  }

  /// Raw deflate (no zlib header), as zip members hold it.
  static func deflate(_ input: [UInt8]) throws -> [UInt8] {
    let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    stream.initialize(to: z_stream())
    defer {
      stream.deinitialize(count: 1)
      stream.deallocate()
    }
    guard
      deflateInit2_(
        stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY, zlibVersion(),
        Int32(MemoryLayout<z_stream>.size)) == Z_OK
    else { throw NumPyFileError("MemoryError", "zlib could not start compressing") }
    defer { deflateEnd(stream) }
    var out = [UInt8]()
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    var consumed = 0
    var status = Z_OK
    try input.withUnsafeBytes { inBuf in
      repeat {
        let give = min(inBuf.count - consumed, 1 << 30)
        stream.pointee.next_in = UnsafeMutablePointer(
          mutating: inBuf.baseAddress.map { $0.assumingMemoryBound(to: Bytef.self) + consumed })
        stream.pointee.avail_in = uInt(give)
        let flush = consumed + give == inBuf.count ? Z_FINISH : Z_NO_FLUSH
        repeat {
          chunk.withUnsafeMutableBytes { outBuf in
            stream.pointee.next_out = outBuf.baseAddress?.assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = uInt(outBuf.count)
            status = CSystemZlib.deflate(stream, flush)
          }
          if status == Z_STREAM_ERROR {
            throw NumPyFileError("OSError", "zlib failed while compressing")
          }
          out += chunk.prefix(chunk.count - Int(stream.pointee.avail_out))
        } while stream.pointee.avail_out == 0 && status != Z_STREAM_END
        consumed += give - Int(stream.pointee.avail_in)
      } while status != Z_STREAM_END
    }
    return out
  }

  // MARK: Reading

  /// An opened `.npz` archive: its member names, and each member's bytes on demand.
  public final class Reader {
    public let path: String
    /// Member names in archive order.
    public let members: [String]
    private let archive: Archive
    private let fileSize: Int

    /// Opens the zip at `path` (already known to start like one); a broken one is a
    /// `BadZipFile` as Python's zipfile reports it.
    public init(path: String) throws {
      self.path = path
      var st = stat()
      fileSize = stat(path, &st) == 0 ? Int(st.st_size) : 0
      do {
        archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
      } catch {
        throw NumPyFileError("BadZipFile", "File is not a zip file")
      }
      members = archive.filter { $0.type == .file }.map(\.path)
    }

    /// The uncompressed bytes of `member`, with sizes bounded by the archive's and the
    /// CRC-32 checked.
    public func bytes(of member: String) throws -> [UInt8] {
      guard let entry = archive[member] else {
        throw NumPyFileError(
          "KeyError", pythonRepr("There is no item named \(pythonRepr(member)) in the archive"))
      }
      let declared = entry.uncompressedSize
      let compressed = entry.compressedSize
      let bound = entry.isCompressed ? NPZReader.maximumDeflateOutput(compressed) : UInt64(fileSize)
      if declared > NPZReader.maximumMemberSize || declared > bound || compressed > UInt64(fileSize) {
        throw NumPyFileError(
          "BadZipFile", "Bad size for member \(pythonRepr(member)): the archive is corrupt")
      }
      var out = [UInt8]()
      out.reserveCapacity(Int(declared))
      var crc = crc32(0, nil, 0)
      do {
        _ = try archive.extract(entry, bufferSize: 1 << 20, skipCRC32: true) { data in
          if out.count + data.count > Int(declared) {
            throw NumPyFileError(
              "BadZipFile", "Bad size for member \(pythonRepr(member)): the archive is corrupt")
          }
          data.withUnsafeBytes { buf in
            if let base = buf.baseAddress {
              crc = crc32(crc, base.assumingMemoryBound(to: Bytef.self), uInt(buf.count))
            }
            out.append(contentsOf: buf)
          }
        }
      } catch let e as NumPyFileError {
        throw e
      } catch {
        throw NumPyFileError("BadZipFile", "Bad member \(pythonRepr(member)): \(error)")
      }
      if UInt32(truncatingIfNeeded: crc) != entry.checksum {
        throw NumPyFileError("BadZipFile", "Bad CRC-32 for file \(pythonRepr(member))")
      }
      return out
    }
  }
}
