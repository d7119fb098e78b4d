import Script

/// A Python namedtuple returned by a library function (`np.linalg.eigh`'s `EighResult`,
/// `tf.unique`'s `Unique`): fields by name (`r.eigenvalues`) or position (`r[0]`), unpacking
/// (`w, v = np.linalg.eigh(a)`), `len`, and the repr `Name(field=repr, …)`.
final class NamedTupleObject: HostObject {
  let name: String
  let qualifiedName: String
  let fields: [String]
  let values: [Value]

  /// `fields` and `values` pair up in order; `qualifiedName` is what `type(r)` shows.
  init(name: String, qualifiedName: String, fields: [String], values: [Value]) {
    self.name = name
    self.qualifiedName = qualifiedName
    self.fields = fields
    self.values = values
  }

  var typeName: String { name }
  var qualifiedTypeName: String { qualifiedName }
  var attributeNames: [String] { fields + ["count", "index"] }

  func repr() -> String {
    let parts = zip(fields, values).map { "\($0)=\(Script.reprValue($1))" }
    return "\(name)(\(parts.joined(separator: ", ")))"
  }

  func getAttribute(_ attribute: String) throws -> Value? {
    guard let i = fields.firstIndex(of: attribute), i < values.count else { return nil }
    return values[i]
  }

  func getItem(_ index: Value) throws -> Value? {
    switch index {
    case .int(let i):
      let k = i < 0 ? i + values.count : i
      guard k >= 0, k < values.count else { throw ScriptError(.indexError, "tuple index out of range") }
      return values[k]
    default:
      throw ScriptError(
        .typeError, "dnnlab's \(name) takes integer indices", hint: "use r[0], r[1] or the field names")
    }
  }

  func length() throws -> Int? { values.count }
  func truthValue() throws -> Bool { !values.isEmpty }

  func makeIterator() throws -> (() throws -> Value?)? {
    var i = 0
    let items = values
    return {
      guard i < items.count else { return nil }
      defer { i += 1 }
      return items[i]
    }
  }
}
