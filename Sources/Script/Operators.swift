/// Operator semantics for all values: host-object hooks first (left, then reflected
/// right), then the builtin types, then Python's `TypeError`.
enum Ops {
  /// Deepest nesting compared by `==`/`<` before `RecursionError` (self-containing lists).
  static let maxCompareDepth = 500
  /// Largest list/tuple/str a repetition or concatenation may build.
  /// (10 million values take about 160 MB; strings are limited to the same count of bytes.)
  static let maxSequenceLength = 10_000_000

  static func binary(_ op: BinaryOperator, _ a: Value, _ b: Value) throws -> Value {
    if case .object(let o) = a, let r = try o.binaryOperation(op, b, reflected: false) { return r }
    if case .object(let o) = b, let r = try o.binaryOperation(op, a, reflected: true) { return r }
    if op.isComparison { return try compare(op, a, b, depth: 0) }
    if let r = try builtinBinary(op, a, b) { return r }
    if op == .multiply, let r = try repeatByIndex(a, b) { return r }
    throw unsupported(op, a, b)
  }

  /// `[0] * n` where `n` is a host integer (a NumPy integer scalar): Python repeats the
  /// sequence by the count's `__index__`.
  static func repeatByIndex(_ a: Value, _ b: Value) throws -> Value? {
    switch (a, b) {
    case (.list, .object(let o)), (.tuple, .object(let o)), (.str, .object(let o)):
      guard case .int(let n)? = try o.scalarValue() else { return nil }
      return try builtinBinary(.multiply, a, .int(n))
    case (.object(let o), .list), (.object(let o), .tuple), (.object(let o), .str):
      guard case .int(let n)? = try o.scalarValue() else { return nil }
      return try builtinBinary(.multiply, .int(n), b)
    default:
      return nil
    }
  }

  static func unsupported(_ op: BinaryOperator, _ a: Value, _ b: Value) -> ScriptError {
    if op == .add {
      switch a {
      case .str, .list, .tuple:
        return ScriptError.type("can only concatenate \(a.typeName) (not \"\(b.typeName)\") to \(a.typeName)")
      default: break
      }
    }
    // `'ab' * 'c'`, `[1] * 2.5`: CPython blames the count, not the pair of types.
    if op == .multiply {
      func isSequence(_ v: Value) -> Bool {
        switch v {
        case .str, .list, .tuple: return true
        default: return false
        }
      }
      if isSequence(a) || isSequence(b) {
        let other = isSequence(a) ? b : a
        if case .object = other {
        } else {
          return ScriptError.type("can't multiply sequence by non-int of type '\(other.typeName)'")
        }
      }
    }
    var hint: String?
    if op == .add, case .str = b, a.doubleValue != nil {
      hint = "convert the number with str(…) or use an f-string"
    }
    return ScriptError.type(
      "unsupported operand type(s) for \(op.rawValue): '\(a.typeName)' and '\(b.typeName)'", hint: hint)
  }

