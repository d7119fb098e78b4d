import Foundation
import Script

/// What `get_ipython()` returns in dnnlab: the receiver of the calls ``IPythonSyntax`` writes
/// for magic lines and shell escapes, so the first cells of Jupyter notebooks
/// (`%matplotlib inline`, `!pip install …`, `%config …`) run instead of stopping the notebook.
///
/// - Display and extension set-up (`%matplotlib`, `%config`, `%load_ext`, `%autoreload`, …)
///   has nothing to do here: figures already appear when a cell ends, as with the inline
///   backend. These do nothing and print nothing, as in Jupyter.
/// - `%pip`, `%conda` and shell escapes are not run: dnnlab's modules are built in, and a
///   notebook must not run commands on the reader's machine. Each prints a one-line note.
/// - `%whos`, `%who`, `%pwd`, `%cd`, `%time` and `%timeit` work inside cells as in IPython.
final class IPythonShell: HostObject {
  /// The interpreter the cells run in (unowned: the interpreter holds this object).
  private unowned let interpreter: Interpreter

  init(interpreter: Interpreter) { self.interpreter = interpreter }

  /// Magics that only set up Jupyter's display or IPython's extensions.
  static let setupMagics: Set<String> = [
    "matplotlib", "config", "load_ext", "reload_ext", "unload_ext", "autoreload", "aimport",
  ]
  /// Magics that install packages.
  static let packageMagics: Set<String> = ["pip", "conda", "mamba"]
  /// Every line magic this object runs.
  static let lineMagicNames: Set<String> =
    setupMagics.union(packageMagics).union([
      "whos", "who", "pwd", "cd", "time", "timeit", "tensorflow_version",
    ])

  var typeName: String { "ZMQInteractiveShell" }
  var qualifiedTypeName: String { "ipykernel.zmqshell.ZMQInteractiveShell" }
  func repr() -> String { "<ipykernel.zmqshell.ZMQInteractiveShell object (dnnlab)>" }
  var attributeNames: [String] { ["run_cell_magic", "run_line_magic", "system"] }

  func getAttribute(_ name: String) throws -> Value? {
    switch name {
    case "run_line_magic":
      return .builtin(
        BuiltinFunction("run_line_magic", signature: "magic_name, line", receiverTypeName: typeName) {
          a, _ in try self.runLineMagic(try a.string("magic_name"), try a.string("line"))
        })
    case "run_cell_magic":
      return .builtin(
        BuiltinFunction("run_cell_magic", signature: "magic_name, line, cell", receiverTypeName: typeName) {
          a, _ in
          try self.runCellMagic(try a.string("magic_name"), try a.string("line"), try a.string("cell"))
        })
    case "system":
      return .builtin(
        BuiltinFunction("system", signature: "cmd", receiverTypeName: typeName) { a, _ in
          self.interpreter.write("dnnlab does not run shell commands: !\(try a.string("cmd"))\n")
          return .none
        })
    default:
      return nil
    }
  }

  /// `%name line`: does what IPython does, or raises IPython's `UsageError`.
  func runLineMagic(_ name: String, _ line: String) throws -> Value {
    switch name {
    case _ where Self.setupMagics.contains(name):
      return .none
    case "tensorflow_version":
      // Colab's magic for choosing TensorFlow 1 or 2.
      interpreter.write("dnnlab provides TensorFlow 2's API; %tensorflow_version has no effect.\n")
      return .none
    case _ where Self.packageMagics.contains(name):
      let command = line.isEmpty ? name : "\(name) \(line)"
      interpreter.write(
        "dnnlab does not run %\(command): numpy, tensorflow, keras, matplotlib and sklearn are built in.\n")
      return .none
    case "whos":
      interpreter.write(Whos.table(interpreter: interpreter, typeFilter: words(line)))
      return .none
    case "who":
      let types = words(line)
      let names = interpreter.userGlobalNames.filter { n in
        types.isEmpty || interpreter.global(n).map { types.contains(Whos.typeName($0)) } == true
      }
      interpreter.write(
        names.isEmpty ? "Interactive namespace is empty.\n" : names.joined(separator: "\t") + "\t\n")
      return .none
    case "pwd":
      return .str(FileManager.default.currentDirectoryPath)
    case "cd":
      let target =
        line.isEmpty
        ? (ProcessInfo.processInfo.environment["HOME"] ?? ".") : NSString(string: line).expandingTildeInPath
      guard FileManager.default.changeCurrentDirectoryPath(target) else {
        throw ScriptError("UsageError", "[Errno 2] No such file or directory: '\(line)'")
      }
      interpreter.write(FileManager.default.currentDirectoryPath + "\n")
      return .none
    case "time":
      return try time(line)
    case "timeit":
      try timeit(line)
      return .none
    default:
      throw ScriptError("UsageError", "Line magic function `%\(name)` not found.")
    }
  }

