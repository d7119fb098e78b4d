import Tensors

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A failure of `np.save`/`np.load`/`np.savetxt`/`np.loadtxt`, named after the Python
/// exception NumPy raises for the same problem (`FileNotFoundError`, `ValueError`,
/// `EOFError`, `IsADirectoryError`, …) and worded as NumPy 2.4 words it.
public struct NumPyFileError: Error, CustomStringConvertible, Sendable {
  /// The Python exception's name.
  public let kind: String
  public let message: String
  public let hint: String?

  public init(_ kind: String, _ message: String, hint: String? = nil) {
    self.kind = kind
    self.message = message
    self.hint = hint
  }

  public var description: String { "\(kind): \(message)" }

  static func value(_ message: String, hint: String? = nil) -> NumPyFileError {
    NumPyFileError("ValueError", message, hint: hint)
  }
}

/// Python's `repr` of a string: single quotes unless the text holds a `'` and no `"`,
/// backslash escapes for quotes, backslashes and control characters.
public func pythonRepr(_ s: String) -> String {
  let quote: Character = s.contains("'") && !s.contains("\"") ? "\"" : "'"
  var out = String(quote)
  for scalar in s.unicodeScalars {
    switch scalar {
    case "\\": out += "\\\\"
    case "\n": out += "\\n"
    case "\r": out += "\\r"
    case "\t": out += "\\t"
    default:
      if Character(scalar) == quote {
        out += "\\" + String(quote)
      } else if scalar.value < 0x20 || scalar.value == 0x7f {
        out += "\\x" + (scalar.value < 16 ? "0" : "") + String(scalar.value, radix: 16)
      } else if scalar.value >= 0x80 && scalar.value < 0xa0 {
        out += "\\x" + String(scalar.value, radix: 16)
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
  }
  out.append(quote)
  return out
}

/// Python's `repr` of a shape tuple: `()`, `(3,)`, `(2, 3)`.
func pythonTupleRepr(_ items: [String]) -> String {
  items.count == 1 ? "(\(items[0]),)" : "(" + items.joined(separator: ", ") + ")"
}

/// Whole-file reads and atomic writes with the `OSError`s Python's `open` raises.
public enum NumPyFiles {
  /// The largest file read into memory (as for datasets): 4 GiB.
  public static let maximumFileSize = 4 << 30

  /// The `OSError` subclass and text Python gives for `errno` on `path`.
  public static func osError(_ code: Int32, _ path: String) -> NumPyFileError {
    let reason = String(cString: strerror(code))
    let text = "[Errno \(code)] \(reason): \(pythonRepr(path))"
    switch code {
    case ENOENT: return NumPyFileError("FileNotFoundError", text)
    case EACCES, EPERM: return NumPyFileError("PermissionError", text)
    case EISDIR: return NumPyFileError("IsADirectoryError", text)
    case ENOTDIR: return NumPyFileError("NotADirectoryError", text)
    case EEXIST: return NumPyFileError("FileExistsError", text)
    default: return NumPyFileError("OSError", text)
    }
  }

  /// Whether `path` names an existing regular file (or a symlink to one).
  public static func isRegularFile(_ path: String) -> Bool {
    var st = stat()
    return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
  }

  /// The whole file at `path`, refusing directories, devices and files over `limit` bytes.
  public static func read(_ path: String, limit: Int = maximumFileSize) throws(NumPyFileError) -> [UInt8] {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    if fd < 0 { throw osError(errno, path) }
    defer { close(fd) }
    var st = stat()
    guard fstat(fd, &st) == 0 else { throw osError(errno, path) }
    if (st.st_mode & S_IFMT) == S_IFDIR { throw osError(EISDIR, path) }
    guard (st.st_mode & S_IFMT) == S_IFREG else {
      throw NumPyFileError("OSError", "\(pythonRepr(path)) is not a regular file")
    }
    let size = Int(st.st_size)
    if size > limit {
      throw NumPyFileError(
        "MemoryError", "\(pythonRepr(path)) is \(grouped(size)) bytes, more than dnnlab reads into memory")
    }
    // A file that shrank while being read gives what arrived.
    return try readUpTo(size, from: fd, path: path)
  }

  /// Up to `count` bytes from `fd` (fewer at the end of the file), retrying interrupted reads.
  private static func readUpTo(_ count: Int, from fd: Int32, path: String) throws(NumPyFileError) -> [UInt8] {
    var bytes = [UInt8](repeating: 0, count: count)
    var done = 0
    var failure: Int32?
    bytes.withUnsafeMutableBytes { buf in
      guard let base = buf.baseAddress else { return }
      while done < count {
        let n = Glibc.read(fd, base + done, count - done)
        if n < 0 {
          if errno == EINTR { continue }
          failure = errno
          return
        }
        if n == 0 { break }
        done += n
      }
    }
    if let failure { throw osError(failure, path) }
    if done < count { bytes.removeLast(count - done) }
    return bytes
  }

  /// Writes a file so that readers see the old content or the new, never a mix: `body`
  /// passes the bytes to its `sink` in pieces; they go to a temporary file in the same
  /// directory, which is flushed and renamed over `path` when `body` returns.
  public static func writeAtomically(
    to path: String, _ body: (_ sink: (UnsafeRawBufferPointer) throws -> Void) throws -> Void
  ) throws {
    var st = stat()
    var mode: mode_t = 0o644
    if stat(path, &st) == 0 {
      if (st.st_mode & S_IFMT) == S_IFDIR { throw osError(EISDIR, path) }
      mode = st.st_mode & 0o7777
    }
    let slash = path.lastIndex(of: "/")
    let directory = slash.map { String(path[...$0]) } ?? ""
    let file = slash.map { String(path[path.index(after: $0)...]) } ?? path
    let temporary = directory + "." + file + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
    if fd < 0 { throw osError(errno, path) }
    var closed = false
    var renamed = false
    defer {
      if !closed { close(fd) }
      if !renamed { unlink(temporary) }
    }
    try body { (chunk: UnsafeRawBufferPointer) throws in
      guard let base = chunk.baseAddress else { return }
      var offset = 0
      while offset < chunk.count {
        let n = Glibc.write(fd, base + offset, chunk.count - offset)
        if n < 0 {
          if errno == EINTR { continue }
          throw osError(errno, path)
        }
        offset += n
      }
    }
    if fsync(fd) != 0 { throw osError(errno, path) }
    closed = true
    if close(fd) != 0 { throw osError(errno, path) }
    if rename(temporary, path) != 0 { throw osError(errno, path) }
    renamed = true
  }

  /// The first `count` bytes of the file at `path` (fewer when it is shorter), with the
  /// errors Python's `open(path, 'rb')` raises.
  public static func readPrefix(_ path: String, count: Int) throws(NumPyFileError) -> [UInt8] {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    if fd < 0 { throw osError(errno, path) }
    defer { close(fd) }
    var st = stat()
    guard fstat(fd, &st) == 0 else { throw osError(errno, path) }
    if (st.st_mode & S_IFMT) == S_IFDIR { throw osError(EISDIR, path) }
    return try readUpTo(count, from: fd, path: path)
  }

  /// `writeAtomically` for bytes already in memory.
  public static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
    try writeAtomically(to: path) { sink in try bytes.withUnsafeBytes { try sink($0) } }
  }
}
