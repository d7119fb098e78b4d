import Datasets
import Foundation
import Script
import Tensors

/// NumPy's file functions: `save`/`load` (`.npy`, and `.npz` through an `NpzFile`),
/// `savez`/`savez_compressed`, `savetxt`/`loadtxt`/`genfromtxt`, `fromfile`. Paths are
/// relative to the process's working directory (`os.chdir`, `%cd`); every file is
/// written atomically (a temporary file in the same directory, then a rename).
extension NumPyModule {
  static func addFileIO(_ np: ModuleObject) {
    np.addFunction("save", signature: "file, arr, allow_pickle=True") { a, _ in
      var path = try fileName(a["file"], "save")
      if !path.hasSuffix(".npy") { path += ".npy" }
      let t = try Convert.tensor(a["arr"])
      try files { try NumPyFiles.writeAtomically(to: path) { sink in try NPYFormat.write(t, to: sink) } }
      return .none
    }
    np.addFunction(
      "load",
      signature:
        "file, mmap_mode=None, allow_pickle=False, fix_imports=True, encoding='ASCII', *, max_header_size=10000"
    ) { a, _ in
      let path = try fileName(a["file"], "load")
      let allowPickle = try a.bool("allow_pickle")
      if case .str(let mode) = a["mmap_mode"] {
        let modes = ["r", "c", "r+", "w+", "readonly", "copyonwrite", "readwrite", "write"]
        guard modes.contains(mode) else {
          throw ScriptError(
            .valueError,
            "mode must be one of \(reprValue(.list(ListObject(modes.map { .str($0) })))) (got \(pythonStringRepr(mode)))"
          )
        }
      }
      let head = try files { try NumPyFiles.readPrefix(path, count: 6) }
      if head.isEmpty { throw ScriptError("EOFError", "No data left in file") }
      if head.starts(with: [0x50, 0x4b, 0x03, 0x04]) || head.starts(with: [0x50, 0x4b, 0x05, 0x06]) {
        return .object(try files { try NpzFileObject(path: path, allowPickle: allowPickle) })
      }
      if NPYFormat.hasMagic(Array(head)) {
        let bytes = try files { try NumPyFiles.read(path) }
        return Convert.value(try files { try NPYFormat.decode(bytes, allowPickle: allowPickle) })
      }
      if !allowPickle {
        throw ScriptError(
          .valueError,
          "This file contains pickled (object) data. If you trust the file you can load it unsafely using the "
            + "`allow_pickle=` keyword argument or `pickle.load()`.")
      }
      throw ScriptError(
        "UnpicklingError", "Failed to interpret file \(pythonStringRepr(path)) as a pickle",
        hint: "dnnlab reads .npy and .npz files; it cannot unpickle Python objects")
    }
    for compressed in [false, true] {
      let name = compressed ? "savez_compressed" : "savez"
      np.addFunction(name, signature: "file, *args, allow_pickle=True, **kwds") { a, _ in
        var path = try fileName(a["file"], name)
        if !path.hasSuffix(".npz") { path += ".npz" }
        var arrays = [(String, Tensor)]()
        for (key, value) in a.extraKeywords { arrays.append((key, try Convert.tensor(value))) }
        for (i, value) in a.extraPositional.enumerated() {
          let key = "arr_\(i)"
          if arrays.contains(where: { $0.0 == key }) {
            throw ScriptError(.valueError, "Cannot use un-named variables and keyword \(key)")
          }
          arrays.append((key, try Convert.tensor(value)))
        }
        try files {
          let members = try arrays.map { (name: $0.0 + ".npy", data: try NPYFormat.encode($0.1)) }
          try NumPyFiles.writeAtomically(NPZArchive.build(members, compressed: compressed), to: path)
        }
        return .none
      }
    }
    np.addFunction(
      "savetxt",
      signature:
        "fname, X, fmt='%.18e', delimiter=' ', newline='\\n', header='', footer='', comments='# ', encoding=None"
    ) { a, _ in
      let path = try fileName(a["fname"], "savetxt")
      let text = try saveText(a)
      try files { try NumPyFiles.writeAtomically(Array(text.utf8), to: path) }
      return .none
    }
    np.addFunction(
      "loadtxt",
      signature:
        "fname, dtype=float, comments='#', delimiter=None, converters=None, skiprows=0, usecols=None, "
        + "unpack=False, ndmin=0, encoding=None, max_rows=None, *, quotechar=None, like=None"
    ) { a, interp in
      for name in ["converters", "quotechar"] where !a[name].isNone {
        throw ScriptError(.notImplementedError, "dnnlab's loadtxt does not support \(name)=")
      }
      var o = try textOptions(a, interp, dtypeNone: .float64)
      o.skipRows = try a.int("skiprows")
      if o.skipRows < 0 { throw ScriptError(.valueError, "argument must be nonnegative") }
      let (lines, source) = try textLines(a["fname"], interp)
      let (t, empty) = try files { try TextArrays.loadtxt(lines, o) }
      if empty { interp.warn("loadtxt: input contained no data: \"\(source)\"") }
      return Convert.value(t)
    }
    np.addFunction(
      "genfromtxt",
      signature:
        "fname, dtype=float, comments='#', delimiter=None, skip_header=0, skip_footer=0, converters=None, "
        + "missing_values=None, filling_values=None, usecols=None, names=None, unpack=None, "
        + "max_rows=None, encoding=None, *, ndmin=0, like=None"
    ) { a, interp in
      for name in ["converters", "names"] where !a[name].isNone && !isFalse(a[name]) {
        throw ScriptError(
          .notImplementedError, "dnnlab's genfromtxt does not support \(name)= (structured arrays)",
          hint: "read the numbers with skip_header=1 and keep the column names yourself")
      }
      let (lines, source) = try textLines(a["fname"], interp)
      var o = try textOptions(a, interp, dtypeNone: nil)
      o.skipRows = try a.int("skip_header")
      o.skipFooter = try a.int("skip_footer")
      o.unpack = a["unpack"].isNone ? false : try a.bool("unpack")
      switch a["missing_values"] {
      case .none: break
      case .str(let s): o.missingValues = s.split(separator: ",").map(String.init)
      case let v: o.missingValues = try interp.elements(of: v).map { strValue($0) }
      }
      if !a["filling_values"].isNone { o.fillingValue = try a.double("filling_values") }
      let (t, empty) = try files { try TextArrays.genfromtxt(lines, o) }
      if empty { interp.warn("genfromtxt: Empty input file: \"\(source)\"") }
      return Convert.value(t)
    }
    np.addFunction("fromfile", signature: "file, dtype=float, count=-1, sep='', offset=0") { a, _ in
      let path = try fileName(a["file"], "fromfile")
      guard try a.string("sep").isEmpty else {
        throw ScriptError(.notImplementedError, "dnnlab's fromfile reads binary files only (sep='')")
      }
      let dtype = try Convert.dtype(a["dtype"]) ?? .float64
      let count = try a.int("count")
      let offset = try a.int("offset")
      let bytes = try files { try NumPyFiles.read(path) }
      guard offset >= 0, offset <= bytes.count else {
        throw ScriptError(.valueError, "offset must be non-negative and no greater than file size.")
      }
      let available = (bytes.count - offset) / dtype.itemSize
      let n = count < 0 ? available : min(count, available)
      if count > available {
        throw ScriptError(.valueError, "EOF: reading array data, expected \(count) bytes got \(available)")
      }
      let t = try Convert.tensors { try Tensor(zeros: [n], dtype: dtype) }
      bytes.withUnsafeBytes { buf in
        if let base = buf.baseAddress, n > 0 { memcpy(t.storage.bytes, base + offset, n * dtype.itemSize) }
      }
      if dtype == .bool {
        let p = t.storage.bytes.assumingMemoryBound(to: UInt8.self)
        for k in 0..<n where p[k] > 1 { p[k] = 1 }
      }
      return Convert.value(t)
    }
  }

