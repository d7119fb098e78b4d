/// The builtin types as callables (`int("3")`, `list(range(3))`), `type()` and `isinstance`.
extension Interpreter {
  func makeBuiltinTypes() -> [String: Value] {
    var table: [String: Value] = [:]
    func type(_ name: String, _ spec: String, _ body: @escaping (BoundArguments, Interpreter) throws -> Value)
    {
      table[name] = .builtin(
        BuiltinFunction(name, signature: Signature(name, spec), typeName: name, body: body))
    }
    type("int", "x=0, /, base=None") { args, _ in
      let x = args["x"]
      if !args["base"].isNone {
        guard case .str(let s) = x else {
          throw ScriptError.type("int() can't convert non-string with explicit base")
        }
        return .int(try parseInt(s, base: try args.int("base")))
      }
      switch x {
      case .int, .bool: return .int(x.intValue ?? 0)
      case .float(let d): return .int(try Arithmetic.toInt(d))
      case .str(let s): return .int(try parseInt(s, base: 10))
      case .object(let o):
        if let s = try o.scalarValue() {
          if let i = s.intValue { return .int(i) }
          if let d = s.doubleValue { return .int(try Arithmetic.toInt(d)) }
        }
      default: break
      }
      throw ScriptError.type(
        "int() argument must be a string, a bytes-like object or a real number, not '\(x.typeName)'")
    }
    type("float", "x=0.0, /") { args, _ in
      let x = args["x"]
      switch x {
      case .float: return x
      case .int, .bool: return .float(x.doubleValue ?? 0)
      case .str(let s):
        guard let d = parseFloat(s) else {
          throw ScriptError.value("could not convert string to float: \(pythonStringRepr(s))")
        }
        return .float(d)
      case .object(let o):
        if let s = try o.scalarValue(), let d = s.doubleValue { return .float(d) }
        if try o.length() != nil {
          throw ScriptError.type("only length-1 arrays can be converted to Python scalars")
        }
      default: break
      }
      throw ScriptError.type("float() argument must be a string or a real number, not '\(x.typeName)'")
    }
    type("str", "object='', /") { args, _ in .str(strValue(args["object"])) }
    type("bool", "x=False, /") { args, _ in .bool(try Ops.truthy(args["x"])) }
    type("list", "iterable=(), /") { args, _ in .list(try Iteration.array(args["iterable"])) }
    type("tuple", "iterable=(), /") { args, _ in .tuple(try Iteration.array(args["iterable"])) }
    table["dict"] = .builtin(
      BuiltinFunction(typeName: "dict") { args, _ in
        if args.positional.count > 1 {
          throw ScriptError.type("dict expected at most 1 argument, got \(args.positional.count)")
        }
        let d = DictObject()
        if let source = args.positional.first { try DictMethods.merge(source, into: d) }
        for (k, v) in args.keywords { d[string: k] = v }
        return .dict(d)
      })
    for (name, frozen) in [("set", false), ("frozenset", true)] {
      table[name] = .builtin(
        BuiltinFunction(typeName: name) { args, _ in
          if !args.keywords.isEmpty { throw ScriptError.type("\(name)() takes no keyword arguments") }
          if args.positional.count > 1 {
            throw ScriptError.type("\(name) expected at most 1 argument, got \(args.positional.count)")
          }
          guard let source = args.positional.first else { return .set(SetObject(frozen: frozen)) }
          // frozenset(f) is f itself, as in CPython.
          if frozen, case .set(let s) = source, s.isFrozen { return source }
          let s = SetObject(frozen: frozen)
          try s.update(source)
          return .set(s)
        })
    }
    table["range"] = .builtin(
      BuiltinFunction(typeName: "range") { args, _ in
        if !args.keywords.isEmpty { throw ScriptError.type("range() takes no keyword arguments") }
        let ints = try args.positional.map { v -> Int in
          guard let i = try v.asIndex() else {
            throw ScriptError.type("'\(v.typeName)' object cannot be interpreted as an integer")
          }
          return i
        }
        switch ints.count {
        case 1: return .range(RangeValue(start: 0, stop: ints[0], step: 1))
        case 2: return .range(RangeValue(start: ints[0], stop: ints[1], step: 1))
        case 3:
          if ints[2] == 0 { throw ScriptError.value("range() arg 3 must not be zero") }
          return .range(RangeValue(start: ints[0], stop: ints[1], step: ints[2]))
        default:
          throw ScriptError.type(
            ints.isEmpty
              ? "range expected at least 1 argument, got 0"
              : "range expected at most 3 arguments, got \(ints.count)")
        }
      })
    table["slice"] = .builtin(
      BuiltinFunction(typeName: "slice") { args, _ in
        let p = args.positional
        switch p.count {
        case 1: return .slice(SliceValue(stop: p[0]))
        case 2: return .slice(SliceValue(start: p[0], stop: p[1]))
        case 3: return .slice(SliceValue(start: p[0], stop: p[1], step: p[2]))
        default: throw ScriptError.type("slice expected 1 to 3 arguments, got \(p.count)")
        }
      })
    table["type"] = .builtin(
      BuiltinFunction(typeName: "type") { args, interpreter in
        guard args.positional.count == 1, args.keywords.isEmpty else {
          throw ScriptError.type("type() takes 1 argument (creating classes is not supported)")
        }
        return interpreter.typeObject(of: args.positional[0])
      })
    return table
  }