  /// `%%name line` over `cell`, for the cell magics that do not change how the cell itself
  /// is shown (`%%time` and `%%capture` are run by `CellRunner`).
  func runCellMagic(_ name: String, _ line: String, _ cell: String) throws -> Value {
    switch name {
    case "timeit":
      try timeit(line, cell: cell)
      return .none
    case "writefile":
      try writeFile(line, cell)
      return .none
    default:
      throw ScriptError("UsageError", "Cell magic `%%\(name)` not found.")
    }
  }

  /// `%%writefile [-a] FILE`: IPython's messages, written atomically.
  private func writeFile(_ line: String, _ cell: String) throws {
    var arguments = words(line)
    let append = arguments.first == "-a" || arguments.first == "--append"
    if append { arguments.removeFirst() }
    guard arguments.count == 1, let name = arguments.first else {
      throw ScriptError("UsageError", "%%writefile needs one file name, e.g. %%writefile model.py")
    }
    let path = NSString(string: name).expandingTildeInPath
    let exists = FileManager.default.fileExists(atPath: path)
    var text = cell.hasSuffix("\n") ? cell : cell + "\n"
    if append, exists {
      guard let old = FileManager.default.contents(atPath: path) else {
        throw ScriptError("UsageError", "cannot read \(name) to append to it")
      }
      text = String(decoding: old, as: UTF8.self) + text
    }
    do {
      try AtomicFile.write(text, to: path)
    } catch {
      throw ScriptError("OSError", "cannot write \(name): \(error)")
    }
    interpreter.write(
      (append && exists ? "Appending to " : exists ? "Overwriting " : "Writing ") + name + "\n")
  }

  private func words(_ line: String) -> [String] { line.split(separator: " ").map(String.init) }

  /// `%time statement`: runs it, prints IPython's two timing lines, returns an expression's value.
  private func time(_ code: String) throws -> Value {
    guard !code.allSatisfy(\.isWhitespace) else {
      throw ScriptError("UsageError", "%time needs a statement, e.g. %time model.fit(x, y)")
    }
    let cpu0 = Timing.cpuTimes()
    let wall0 = Timing.now()
    var value = Value.none
    if (try? Parser.parseExpression(code)) != nil {
      value = try interpreter.evaluate(code)
    } else {
      try interpreter.execute(code, fileName: "<timed exec>")
    }
    let wall = Timing.now() - wall0
    let cpu1 = Timing.cpuTimes()
    interpreter.write(
      Timing.timeReport(user: cpu1.user - cpu0.user, system: cpu1.system - cpu0.system, wall: wall))
    return value
  }

  /// `%timeit [-n N] [-r R] statement`, or `%%timeit [-n N] [-r R]` over a cell: IPython's loop
  /// count choice and summary line.
  private func timeit(_ line: String, cell: String? = nil) throws {
    var rest = Substring(line)
    var loops: Int?
    var repeats = 7
    while true {
      rest = rest.drop { $0 == " " }
      guard rest.hasPrefix("-n ") || rest.hasPrefix("-r ") else { break }
      let flag = rest.prefix(2)
      rest = rest.dropFirst(3).drop { $0 == " " }
      let word = rest.prefix { !$0.isWhitespace }
      rest = rest.dropFirst(word.count)
      guard let n = Int(word), n > 0, n <= 1_000_000_000 else {
        throw ScriptError("UsageError", "%timeit \(flag) needs a positive number")
      }
      if flag == "-n" { loops = n } else { repeats = min(n, 1000) }
    }
    if cell != nil, !rest.allSatisfy(\.isWhitespace) {
      // In a cell, the rest of the first line is setup code, run once and not timed.
      try interpreter.execute(rest.trimmingCharacters(in: .whitespaces), fileName: "<timeit setup>")
    }
    let code = cell ?? rest.trimmingCharacters(in: .whitespaces)
    guard !code.allSatisfy(\.isWhitespace) else {
      throw ScriptError("UsageError", "%timeit needs a statement, e.g. %timeit np.dot(a, b)")
    }
    let indented = code.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }
    let body = "):\n" + indented.joined(separator: "\n") + "\n"
    defer { interpreter.setGlobal("__dnnlab_timeit", nil) }
    var failure: ScriptError?
    func measure(_ n: Int) -> Double? {
      let start = Timing.now()
      do {
        try interpreter.execute("for __dnnlab_timeit in range(\(n)" + body, fileName: "<timeit>")
      } catch {
        failure = error
        return nil
      }
      return Timing.now() - start
    }
    guard let chosen = loops ?? Timing.chooseLoops(measure) else {
      throw failure ?? ScriptError("UsageError", "")
    }
    var runs: [Double] = []
    for _ in 0..<repeats {
      guard let t = measure(chosen) else { throw failure ?? ScriptError("UsageError", "") }
      runs.append(t)
    }
    let result = Timing.TimeitResult(loops: chosen, runs: runs)
    if let warning = result.cachingWarning { interpreter.write(warning + "\n") }
    interpreter.write(result.text + "\n")
  }
}
