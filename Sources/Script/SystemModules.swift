import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `os` and `sys`: the parts notebooks use in their first cells (`os.environ[...] = ...`,
/// `os.path.join`, `os.makedirs(..., exist_ok=True)`, `sys.version`), not the whole library.
func makeOSModule(_ interpreter: Interpreter) -> ModuleObject {
  let m = ModuleObject(
    name: "os", documentation: "Environment, paths and directories (a subset of Python's os).")
  m.attributes["environ"] = .object(EnvironObject())
  m.attributes["path"] = .module(makeOSPathModule())
  m.attributes["sep"] = .str("/")
  m.attributes["linesep"] = .str("\n")
  m.attributes["curdir"] = .str(".")
  m.attributes["name"] = .str("posix")
  m.addFunction("getcwd", signature: "") { _, _ in .str(FileManager.default.currentDirectoryPath) }
  m.addFunction("chdir", signature: "path") { a, _ in
    let path = try a.string("path")
    guard FileManager.default.changeCurrentDirectoryPath(path) else { throw osError(ENOENT, path) }
    return .none
  }
  m.addFunction("getenv", signature: "key, default=None") { a, _ in
    ProcessInfo.processInfo.environment[try a.string("key")].map { .str($0) } ?? a["default"]
  }
  m.addFunction("cpu_count", signature: "") { _, _ in .int(ProcessInfo.processInfo.activeProcessorCount) }
  m.addFunction("listdir", signature: "path='.'") { a, _ in
    let path = try a.string("path")
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else {
      throw osError(
        isDirectory(path) || !FileManager.default.fileExists(atPath: path) ? ENOENT : ENOTDIR, path)
    }
    return .list(ListObject(names.sorted().map { .str($0) }))
  }
  m.addFunction("makedirs", signature: "name, mode=511, exist_ok=False") { a, _ in
    let path = try a.string("name")
    if FileManager.default.fileExists(atPath: path) {
      guard try a.bool("exist_ok"), isDirectory(path) else { throw osError(EEXIST, path) }
      return .none
    }
    do {
      try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    } catch {
      throw osError(EACCES, path)
    }
    return .none
  }
  m.addFunction("mkdir", signature: "path, mode=511") { a, _ in
    let path = try a.string("path")
    if FileManager.default.fileExists(atPath: path) { throw osError(EEXIST, path) }
    do {
      try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
    } catch {
      throw osError(ENOENT, path)
    }
    return .none
  }
  return m
}

/// Python's `OSError` subclasses for an errno: `FileExistsError: [Errno 17] File exists: 'x'`.
private func osError(_ code: Int32, _ path: String) -> ScriptError {
  let kind: ErrorKind =
    switch code {
    case ENOENT: "FileNotFoundError"
    case EEXIST: "FileExistsError"
    case ENOTDIR: "NotADirectoryError"
    case EACCES: "PermissionError"
    default: "OSError"
    }
  return ScriptError(kind, "[Errno \(code)] \(String(cString: strerror(code))): \(pythonStringRepr(path))")
}

private func isDirectory(_ path: String) -> Bool {
  var directory: ObjCBool = false
  return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && directory.boolValue
}

/// `os.path`, with POSIX `posixpath` semantics (string operations, not URL ones).
func makeOSPathModule() -> ModuleObject {
  let m = ModuleObject(name: "os.path", documentation: "Path names (POSIX).")
  m.attributes["sep"] = .str("/")
  m.addFunction("join", signature: "a, *p") { a, _ in
    var result = try a.string("a")
    for part in a.extraPositional {
      guard case .str(let p) = part else {
        throw ScriptError(.typeError, "join() argument must be str, not '\(part.typeName)'")
      }
      if p.hasPrefix("/") {
        result = p
      } else if result.isEmpty || result.hasSuffix("/") {
        result += p
      } else {
        result += "/" + p
      }
    }
    return .str(result)
  }
  m.addFunction("exists", signature: "path") { a, _ in
    .bool(FileManager.default.fileExists(atPath: try a.string("path")))
  }
  m.addFunction("isdir", signature: "s") { a, _ in .bool(isDirectory(try a.string("s"))) }
  m.addFunction("isfile", signature: "path") { a, _ in
    let path = try a.string("path")
    return .bool(FileManager.default.fileExists(atPath: path) && !isDirectory(path))
  }
  m.addFunction("isabs", signature: "s") { a, _ in .bool(try a.string("s").hasPrefix("/")) }
  m.addFunction("basename", signature: "p") { a, _ in .str(splitPath(try a.string("p")).tail) }
  m.addFunction("dirname", signature: "p") { a, _ in .str(splitPath(try a.string("p")).head) }
  m.addFunction("split", signature: "p") { a, _ in
    let (head, tail) = splitPath(try a.string("p"))
    return .tuple([.str(head), .str(tail)])
  }
  m.addFunction("splitext", signature: "p") { a, _ in
    let p = try a.string("p")
    let name = splitPath(p).tail
    // A leading dot (".bashrc") does not start an extension.
    guard let dot = name.lastIndex(of: "."), name[..<dot].contains(where: { $0 != "." }) else {
      return .tuple([.str(p), .str("")])
    }
    let extensionLength = name.distance(from: dot, to: name.endIndex)
    return .tuple([.str(String(p.dropLast(extensionLength))), .str(String(name[dot...]))])
  }
  m.addFunction("expanduser", signature: "path") { a, _ in
    .str(NSString(string: try a.string("path")).expandingTildeInPath)
  }
  m.addFunction("abspath", signature: "path") { a, _ in
    let p = try a.string("path")
    let full = p.hasPrefix("/") ? p : FileManager.default.currentDirectoryPath + "/" + p
    return .str(URL(fileURLWithPath: full).standardized.path)
  }
  m.addFunction("getsize", signature: "filename") { a, _ in
    let path = try a.string("filename")
    guard let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber else {
      throw osError(ENOENT, path)
    }
    return .int(size.intValue)
  }
  return m
}

/// `posixpath.split`: everything up to the last `/` (trailing slashes stripped unless it is
/// all slashes) and the rest.
private func splitPath(_ p: String) -> (head: String, tail: String) {
  guard let slash = p.lastIndex(of: "/") else { return ("", p) }
  var head = String(p[...slash])
  let tail = String(p[p.index(after: slash)...])
  if head.contains(where: { $0 != "/" }) {
    while head.hasSuffix("/") { head.removeLast() }
  }
  return (head, tail)
}

/// `os.environ`: the process environment as a mapping of strings; assignments call `setenv`.
final class EnvironObject: HostObject {
  var typeName: String { "_Environ" }
  var qualifiedTypeName: String { "os._Environ" }
  var attributeNames: [String] { ["get", "items", "keys", "pop", "setdefault", "values"] }

  private var current: [(String, String)] {
    ProcessInfo.processInfo.environment.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
  }

  func repr() -> String {
    "environ({"
      + current.map { "\(pythonStringRepr($0.0)): \(pythonStringRepr($0.1))" }.joined(separator: ", ") + "})"
  }

  private func key(_ value: Value) throws -> String {
    guard case .str(let s) = value else {
      throw ScriptError(.typeError, "str expected, not \(value.typeName)")
    }
    return s
  }

  func getItem(_ index: Value) throws -> Value? {
    let k = try key(index)
    guard let v = ProcessInfo.processInfo.environment[k] else {
      throw ScriptError(.keyError, pythonStringRepr(k))
    }
    return .str(v)
  }

  func setItem(_ index: Value, _ value: Value) throws -> Bool {
    let k = try key(index)
    let v = try key(value)
    guard !k.isEmpty, !k.contains("="), !k.contains("\0"), !v.contains("\0") else {
      throw ScriptError(.valueError, "illegal environment variable name")
    }
    setenv(k, v, 1)
    return true
  }

  func deleteItem(_ index: Value) throws -> Bool {
    let k = try key(index)
    guard ProcessInfo.processInfo.environment[k] != nil else {
      throw ScriptError(.keyError, pythonStringRepr(k))
    }
    unsetenv(k)
    return true
  }

  func contains(_ value: Value) throws -> Bool? {
    guard case .str(let k) = value else { return false }
    return ProcessInfo.processInfo.environment[k] != nil
  }

  func length() throws -> Int? { ProcessInfo.processInfo.environment.count }

  func makeIterator() throws -> (() throws -> Value?)? {
    var keys = current.map(\.0)[...]
    return { keys.popFirst().map { .str($0) } }
  }

  func getAttribute(_ name: String) throws -> Value? {
    func method(_ signature: String, _ body: @escaping (BoundArguments) throws -> Value) -> Value {
      .builtin(
        BuiltinFunction(name, signature: signature, receiverTypeName: typeName) { a, _ in try body(a) })
    }
    switch name {
    case "get":
      return method("key, default=None") { a in
        ProcessInfo.processInfo.environment[try self.key(a["key"])].map { .str($0) } ?? a["default"]
      }
    case "setdefault":
      return method("key, default=None") { a in
        let k = try self.key(a["key"])
        if let v = ProcessInfo.processInfo.environment[k] { return .str(v) }
        _ = try self.setItem(a["key"], a["default"])
        return a["default"]
      }
    case "pop":
      return method("key, *default") { a in
        let k = try self.key(a["key"])
        guard let v = ProcessInfo.processInfo.environment[k] else {
          if let fallback = a.extraPositional.first { return fallback }
          throw ScriptError(.keyError, pythonStringRepr(k))
        }
        unsetenv(k)
        return .str(v)
      }
    case "keys": return method("") { _ in .list(ListObject(self.current.map { .str($0.0) })) }
    case "values": return method("") { _ in .list(ListObject(self.current.map { .str($0.1) })) }
    case "items":
      return method("") { _ in .list(ListObject(self.current.map { .tuple([.str($0.0), .str($0.1)]) })) }
    default: return nil
    }
  }
}

/// `sys`: version information and the standard streams (which write to the cell's output).
func makeSysModule(_ interpreter: Interpreter) -> ModuleObject {
  let m = ModuleObject(name: "sys", documentation: "Interpreter information (a subset of Python's sys).")
  // The Python dnnlab's language follows, and the interpreter that says so.
  m.attributes["version"] = .str("3.11.7 (dnnlab, a Python subset for Keras courses)")
  m.attributes["version_info"] = .tuple([.int(3), .int(11), .int(7), .str("final"), .int(0)])
  m.attributes["platform"] = .str(
    ProcessInfo.processInfo.operatingSystemVersionString.contains("Darwin") ? "darwin" : "linux")
  m.attributes["byteorder"] = .str("little")
  m.attributes["maxsize"] = .int(Int.max)
  m.attributes["argv"] = .list(ListObject([.str("dnnlab")]))
  m.attributes["executable"] = .str(CommandLine.arguments.first ?? "dnnlab")
  m.attributes["path"] = .list(ListObject([]))
  for stream in ["stdout", "stderr"] {
    let s = ModuleObject(name: "sys.\(stream)", documentation: "Writes to the cell's output.")
    s.addFunction("write", signature: "s, /") { [unowned interpreter] a, _ in
      let text = try a.string("s")
      interpreter.write(text)
      return .int(text.count)
    }
    s.addFunction("flush", signature: "") { _, _ in .none }
    m.attributes[stream] = .module(s)
  }
  m.addFunction("getrecursionlimit", signature: "") { [unowned interpreter] _, _ in
    .int(interpreter.recursionLimit)
  }
  m.addFunction("setrecursionlimit", signature: "limit, /") { [unowned interpreter] a, _ in
    let limit = try a.int("limit")
    guard limit >= 1 else {
      throw ScriptError(.valueError, "recursion limit must be greater or equal than 1")
    }
    // The interpreter's stack guard still stops runaway recursion before the real stack ends.
    interpreter.recursionLimit = min(limit, 100_000)
    return .none
  }
  return m
}
