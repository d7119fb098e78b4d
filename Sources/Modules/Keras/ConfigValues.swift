import ModelFiles
import Script

/// Keras configs between their JSON form (what `ModelFiles` writes and reads) and script
/// values (what `get_config()` returns and `from_config()` takes): objects become dicts in
/// key order, arrays lists, numbers `int`/`float` as JSON tells them apart.
enum ConfigValues {
  /// Keys whose lists Keras holds as tuples in a live config (`'batch_shape': (None, 4)`),
  /// though JSON turns them into lists.
  static let shapeKeys: Set<String> = [
    "batch_shape", "build_input_shape", "input_shape", "batch_input_shape", "shape", "args", "target_shape",
  ]

  /// The script value of `json`. With `shapesAsTuples` (a config taken from a live object)
  /// the arrays under ``shapeKeys`` are tuples; without it (`json.loads` of text) all lists.
  static func value(_ json: JSONValue, shapesAsTuples: Bool = true, key: String? = nil) -> Value {
    switch json {
    case .null: return .none
    case .bool(let b): return .bool(b)
    case .int(let i): return .int(i)
    case .double(let d): return .float(d)
    case .string(let s): return .str(s)
    case .array(let items):
      let values = items.map { value($0, shapesAsTuples: shapesAsTuples) }
      if shapesAsTuples, let key, shapeKeys.contains(key) { return .tuple(values) }
      return .list(ListObject(values))
    case .object(let pairs):
      // Normalization holds its axes as a tuple (LayerNormalization as a list).
      let axisIsTuple = pairs.contains { $0.0 == "invert" }
      return .dict(
        DictObject(
          pairs.map { pair in
            let v = value(pair.1, shapesAsTuples: shapesAsTuples, key: pair.0)
            if shapesAsTuples, axisIsTuple, pair.0 == "axis", case .list(let l) = v {
              return (pair.0, .tuple(l.items))
            }
            return (pair.0, v)
          }))
    }
  }

  /// The JSON of a script value, as `json.dumps` would take it: dicts with string keys,
  /// lists and tuples, strings, numbers, booleans and None. Anything else is Python's
  /// `TypeError: Object of type … is not JSON serializable`. Nesting is bounded.
  static func json(_ v: Value, depth: Int = 0) throws -> JSONValue {
    guard depth < 64 else { throw ScriptError(.valueError, "the config is nested too deeply") }
    switch v {
    case .none: return .null
    case .bool(let b): return .bool(b)
    case .int(let i): return .int(i)
    case .float(let d): return .double(d)
    case .str(let s): return .string(s)
    case .list(let l): return .array(try l.items.map { try json($0, depth: depth + 1) })
    case .tuple(let t): return .array(try t.map { try json($0, depth: depth + 1) })
    case .dict(let d):
      return .object(
        try d.entries.map { entry in
          guard case .str(let key) = entry.key else {
            throw ScriptError(
              .typeError, "keys must be str, int, float, bool or None, not \(entry.key.typeName)")
          }
          return (key, try json(entry.value, depth: depth + 1))
        })
    case .object(let o):
      if let scalar = try o.scalarValue() { return try json(scalar, depth: depth + 1) }
      throw ScriptError(.typeError, "Object of type \(o.typeName) is not JSON serializable")
    default:
      throw ScriptError(.typeError, "Object of type \(v.typeName) is not JSON serializable")
    }
  }

  /// The config's entries by name, or nil when `v` is not a dict with string keys.
  static func entries(_ v: Value) -> [(name: String, value: Value)]? {
    guard case .dict(let d) = v else { return nil }
    var out: [(name: String, value: Value)] = []
    for (key, value) in d.entries {
      guard case .str(let name) = key else { return nil }
      out.append((name, value))
    }
    return out
  }

  /// A model-file error as the script's exception.
  static func run<R>(_ body: () throws -> R) throws -> R {
    try ModelFilesBinding.run(body)
  }
}
