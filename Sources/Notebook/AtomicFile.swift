import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writing a file so that readers see either the old or the new content, never a torn
/// mix: the text goes to a temporary file in the same directory, is flushed to disk,
/// and is renamed over the target (rename is atomic within a file system).
public enum AtomicFile {
  /// Why a write failed, with the path and the system's reason.
  public struct WriteError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var reason: String
    public var description: String { "cannot write \(path): \(reason)" }
  }

  /// Replaces `path` with `text` (UTF-8) atomically. New files get mode 0644; an
  /// existing file keeps its permission bits.
  public static func write(_ text: String, to path: String) throws(WriteError) {
    try write(Array(text.utf8), to: path)
  }

  public static func write(_ bytes: [UInt8], to path: String) throws(WriteError) {
    let url = URL(fileURLWithPath: path)
    let directory = url.deletingLastPathComponent().path
    let temporary = directory + "/." + url.lastPathComponent + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    var mode: mode_t = 0o644
    var existing = stat()
    if stat(path, &existing) == 0 { mode = existing.st_mode & 0o7777 }

    let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
    guard fd >= 0 else { throw WriteError(path: path, reason: systemReason()) }
    var failure: String?
    bytes.withUnsafeBytes { buffer in
      var offset = 0
      while offset < buffer.count, let base = buffer.baseAddress {
        let n = systemWrite(fd, base + offset, buffer.count - offset)
        if n < 0 {
          if errno == EINTR { continue }
          failure = systemReason()
          return
        }
        offset += n
      }
    }
    // fsync so that a crash right after the rename cannot leave an empty file.
    if failure == nil, fsync(fd) != 0 { failure = systemReason() }
    if close(fd) != 0, failure == nil { failure = systemReason() }
    if failure == nil, rename(temporary, path) != 0 { failure = systemReason() }
    if let failure {
      unlink(temporary)
      throw WriteError(path: path, reason: failure)
    }
  }

  static func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
      return Glibc.write(fd, buffer, count)
    #else
      return Darwin.write(fd, buffer, count)
    #endif
  }

  static func systemReason() -> String { String(cString: strerror(errno)) }
}
