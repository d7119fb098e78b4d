/// `x[i]`, `x[i] = v` and `del x[i]` for the builtin types; host objects use their hooks.
enum Subscripting {
  static func get(_ container: Value, _ index: Value) throws -> Value {
    switch container {
    case .list(let l):
      return try sequenceGet(l.items, index, typeName: "list") { .list($0) }
    case .tuple(let t):
      return try sequenceGet(t, index, typeName: "tuple") { .tuple($0) }
    case .str(let s):
      let scalars = Array(s.unicodeScalars)
      if case .slice(let slice) = index {
        let r = try slice.resolve(length: scalars.count)
        var out = String.UnicodeScalarView()
        var i = r.start
        for _ in 0..<r.count {
          out.append(scalars[i])
          i &+= r.step
        }
        return .str(String(out))
      }
      let i = try normalizedIndex(index, count: scalars.count, typeName: "string")
      return .str(String(scalars[i]))
    case .dict(let d):
      guard let v = try d.get(index) else { throw ScriptError(.keyError, reprValue(index)) }
      return v
    case .range(let r):
      if case .slice(let slice) = index {
        let s = try slice.resolve(length: r.count)
        let start = r.start &+ s.start &* r.step
        let step = r.step &* s.step
        return .range(RangeValue(start: start, stop: start &+ s.count &* step, step: step))
      }
      let i = try normalizedIndex(index, count: r.count, typeName: "range object")
      return .int(r.element(i))
    case .object(let o):
      if let v = try o.getItem(index) { return v }
      throw ScriptError.type("'\(o.typeName)' object is not subscriptable")
    default:
      throw ScriptError.type("'\(container.typeName)' object is not subscriptable")
    }
  }

  /// An element of `items`, or a slice of it passed through `wrap` (to make a list or tuple).
  static func sequenceGet(
    _ items: [Value], _ index: Value, typeName: String, wrap: ([Value]) -> Value
  ) throws -> Value {
    if case .slice(let slice) = index {
      let r = try slice.resolve(length: items.count)
      var out: [Value] = []
      out.reserveCapacity(r.count)
      var i = r.start
      for _ in 0..<r.count {
        out.append(items[i])
        i &+= r.step
      }
      return wrap(out)
    }
    return items[try normalizedIndex(index, count: items.count, typeName: typeName)]
  }

  /// Resolves a possibly negative index into `0..<count`, or throws IndexError/TypeError.
  static func normalizedIndex(_ index: Value, count: Int, typeName: String) throws -> Int {
    guard let raw = try index.asIndex() else {
      let kind = typeName == "string" ? "string" : typeName == "range object" ? "range" : typeName
      throw ScriptError.type("\(kind) indices must be integers or slices, not \(index.typeName)")
    }
    let i = raw < 0 ? raw &+ count : raw
    guard i >= 0, i < count else { throw ScriptError.index("\(typeName) index out of range") }
    return i
  }

  static func set(_ container: Value, _ index: Value, _ value: Value) throws {
    switch container {
    case .list(let l):
      if case .slice(let slice) = index {
        let replacement = try Iteration.array(value)
        let r = try slice.resolve(length: l.items.count)
        if r.step == 1 {
          let stop = max(r.start, r.stop)
          l.items.replaceSubrange(r.start..<stop, with: replacement)
        } else {
          guard replacement.count == r.count else {
            throw ScriptError.value(
              "attempt to assign sequence of size \(replacement.count) to extended slice of size \(r.count)")
          }
          var i = r.start
          for v in replacement {
            l.items[i] = v
            i &+= r.step
          }
        }
        return
      }
      let i = try normalizedIndex(index, count: l.items.count, typeName: "list assignment")
      l.items[i] = value
    case .dict(let d):
      try d.set(index, value)
    case .object(let o):
      if try o.setItem(index, value) { return }
      throw ScriptError.type("'\(o.typeName)' object does not support item assignment")
    default:
      throw ScriptError.type("'\(container.typeName)' object does not support item assignment")
    }
  }

  static func delete(_ container: Value, _ index: Value) throws {
    switch container {
    case .list(let l):
      if case .slice(let slice) = index {
        let r = try slice.resolve(length: l.items.count)
        var remove = Set<Int>()
        var i = r.start
        for _ in 0..<r.count {
          remove.insert(i)
          i &+= r.step
        }
        l.items = l.items.enumerated().filter { !remove.contains($0.offset) }.map(\.element)
        return
      }
      let i = try normalizedIndex(index, count: l.items.count, typeName: "list assignment")
      l.items.remove(at: i)
    case .dict(let d):
      let key = try HashKey(index)
      guard d[key] != nil else { throw ScriptError(.keyError, reprValue(index)) }
      d[key] = nil
    case .object(let o):
      if try o.deleteItem(index) { return }
      throw ScriptError.type("'\(o.typeName)' object does not support item deletion")
    default:
      throw ScriptError.type("'\(container.typeName)' object does not support item deletion")
    }
  }
}

