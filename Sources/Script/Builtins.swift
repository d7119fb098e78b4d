/// The builtin functions (`print`, `len`, `range`, …) and the iterator-making ones.
extension Interpreter {
  func makeBuiltins() -> [String: Value] {
    var table: [String: Value] = [:]
    func add(_ name: String, _ spec: String, _ body: @escaping (BoundArguments, Interpreter) throws -> Value)
    {
      table[name] = .builtin(BuiltinFunction(name, signature: spec, body: body))
    }
    func addRaw(_ name: String, _ body: @escaping (Arguments, Interpreter) throws -> Value) {
      table[name] = .builtin(BuiltinFunction(name, body: body))
    }
    for (name, type) in makeBuiltinTypes() { table[name] = type }
    table["Ellipsis"] = .ellipsis

    add("print", "*values, sep=' ', end='\\n', file=None, flush=False") { args, interpreter in
      let sep = args["sep"].isNone ? " " : try args.string("sep")
      let end = args["end"].isNone ? "\n" : try args.string("end")
      let text = args.extraPositional.map(strValue).joined(separator: sep) + end
      if case .object(let file as TextFile) = args["file"] {
        _ = try file.write(text)
      } else {
        interpreter.output(text)
      }
      return .none
    }
    add("open", "file, mode='r', buffering=-1, encoding=None, errors=None, newline=None") { args, _ in
      .object(try TextFile(path: try args.string("file"), modeText: try args.string("mode")))
    }
    add("len", "obj, /") { args, _ in
      let obj = args["obj"]
      guard let n = try Iteration.length(obj) else {
        throw ScriptError.type("object of type '\(obj.typeName)' has no len()")
      }
      return .int(n)
    }
    add("repr", "obj, /") { args, _ in .str(reprValue(args["obj"])) }
    add("abs", "x, /") { args, _ in try Ops.unary(.absolute, args["x"]) }
    add("round", "number, ndigits=None") { args, interpreter in
      // Host values with their own __round__ (NumPy scalars: `round(np.float64(2.567), 2)`
      // stays a np.float64) round themselves.
      if case .object(let o) = args["number"], case .builtin(let f)? = try o.getAttribute("__round__") {
        return try f.call(Arguments([args["ndigits"]]), interpreter)
      }
      return try builtinRound(args["number"], args["ndigits"])
    }
    add("divmod", "a, b, /") { args, _ in
      let (a, b) = (args["a"], args["b"])
      return .tuple([try Ops.binary(.floorDivide, a, b), try Ops.binary(.modulo, a, b)])
    }
    add("pow", "base, exp, mod=None") { args, _ in
      if args["mod"].isNone { return try Ops.binary(.power, args["base"], args["exp"]) }
      let base = try args.int("base")
      var exp = try args.int("exp")
      let mod = try args.int("mod")
      if mod == 0 { throw ScriptError.value("pow() 3rd argument cannot be 0") }
      if exp < 0 {
        throw ScriptError.value("pow() negative exponent with modulus is not supported in dnnlab")
      }
      // Work modulo |mod| with full-width products, then apply Python's sign rule.
      let m = mod.magnitude
      func mulmod(_ x: UInt, _ y: UInt) -> UInt {
        m.dividingFullWidth(x.multipliedFullWidth(by: y)).remainder
      }
      var result: UInt = 1 % m
      var b = base >= 0 ? UInt(base) % m : (m - base.magnitude % m) % m
      while exp > 0 {
        if exp & 1 == 1 { result = mulmod(result, b) }
        b = mulmod(b, b)
        exp >>= 1
      }
      if mod > 0 || result == 0 { return .int(Int(result)) }
      return .int(-Int(m - result))
    }
    add("sum", "iterable, /, start=0") { args, interpreter in
      var total = args["start"]
      if case .str = total {
        throw ScriptError.type("sum() can't sum strings [use ''.join(seq) instead]")
      }
      let next = try Iteration.iterator(args["iterable"])
      while let v = try next() {
        try interpreter.tick()
        total = try Ops.binary(.add, total, v)
      }
      return total
    }
    addRaw("min") { args, interpreter in try interpreter.extremum("min", args, .less) }
    addRaw("max") { args, interpreter in try interpreter.extremum("max", args, .greater) }
    add("any", "iterable, /") { args, _ in
      let next = try Iteration.iterator(args["iterable"])
      while let v = try next() {
        if try Ops.truthy(v) { return .bool(true) }
      }
      return .bool(false)
    }
    add("all", "iterable, /") { args, _ in
      let next = try Iteration.iterator(args["iterable"])
      while let v = try next() {
        if !(try Ops.truthy(v)) { return .bool(false) }
      }
      return .bool(true)
    }
    add("sorted", "iterable, /, *, key=None, reverse=False") { args, interpreter in
      .list(
        try interpreter.sorted(
          try Iteration.array(args["iterable"]), key: args["key"], reverse: try args.bool("reverse")))
    }
    add("enumerate", "iterable, start=0") { args, _ in
      let next = try Iteration.iterator(args["iterable"])
      var i = try args.int("start")
      return .iterator(
        IteratorObject(typeName: "enumerate") {
          guard let v = try next() else { return nil }
          defer { i &+= 1 }
          return .tuple([.int(i), v])
        })
    }
    add("zip", "*iterables, strict=False") { args, _ in
      let iterators = try args.extraPositional.map(Iteration.iterator)
      let strict = try args.bool("strict")
      var done = false
      return .iterator(
        IteratorObject(typeName: "zip") {
          guard !done, !iterators.isEmpty else { return nil }
          var row: [Value] = []
          for (k, next) in iterators.enumerated() {
            guard let v = try next() else {
              done = true
              if strict && k > 0 {
                throw ScriptError.value("zip() argument \(k + 1) is shorter than argument 1")
              }
              return nil
            }
            row.append(v)
          }
          return .tuple(row)
        })
    }
    add("map", "function, iterable, /, *iterables") { args, interpreter in
      let function = args["function"]
      let iterators = try ([args["iterable"]] + args.extraPositional).map(Iteration.iterator)
      return .iterator(
        IteratorObject(typeName: "map") {
          var row: [Value] = []
          for next in iterators {
            guard let v = try next() else { return nil }
            row.append(v)
          }
          return try interpreter.call(function, Arguments(row))
        })
    }
    add("filter", "function, iterable, /") { args, interpreter in
      let function = args["function"]
      let next = try Iteration.iterator(args["iterable"])
      return .iterator(
        IteratorObject(typeName: "filter") {
          while let v = try next() {
            let keep = function.isNone ? v : try interpreter.call(function, Arguments([v]))
            if try Ops.truthy(keep) { return v }
          }
          return nil
        })
    }
    add("reversed", "sequence, /") { args, _ in
      let seq = args["sequence"]
      let items: [Value]
      switch seq {
      case .list, .tuple, .str, .range, .dict:
        items = try Iteration.array(seq.isDict ? .list(try Iteration.array(seq)) : seq)
      case .object(let o) where try o.length() != nil: items = try Iteration.array(seq)
      default: throw ScriptError.type("'\(seq.typeName)' object is not reversible")
      }
      var i = items.count
      return .iterator(
        IteratorObject(typeName: seq.typeName == "list" ? "list_reverseiterator" : "reversed") {
          guard i > 0 else { return nil }
          i -= 1
          return items[i]
        })
    }
    add("iter", "object, /") { args, _ in
      let obj = args["object"]
      if case .iterator = obj { return obj }
      let next = try Iteration.iterator(obj)
      return .iterator(IteratorObject(typeName: "\(obj.typeName)_iterator", next: next))
    }
    addRaw("next") { args, _ in
      guard (1...2).contains(args.positional.count), case .iterator(let it) = args.positional[0] else {
        let t = args.positional.first?.typeName ?? "nothing"
        throw ScriptError.type(
          args.positional.isEmpty
            ? "next expected at least 1 argument, got 0" : "'\(t)' object is not an iterator")
      }
      if let v = try it.next() { return v }
      if args.positional.count == 2 { return args.positional[1] }
      throw ScriptError(.stopIteration, "")
    }
    add("isinstance", "obj, classinfo, /") { args, interpreter in
      .bool(try interpreter.isInstance(args["obj"], args["classinfo"]))
    }
    add("callable", "obj, /") { args, _ in
      switch args["obj"] {
      case .function, .builtin: return .bool(true)
      case .object(let o): return .bool(o.isCallable)
      default: return .bool(false)
      }
    }
    add("hasattr", "obj, name, /") { args, interpreter in
      .bool(try interpreter.findAttribute(args["obj"], try args.string("name")) != nil)
    }
    addRaw("getattr") { args, interpreter in
      guard (2...3).contains(args.positional.count), case .str(let name) = args.positional[1] else {
        throw ScriptError.type("getattr expected 2 or 3 arguments: object, name[, default]")
      }
      if let v = try interpreter.findAttribute(args.positional[0], name) { return v }
      if args.positional.count == 3 { return args.positional[2] }
      throw interpreter.attributeError(args.positional[0], name)
    }
    add("setattr", "obj, name, value, /") { args, interpreter in
      try interpreter.setAttribute(args["obj"], try args.string("name"), args["value"])
      return .none
    }
    add("chr", "i, /") { args, _ in
      let i = try args.int("i")
      guard i >= 0, i <= 0x10FFFF, let scalar = Unicode.Scalar(UInt32(i)) else {
        throw ScriptError.value("chr() arg not in range(0x110000)")
      }
      return .str(String(scalar))
    }
    add("ord", "c, /") { args, _ in
      let s = try args.string("c")
      guard s.unicodeScalars.count == 1, let scalar = s.unicodeScalars.first else {
        throw ScriptError.type(
          "ord() expected a character, but string of length \(s.unicodeScalars.count) found")
      }
      return .int(Int(scalar.value))
    }
    for (name, radix, prefix) in [("hex", 16, "0x"), ("oct", 8, "0o"), ("bin", 2, "0b")] {
      add(name, "number, /") { args, _ in
        let i = try args.int("number")
        return .str((i < 0 ? "-" : "") + prefix + String(i.magnitude, radix: radix))
      }
    }
    add("format", "value, format_spec='', /") { args, _ in
      .str(try formatValue(args["value"], try args.string("format_spec")))
    }
    add("hash", "obj, /") { args, _ in
      // CPython's values for numbers, tuples and frozensets (hash(3) == hash(3.0) == 3);
      // strings hash the same in every run, unlike CPython's randomized string hashes.
      .int(try PythonHash.of(args["obj"]))
    }
    add("id", "obj, /") { args, _ in
      switch args["obj"] {
      case .list(let o): return .int(Int(bitPattern: UInt(bitPattern: ObjectIdentifier(o).hashValue)))
      case .dict(let o): return .int(ObjectIdentifier(o).hashValue)
      case .set(let o): return .int(ObjectIdentifier(o).hashValue)
      case .function(let o): return .int(ObjectIdentifier(o).hashValue)
      case .builtin(let o): return .int(ObjectIdentifier(o).hashValue)
      case .module(let o): return .int(ObjectIdentifier(o).hashValue)
      case .object(let o): return .int(ObjectIdentifier(o.identity).hashValue)
      case .iterator(let o): return .int(ObjectIdentifier(o).hashValue)
      default: return .int((try? HashKey(args["obj"]).hashValue) ?? 0)
      }
    }
    add("dir", "obj=None") { args, interpreter in
      if args["obj"].isNone { return .list(interpreter.userGlobalNames.map { .str($0) }) }
      return .list(interpreter.attributeNames(of: args["obj"]).map { .str($0) })
    }
    add("help", "obj=None") { args, interpreter in
      interpreter.output(interpreter.helpText(for: args["obj"]) + "\n")
      return .none
    }
    return table
  }

