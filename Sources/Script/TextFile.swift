import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `open(file, mode='r')`: a text file, as Python's `io.TextIOWrapper` behaves for the uses
/// lessons have (reading a CSV or a training log, writing a small text file).
///
/// Reading takes the whole file at `open` (UTF-8, `\r\n` and `\r` read as `\n`, as Python's
/// default universal newlines do). Writing collects the text and puts it on disk when the file
/// is closed (by `close()`, the end of a `with` block, or the object going away), in one atomic
/// step: a temporary file beside it, then a rename, so a failure never leaves half a file.
/// Binary modes and `+` (read and write) are refused.
public final class TextFile: HostObject {
  public enum Mode: String { case read = "r", write = "w", append = "a", create = "x" }

  let path: String
  let modeText: String
  let mode: Mode
  private var content: [Character] = []
  private var position = 0
  private var pending = ""
  private var isClosed = false

  /// The largest file `open` reads into memory.
  static let maxReadBytes = 512 << 20

  init(path: String, modeText: String) throws {
    self.path = path
    self.modeText = modeText
    var letters = Set(modeText)
    letters.remove("t")
    guard !modeText.contains("b") else {
      throw ScriptError(
        .notImplementedError, "dnnlab's open() reads and writes text only, not binary mode '\(modeText)'",
        hint: "use np.load/np.fromfile for binary data")
    }
    guard !letters.contains("+") else {
      throw ScriptError(.notImplementedError, "dnnlab's open() does not take '+' (read and write) modes")
    }
    guard letters.count == 1, let letter = letters.first, let mode = Mode(rawValue: String(letter)),
      modeText.count <= 2
    else {
      throw ScriptError(.valueError, "invalid mode: \(pythonStringRepr(modeText))")
    }
    self.mode = mode
    var isDirectory: ObjCBool = false
    let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
    if exists && isDirectory.boolValue { throw TextFile.osError(EISDIR, path) }
    switch mode {
    case .read:
      guard exists else { throw TextFile.osError(ENOENT, path) }
      content = Array(try TextFile.readText(path))
    case .create:
      if exists { throw TextFile.osError(EEXIST, path) }
      try checkDirectory()
    case .write:
      try checkDirectory()
    case .append:
      try checkDirectory()
      // Appending rewrites the whole file at close, atomically: start from what is there.
      if exists { pending = String(try TextFile.readText(path)) }
    }
    if mode != .read { TextFile.openForWriting.add(self) }
  }

  deinit {
    if !isClosed { try? flushToDisk() }
  }

  /// Files opened for writing and not yet closed, written out when the process ends (as
  /// Python flushes them at exit) if nothing closed them before.
  private static let openForWriting = OpenFiles()

  private final class OpenFiles: @unchecked Sendable {
    private let lock = NSLock()
    private var files: [ObjectIdentifier: WeakFile] = [:]
    private var registeredExitHook = false

    struct WeakFile { weak var file: TextFile? }

    func add(_ file: TextFile) {
      lock.lock()
      defer { lock.unlock() }
      files[ObjectIdentifier(file)] = WeakFile(file: file)
      if !registeredExitHook {
        registeredExitHook = true
        atexit { TextFile.openForWriting.closeAll() }
      }
    }

    func remove(_ file: TextFile) {
      lock.lock()
      defer { lock.unlock() }
      files[ObjectIdentifier(file)] = nil
    }

    func closeAll() {
      lock.lock()
      let open = files.values.compactMap(\.file)
      files = [:]
      lock.unlock()
      for file in open { try? file.close() }
    }
  }