  private static func isFalse(_ v: Value) -> Bool {
    if case .bool(false) = v { return true }
    return false
  }

  /// Runs file code, turning its errors into script errors.
  static func files<R>(_ body: () throws -> R) throws -> R {
    do {
      return try Convert.tensors(body)
    } catch let e as NumPyFileError {
      throw ScriptError(ErrorKind(e.kind), e.message, hint: e.hint)
    }
  }

  /// A file argument: a path string (dnnlab has no file objects).
  static func fileName(_ v: Value, _ function: String) throws -> String {
    guard case .str(let s) = v else {
      throw ScriptError(.typeError, "expected str, bytes or os.PathLike object, not \(v.typeName)")
    }
    return s
  }

  /// `a.tofile(fid, sep='', format='%s')`: the raw elements in C order.
  static func toFile(_ t: Tensor, _ a: BoundArguments) throws -> Value {
    let path = try fileName(a["fid"], "tofile")
    guard try a.string("sep").isEmpty else {
      throw ScriptError(.notImplementedError, "dnnlab's tofile writes binary files only (sep='')")
    }
    try files {
      let c = try t.contiguous()
      try NumPyFiles.writeAtomically(to: path) { sink in
        try sink(
          UnsafeRawBufferPointer(
            start: UnsafeRawPointer(c.storage.bytes) + c.offset * c.itemSize, count: c.byteCount))
      }
    }
    return .none
  }