  /// `min`/`max` over one iterable or several arguments, with `key` and `default`.
  func extremum(_ name: String, _ args: Arguments, _ op: BinaryOperator) throws -> Value {
    var key: Value = .none
    var defaultValue: Value?
    for (k, v) in args.keywords {
      switch k {
      case "key": key = v
      case "default": defaultValue = v
      default:
        throw ScriptError.type("\(name)() got an unexpected keyword argument '\(k)'")
      }
    }
    let candidates: [Value]
    if args.positional.count == 1 {
      candidates = try Iteration.array(args.positional[0])
    } else if args.positional.isEmpty {
      throw ScriptError.type("\(name) expected at least 1 argument, got 0")
    } else {
      if defaultValue != nil {
        throw ScriptError.type("Cannot specify a default for \(name)() with multiple positional arguments")
      }
      candidates = args.positional
    }
    guard var best = candidates.first else {
      if let defaultValue { return defaultValue }
      throw ScriptError.value("\(name)() arg is an empty sequence")
    }
    var bestKey = key.isNone ? best : try call(key, Arguments([best]))
    for item in candidates.dropFirst() {
      let itemKey = key.isNone ? item : try call(key, Arguments([item]))
      if try Ops.truthy(try Ops.binary(op, itemKey, bestKey)) {
        best = item
        bestKey = itemKey
      }
    }
    return best
  }

