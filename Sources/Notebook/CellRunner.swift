import Foundation
import Modules
import Script

/// Runs code cells through one `Interpreter`, numbering them `In [1]`, `In [2]`, … and
/// capturing what each prints and returns, while also passing the printed text on live
/// (progress bars must appear as training runs, not when the cell ends).
///
/// Shared by `dnnlab run`, step mode and the REPL, so all three number and record cells
/// the same way.
public final class CellRunner: @unchecked Sendable {
  // @unchecked: the capture buffer is written on the interpreter's thread while the
  // caller waits in `run`, and read after; the lock makes that hand-over explicit.

  /// The interpreter cells run in (with `Modules` installed unless one was passed in).
  public let interpreter: Interpreter
  /// The number the next cell will run as, minus one (`In [n]` of the last cell).
  public private(set) var executionCount = 0
  /// Where printed text goes as it is produced (default: standard output).
  public var echo: (String) -> Void

  private let lock = NSLock()
  private var captured = ""

  /// A runner over `interpreter`, or over a new interpreter with the built-in modules.
  public init(
    interpreter: Interpreter? = nil,
    echo: @escaping (String) -> Void = { FileHandle.standardOutput.write(Data($0.utf8)) }
  ) {
    let interp: Interpreter
    if let interpreter {
      interp = interpreter
    } else {
      interp = Interpreter()
      Modules.install(in: interp)
    }
    self.interpreter = interp
    self.echo = echo
    interp.output = { [weak self] text in self?.receive(text) }
    let shell = IPythonShell(interpreter: interp)
    interp.setBuiltin(
      "get_ipython", .builtin(BuiltinFunction("get_ipython", signature: "") { _, _ in .object(shell) }))
  }

  func receive(_ text: String) {
    lock.lock()
    captured += text
    lock.unlock()
    echo(text)
  }

  /// Runs `source` as the next cell (`In [executionCount + 1]`) and returns what it did.
  /// Never throws: errors, including `KeyboardInterrupt`, come back in the result.
  /// IPython syntax is understood: a `%%time`-style cell magic on the first line, line magics
  /// and `!` shell escapes on any line (see ``IPythonSyntax`` and `CellMagics.swift`).
  public func run(_ source: String) -> CellResult {
    if let magic = IPythonSyntax.cellMagic(in: source) { return run(magic) }
    return runNumbered(IPythonSyntax.transform(source))
  }

  /// Runs `source` (plain Python) as the next numbered cell. `timed` appends IPython's
  /// `%%time` lines to its output; `quiet` neither echoes nor keeps what it prints and shows
  /// no value (`%%capture`), handing the printed text to `captured`.
  func runNumbered(
    _ source: String, timed: Bool = false, quiet: Bool = false, captured capture: ((String) -> Void)? = nil
  )
    -> CellResult
  {
    let savedEcho = echo
    if quiet { echo = { _ in } }
    defer { echo = savedEcho }
    executionCount += 1
    let number = executionCount
    lock.lock()
    captured = ""
    lock.unlock()
    let start = DispatchTime.now().uptimeNanoseconds
    var value: Value?
    var failure: ScriptError?
    let cpu0 = Timing.cpuTimes()
    do {
      value = try interpreter.run(source, cell: number)
      // As with Jupyter's inline backend, a figure drawn but not shown appears when the cell ends.
      PyplotDisplay.flush(interpreter)
    } catch {
      failure = error
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    if timed {
      let cpu1 = Timing.cpuTimes()
      receive(
        Timing.timeReport(user: cpu1.user - cpu0.user, system: cpu1.system - cpu0.system, wall: seconds))
    }
    lock.lock()
    var printed = captured
    captured = ""
    lock.unlock()
    if quiet {
      capture?(printed)
      printed = ""
      value = nil
    }
    return CellResult(
      executionCount: number, printed: printed, resultText: value.map { interpreter.repr($0) },
      error: failure,
      seconds: seconds)
  }

  /// Runs `source` without giving it a number or touching `In`/`Out` (for `%time`
  /// statements and `%run` files), capturing its output the same way.
  public func runUnnumbered(_ source: String, fileName: String, quiet: Bool = false) -> (
    printed: String, error: ScriptError?
  ) {
    let savedEcho = echo
    if quiet { echo = { _ in } }
    defer { echo = savedEcho }
    lock.lock()
    captured = ""
    lock.unlock()
    var failure: ScriptError?
    do {
      try interpreter.execute(source, fileName: fileName)
    } catch {
      failure = error
    }
    lock.lock()
    let printed = captured
    captured = ""
    lock.unlock()
    return (printed, failure)
  }

  /// Uses up the next number without running anything (magics and help requests get an
  /// `In [n]` too, as in IPython). Returns the number used.
  @discardableResult
  public func skipNumber() -> Int {
    executionCount += 1
    return executionCount
  }

  /// Forgets the numbering (`%reset`): the next cell is `In [1]` again.
  public func resetCount() { executionCount = 0 }

  /// Sets a global variable before or between cells (`-p NAME VALUE`).
  public func setVariable(_ name: String, _ value: Value) { interpreter.setGlobal(name, value) }
}

/// How errors are announced: `Error in cell 5 (In [5]), line 2`.
public enum ErrorBanner {
  /// The banner line for an error in the `cell`-th code cell that ran as `In [count]`.
  /// `line` is omitted when unknown; `cell` is omitted in the REPL where it equals `count`.
  public static func text(cell: Int?, executionCount: Int, line: Int?) -> String {
    var text = "Error in "
    if let cell {
      text += "cell \(cell) (In [\(executionCount)])"
    } else {
      text += "In [\(executionCount)]"
    }
    if let line { text += ", line \(line)" }
    return text
  }
}