  /// The lines of `fname`: a path (FileNotFoundError as NumPy's `'x' not found.`), or a
  /// list of strings; and the text NumPy names it by in warnings.
  private static func textLines(_ v: Value, _ interp: Interpreter) throws -> ([TextArrays.Line], String) {
    if case .str(let path) = v {
      if !NumPyFiles.isRegularFile(path) && !FileManager.default.fileExists(atPath: path) {
        throw ScriptError("FileNotFoundError", "\(path) not found.")
      }
      let bytes = try files { try NumPyFiles.read(path) }
      return (TextArrays.lines(of: bytes), path)
    }
    guard case .list = v else {
      if case .tuple = v {
      } else {
        throw ScriptError(
          .typeError,
          "fname must be a string, filehandle, list of strings, or generator. Got \(v.typeName) instead.")
      }
      return (try interp.elements(of: v).map { TextArrays.line(try lineText($0)) }, strValue(v))
    }
    return (try interp.elements(of: v).map { TextArrays.line(try lineText($0)) }, strValue(v))
  }

  private static func lineText(_ v: Value) throws -> String {
    guard case .str(let s) = v else {
      throw ScriptError(.typeError, "non-string returned while reading data")
    }
    return s
  }

  /// The options `loadtxt` and `genfromtxt` share: dtype, comments, delimiter, usecols,
  /// unpack, ndmin, max_rows.
  private static func textOptions(_ a: BoundArguments, _ interp: Interpreter, dtypeNone: DType?) throws
    -> TextArrays.Options
  {
    var o = TextArrays.Options()
    o.dtype = try Convert.dtype(a["dtype"]) ?? dtypeNone ?? .float64
    switch a["comments"] {
    case .none: o.comments = []
    case .str(let s): o.comments = [s]
    case let v: o.comments = try interp.elements(of: v).map { try lineText($0) }
    }
    switch a["delimiter"] {
    case .none: o.delimiter = nil
    case .str(let d):
      guard d.count == 1 else {
        throw ScriptError(
          .typeError,
          "Text reading control character must be a single unicode character or None; but got: \(pythonStringRepr(d))"
        )
      }
      o.delimiter = d
    default:
      throw ScriptError(.typeError, "delimiter must be a str or None, not \(a["delimiter"].typeName)")
    }
    switch a["usecols"] {
    case .none: break
    case .int(let c): o.usecols = [c]
    case .float, .str, .bool:
      throw ScriptError(
        .typeError,
        "usecols must be an int or a sequence of ints but it contains at least one element of type '\(a["usecols"].typeName)'"
      )
    case let v:
      o.usecols = try interp.elements(of: v).map { item in
        guard case .int(let c) = item else {
          throw ScriptError(
            .typeError,
            "usecols must be an int or a sequence of ints but it contains at least one element of type '\(item.typeName)'"
          )
        }
        return c
      }
    }
    if case .bool(let u) = a["unpack"] { o.unpack = u }
    o.ndmin = try a.int("ndmin")
    o.maxRows = try a.optionalInt("max_rows")
    return o
  }