  static func builtinBinary(_ op: BinaryOperator, _ a: Value, _ b: Value) throws -> Value? {
    switch (a, b) {
    case (.int, .int), (.int, .bool), (.bool, .int), (.bool, .bool):
      guard let x = a.intValue, let y = b.intValue else { return nil }
      if case .bool(let p) = a, case .bool(let q) = b {
        switch op {
        case .bitAnd: return .bool(p && q)
        case .bitOr: return .bool(p || q)
        case .bitXor: return .bool(p != q)
        default: break
        }
      }
      return try Arithmetic.int(op, x, y)
    case (.float, .float), (.float, .int), (.int, .float), (.float, .bool), (.bool, .float):
      guard let x = a.doubleValue, let y = b.doubleValue else { return nil }
      return try Arithmetic.float(op, x, y)
    case (.str(let x), .str(let y)) where op == .add:
      if x.utf8.count + y.utf8.count > maxSequenceLength { throw tooLarge() }
      return .str(x + y)
    case (.str(let s), _) where op == .modulo:
      return .str(try PercentFormat.format(s, b))
    case (.str(let s), .int(let n)) where op == .multiply, (.int(let n), .str(let s)) where op == .multiply:
      return .str(try repeatString(s, n))
    case (.list(let x), .list(let y)) where op == .add:
      if x.items.count + y.items.count > maxSequenceLength { throw tooLarge() }
      return .list(x.items + y.items)
    case (.tuple(let x), .tuple(let y)) where op == .add:
      if x.count + y.count > maxSequenceLength { throw tooLarge() }
      return .tuple(x + y)
    case (.list(let l), .int(let n)) where op == .multiply, (.int(let n), .list(let l)) where op == .multiply:
      return .list(try repeatArray(l.items, n))
    case (.tuple(let t), .int(let n)) where op == .multiply,
      (.int(let n), .tuple(let t)) where op == .multiply:
      return .tuple(try repeatArray(t, n))
    case (.set(let x), .set(let y)):
      return try SetObject.binary(op, x, y).map { .set($0) }
    case (.dict(let x), .dict(let y)) where op == .bitOr:
      let merged = DictObject()
      for (k, v) in x.entries { try merged.set(k, v) }
      for (k, v) in y.entries { try merged.set(k, v) }
      return .dict(merged)
    default:
      return nil
    }
  }

  static func tooLarge() -> ScriptError {
    ScriptError(.memoryError, "result would be too large (limit \(maxSequenceLength) elements)")
  }

  static func repeatString(_ s: String, _ n: Int) throws -> String {
    guard n > 0, !s.isEmpty else { return "" }
    let (total, overflow) = s.utf8.count.multipliedReportingOverflow(by: n)
    if overflow || total > maxSequenceLength { throw tooLarge() }
    return String(repeating: s, count: n)
  }

  static func repeatArray(_ items: [Value], _ n: Int) throws -> [Value] {
    guard n > 0, !items.isEmpty else { return [] }
    let (total, overflow) = items.count.multipliedReportingOverflow(by: n)
    if overflow || total > maxSequenceLength { throw tooLarge() }
    var result: [Value] = []
    result.reserveCapacity(total)
    for _ in 0..<n { result.append(contentsOf: items) }
    return result
  }

  // MARK: - Comparison

  /// A rich comparison between values neither of which (or whose hooks declined) is a host object.
  static func compare(_ op: BinaryOperator, _ a: Value, _ b: Value, depth: Int) throws -> Value {
    switch op {
    case .equal: return .bool(try equal(a, b, depth: depth))
    case .notEqual: return .bool(!(try equal(a, b, depth: depth)))
    default:
      if case .set(let x) = a, case .set(let y) = b { return .bool(x.compare(op, y)) }
      guard let r = try order(a, b, depth: depth) else {
        throw ScriptError.type(
          "'\(op.rawValue)' not supported between instances of '\(a.typeName)' and '\(b.typeName)'")
      }
      if r == .max { return .bool(false) }  // NaN: unordered
      switch op {
      case .less: return .bool(r < 0)
      case .lessEqual: return .bool(r <= 0)
      case .greater: return .bool(r > 0)
      default: return .bool(r >= 0)
      }
    }
  }

