import Foundation
import Synchronization

/// Runs dnnlab script code and keeps the session's state: globals across cells, the module
/// registry, `In`/`Out`/`_` history, the output sink and the interrupt flag.
///
/// Execution happens on a dedicated thread with a large stack (so deep but bounded
/// recursion cannot overflow the native stack); `run` blocks until the cell finishes.
/// An `Interpreter` is not reentrant: run one cell at a time. `requestInterrupt()` is
/// safe to call from any thread.
public final class Interpreter: @unchecked Sendable {
  // @unchecked: state is only touched by the thread running a cell (callers serialize
  // runs); the interrupt flag is atomic.

  /// Where `print` and host output go. Defaults to standard output.
  public var output: (String) -> Void
  /// Importable modules; the host registers `numpy`, `tensorflow`, … here.
  public let modules = ModuleRegistry()
  /// Maximum depth of script function calls before `RecursionError` (Python's default).
  public var recursionLimit = 1000
  /// When set, running more than this many loop iterations and calls raises
  /// `RuntimeError` (for fuzzing and untrusted input). Counts per `run`.
  public var stepLimit: Int?
  /// Run cells on a dedicated thread with `stackSize` bytes of stack (default 512 MiB of
  /// reserved, lazily committed memory). Turn off to run on the caller's thread; either way
  /// deep recursion ends in `RecursionError` before the native stack runs out.
  public var usesDedicatedThread = true
  public var stackSize = 512 << 20

  let globals = Scope()
  var builtins: [String: Value] = [:]
  /// The `warnings` module's filters, consulted by ``warn(_:category:place:)``.
  public let warnings = WarningRegistry()
  let interruptFlag = InterruptFlag()
  var callDepth = 0
  var steps = 0
  var stackGuard = StackGuard()
  /// Set while the top-level thread is executing; nested `run` calls execute inline.
  var isRunning = false

  /// Creates an interpreter whose `print` output goes to `output`.
  public init(
    output: @escaping (String) -> Void = { text in FileHandle.standardOutput.write(Data(text.utf8)) }
  ) {
    self.output = output
    builtins = makeBuiltins()
    for name in ["Warning"] + warnings.parents.keys.sorted() {
      builtins[name] = WarningRegistry.categoryValue(name)
    }
    modules.registerStandardModules(self)
    globals.vars["__name__"] = .str("__main__")
    globals.vars["In"] = .list([.str("")])
    globals.vars["Out"] = .dict(DictObject())
  }

