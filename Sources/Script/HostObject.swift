/// An object the host (the `Modules` target) puts into the language: a tensor, a model,
/// a layer, a dtype, a class such as `np.ndarray`. Every hook has a default, so a
/// conformer implements only what its object supports; unsupported operations produce
/// the usual Python `TypeError`/`AttributeError`.
///
/// Hooks throw `ScriptError` (e.g. `ScriptError(.valueError, "…", hint: "…")`) without a
/// range; the interpreter attaches the range of the expression being evaluated.
/// Hooks run on the interpreter's thread.
public protocol HostObject: AnyObject {
  /// Short type name for messages: `'ndarray' object has no attribute 'shap'`.
  var typeName: String { get }
  /// Qualified name for `type(x)`: `<class 'numpy.ndarray'>`. Defaults to `typeName`.
  var qualifiedTypeName: String { get }

  /// `obj.name`. Return nil when there is no such attribute (the interpreter raises
  /// `AttributeError` and suggests the closest of `attributeNames`). Methods are usually
  /// returned as `.builtin(BuiltinFunction(…))` closures capturing `self`.
  func getAttribute(_ name: String) throws -> Value?
  /// `obj.name = value`. Return false when the attribute cannot be set.
  func setAttribute(_ name: String, _ value: Value) throws -> Bool
  /// Names for TAB completion, `dir()` and "Did you mean" suggestions.
  var attributeNames: [String] { get }

  /// Whether `call` does something (for `callable(obj)`). Defaults to false.
  var isCallable: Bool { get }
  /// `obj(args…)`. Return nil when the object is not callable.
  func call(_ arguments: Arguments, _ interpreter: Interpreter) throws -> Value?
  /// `obj[index]`. `index` is the script value: an int, a `.slice`, `.ellipsis`, `.none`
  /// (newaxis), a `.tuple` of those, a list, another host object… Return nil when not subscriptable.
  func getItem(_ index: Value) throws -> Value?
  /// `obj[index] = value`. Return false when item assignment is unsupported.
  func setItem(_ index: Value, _ value: Value) throws -> Bool
  /// `del obj[index]`. Return false when unsupported.
  func deleteItem(_ index: Value) throws -> Bool

  /// A binary operator with `other`. `reflected` is false for `self op other` and true for
  /// `other op self` (called when the left operand does not handle the operation, e.g.
  /// `2 * tensor` or `0 < tensor`). Comparisons come through here too. Return nil for
  /// "not implemented" (the interpreter then tries the other operand, then raises `TypeError`).
  func binaryOperation(_ op: BinaryOperator, _ other: Value, reflected: Bool) throws -> Value?
  /// An augmented assignment `self op= other` done in place. Return nil to fall back to
  /// `binaryOperation` followed by rebinding the target.
  func inPlaceOperation(_ op: BinaryOperator, _ other: Value) throws -> Value?
  /// `-self`, `+self`, `~self`. Return nil when unsupported.
  func unaryOperation(_ op: UnaryOperator) throws -> Value?

  /// `repr(obj)`, also what a cell shows as `Out[n]`.
  func repr() -> String
  /// `str(obj)` and `print(obj)`. Defaults to `repr()`.
  func str() -> String
  /// `format(obj, spec)` / `f"{obj:spec}"`. Return nil for the default (scalar formatting
  /// via `scalarValue`, else `str()` for an empty spec, else TypeError).
  func format(_ spec: String) throws -> String?
  /// `bool(obj)`, `if obj:`. Defaults to true (throw for NumPy's "truth value … is ambiguous").
  func truthValue() throws -> Bool
  /// `len(obj)`. Return nil when the object has no length.
  func length() throws -> Int?
  /// How many elements `list(obj)` and the like should expect (Python's length hint): nil
  /// when unknown; throw to refuse building the collection at all (an endless dataset).
  /// Defaults to `length()`.
  func lengthHint() throws -> Int?
  /// `for x in obj`. Return nil when not iterable; else a closure yielding elements then nil.
  func makeIterator() throws -> (() throws -> Value?)?
  /// `x in obj`. Return nil to fall back to iterating.
  func contains(_ value: Value) throws -> Bool?
  /// The Python scalar (int/float/bool) this object stands for, for `int()`, `float()`,
  /// `round()`, formatting and use as an index (NumPy scalars, size-1 arrays). Nil if none.
  func scalarValue() throws -> Value?
  /// For host objects that are types (`np.ndarray`, `layers.Dense`): whether `value` is an
  /// instance, for `isinstance`. Nil when this object is not a type.
  func instanceCheck(_ value: Value) -> Bool?
  /// How the object behaves as a dict key or set member: the Python value it hashes and
  /// compares as (a NumPy scalar as its number), `nil` to hash by identity, or a thrown
  /// `TypeError` when it is unhashable (arrays, tensors).
  func hashKey() throws -> Value?
  /// Help text for `help(obj)` / `obj?` (signature, defaults, description).
  var documentation: String? { get }
  /// What `is`, `id()` and identity hashing compare: the object itself, or for a wrapper made
  /// afresh on each access (a model's layer), the thing it wraps. Defaults to `self`.
  var identity: AnyObject { get }
}

extension HostObject {
  public var qualifiedTypeName: String { typeName }
  public var identity: AnyObject { self }
  public func getAttribute(_ name: String) throws -> Value? { nil }
  public func setAttribute(_ name: String, _ value: Value) throws -> Bool { false }
  public var attributeNames: [String] { [] }
  public var isCallable: Bool { false }
  public func call(_ arguments: Arguments, _ interpreter: Interpreter) throws -> Value? { nil }
  public func getItem(_ index: Value) throws -> Value? { nil }
  public func setItem(_ index: Value, _ value: Value) throws -> Bool { false }
  public func deleteItem(_ index: Value) throws -> Bool { false }
  public func binaryOperation(_ op: BinaryOperator, _ other: Value, reflected: Bool) throws -> Value? { nil }
  public func inPlaceOperation(_ op: BinaryOperator, _ other: Value) throws -> Value? { nil }
  public func unaryOperation(_ op: UnaryOperator) throws -> Value? { nil }
  public func repr() -> String { "<\(qualifiedTypeName) object at \(addressString(of: self))>" }
  public func str() -> String { repr() }
  public func format(_ spec: String) throws -> String? { nil }
  public func truthValue() throws -> Bool { true }
  public func length() throws -> Int? { nil }
  public func lengthHint() throws -> Int? { try length() }
  public func makeIterator() throws -> (() throws -> Value?)? { nil }
  public func contains(_ value: Value) throws -> Bool? { nil }
  public func scalarValue() throws -> Value? { nil }
  public func instanceCheck(_ value: Value) -> Bool? { nil }
  public func hashKey() throws -> Value? { nil }
  public var documentation: String? { nil }
}

/// A fake but stable address for reprs like `<function f at 0x7f3a…>`.
public func addressString(of object: AnyObject) -> String {
  "0x" + String(UInt(bitPattern: ObjectIdentifier(object)), radix: 16)
}