  /// `a == b` with Python semantics (numbers across types, deep sequences, identity for
  /// functions and modules); host objects decide through their `==` hook and truthiness.
  static func equal(_ a: Value, _ b: Value, depth: Int = 0) throws -> Bool {
    if depth > maxCompareDepth {
      throw ScriptError(.recursionError, "maximum recursion depth exceeded in comparison")
    }
    switch (a, b) {
    case (.object(let o), _):
      if let r = try o.binaryOperation(.equal, b, reflected: false) { return try truthy(r) }
      if case .object(let p) = b, let r = try p.binaryOperation(.equal, a, reflected: true) {
        return try truthy(r)
      }
      if case .object(let p) = b { return o === p }
      return false
    case (_, .object(let o)):
      if let r = try o.binaryOperation(.equal, a, reflected: true) { return try truthy(r) }
      return false
    case (.none, .none), (.ellipsis, .ellipsis): return true
    case (.str(let x), .str(let y)): return x == y
    case (.list(let x), .list(let y)):
      if x === y { return true }
      return try sequencesEqual(x.items, y.items, depth: depth)
    case (.tuple(let x), .tuple(let y)): return try sequencesEqual(x, y, depth: depth)
    case (.dict(let x), .dict(let y)):
      if x === y { return true }
      guard x.count == y.count else { return false }
      for (k, v) in x.entries {
        guard let w = y[try HashKey(k)] else { return false }
        if !(try equal(v, w, depth: depth + 1)) { return false }
      }
      return true
    case (.set(let x), .set(let y)): return x.isEqual(to: y)
    case (.range(let x), .range(let y)):
      if x.count != y.count { return false }
      if x.count == 0 { return true }
      return x.start == y.start && (x.count == 1 || x.step == y.step)
    case (.slice(let x), .slice(let y)):
      return try sequencesEqual([x.start, x.stop, x.step], [y.start, y.stop, y.step], depth: depth)
    case (.function(let x), .function(let y)): return x === y
    case (.builtin(let x), .builtin(let y)): return x === y || (x.typeName != nil && x.typeName == y.typeName)
    case (.module(let x), .module(let y)): return x === y
    case (.iterator(let x), .iterator(let y)): return x === y
    default:
      if let x = a.intValue, let y = b.intValue { return x == y }
      if let x = a.doubleValue, let y = b.doubleValue { return x == y }
      return false
    }
  }

  static func sequencesEqual(_ x: [Value], _ y: [Value], depth: Int) throws -> Bool {
    guard x.count == y.count else { return false }
    for i in x.indices where !(try identicalOrEqual(x[i], y[i], depth: depth + 1)) { return false }
    return true
  }

  /// Containers compare elements by identity first (so a NaN inside a list equals itself).
  static func identicalOrEqual(_ a: Value, _ b: Value, depth: Int) throws -> Bool {
    if identical(a, b) { return true }
    return try equal(a, b, depth: depth)
  }

  /// Three-way ordering (-1, 0, 1) for orderable builtin pairs, nil when unorderable.
  /// NaN compares as unordered: every ordering operator is then false, as in Python.
  static func order(_ a: Value, _ b: Value, depth: Int) throws -> Int? {
    if depth > maxCompareDepth {
      throw ScriptError(.recursionError, "maximum recursion depth exceeded in comparison")
    }
    switch (a, b) {
    case (.str(let x), .str(let y)):
      return x == y
        ? 0 : (x.unicodeScalars.lexicographicallyPrecedes(y.unicodeScalars) { $0.value < $1.value } ? -1 : 1)
    case (.list(let x), .list(let y)): return try orderSequences(x.items, y.items, depth: depth)
    case (.tuple(let x), .tuple(let y)): return try orderSequences(x, y, depth: depth)
    default:
      if let x = a.intValue, let y = b.intValue { return x < y ? -1 : (x == y ? 0 : 1) }
      if let x = a.doubleValue, let y = b.doubleValue {
        if x.isNaN || y.isNaN { return .max }
        return x < y ? -1 : (x == y ? 0 : 1)
      }
      return nil
    }
  }

  static func orderSequences(_ x: [Value], _ y: [Value], depth: Int) throws -> Int? {
    for i in 0..<min(x.count, y.count) where !(try identicalOrEqual(x[i], y[i], depth: depth + 1)) {
      if case .object = x[i] {
        return try truthy(try binary(.less, x[i], y[i])) ? -1 : 1
      }
      if case .object = y[i] {
        return try truthy(try binary(.less, x[i], y[i])) ? -1 : 1
      }
      guard let r = try order(x[i], y[i], depth: depth + 1) else {
        throw ScriptError.type(
          "'<' not supported between instances of '\(x[i].typeName)' and '\(y[i].typeName)'")
      }
      return r
    }
    return x.count < y.count ? -1 : (x.count == y.count ? 0 : 1)
  }