  /// The type object `type(value)` returns: the builtin for builtin types, a
  /// non-callable stand-in for others (`<class 'numpy.ndarray'>`).
  func typeObject(of value: Value) -> Value {
    let name: String
    switch value {
    case .object(let o): name = o.qualifiedTypeName
    case .builtin(let b) where b.typeName != nil: name = "type"
    default: name = value.typeName
    }
    if let builtin = builtins[name] { return builtin }
    return .builtin(
      BuiltinFunction(typeName: name) { _, _ in
        throw ScriptError.type("cannot create '\(name)' instances")
      })
  }

  /// `isinstance(value, classinfo)` for builtin types, tuples of types and host types.
  func isInstance(_ value: Value, _ classinfo: Value) throws -> Bool {
    switch classinfo {
    case .tuple(let options):
      for option in options where try isInstance(value, option) { return true }
      return false
    case .builtin(let b) where b.typeName != nil:
      let want = b.typeName ?? ""
      if want == "int", case .bool = value { return true }
      if case .object(let o) = value {
        // numpy.float64 subclasses Python's float (numpy.int64 does not subclass int).
        if want == "float", o.typeName == "numpy.float64" { return true }
        return o.qualifiedTypeName == want || o.typeName == want
      }
      return value.typeName == want
    case .object(let o):
      if let r = o.instanceCheck(value) { return r }
    default:
      break
    }
    throw ScriptError.type("isinstance() arg 2 must be a type or tuple of types")
  }
}

/// `int(s, base)`: optional sign, underscores between digits, surrounding whitespace,
/// `0x`/`0o`/`0b` prefixes when the base matches (or base 0).
func parseInt(_ text: String, base: Int) throws -> Int {
  func invalid() -> ScriptError {
    ScriptError.value("invalid literal for int() with base \(base): \(pythonStringRepr(text))")
  }
  guard base == 0 || (2...36).contains(base) else {
    throw ScriptError.value("int() base must be >= 2 and <= 36, or 0")
  }
  var s = Substring(text.trimmingWhitespace())
  var negative = false
  if let first = s.first, first == "-" || first == "+" {
    negative = first == "-"
    s = s.dropFirst()
  }
  var radix = base
  let lower = s.lowercased()
  for (prefix, r) in [("0x", 16), ("0o", 8), ("0b", 2)]
  where lower.hasPrefix(prefix) && (base == r || base == 0) {
    s = s.dropFirst(2)
    radix = r
  }
  if radix == 0 { radix = 10 }
  if s.isEmpty || s.hasPrefix("_") || s.hasSuffix("_") || s.contains("__") { throw invalid() }
  let digits = String(s).replacingOccurrences("_", "")
  guard let magnitude = UInt(digits, radix: radix) else {
    if digits.allSatisfy({ $0.isHexDigit || $0.isLetter }) && digits.count > 18 {
      throw ScriptError.overflow("int() literal")
    }
    throw invalid()
  }
  if negative {
    guard magnitude <= UInt(Int.max) + 1 else { throw ScriptError.overflow("int() literal") }
    return magnitude == UInt(Int.max) + 1 ? Int.min : -Int(magnitude)
  }
  guard magnitude <= UInt(Int.max) else { throw ScriptError.overflow("int() literal") }
  return Int(magnitude)
}

/// `float(s)`: decimal and exponent forms, `inf`/`infinity`/`nan` in any case,
/// underscores between digits, surrounding whitespace. Nil when invalid.
func parseFloat(_ text: String) -> Double? {
  var s = text.trimmingWhitespace()
  var sign = 1.0
  if let first = s.first, first == "-" || first == "+" {
    if first == "-" { sign = -1 }
    s.removeFirst()
  }
  switch s.lowercased() {
  case "inf", "infinity": return sign * .infinity
  case "nan": return .nan
  default: break
  }
  if s.isEmpty || s.hasPrefix("_") || s.hasSuffix("_") || s.contains("__") { return nil }
  s = s.replacingOccurrences("_", "")
  guard
    s.allSatisfy({
      $0.isASCII && ($0.isNumber || $0 == "." || $0 == "e" || $0 == "E" || $0 == "+" || $0 == "-")
    }),
    s.contains(where: { $0.isNumber })
  else { return nil }
  if s.hasPrefix(".") { s = "0" + s }
  s = s.replacingOccurrences(".e", ".0e").replacingOccurrences(".E", ".0E")
  if s.hasSuffix(".") { s += "0" }
  guard let d = Double(s) else { return nil }
  return sign * d
}

extension String {
  /// `self` without leading and trailing whitespace (Unicode-aware, like Python's `strip()`).
  func trimmingWhitespace() -> String {
    let scalars = Array(unicodeScalars)
    var lower = 0
    var upper = scalars.count
    while lower < upper, scalars[lower].properties.isWhitespace { lower += 1 }
    while upper > lower, scalars[upper - 1].properties.isWhitespace { upper -= 1 }
    return String(String.UnicodeScalarView(scalars[lower..<upper]))
  }
}