  private func checkDirectory() throws {
    let directory = (path as NSString).deletingLastPathComponent
    var isDirectory: ObjCBool = false
    if !directory.isEmpty,
      !FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) || !isDirectory.boolValue
    {
      throw TextFile.osError(ENOENT, path)
    }
  }

  private static func readText(_ path: String) throws -> String {
    guard let handle = FileHandle(forReadingAtPath: path) else { throw osError(EACCES, path) }
    defer { try? handle.close() }
    let data = (try? handle.read(upToCount: maxReadBytes + 1)) ?? Data()
    guard data.count <= maxReadBytes else {
      throw ScriptError(.memoryError, "\(pythonStringRepr(path)) is larger than dnnlab reads into memory")
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw ScriptError(
        "UnicodeDecodeError", "'utf-8' codec can't decode the contents of \(pythonStringRepr(path))")
    }
    // Python's universal newlines: \r\n and \r read as \n.
    return text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
  }

  static func osError(_ code: Int32, _ path: String) -> ScriptError {
    let kind: ErrorKind =
      switch code {
      case ENOENT: "FileNotFoundError"
      case EEXIST: "FileExistsError"
      case EISDIR: "IsADirectoryError"
      case EACCES: "PermissionError"
      default: "OSError"
      }
    return ScriptError(kind, "[Errno \(code)] \(String(cString: strerror(code))): \(pythonStringRepr(path))")
  }

  /// Writes the collected text: a temporary file in the same directory, then a rename.
  private func flushToDisk() throws {
    guard mode != .read else { return }
    let directory = (path as NSString).deletingLastPathComponent
    let temporary =
      (directory.isEmpty ? "" : directory + "/")
      + ".\((path as NSString).lastPathComponent).dnnlab-\(getpid()).tmp"
    guard FileManager.default.createFile(atPath: temporary, contents: Data(pending.utf8)) else {
      throw TextFile.osError(EACCES, path)
    }
    guard rename(temporary, path) == 0 else {
      let code = errno
      unlink(temporary)
      throw TextFile.osError(code, path)
    }
  }

  private func checkOpen() throws {
    if isClosed { throw ScriptError(.valueError, "I/O operation on closed file.") }
  }

  private func checkReadable() throws {
    try checkOpen()
    guard mode == .read else { throw ScriptError("UnsupportedOperation", "not readable") }
  }

  /// `read(size=-1)`: the rest of the file, or at most `size` characters.
  func read(_ size: Int) throws -> String {
    try checkReadable()
    let end = size < 0 ? content.count : min(content.count, position + size)
    defer { position = end }
    return String(content[position..<end])
  }

  /// `readline(size=-1)`: up to and including the next newline; "" at the end.
  func readLine(_ size: Int = -1) throws -> String {
    try checkReadable()
    var end = position
    let limit = size < 0 ? content.count : min(content.count, position + size)
    while end < limit {
      end += 1
      if content[end - 1] == "\n" { break }
    }
    defer { position = end }
    return String(content[position..<end])
  }

  func write(_ text: String) throws -> Int {
    try checkOpen()
    guard mode != .read else { throw ScriptError("UnsupportedOperation", "not writable") }
    pending += text
    return text.count
  }

  func close() throws {
    guard !isClosed else { return }
    isClosed = true
    if mode != .read { TextFile.openForWriting.remove(self) }
    try flushToDisk()
  }

  // MARK: HostObject

  public var typeName: String { "TextIOWrapper" }
  public var qualifiedTypeName: String { "_io.TextIOWrapper" }
  public func repr() -> String {
    "<_io.TextIOWrapper name=\(pythonStringRepr(path)) mode=\(pythonStringRepr(modeText)) encoding='UTF-8'>"
  }

  public var attributeNames: [String] {
    [
      "close", "closed", "mode", "name", "read", "readable", "readline", "readlines", "writable", "write",
      "writelines",
    ]
  }

  public func getAttribute(_ name: String) throws -> Value? {
    func method(_ signature: String, _ body: @escaping (BoundArguments, Interpreter) throws -> Value) -> Value
    {
      .builtin(BuiltinFunction(name, signature: signature, receiverTypeName: typeName, body: body))
    }
    switch name {
    case "name": return .str(path)
    case "mode": return .str(modeText)
    case "closed": return .bool(isClosed)
    case "read": return method("size=-1") { a, _ in .str(try self.read(try a.int("size"))) }
    case "readline": return method("size=-1") { a, _ in .str(try self.readLine(try a.int("size"))) }
    case "readlines":
      return method("") { _, _ in
        var lines: [Value] = []
        while case let line = try self.readLine(), !line.isEmpty { lines.append(.str(line)) }
        return .list(ListObject(lines))
      }
    case "write":
      return method("s, /") { a, _ in
        guard case .str(let s) = a["s"] else {
          throw ScriptError(.typeError, "write() argument must be str, not \(a["s"].typeName)")
        }
        return .int(try self.write(s))
      }
    case "writelines":
      return method("lines, /") { a, interp in
        for line in try interp.elements(of: a["lines"]) {
          guard case .str(let s) = line else {
            throw ScriptError(.typeError, "write() argument must be str, not \(line.typeName)")
          }
          _ = try self.write(s)
        }
        return .none
      }
    case "close":
      return method("") { _, _ in
        try self.close(); return .none
      }
    case "readable":
      return method("") { _, _ in
        try self.checkOpen(); return .bool(self.mode == .read)
      }
    case "writable":
      return method("") { _, _ in
        try self.checkOpen(); return .bool(self.mode != .read)
      }
    case "__enter__":
      return method("") { _, _ in
        try self.checkOpen(); return .object(self)
      }
    case "__exit__":
      return method("*args") { _, _ in
        try self.close()
        return .bool(false)
      }
    default: return nil
    }
  }

  public func makeIterator() throws -> (() throws -> Value?)? {
    try checkReadable()
    return { [self] in
      let line = try readLine()
      return line.isEmpty ? nil : .str(line)
    }
  }
}