  deinit {
    // Deeply nested data (`a = [a]` a million times) is freed recursively by ARC; do that
    // on a big-stack thread so tearing down a session cannot overflow the caller's stack.
    let doomed = DoomedValues(globals.vars)
    globals.vars = [:]
    guard usesDedicatedThread else { return }
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
      doomed.release()
      done.signal()
    }
    thread.stackSize = stackSize
    thread.start()
    done.wait()
  }

  // MARK: - Running code

  /// Runs one notebook cell and returns the value to display as `Out[number]`: the value
  /// of the last statement if it is an expression not followed by `;` and not `None`.
  /// Updates `In`, `Out`, `_`, `__`, `___` and `_<number>`. Errors come back as
  /// `ScriptError` with range and file set (render with `rendered()`).
  public func run(_ source: String, cell number: Int? = nil) throws(ScriptError) -> Value? {
    let name = number.map { "Cell In[\($0)]" } ?? "<cell>"
    let file = SourceFile(name: name, text: source)
    if let number, number >= 0, number < 1_000_000, case .list(let inputs)? = globals.vars["In"] {
      while inputs.items.count < number { inputs.items.append(.str("")) }
      if inputs.items.count == number {
        inputs.items.append(.str(source))
      } else {
        inputs.items[number] = .str(source)
      }
    }
    let result = try execute(file, displayLast: true)
    guard let value = result, !value.isNone else { return nil }
    if let number {
      if case .dict(let out)? = globals.vars["Out"] { out[HashKey(unchecked: .int(number))] = value }
      globals.vars["_\(number)"] = value
    }
    globals.vars["___"] = globals.vars["__"] ?? .str("")
    globals.vars["__"] = globals.vars["_"] ?? .str("")
    globals.vars["_"] = value
    return value
  }

  /// Runs a whole file or snippet for its effects (no display value), e.g. `%run`.
  public func execute(_ source: String, fileName: String = "<string>") throws(ScriptError) {
    _ = try execute(SourceFile(name: fileName, text: source), displayLast: false)
  }

  /// Evaluates a single expression in the global scope (for `%whos`, completion, `help`).
  public func evaluate(_ expression: String) throws(ScriptError) -> Value {
    let file = SourceFile(name: "<expression>", text: expression)
    return try onExecutionThread { () throws(ScriptError) -> Value in
      do {
        let expr = try Parser.parseExpression(file.text)
        return try self.eval(expr, self.moduleEnvironment(file))
      } catch {
        throw self.finalize(error, file: file)
      }
    }
  }

  func execute(_ file: SourceFile, displayLast: Bool) throws(ScriptError) -> Value? {
    try onExecutionThread { () throws(ScriptError) -> Value? in
      do {
        let statements = try Parser.parseModule(file.text)
        let env = self.moduleEnvironment(file)
        var last: Value?
        for (k, stmt) in statements.enumerated() {
          if displayLast, k == statements.count - 1, case .expression(let e, let suppressed) = stmt.kind {
            let value = try self.eval(e, env)
            if !suppressed { last = value }
          } else {
            switch try self.exec(stmt, env) {
            case .normal: break
            default: break  // parser forbids break/continue/return at top level
            }
          }
        }
        return last
      } catch {
        throw self.finalize(error, file: file)
      }
    }
  }

  func moduleEnvironment(_ file: SourceFile) -> Environment {
    Environment(locals: nil, globals: globals, enclosing: nil, file: file, functionName: nil)
  }

  /// Turns any thrown error into a located `ScriptError`.
  func finalize(_ error: Error, file: SourceFile) -> ScriptError {
    guard var e = error as? ScriptError else {
      return ScriptError(.runtimeError, "\(error)", file: file)
    }
    if e.file == nil { e.file = file }
    return e
  }

  /// Runs `body` on a big-stack thread (or inline when already executing or disabled),
  /// resetting the interrupt flag and step counter for a fresh top-level run.
  func onExecutionThread<T>(_ body: @escaping () throws(ScriptError) -> T) throws(ScriptError) -> T {
    if isRunning { return try body() }
    if !usesDedicatedThread { return try topLevel(stackAvailable: StackGuard.inlineAvailable, body) }
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    let work = UncheckedSendable { [self] in
      box.result = Result { () throws(ScriptError) -> T in
        // Leave a little headroom for Foundation's thread entry frames.
        try self.topLevel(stackAvailable: self.stackSize - (64 << 10), body)
      }
      done.signal()
    }
    let thread = Thread { work.value() }
    thread.stackSize = stackSize
    thread.name = "dnnlab-script"
    thread.start()
    done.wait()
    guard let result = box.result else {
      throw ScriptError(.runtimeError, "interpreter thread did not finish")
    }
    return try result.get()
  }

  func topLevel<T>(stackAvailable: Int, _ body: () throws(ScriptError) -> T) throws(ScriptError) -> T {
    isRunning = true
    callDepth = 0
    steps = 0
    stackGuard = StackGuard.starting(available: stackAvailable)
    interruptFlag.clear()
    defer { isRunning = false }
    return try body()
  }

  // MARK: - Interrupts and limits

  /// Asks the running cell to stop with `KeyboardInterrupt` at the next loop iteration or
  /// call (or when host code calls `checkInterrupt()`). Thread-safe; cleared when the next
  /// run starts.
  public func requestInterrupt() { interruptFlag.set() }

  /// Whether an interrupt has been requested and not yet delivered.
  public var isInterruptRequested: Bool { interruptFlag.isSet }

  /// Throws `KeyboardInterrupt` if an interrupt was requested (host loops call this at
  /// batch boundaries).
  public func checkInterrupt() throws {
    if interruptFlag.isSet {
      interruptFlag.clear()
      throw ScriptError(.keyboardInterrupt, "")
    }
  }

  /// Counts one unit of work (a loop iteration or a call) against `stepLimit` and checks
  /// for interrupts.
  @inline(__always)
  func tick() throws {
    steps &+= 1
    if interruptFlag.isSet { try checkInterrupt() }
    if let limit = stepLimit, steps > limit {
      throw ScriptError(.runtimeError, "step limit of \(limit) exceeded")
    }
  }

  // MARK: - Globals

  /// The global variable `name`, if defined.
  public func global(_ name: String) -> Value? { globals.vars[name] }

  /// Defines or replaces a global variable (nil deletes it).
  public func setGlobal(_ name: String, _ value: Value?) { globals.vars[name] = value }

  /// Adds (or with nil removes) a builtin name, found after globals as Python's builtins are:
  /// the host's own functions such as IPython's `get_ipython`, kept out of `%whos` and `%reset`.
  public func setBuiltin(_ name: String, _ value: Value?) { builtins[name] = value }

  /// Names of the user's global variables (sorted, without `_`-prefixed and history names).
  public var userGlobalNames: [String] {
    globals.vars.keys.filter { !$0.hasPrefix("_") && $0 != "In" && $0 != "Out" }.sorted()
  }

  /// Deletes every user variable and the history (`%reset`).
  public func resetGlobals() {
    globals.vars = [
      "__name__": .str("__main__"), "In": .list([.str("")]), "Out": .dict(DictObject()),
    ]
  }

  /// Names of the builtins (`print`, `len`, …).
  public var builtinNames: [String] { builtins.keys.sorted() }

  /// Global, builtin and keyword names starting with `prefix` (TAB completion).
  public func completions(forName prefix: String) -> [String] {
    let all = Set(globals.vars.keys).union(builtins.keys).union(pythonKeywords)
    return all.filter { $0.hasPrefix(prefix) }.sorted()
  }

  // MARK: - Helpers for hosts

  /// Writes text to the output sink (hosts use this for progress bars, summaries).
  public func write(_ text: String) { output(text) }

  /// Calls a script value (a function, lambda, builtin or host callable) from host code.
  public func call(_ callee: Value, _ arguments: Arguments = Arguments()) throws -> Value {
    try callValue(callee, arguments, callSite: nil)
  }

  /// `getattr(object, name)`: an attribute or bound method, or an `AttributeError`.
  public func attribute(of object: Value, _ name: String) throws -> Value { try getAttribute(object, name) }

  /// `repr(value)`, as the REPL shows `Out[n]`.
  public func repr(_ value: Value) -> String { reprValue(value) }

  /// `str(value)`, as `print` shows it.
  public func str(_ value: Value) -> String { strValue(value) }

  /// `a op b` with full Python semantics, including host-object hooks.
  public func binaryOperation(_ op: BinaryOperator, _ a: Value, _ b: Value) throws -> Value {
    try Ops.binary(op, a, b)
  }

  /// Python truthiness of `value`.
  public func truthy(_ value: Value) throws -> Bool { try Ops.truthy(value) }

  /// All elements of an iterable value.
  public func elements(of value: Value) throws -> [Value] { try Iteration.array(value) }
}

/// The cross-thread interrupt request. Lock-free, so it may be set from a signal-handling
/// dispatch source or another thread while the interpreter runs.
final class InterruptFlag: Sendable {
  private let flag = Atomic<Bool>(false)
  var isSet: Bool { flag.load(ordering: .relaxed) }
  func set() { flag.store(true, ordering: .relaxed) }
  func clear() { flag.store(false, ordering: .relaxed) }
}

/// Values handed to another thread to be released there.
final class DoomedValues: @unchecked Sendable {
  // Touched by one thread at a time: created on the caller, released on the worker.
  var values: [String: Value]?
  init(_ values: [String: Value]) { self.values = values }
  func release() { values = nil }
}

final class ResultBox<T>: @unchecked Sendable {
  // Written by the worker thread before it signals, read by the caller after waiting.
  var result: Result<T, ScriptError>?
}

struct UncheckedSendable: @unchecked Sendable {
  let value: () -> Void
  init(_ value: @escaping () -> Void) { self.value = value }
}
