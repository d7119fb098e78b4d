import Foundation

/// Python's warning filters for one interpreter: what `warnings.filterwarnings('ignore')` and
/// `warnings.simplefilter` set, consulted by every warning dnnlab shows (its own `UserWarning`s
/// from Keras, scikit-learn's `UndefinedMetricWarning`, `warnings.warn` in scripts).
///
/// A warning is shown once per place it comes from unless a filter says otherwise (Python's
/// `default` action), as `Category: message` on a line of the cell's output.
public final class WarningRegistry {
  /// What a filter does with the warnings it matches.
  public enum Action: String, CaseIterable, Sendable {
    case ignore, `default`, always, once, module
  }

  struct Filter {
    var action: Action
    /// Matched against the start of the message, ignoring case, as Python does; nil matches all.
    var message: NSRegularExpression?
    var category: String
  }

  private var filters: [Filter] = []
  private var shown: Set<String> = []
  private let lock = NSLock()

  /// The base category of each warning category dnnlab knows (`Warning` is the root).
  public private(set) var parents: [String: String] = [
    "UserWarning": "Warning", "DeprecationWarning": "Warning", "PendingDeprecationWarning": "Warning",
    "FutureWarning": "Warning", "RuntimeWarning": "Warning", "SyntaxWarning": "Warning",
    "ImportWarning": "Warning", "UnicodeWarning": "Warning", "BytesWarning": "Warning",
    "ResourceWarning": "Warning",
  ]

  /// Adds a category (e.g. scikit-learn's `UndefinedMetricWarning`, a `UserWarning`).
  public func addCategory(_ name: String, base: String) { lock.withLock { parents[name] = base } }

  /// Whether `category` is `ancestor` or derives from it.
  public func isSubcategory(_ category: String, of ancestor: String) -> Bool {
    var current: String? = category
    var steps = 0
    while let c = current, steps < 32 {
      if c == ancestor { return true }
      current = parents[c]
      steps += 1
    }
    return false
  }

  /// `warnings.filterwarnings`: the newest filter is consulted first unless `append`.
  func add(_ action: Action, message: String, category: String, append: Bool) throws {
    var pattern: NSRegularExpression?
    if !message.isEmpty {
      do {
        pattern = try NSRegularExpression(pattern: message, options: [.caseInsensitive])
      } catch {
        throw ScriptError(.valueError, "invalid regular expression for message: \(pythonStringRepr(message))")
      }
    }
    let filter = Filter(action: action, message: pattern, category: category)
    lock.withLock {
      if append { filters.append(filter) } else { filters.insert(filter, at: 0) }
      // Python forgets what was shown when the filters change.
      shown.removeAll()
    }
  }

  /// The filters and what was shown, for `warnings.catch_warnings()` to put back.
  var state: (filters: [Filter], shown: Set<String>) {
    get { lock.withLock { (filters, shown) } }
    set { lock.withLock { (filters, shown) = newValue } }
  }

  /// `warnings.resetwarnings()`.
  func reset() {
    lock.withLock {
      filters.removeAll()
      shown.removeAll()
    }
  }

  /// The line to show for a warning, or nil when a filter (or an earlier showing from the same
  /// `place`) hides it.
  public func text(for message: String, category: String, place: String) -> String? {
    lock.withLock {
      let action =
        filters.first { f in
          isSubcategory(category, of: f.category)
            && (f.message.map { regex in
              regex.firstMatch(
                in: message, options: [.anchored], range: NSRange(message.startIndex..., in: message)) != nil
            } ?? true)
        }?.action ?? .default
      let key: String
      switch action {
      case .ignore: return nil
      case .always: return "\(category): \(message)\n"
      case .once: key = "once\u{0}\(category)\u{0}\(message)"
      case .default, .module: key = "\(place)\u{0}\(category)\u{0}\(message)"
      }
      guard shown.insert(key).inserted else { return nil }
      return "\(category): \(message)\n"
    }
  }
}

extension Interpreter {
  /// Shows a warning in the cell output unless the warning filters hide it. `place` says
  /// where it comes from (a warning is shown once per place by default); it defaults to the
  /// message's category.
  public func warn(_ message: String, category: String = "UserWarning", place: String? = nil) {
    if let text = warnings.text(for: message, category: category, place: place ?? category) { write(text) }
  }

}

extension WarningRegistry {
  /// A warning category as a builtin class (`<class 'UserWarning'>`), for `category=` arguments.
  public static func categoryValue(_ name: String) -> Value {
    .builtin(
      BuiltinFunction(typeName: name) { _, _ in
        throw ScriptError(
          .typeError, "dnnlab has no exception objects: pass the class \(name) itself",
          hint: "warnings.warn('message', \(name))")
      })
  }
}

/// The `warnings` module.
func makeWarningsModule(_ interpreter: Interpreter) -> ModuleObject {
  let m = ModuleObject(name: "warnings", documentation: "Python's warning filters (no catch_warnings).")
  let registry = interpreter.warnings

  /// A category argument: a class such as `UserWarning`, or the default.
  func category(_ value: Value, default name: String = "Warning") throws -> String {
    if value.isNone { return name }
    if case .builtin(let f) = value, let type = f.typeName, registry.parents[type] != nil || type == "Warning"
    {
      return type
    }
    throw ScriptError(
      .typeError, "category must be a Warning subclass, not \(pythonStringRepr(interpreter.repr(value)))")
  }
  func action(_ text: String) throws -> WarningRegistry.Action {
    if text == "error" {
      throw ScriptError(
        .notImplementedError, "dnnlab cannot turn warnings into errors (it has no try/except)",
        hint: "use 'ignore', 'default', 'always', 'once' or 'module'")
    }
    guard let a = WarningRegistry.Action(rawValue: text) else {
      throw ScriptError(.valueError, "invalid action: \(pythonStringRepr(text))")
    }
    return a
  }

  m.addFunction(
    "filterwarnings", signature: "action, message='', category=None, module='', lineno=0, append=False"
  ) { a, _ in
    try registry.add(
      try action(try a.string("action")), message: try a.string("message"),
      category: try category(a["category"]),
      append: try a.bool("append"))
    return .none
  }
  m.addFunction("simplefilter", signature: "action, category=None, lineno=0, append=False") { a, _ in
    try registry.add(
      try action(try a.string("action")), message: "", category: try category(a["category"]),
      append: try a.bool("append"))
    return .none
  }
  m.addFunction("resetwarnings", signature: "") { _, _ in
    registry.reset()
    return .none
  }
  m.addFunction("catch_warnings", signature: "*, record=False, module=None, action=None, category=None") {
    a, _ in
    guard !(try a.bool("record")) else {
      throw ScriptError(
        .notImplementedError, "dnnlab's catch_warnings cannot record warnings",
        hint: "use warnings.catch_warnings() to restore the filters afterwards")
    }
    let newAction = try a.optionalString("action").map(action)
    let newCategory = try category(a["category"])
    var saved = registry.state
    return .object(
      ContextManagerObject(
        typeName: "catch_warnings", qualifiedTypeName: "warnings.catch_warnings",
        enter: {
          saved = registry.state
          if let newAction { try registry.add(newAction, message: "", category: newCategory, append: false) }
          return .none
        },
        exit: { registry.state = saved }))
  }
  m.addFunction("warn", signature: "message, category=None, stacklevel=1, source=None") { a, interp in
    let kind = try category(a["category"], default: "UserWarning")
    interp.warn(interp.str(a["message"]), category: kind, place: "warnings.warn")
    return .none
  }
  return m
}