  /// The text `np.savetxt` writes.
  private static func saveText(_ a: BoundArguments) throws -> String {
    var x = try Convert.tensor(a["X"])
    guard x.ndim == 1 || x.ndim == 2 else {
      throw ScriptError(.valueError, "Expected 1D or 2D array, got \(x.ndim)D array instead")
    }
    if x.ndim == 1 { x = try Convert.tensors { try x.reshape([x.count, 1]) } }
    let columns = x.shape[1]
    let delimiter = try a.string("delimiter")
    let newline = try a.string("newline")
    let comments = try a.string("comments")
    let format: String
    switch a["fmt"] {
    case .str(let f):
      let percents = f.filter { $0 == "%" }.count
      if percents == 1 {
        format = Array(repeating: f, count: columns).joined(separator: delimiter)
      } else if percents != columns {
        throw ScriptError(.valueError, "fmt has wrong number of % formats:  \(f)")
      } else {
        format = f
      }
    case .list(let l) where l.items.allSatisfy({ if case .str = $0 { true } else { false } }):
      guard l.items.count == columns else {
        throw ScriptError(.attributeError, "fmt has wrong shape.  \(reprValue(a["fmt"]))")
      }
      format = l.items.map(strValue).joined(separator: delimiter)
    case .tuple(let items) where items.allSatisfy({ if case .str = $0 { true } else { false } }):
      guard items.count == columns else {
        throw ScriptError(.attributeError, "fmt has wrong shape.  \(reprValue(a["fmt"]))")
      }
      format = items.map(strValue).joined(separator: delimiter)
    default:
      throw ScriptError(.valueError, "invalid fmt: \(strValue(a["fmt"]))")
    }
    // Elements are NumPy scalars: %r shows np.float64(1.0), and %s a float32 as NumPy prints it.
    let asNumPyScalars = format.contains("r") || (x.dtype == .float32 && format.contains("s"))
    var out = ""
    func commented(_ text: String) -> String {
      comments + text.replacingOccurrences(of: "\n", with: "\n" + comments) + newline
    }
    let header = try a.string("header")
    if !header.isEmpty { out += commented(header) }
    var row = [Value](repeating: .none, count: columns)
    let fast = x.dtype.isFloatingPoint ? FloatRowFormat(format, columns: columns) : nil
    for r in 0..<x.shape[0] {
      if let fast,
        let text = fast.render((0..<columns).map { x.scalarValue(atFlat: r * columns + $0).asDouble })
      {
        out += text
        out += newline
        continue
      }
      for c in 0..<columns {
        let s = x.scalarValue(atFlat: r * columns + c)
        if asNumPyScalars {
          row[c] = Convert.value(Tensor(scalar: s, dtype: x.dtype))
        } else {
          row[c] = Convert.python(s)
        }
      }
      out += try pythonPercentFormat(format, .tuple(row))
      out += newline
    }
    let footer = try a.string("footer")
    if !footer.isEmpty { out += commented(footer) }
    return out
  }
}

/// A row format made only of text and float conversions (`%.18e`, `%10.4f`, `%g`, …),
/// rendered with C's printf, which gives the same text as Python's `%` for finite numbers
/// (rows holding inf or NaN go through Python's formatting instead).
struct FloatRowFormat {
  private enum Piece {
    case text(String)
    case spec(String)
  }
  private let pieces: [Piece]

  init?(_ format: String, columns: Int) {
    var pieces = [Piece]()
    var literal = ""
    let chars = Array(format)
    var i = 0
    var specs = 0
    while i < chars.count {
      guard chars[i] == "%" else {
        literal.append(chars[i])
        i += 1
        continue
      }
      if i + 1 < chars.count, chars[i + 1] == "%" {
        literal.append("%")
        i += 2
        continue
      }
      var spec = "%"
      i += 1
      while i < chars.count, "-+ 0#".contains(chars[i]) {
        spec.append(chars[i])
        i += 1
      }
      var digits = ""
      while i < chars.count, chars[i].isASCII, chars[i].isNumber || chars[i] == "." {
        digits.append(chars[i])
        i += 1
      }
      // Widths and precisions stay small enough for the buffer below.
      guard digits.split(separator: ".", omittingEmptySubsequences: false).allSatisfy({ $0.count <= 2 }),
        digits.filter({ $0 == "." }).count <= 1, i < chars.count, "eEfFgG".contains(chars[i])
      else { return nil }
      spec += digits + String(chars[i])
      i += 1
      if !literal.isEmpty { pieces.append(.text(literal)) }
      literal = ""
      pieces.append(.spec(spec))
      specs += 1
    }
    if !literal.isEmpty { pieces.append(.text(literal)) }
    guard specs == columns else { return nil }
    self.pieces = pieces
  }

  /// The row's text, or nil when a value is not finite.
  func render(_ values: [Double]) -> String? {
    guard values.allSatisfy(\.isFinite) else { return nil }
    var out = ""
    var next = 0
    var buffer = [CChar](repeating: 0, count: 512)
    for piece in pieces {
      switch piece {
      case .text(let t): out += t
      case .spec(let spec):
        let v = values[next]
        next += 1
        let n = buffer.withUnsafeMutableBufferPointer { buf -> Int32 in
          guard let base = buf.baseAddress else { return -1 }
          return withVaList([v]) { vsnprintf(base, buf.count, spec, $0) }
        }
        guard n >= 0, Int(n) < buffer.count else { return nil }
        out += buffer.withUnsafeBufferPointer { buf in
          String(decoding: UnsafeRawBufferPointer(buf).prefix(Int(n)), as: UTF8.self)
        }
      }
    }
    return out
  }
}

