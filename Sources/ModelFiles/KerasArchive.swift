import Foundation
import ZIPFoundation

/// The `.keras` zip: `metadata.json`, `config.json` and `model.weights.h5`, stored
/// uncompressed as Keras writes them. Reading bounds every member's size by the archive's
/// before extracting, and lets ZIPFoundation check each member's CRC-32.
enum KerasArchive {
  static let configName = "config.json"
  static let metadataName = "metadata.json"
  static let weightsName = "model.weights.h5"

  /// The zip's bytes for these members, in Keras's order.
  static func build(_ members: [(String, [UInt8])], file: String) throws -> [UInt8] {
    do {
      let archive = try Archive(accessMode: .create)
      // Keras stamps its JSON members with the zip epoch; a fixed date also makes the
      // output depend on the model only.
      let epoch =
        DateComponents(calendar: Calendar(identifier: .gregorian), year: 1980, month: 1, day: 1).date
        ?? Date()
      for (name, bytes) in members {
        let data = Data(bytes)
        try archive.addEntry(
          with: name, type: .file, uncompressedSize: Int64(data.count), modificationDate: epoch,
          compressionMethod: .none
        ) { position, size in
          data.subdata(in: Int(position)..<min(data.count, Int(position) + size))
        }
      }
      guard let data = archive.data else {
        throw ModelFileError(.osError, "\(file): cannot assemble the zip archive")
      }
      return [UInt8](data)
    } catch let e as ModelFileError {
      throw e
    } catch {
      throw ModelFileError(.osError, "\(file): cannot assemble the zip archive (\(error))")
    }
  }

  /// Reads the named members of the `.keras` archive at `path` (all must be present).
  static func read(_ path: String, members wanted: [String], optional: Set<String> = []) throws -> [String:
    [UInt8]]
  {
    let bytes = try FileIO.read(path)
    let archive: Archive
    do {
      archive = try Archive(data: Data(bytes), accessMode: .read)
    } catch {
      if bytes.isEmpty { throw ModelFileError(.osError, "\(path): the file is empty, not a .keras archive") }
      if bytes.starts(with: [0x50, 0x4b, 0x03, 0x04]) {
        throw ModelFileError(
          .osError, "\(path): the zip archive has no end-of-central-directory record: the file is truncated",
          hint: "save or copy the model again")
      }
      if bytes.starts(with: [0x89, 0x48, 0x44, 0x46]) {
        throw ModelFileError(
          .valueError, "\(path): this is an HDF5 file, not a .keras zip archive",
          hint: "weights files load with model.load_weights(); legacy Keras 2 .h5 models are not supported")
      }
      throw ModelFileError(
        .osError, "\(path): not a zip archive, so not a .keras file",
        hint: "a .keras file is written by model.save('name.keras')")
    }
    var out: [String: [UInt8]] = [:]
    for name in wanted {
      guard let entry = archive[name], entry.type == .file else {
        if optional.contains(name) { continue }
        let held = archive.map(\.path)
        throw ModelFileError(
          .valueError, "\(path): the archive has no \(name)",
          hint:
            "it holds \(held.isEmpty ? "nothing" : held.joined(separator: ", ")); a .keras file holds config.json, "
            + "metadata.json and model.weights.h5")
      }
      // Sizes in the directory may lie: a stored member cannot exceed the archive, a deflated
      // one cannot expand beyond deflate's ratio of about 1032:1.
      let limit = UInt64(bytes.count) * (entry.isCompressed ? 1032 : 1)
      guard entry.uncompressedSize <= limit, entry.uncompressedSize <= UInt64(1) << 34 else {
        throw ModelFileError(
          .osError,
          "\(path) [\(name)]: the zip entry claims \(entry.uncompressedSize) bytes; the archive is corrupt")
      }
      var data = [UInt8]()
      data.reserveCapacity(Int(entry.uncompressedSize))
      do {
        _ = try archive.extract(entry) { chunk in
          guard data.count + chunk.count <= Int(entry.uncompressedSize) else {
            throw ModelFileError(
              .osError, "\(path) [\(name)]: the zip entry is longer than it claims; the archive is corrupt")
          }
          data.append(contentsOf: chunk)
        }
      } catch let e as ModelFileError {
        throw e
      } catch {
        throw ModelFileError(
          .osError,
          "\(path) [\(name)]: cannot extract the zip entry (\(error)): the archive is "
            + "truncated or corrupt", hint: "save or copy the model again")
      }
      out[name] = data
    }
    return out
  }
}

/// Whole-file reads and atomic writes.
enum FileIO {
  /// Files larger than this are not model files for dnnlab (16 GiB).
  static let maximumBytes: UInt64 = 1 << 34

  static func read(_ path: String) throws -> [UInt8] {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw ModelFileError(.fileNotFoundError, "[Errno 2] No such file or directory: '\(path)'")
    }
    if isDirectory.boolValue { throw ModelFileError(.osError, "\(path): is a directory, not a model file") }
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? UInt64) ?? 0
    guard size <= maximumBytes else {
      throw ModelFileError(.osError, "\(path): \(size) bytes is too large for a model file")
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ModelFileError(.osError, "\(path): cannot read the file (permission denied?)")
    }
    return [UInt8](data)
  }

  /// Writes `bytes` to a temporary file in the same directory, flushes it, then renames it over
  /// `path`, so a reader (or a crash) never sees half a model file.
  static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
    let url = URL(fileURLWithPath: path)
    let directory = url.deletingLastPathComponent().path
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue
    else {
      throw ModelFileError(
        .fileNotFoundError, "[Errno 2] No such file or directory: '\(directory)'",
        hint: "create the directory first, or save under an existing one")
    }
    let temporary =
      directory + "/." + url.lastPathComponent + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard fd >= 0 else {
      throw ModelFileError(.osError, "\(path): cannot write (\(String(cString: strerror(errno))))")
    }
    var failure: String?
    bytes.withUnsafeBytes { buffer in
      var offset = 0
      while offset < buffer.count, let base = buffer.baseAddress {
        let n = write(fd, base + offset, buffer.count - offset)
        if n < 0 {
          if errno == EINTR { continue }
          failure = String(cString: strerror(errno))
          return
        }
        offset += n
      }
    }
    if failure == nil, fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
    if close(fd) != 0, failure == nil { failure = String(cString: strerror(errno)) }
    if failure == nil, rename(temporary, path) != 0 { failure = String(cString: strerror(errno)) }
    if let failure {
      unlink(temporary)
      throw ModelFileError(.osError, "\(path): cannot write (\(failure))")
    }
  }
}
