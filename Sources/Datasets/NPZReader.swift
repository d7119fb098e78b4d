import CSystemZlib
import Foundation
import Tensors
import ZIPFoundation

/// The arrays of a NumPy `.npz` file (a zip archive of `.npy` members, as written by
/// `np.savez` and `np.savez_compressed`), in archive order. Keras caches MNIST as
/// `~/.keras/datasets/mnist.npz` with keys `x_train`, `y_train`, `x_test`, `y_test`.
public struct NPZFile: Sendable {
  /// The array names, in archive order, without the `.npy` suffix (as `np.load(...).files`).
  public let names: [String]
  private let arrays: [String: Tensor]

  init(names: [String], arrays: [String: Tensor]) {
    self.names = names
    self.arrays = arrays
  }

  /// The array called `name`, or `nil`.
  public subscript(name: String) -> Tensor? { arrays[name] }
}

/// Reader for `.npz` archives through ZIPFoundation; members may be stored or deflated.
/// Each member is decompressed in chunks straight into its tensor (see ``NPYDecoder``).
public enum NPZReader {
  /// The largest single member accepted, whatever its header says: 8 GiB.
  static let maximumMemberSize: UInt64 = 8 << 30

  /// The most a deflated member of `compressed` bytes can expand to (saturating).
  static func maximumDeflateOutput(_ compressed: UInt64) -> UInt64 {
    let (p, overflow) = compressed.multipliedReportingOverflow(by: UInt64(GzipReader.maximumExpansion))
    return overflow || p > UInt64.max - 4096 ? UInt64.max : p + 4096
  }

  /// Reads every array of the `.npz` file at `path`.
  public static func read(path: String) throws -> NPZFile {
    try read(path: path, only: nil)
  }

  /// Reads the `.npz` file at `path`; with `only`, just those arrays (and it is an error
  /// when one is missing, naming what the archive holds).
  public static func read(path: String, only wanted: [String]?) throws -> NPZFile {
    guard let fileSize = FileBytes.size(path) else {
      if FileBytes.isDirectory(path) {
        throw DatasetError(.osError, "\(path): is a directory, not an .npz file")
      }
      throw DatasetError(.fileNotFoundError, "[Errno 2] No such file or directory: '\(path)'")
    }
    let archive: Archive
    do {
      archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
    } catch {
      if fileSize == 0 { throw DatasetError.corrupt(path, "file is empty") }
      // A zip starts with a local header "PK\3\4"; one without its directory at the end was cut short.
      if let head = try? FileBytes.readPrefix(path, count: 4), head == [0x50, 0x4b, 0x03, 0x04] {
        throw DatasetError.corrupt(
          path, "zip archive without its end-of-central-directory record: the file is truncated",
          hint: "copy or download it again")
      }
      throw DatasetError.corrupt(
        path, "not a zip archive (no readable end-of-central-directory record), so not an .npz file",
        hint: "the file may be truncated; save or download it again")
    }
    var names = [String]()
    var arrays = [String: Tensor]()
    for entry in archive where entry.type == .file {
      let member = entry.path
      let key = member.hasSuffix(".npy") ? String(member.dropLast(4)) : member
      if let wanted, !wanted.contains(key) { continue }
      let label = "\(path) [\(member)]"
      // A member's sizes come from the archive and may lie; bound them before reading.
      // A stored member cannot be larger than the file; a deflated one cannot expand
      // by more than deflate's maximum ratio.
      let declared = entry.uncompressedSize
      let compressed = entry.compressedSize
      let bound =
        entry.isCompressed
        ? maximumDeflateOutput(compressed)
        : UInt64(fileSize)
      if declared > maximumMemberSize || declared > bound || compressed > UInt64(fileSize) {
        throw DatasetError.corrupt(
          label,
          "zip entry claims \(declared) bytes from \(compressed) compressed bytes "
            + "in a \(grouped(fileSize))-byte archive; the archive is corrupt")
      }
      var decoder = NPYDecoder(name: label, sizeBound: Int(declared))
      // The checksum is computed here with zlib's crc32 (ZIPFoundation leaves the
      // comparison to the caller, and its portable fallback is slow).
      var crc = crc32(0, nil, 0)
      do {
        _ = try archive.extract(entry, bufferSize: 1 << 20, skipCRC32: true) { data in
          try data.withUnsafeBytes { buf in
            if let base = buf.baseAddress {
              crc = crc32(crc, base.assumingMemoryBound(to: Bytef.self), uInt(buf.count))
            }
            try decoder.feed(buf)
          }
        }
      } catch let e as DatasetError {
        throw e
      } catch {
        throw DatasetError.corrupt(label, "cannot extract zip entry: \(error)")
      }
      if UInt32(truncatingIfNeeded: crc) != entry.checksum {
        throw DatasetError.corrupt(label, "checksum (CRC-32) mismatch: the archive is corrupt")
      }
      names.append(key)
      arrays[key] = try decoder.finish()
    }
    if let wanted {
      let missing = wanted.filter { arrays[$0] == nil }
      if !missing.isEmpty {
        let held = archive.filter { $0.type == .file }.map { $0.path }
        throw DatasetError.corrupt(
          path,
          "missing array\(missing.count == 1 ? "" : "s") \(missing.map { "'\($0)'" }.joined(separator: ", ")); "
            + "the archive holds \(held.isEmpty ? "nothing" : held.joined(separator: ", "))")
      }
    }
    return NPZFile(names: names, arrays: arrays)
  }
}
