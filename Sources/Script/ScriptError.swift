/// The name of a Python exception type, e.g. `NameError`. Hosts may define their own
/// (`ErrorKind("InvalidArgumentError")`); the common ones are static constants.
public struct ErrorKind: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
  public let name: String
  public init(_ name: String) { self.name = name }
  public init(stringLiteral value: String) { self.name = value }
  public var description: String { name }

  public static let syntaxError: ErrorKind = "SyntaxError"
  public static let indentationError: ErrorKind = "IndentationError"
  public static let nameError: ErrorKind = "NameError"
  public static let unboundLocalError: ErrorKind = "UnboundLocalError"
  public static let typeError: ErrorKind = "TypeError"
  public static let valueError: ErrorKind = "ValueError"
  public static let indexError: ErrorKind = "IndexError"
  public static let keyError: ErrorKind = "KeyError"
  public static let zeroDivisionError: ErrorKind = "ZeroDivisionError"
  public static let attributeError: ErrorKind = "AttributeError"
  public static let importError: ErrorKind = "ImportError"
  public static let moduleNotFoundError: ErrorKind = "ModuleNotFoundError"
  public static let recursionError: ErrorKind = "RecursionError"
  public static let keyboardInterrupt: ErrorKind = "KeyboardInterrupt"
  public static let overflowError: ErrorKind = "OverflowError"
  public static let memoryError: ErrorKind = "MemoryError"
  public static let assertionError: ErrorKind = "AssertionError"
  public static let stopIteration: ErrorKind = "StopIteration"
  public static let notImplementedError: ErrorKind = "NotImplementedError"
  public static let runtimeError: ErrorKind = "RuntimeError"
}

/// One level of the call stack an error passed through: where the call happened.
public struct TraceFrame: Sendable {
  /// The source the call expression is in.
  public var file: SourceFile
  /// The range of the call expression.
  public var range: SourceRange
  /// The function the call expression is inside (`nil` at the top level of a cell).
  public var function: String?

  public init(file: SourceFile, range: SourceRange, function: String?) {
    self.file = file
    self.range = range
    self.function = function
  }
}

/// An error raised while lexing, parsing or running a script: a Python exception kind,
/// a message, where it happened and an optional hint on how to fix it.
///
/// Host code throws `ScriptError(.valueError, "…", hint: "…")` without a range; the
/// interpreter attaches the range of the expression being evaluated, the source file,
/// and the chain of calls it passed through. Render it with `rendered()`.
public struct ScriptError: Error, Sendable, CustomStringConvertible {
  public var kind: ErrorKind
  public var message: String
  /// Advice printed on its own line after `Kind: message`.
  public var hint: String?
  /// The innermost culprit; nil until the interpreter or parser attaches one.
  public var range: SourceRange?
  /// The source `range` points into.
  public var file: SourceFile?
  /// Name of the function the error happened in (`nil` at a cell's top level).
  public var function: String?
  /// Calls the error propagated through, innermost first.
  public var callers: [TraceFrame] = []

  public init(
    _ kind: ErrorKind, _ message: String, hint: String? = nil, range: SourceRange? = nil,
    file: SourceFile? = nil
  ) {
    self.kind = kind
    self.message = message
    self.hint = hint
    self.range = range
    self.file = file
  }

  /// `Kind: message`, the last line of a Python traceback.
  public var summary: String { message.isEmpty ? kind.name : "\(kind.name): \(message)" }

  public var description: String { summary }

  // Convenience constructors for the kinds raised most often.
  static func type(_ message: String, hint: String? = nil) -> ScriptError {
    ScriptError(.typeError, message, hint: hint)
  }
  static func value(_ message: String, hint: String? = nil) -> ScriptError {
    ScriptError(.valueError, message, hint: hint)
  }
  static func index(_ message: String) -> ScriptError { ScriptError(.indexError, message) }
  static func overflow(_ what: String = "integer") -> ScriptError {
    ScriptError(
      .overflowError, "\(what) result too large",
      hint: "dnnlab integers are 64-bit; use a float (e.g. 2.0 ** 100) for huge values")
  }
}