  /// `help(obj)` text: signature and documentation.
  func helpText(for value: Value) -> String {
    switch value {
    case .none: return "Type help(obj) for help on an object; dir() lists your variables."
    case .builtin(let b):
      let signature = b.signature.map { b.name + $0.text } ?? "\(b.name)(...)"
      return signature + (b.documentation.map { "\n\n" + $0 } ?? "")
    case .function(let f):
      return "\(f.name)\(f.signature.text)"
    case .module(let m):
      return "module \(m.name)" + (m.documentation.map { "\n\n" + $0 } ?? "")
        + "\n\nAttributes: " + m.attributeNames.joined(separator: ", ")
    case .object(let o):
      return o.documentation ?? "\(o.qualifiedTypeName) object; attributes: "
        + o.attributeNames.sorted().joined(separator: ", ")
    default:
      return "\(value.typeName) object; attributes: " + attributeNames(of: value).joined(separator: ", ")
    }
  }
}

extension Value {
  var isDict: Bool {
    if case .dict = self { return true }
    return false
  }
}

/// Python's `round(number, ndigits)`.
func builtinRound(_ number: Value, _ ndigits: Value) throws -> Value {
  var value = number
  if case .object(let o) = number {
    guard let scalar = try o.scalarValue() else {
      throw ScriptError.type("type \(o.typeName) doesn't define __round__ method")
    }
    value = scalar
  }
  let digits: Int? = ndigits.isNone ? nil : try ndigits.asInt(context: "round() argument 'ndigits'")
  switch value {
  case .int, .bool:
    let i = value.intValue ?? 0
    return .int(try Arithmetic.round(i, digits: digits ?? 0))
  case .float(let d):
    guard let digits else { return .int(try Arithmetic.roundToInt(d)) }
    return .float(Arithmetic.round(d, digits: digits))
  default:
    throw ScriptError.type("type \(value.typeName) doesn't define __round__ method")
  }
}
