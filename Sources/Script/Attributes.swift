/// Attribute access on every kind of value.
extension Interpreter {
  /// `object.name`, with "Did you mean" suggestions when it does not exist.
  func getAttribute(_ object: Value, _ name: String) throws -> Value {
    if let v = try findAttribute(object, name) { return v }
    throw attributeError(object, name)
  }

  func attributeError(_ object: Value, _ name: String) -> ScriptError {
    var message: String
    switch object {
    case .module(let m): message = "module '\(m.name)' has no attribute '\(name)'"
    case .builtin(let b) where b.typeName != nil:
      message = "type object '\(b.name)' has no attribute '\(name)'"
    default: message = "'\(object.typeName)' object has no attribute '\(name)'"
    }
    if let best = closestName(to: name, among: attributeNames(of: object)) {
      message += ". Did you mean: '\(best)'?"
    }
    return ScriptError(.attributeError, message)
  }

  func findAttribute(_ object: Value, _ name: String) throws -> Value? {
    if name == "__class__" { return typeObject(of: object) }
    switch object {
    case .object(let o):
      return try o.getAttribute(name)
    case .module(let m):
      if name == "__name__" { return .str(m.name) }
      if name == "__doc__" { return m.documentation.map { .str($0) } ?? Value.none }
      return try m.attribute(name)
    case .str(let s):
      return StringMethods.method(name, s)
    case .list(let l):
      return ListMethods.method(name, l)
    case .dict(let d):
      return DictMethods.method(name, d)
    case .set(let s):
      return SetMethods.method(name, s)
    case .tuple(let t):
      return TupleMethods.method(name, t)
    case .int, .bool:
      let i = object.intValue ?? 0
      switch name {
      case "real", "numerator": return .int(i)
      case "imag": return .int(0)
      case "denominator": return .int(1)
      case "bit_length":
        return .builtin(
          BuiltinFunction("bit_length", signature: "", receiverTypeName: "int") { _, _ in
            .int(i == 0 ? 0 : Int.bitWidth - i.magnitude.leadingZeroBitCount)
          })
      default: return nil
      }
    case .float(let d):
      switch name {
      case "real": return .float(d)
      case "imag": return .float(0)
      case "is_integer":
        return .builtin(
          BuiltinFunction("is_integer", signature: "", receiverTypeName: "float") { _, _ in
            .bool(d.isFinite && d == d.rounded())
          })
      default: return nil
      }
    case .range(let r):
      switch name {
      case "start": return .int(r.start)
      case "stop": return .int(r.stop)
      case "step": return .int(r.step)
      default: return nil
      }
    case .slice(let s):
      switch name {
      case "start": return s.start
      case "stop": return s.stop
      case "step": return s.step
      default: return nil
      }
    case .function(let f):
      switch name {
      case "__name__", "__qualname__": return .str(f.name)
      default: return nil
      }
    case .builtin(let b):
      switch name {
      case "__name__", "__qualname__":
        // A class named by its module path (`numpy.float32`) is called by its last part.
        if let typeName = b.typeName, let dot = typeName.lastIndex(of: ".") {
          return .str(String(typeName[typeName.index(after: dot)...]))
        }
        return .str(b.name)
      case "__module__" where b.typeName != nil:
        guard let typeName = b.typeName, let dot = typeName.lastIndex(of: ".") else {
          return .str("builtins")
        }
        return .str(String(typeName[..<dot]))
      case "__doc__": return b.documentation.map { .str($0) } ?? Value.none
      default: return b.classAttributes[name]
      }
    case .none, .ellipsis, .iterator:
      return nil
    }
  }

  /// `object.name = value`.
  func setAttribute(_ object: Value, _ name: String, _ value: Value) throws {
    switch object {
    case .object(let o):
      if try o.setAttribute(name, value) { return }
      if o.attributeNames.contains(name) {
        throw ScriptError(.attributeError, "attribute '\(name)' of '\(o.typeName)' objects is not writable")
      }
    case .module(let m):
      m.attributes[name] = value
      return
    default:
      if (try? findAttribute(object, name)) != nil {
        throw ScriptError(.attributeError, "'\(object.typeName)' object attribute '\(name)' is read-only")
      }
    }
    throw attributeError(object, name)
  }

  /// Attribute names of a value, for completion, `dir()` and suggestions.
  public func attributeNames(of object: Value) -> [String] {
    switch object {
    case .object(let o): return o.attributeNames.sorted()
    case .module(let m): return m.attributeNames
    case .str: return StringMethods.names
    case .list: return ListMethods.names
    case .dict: return DictMethods.names
    case .set(let s): return SetMethods.names(for: s)
    case .tuple: return TupleMethods.names
    case .int, .bool: return ["bit_length", "denominator", "imag", "numerator", "real"]
    case .float: return ["imag", "is_integer", "real"]
    case .range, .slice: return ["start", "step", "stop"]
    case .builtin(let b): return ["__name__"] + b.classAttributes.keys.sorted()
    case .function: return ["__name__"]
    default: return []
    }
  }
}
