/// The dnnlab language: a Python subset for course code. Lexer, parser, AST and
/// interpreter live in this target, which knows nothing of tensors or networks.
///
/// # Public API overview
///
/// **Running code** — `Interpreter`
/// - `Interpreter(output:)` — `print` and host output go to the `output` closure.
/// - `run(_ source:, cell:) throws(ScriptError) -> Value?` — runs a notebook cell and returns
///   the value to show as `Out[n]` (nil when the last statement is not an expression, ends
///   with `;`, or is `None`). Keeps globals across cells and maintains `In`, `Out`, `_`, `__`,
///   `___`, `_<n>`.
/// - `execute(_:fileName:)` runs a file for effect; `evaluate(_:)` evaluates one expression.
/// - `requestInterrupt()` (any thread) stops a running cell with `KeyboardInterrupt`;
///   host loops call `checkInterrupt()` at batch boundaries.
/// - `recursionLimit` (1000), `stepLimit` (nil), `usesDedicatedThread`/`stackSize`
///   (cells run on a 512 MiB-stack thread; a native-stack guard turns anything deeper
///   into `RecursionError`, so deep recursion cannot crash the process). Host hooks run
///   on that thread; `run` blocks its caller until the cell finishes.
/// - Globals: `global(_:)`, `setGlobal(_:_:)`, `userGlobalNames`, `resetGlobals()`.
/// - Helpers for hosts and the REPL: `call(_:_:)` (invoke a script callable, e.g. a
///   callback), `repr(_:)`, `str(_:)`, `write(_:)`, `binaryOperation(_:_:_:)`,
///   `truthy(_:)`, `elements(of:)`, `attributeNames(of:)`, `completions(forName:)`,
///   `builtinNames`.
///
/// **Values** — `Value` enum: `.none .bool .int(Int) .float .str .list(ListObject)
/// .tuple([Value]) .dict(DictObject) .range .slice(SliceValue) .ellipsis .function
/// .builtin(BuiltinFunction) .module(ModuleObject) .iterator(IteratorObject)
/// .object(any HostObject)`. Lists and dicts are reference types (aliasing as in Python).
/// `reprValue`/`strValue` print exactly as Python; `pythonFloatRepr`, `pythonStringRepr`.
/// Integers are 64-bit; overflow raises `OverflowError`.
///
/// **Extending the language from the host**
/// - `HostObject` (class protocol, every hook has a default): `typeName`,
///   `qualifiedTypeName`, `getAttribute`/`setAttribute`/`attributeNames`, `call`,
///   `isCallable`, `getItem`/`setItem`/`deleteItem` (index arrives as script values: ints,
///   `.slice`, `.ellipsis`, `.none`, tuples, lists, host objects), `binaryOperation(op,
///   other, reflected:)` (arithmetic and comparisons; `reflected` means `other op self`),
///   `inPlaceOperation`, `unaryOperation` (`-`, `+`, `~`, `abs`), `repr`/`str`/`format`,
///   `truthValue`, `length`, `makeIterator`, `contains`, `scalarValue` (for `int()`,
///   `float()`, `round()`, formatting, indexing), `instanceCheck` (host types for
///   `isinstance`), `documentation`.
/// - `BuiltinFunction(name, signature: "x, axis=None, *, keepdims=False") { args, interp in … }`
///   — Swift callables with Python argument binding and messages (`Signature`,
///   `BoundArguments` with `int`, `double`, `string`, `bool`, `optionalInt` accessors).
/// - `ModuleObject(name:attributes:)` with `addFunction`, `lazyAttribute`; register with
///   `interpreter.modules.register("numpy") { .module(…) }` (lazy, dotted names allowed:
///   `tensorflow.keras`). `import a.b as c` and `from a.b import c` resolve registered names
///   first, then attributes. Unknown modules raise `ModuleNotFoundError` listing what exists.
///   `math`, `random` and `time` are built in.
///
/// **Errors** — `ScriptError`: `kind` (`ErrorKind`, a Python exception name; hosts may
/// invent kinds), `message`, `hint`, `range`, `file`, `function`, `callers`; `summary` is
/// `Kind: message`; `rendered()` prints location, source line, carets, message and hint.
/// Host hooks throw `ScriptError(.valueError, "…", hint: "…")`; the interpreter adds the range.
///
/// **Syntax** — `Lexer.tokenize`, `Parser.parseModule`, `Parser.parseExpression` produce
/// `Token`s and `Stmt`/`Expr` trees with `SourceRange`s (e.g. for a REPL deciding whether
/// input is complete: a "was never closed" or "unterminated triple-quoted" error, or a block
/// header, means "needs more lines"; see `inputIsComplete`).
public enum ScriptInfo {
  public static let languageName = "dnnlab script (Python subset)"
}

/// Whether `source` is a complete cell for a REPL: false while brackets or triple-quoted
/// strings are open, after a line ending in `:` or `\`, or inside an indented block until a
/// blank line ends it. Complete-but-invalid input returns true (running it shows the error).
public func inputIsComplete(_ source: String) -> Bool {
  let text = SourceFile.normalizeLineEnds(source)
  let tokens: [Token]
  do {
    tokens = try Lexer.tokenize(text)
  } catch let error as ScriptError {
    let m = error.message
    return !(m.hasSuffix("was never closed") || m.hasPrefix("unterminated triple-quoted")
      || m.hasPrefix("unexpected end of input after line continuation"))
  } catch {
    return true
  }
  // A block header needs its body.
  let significant = tokens.filter {
    switch $0.kind {
    case .newline, .dedent, .endOfInput: return false
    default: return true
    }
  }
  if significant.last?.kind == .op(":") { return false }
  // Inside an indented block the cell continues until an empty line.
  if tokens.contains(where: { $0.kind == .indent }) {
    let lastLine = text.split(separator: "\n", omittingEmptySubsequences: false).last ?? ""
    return lastLine.allSatisfy { $0 == " " || $0 == "\t" }
  }
  return true
}