/// What `np.load` returns for an `.npz` file: a lazy mapping from array names to arrays,
/// each read from the archive when asked for (a fresh array each time, as in NumPy).
final class NpzFileObject: HostObject {
  let path: String
  let allowPickle: Bool
  private var reader: NPZArchive.Reader?
  /// The array names: member names without `.npy`.
  let files: [String]
  private let members: [String: String]

  init(path: String, allowPickle: Bool) throws {
    self.path = path
    self.allowPickle = allowPickle
    let reader = try NPZArchive.Reader(path: path)
    self.reader = reader
    files = reader.members.map { $0.hasSuffix(".npy") ? String($0.dropLast(4)) : $0 }
    var members = [String: String]()
    for (file, member) in zip(files, reader.members) { members[file] = member }
    for member in reader.members { members[member] = member }
    self.members = members
  }

  var typeName: String { "NpzFile" }
  var qualifiedTypeName: String { "numpy.lib.npyio.NpzFile" }

  func repr() -> String {
    var names = files.prefix(5).joined(separator: ", ")
    if files.count > 5 { names += "..." }
    return "NpzFile \(pythonStringRepr(path)) with keys: \(names)"
  }

  var attributeNames: [String] {
    ["close", "files", "get", "items", "keys", "values", "__enter__", "__exit__"]
  }

  func getAttribute(_ name: String) throws -> Value? {
    func method(_ spec: String, _ body: @escaping (BoundArguments) throws -> Value) -> Value {
      .builtin(BuiltinFunction(name, signature: spec, receiverTypeName: typeName) { a, _ in try body(a) })
    }
    switch name {
    case "files": return .list(ListObject(files.map { .str($0) }))
    case "close", "__exit__":
      return method(name == "close" ? "" : "*args") { _ in
        self.reader = nil
        return name == "close" ? .none : .bool(false)
      }
    case "__enter__": return method("") { _ in .object(self) }
    case "get":
      return method("key, default=None") { a in
        guard case .str(let key) = a["key"], self.members[key] != nil else { return a["default"] }
        return try self.array(key)
      }
    case "keys", "values", "items":
      return method("") { _ in .object(NpzView(kind: name, file: self)) }
    default: return nil
    }
  }

  /// The array stored under `key` (a name from `files`, or a member name).
  func array(_ key: String) throws -> Value {
    guard let member = members[key] else {
      throw ScriptError(.keyError, pythonStringRepr("\(key) is not a file in the archive"))
    }
    guard let reader else {
      throw ScriptError(.attributeError, "'NoneType' object has no attribute 'open'")
    }
    return try NumPyModule.files {
      let bytes = try reader.bytes(of: member)
      guard NPYFormat.hasMagic(bytes) else {
        throw NumPyFileError(
          "NotImplementedError",
          "\(pythonStringRepr(member)) in \(pythonStringRepr(path)) is not a .npy array",
          hint: "NumPy would return its raw bytes; dnnlab has no bytes type")
      }
      return Convert.value(try NPYFormat.decode(bytes, allowPickle: allowPickle))
    }
  }

  func getItem(_ index: Value) throws -> Value? {
    switch index {
    case .str(let key): return try array(key)
    default: throw ScriptError(.keyError, pythonStringRepr("\(strValue(index)) is not a file in the archive"))
    }
  }

  func length() throws -> Int? { files.count }

  func makeIterator() throws -> (() throws -> Value?)? {
    var i = 0
    let names = files
    return {
      guard i < names.count else { return nil }
      defer { i += 1 }
      return .str(names[i])
    }
  }

  func contains(_ value: Value) throws -> Bool? {
    guard case .str(let key) = value else { return false }
    return members[key] != nil
  }
}

/// `NpzFile.keys()`, `.values()`, `.items()`: Mapping views, iterated lazily.
final class NpzView: HostObject {
  let kind: String
  let file: NpzFileObject

  init(kind: String, file: NpzFileObject) {
    self.kind = kind
    self.file = file
  }

  var viewName: String { kind == "keys" ? "KeysView" : kind == "values" ? "ValuesView" : "ItemsView" }
  var typeName: String { viewName }
  func repr() -> String { "\(viewName)(\(file.repr()))" }
  func length() throws -> Int? { file.files.count }

  func makeIterator() throws -> (() throws -> Value?)? {
    var i = 0
    let names = file.files
    let kind = kind
    let file = file
    return {
      guard i < names.count else { return nil }
      defer { i += 1 }
      let key = Value.str(names[i])
      switch kind {
      case "keys": return key
      case "values": return try file.array(names[i])
      default: return .tuple([key, try file.array(names[i])])
      }
    }
  }
}