  /// `a is b`: identity for references, value identity for immutable scalars.
  static func identical(_ a: Value, _ b: Value) -> Bool {
    switch (a, b) {
    case (.none, .none), (.ellipsis, .ellipsis): return true
    case (.bool(let x), .bool(let y)): return x == y
    case (.int(let x), .int(let y)): return x == y
    case (.float(let x), .float(let y)): return x.bitPattern == y.bitPattern
    case (.str(let x), .str(let y)): return x == y
    case (.list(let x), .list(let y)): return x === y
    case (.dict(let x), .dict(let y)): return x === y
    case (.set(let x), .set(let y)): return x === y
    case (.function(let x), .function(let y)): return x === y
    case (.builtin(let x), .builtin(let y)): return x === y || (x.typeName != nil && x.typeName == y.typeName)
    case (.module(let x), .module(let y)): return x === y
    case (.iterator(let x), .iterator(let y)): return x === y
    case (.object(let x), .object(let y)): return x.identity === y.identity
    case (.tuple(let x), .tuple(let y)): return x.isEmpty && y.isEmpty
    default: return false
    }
  }

  // MARK: - Unary, truthiness, membership

  static func unary(_ op: UnaryOperator, _ v: Value) throws -> Value {
    switch v {
    case .object(let o):
      if let r = try o.unaryOperation(op) { return r }
    case .int, .bool:
      let i = v.intValue ?? 0
      switch op {
      case .negate:
        if i == Int.min { throw ScriptError.overflow() }
        return .int(-i)
      case .plus: return .int(i)
      case .invert: return .int(~i)
      case .absolute:
        if i == Int.min { throw ScriptError.overflow() }
        return .int(abs(i))
      }
    case .float(let d):
      switch op {
      case .negate: return .float(-d)
      case .plus: return .float(d)
      case .absolute: return .float(abs(d))
      case .invert: break
      }
    default:
      break
    }
    if op == .absolute { throw ScriptError.type("bad operand type for abs(): '\(v.typeName)'") }
    throw ScriptError.type("bad operand type for unary \(op.rawValue): '\(v.typeName)'")
  }

  /// Python truthiness.
  static func truthy(_ v: Value) throws -> Bool {
    switch v {
    case .none: return false
    case .bool(let b): return b
    case .int(let i): return i != 0
    case .float(let d): return d != 0
    case .str(let s): return !s.isEmpty
    case .list(let l): return !l.items.isEmpty
    case .tuple(let t): return !t.isEmpty
    case .dict(let d): return d.count > 0
    case .set(let s): return s.count > 0
    case .range(let r): return r.count > 0
    case .object(let o): return try o.truthValue()
    default: return true
    }
  }

  /// `item in container`.
  static func contains(_ container: Value, _ item: Value) throws -> Bool {
    switch container {
    case .str(let s):
      guard case .str(let sub) = item else {
        throw ScriptError.type("'in <string>' requires string as left operand, not \(item.typeName)")
      }
      return sub.isEmpty || Substring(s).firstScalarRange(of: sub) != nil
    case .list(let l):
      for x in l.items where try identicalOrEqual(x, item, depth: 0) { return true }
      return false
    case .tuple(let t):
      for x in t where try identicalOrEqual(x, item, depth: 0) { return true }
      return false
    case .dict(let d):
      return try d.get(item) != nil
    case .set(let s):
      return try s.contains(item)
    case .range(let r):
      guard
        let i = item.intValue
          ?? (item.doubleValue.flatMap { $0 == $0.rounded() && abs($0) < 9e18 ? Int($0) : nil })
      else {
        return false
      }
      if r.step > 0 ? (i < r.start || i >= r.stop) : (i > r.start || i <= r.stop) { return false }
      return (i &- r.start) % r.step == 0
    case .object(let o):
      if let r = try o.contains(item) { return r }
    default:
      break
    }
    let next = try Iteration.iterator(container)
    while let x = try next() {
      if try identicalOrEqual(x, item, depth: 0) { return true }
    }
    return false
  }
}
