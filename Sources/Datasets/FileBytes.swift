#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Whole-file reads with POSIX calls: one `fstat`, one allocation of the exact size,
/// `read` until done. Every failure becomes a ``DatasetError`` naming the path.
enum FileBytes {
  /// The largest file read into memory: 4 GiB is far beyond any dataset these readers
  /// handle, and refusing early keeps a wrong path (a disk image, /dev/zero) from
  /// exhausting memory.
  static let maximumFileSize = 4 << 30

  /// Whether a regular file (or a symlink to one) exists at `path`.
  static func isRegularFile(_ path: String) -> Bool {
    var st = stat()
    guard stat(path, &st) == 0 else { return false }
    return (st.st_mode & S_IFMT) == S_IFREG
  }

  /// Whether a directory exists at `path`.
  static func isDirectory(_ path: String) -> Bool {
    var st = stat()
    guard stat(path, &st) == 0 else { return false }
    return (st.st_mode & S_IFMT) == S_IFDIR
  }

  /// The size in bytes of a regular file, or `nil` when it cannot be examined.
  static func size(_ path: String) -> Int? {
    var st = stat()
    guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
    return Int(st.st_size)
  }

  /// Reads the whole file at `path`.
  static func read(_ path: String) throws -> [UInt8] {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    if fd < 0 { throw openError(path, errno) }
    defer { close(fd) }
    var st = stat()
    guard fstat(fd, &st) == 0 else { throw openError(path, errno) }
    if (st.st_mode & S_IFMT) == S_IFDIR {
      throw DatasetError(.osError, "\(path): is a directory, not a data file")
    }
    guard (st.st_mode & S_IFMT) == S_IFREG else {
      throw DatasetError(.osError, "\(path): not a regular file")
    }
    let size = Int(st.st_size)
    if size > maximumFileSize {
      throw DatasetError(
        .memoryError, "\(path): file is \(grouped(size)) bytes, more than any dataset file should be")
    }
    var bytes = [UInt8](repeating: 0, count: size)
    var done = 0
    try bytes.withUnsafeMutableBytes { buf in
      guard let base = buf.baseAddress else { return }
      while done < size {
        let n = Glibc.read(fd, base + done, size - done)
        if n < 0 {
          if errno == EINTR { continue }
          throw DatasetError(.osError, "\(path): read failed: \(errorText(errno))")
        }
        // The file shrank while we read it: report rather than return zeros.
        if n == 0 {
          throw DatasetError(.osError, "\(path): file ended after \(done) of \(size) bytes while reading")
        }
        done += n
      }
    }
    return bytes
  }

  /// The first `count` bytes of the file (fewer if it is shorter).
  static func readPrefix(_ path: String, count: Int) throws -> [UInt8] {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    if fd < 0 { throw openError(path, errno) }
    defer { close(fd) }
    var bytes = [UInt8](repeating: 0, count: count)
    let n = bytes.withUnsafeMutableBytes { buf -> Int in
      guard let base = buf.baseAddress else { return 0 }
      return Glibc.read(fd, base, count)
    }
    return Array(bytes.prefix(max(n, 0)))
  }

  static func openError(_ path: String, _ code: Int32) -> DatasetError {
    if code == ENOENT {
      return DatasetError(.fileNotFoundError, "[Errno 2] No such file or directory: '\(path)'")
    }
    if code == EACCES {
      return DatasetError(.osError, "[Errno 13] Permission denied: '\(path)'")
    }
    return DatasetError(.osError, "\(path): cannot open: \(errorText(code))")
  }

  static func errorText(_ code: Int32) -> String {
    guard let s = strerror(code) else { return "error \(code)" }
    return String(cString: s)
  }
}
