/// The modules `import` can find. The host registers its modules (`numpy`,
/// `tensorflow`, `tensorflow.keras`, …) with loaders that run on first import;
/// `math`, `random` and `time` are registered by the interpreter itself.
///
/// A dotted name resolves to the longest registered prefix followed by attribute
/// access: with only `tensorflow` registered, `import tensorflow.keras as k` loads
/// `tensorflow` and takes its `keras` attribute. Unknown names raise
/// `ModuleNotFoundError` listing what exists.
public final class ModuleRegistry {
  var loaders: [String: () throws -> Value] = [:]
  var loaded: [String: Value] = [:]

  init() {}

  /// Registers a module built on first import by `loader` (typically returning `.module(…)`).
  /// Registering a name again replaces it.
  public func register(_ name: String, loader: @escaping () throws -> Value) {
    loaders[name] = loader
    loaded[name] = nil
  }

  /// Registers a ready-made module under its name (or `name`).
  public func register(_ module: ModuleObject, as name: String? = nil) {
    let key = name ?? module.name
    loaders[key] = { .module(module) }
    loaded[key] = nil
  }

  /// Every registered (dotted) name, sorted.
  public var registeredNames: [String] { loaders.keys.sorted() }

  /// Top-level module names, sorted (what the "No module named" hint lists).
  public var topLevelNames: [String] {
    Set(loaders.keys.map { String($0.split(separator: ".").first ?? Substring($0)) }).sorted()
  }

  /// Whether `name` is registered exactly.
  public func isRegistered(_ name: String) -> Bool { loaders[name] != nil }

  /// The module registered exactly as `name`, loading it on first use; nil if unregistered.
  public func load(_ name: String) throws -> Value? {
    if let v = loaded[name] { return v }
    guard let loader = loaders[name] else { return nil }
    let v = try loader()
    loaded[name] = v
    return v
  }
}

extension Interpreter {
  /// Resolves a dotted module name (see `ModuleRegistry`).
  func resolveModule(_ dotted: String) throws -> Value {
    if let v = try modules.load(dotted) { return v }
    let parts = dotted.split(separator: ".").map(String.init)
    if parts.count > 1 {
      for k in stride(from: parts.count - 1, to: 0, by: -1) {
        guard let base = try modules.load(parts[0..<k].joined(separator: ".")) else { continue }
        var value = base
        for part in parts[k...] {
          guard let next = try findAttribute(value, part) else { throw moduleNotFound(dotted) }
          value = next
        }
        return value
      }
    }
    throw moduleNotFound(dotted)
  }

  func moduleNotFound(_ name: String) -> ScriptError {
    let available = modules.topLevelNames
    var message = "No module named '\(name)'"
    let top = String(name.split(separator: ".").first ?? Substring(name))
    if !modules.isRegistered(top), let best = closestName(to: top, among: available) {
      message += ". Did you mean: '\(best)'?"
    }
    return ScriptError(
      .moduleNotFoundError, message,
      hint: "dnnlab has only built-in modules: " + modules.registeredNames.joined(separator: ", "))
  }

  /// `import a.b.c` binds `a`; `import a.b as c` binds `c` to `a.b`.
  func importModule(_ name: ImportName, _ env: Environment) throws {
    do {
      let module = try resolveModule(name.name)
      if let alias = name.alias {
        try bind(alias, module, env)
      } else {
        let top = String(name.name.split(separator: ".").first ?? Substring(name.name))
        try bind(top, try resolveModule(top), env)
      }
    } catch {
      throw locate(error, name.range, env)
    }
  }

  /// `from module import a, b as c`.
  func importFrom(_ module: String, _ names: [ImportName], moduleRange: SourceRange, _ env: Environment) throws {
    let source = try located(moduleRange, env) { try resolveModule(module) }
    for name in names {
      do {
        let value: Value
        if let v = try findAttribute(source, name.name) {
          value = v
        } else if let v = try? resolveModule(module + "." + name.name) {
          value = v
        } else {
          var message = "cannot import name '\(name.name)' from '\(module)'"
          if let best = closestName(to: name.name, among: attributeNames(of: source)) {
            message += ". Did you mean: '\(best)'?"
          }
          throw ScriptError(.importError, message)
        }
        try bind(name.alias ?? name.name, value, env)
      } catch {
        throw locate(error, name.range, env)
      }
    }
  }
}
