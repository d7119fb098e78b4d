import Foundation
import Script
import Tensors

/// A NumPy array of strings (`dtype='<U9'`) or Python objects (`dtype=object`), which dnnlab's
/// tensors cannot hold: what `LabelEncoder.classes_` and `OneHotEncoder.categories_` give for
/// text labels. One or two dimensions; prints, indexes, iterates and converts with `tolist()`.
final class ObjectArrayObject: HostObject {
  let items: [Value]
  let shape: [Int]
  /// `object` or `<Un`.
  let dtype: String

  init(_ items: [Value], shape: [Int], dtype: String) {
    self.items = items
    self.shape = shape
    self.dtype = dtype
  }

  /// A 1-D array of strings with NumPy's `<Un` dtype (n the longest length, at least 1).
  static func unicode(_ strings: [String]) -> ObjectArrayObject {
    let width = max(1, strings.map { $0.unicodeScalars.count }.max() ?? 1)
    return ObjectArrayObject(strings.map { .str($0) }, shape: [strings.count], dtype: "<U\(width)")
  }

  var typeName: String { "numpy.ndarray" }
  var qualifiedTypeName: String { "numpy.ndarray" }
  var isUnicode: Bool { dtype.hasPrefix("<U") }

  private func word(_ v: Value) -> String { reprValue(v) }

  /// NumPy's wrapped text: `[` rows `]`, lines of at most `width` characters.
  private func format(separator: String, indent: String, width: Int) -> String {
    func row(_ words: [String], indent: String, width: Int) -> String {
      let elementWidth = width - max(separator.trimmingCharacters(in: .whitespaces).count, 1)
      var s = ""
      var line = indent
      for (i, w) in words.enumerated() {
        if line.count + w.count > elementWidth && line.count > indent.count {
          s += String(line.reversed().drop { $0 == " " }.reversed()) + "\n"
          line = indent
        }
        line += w
        if i < words.count - 1 { line += separator }
      }
      s += line
      return "[" + String(s.dropFirst(indent.count)) + "]"
    }
    if shape.count == 2 {
      let columns = shape[1]
      let inner = indent + " "
      let rows = (0..<shape[0]).map { r in
        row(items[(r * columns)..<((r + 1) * columns)].map(word), indent: inner, width: width - 1)
      }
      return "[" + rows.joined(separator: separator.trimmingCharacters(in: .whitespaces) + "\n" + indent)
        + "]"
    }
    return row(items.map(word), indent: indent, width: width)
  }

  /// NumPy's `array_repr`: the elements wrapped at 75 columns less the closing parenthesis,
  /// then `dtype=…` on the last line, or on its own line when it would not fit.
  func repr() -> String {
    let extra = "dtype=\(dtype == "object" ? "object" : "'\(dtype)'"))"
    let text =
      "array("
      + (items.isEmpty ? "[]" : format(separator: ", ", indent: String(repeating: " ", count: 7), width: 74))
      + ","
    let lastLine = text.split(separator: "\n", omittingEmptySubsequences: false).last?.count ?? 0
    return text + (lastLine + extra.count + 1 > 75 ? "\n      " : " ") + extra
  }

  func str() -> String {
    if items.isEmpty { return "[]" }
    return format(separator: " ", indent: " ", width: 75)
  }

  func length() throws -> Int? { shape.first ?? 0 }

  func row(_ i: Int) -> Value {
    if shape.count == 1 { return items[i] }
    let c = shape[1]
    return .object(ObjectArrayObject(Array(items[(i * c)..<((i + 1) * c)]), shape: [c], dtype: dtype))
  }

  func getItem(_ index: Value) throws -> Value? {
    let n = shape.first ?? 0
    if let i = index.intValue ?? (try? Convert.integer(index)) {
      let j = i < 0 ? i + n : i
      guard j >= 0 && j < n else {
        throw ScriptError(.indexError, "index \(i) is out of bounds for axis 0 with size \(n)")
      }
      return row(j)
    }
    if case .slice(let s) = index, shape.count == 1 {
      let (start, _, step, count) = try s.resolve(length: n)
      let picked = (0..<count).map { items[start + $0 * step] }
      return .object(ObjectArrayObject(picked, shape: [picked.count], dtype: dtype))
    }
    if shape.count == 1, let picked = try gather(index, n) { return picked }
    throw ScriptError(
      .notImplementedError,
      "dnnlab indexes string and object arrays only with an int, a slice, an integer array or a boolean mask",
      hint: "convert with .tolist() first")
  }

  /// NumPy's advanced indexing of a 1-D array: an integer array or list picks elements
  /// (result shaped like the index: `iris.target_names[iris.target]`), a boolean mask of the
  /// same length keeps the true positions. Nil for any other index.
  private func gather(_ index: Value, _ n: Int) throws -> Value? {
    let t: Tensor
    switch index {
    case .object(let o as TensorBacked): t = o.tensor
    case .list: t = try Convert.tensor(index)
    default: return nil
    }
    if t.dtype == .bool {
      guard t.ndim == 1, t.count == n else {
        throw ScriptError(
          .indexError,
          "boolean index did not match indexed array along axis 0; size of axis is \(n) but size of corresponding boolean axis is \(t.shape.first ?? 0)"
        )
      }
      var picked = [Value]()
      var k = 0
      t.forEachElement { e in
        if e.asDouble != 0 { picked.append(items[k]) }
        k += 1
      }
      return .object(ObjectArrayObject(picked, shape: [picked.count], dtype: dtype))
    }
    guard t.dtype.isInteger || t.count == 0 else {
      throw ScriptError(
        .indexError,
        "arrays used as indices must be of integer (or boolean) type")
    }
    var picked = [Value]()
    picked.reserveCapacity(t.count)
    var bad: Int?
    t.forEachElement { e in
      guard bad == nil else { return }
      guard case .int(let v) = e else { return }
      let i = Int(v)
      let j = i < 0 ? i + n : i
      if j >= 0 && j < n { picked.append(items[j]) } else { bad = i }
    }
    if let bad {
      throw ScriptError(.indexError, "index \(bad) is out of bounds for axis 0 with size \(n)")
    }
    return .object(ObjectArrayObject(picked, shape: t.shape, dtype: dtype))
  }

  func makeIterator() throws -> (() throws -> Value?)? {
    var i = 0
    let n = shape.first ?? 0
    return { [self] in
      guard i < n else { return nil }
      defer { i += 1 }
      return row(i)
    }
  }

  /// `==` and `!=` element by element against a string (`names != 'setosa'`) or a string
  /// array of the same shape, giving a bool array as NumPy does; nil (not implemented)
  /// for anything else.
  func binaryOperation(_ op: BinaryOperator, _ other: Value, reflected: Bool) throws -> Value? {
    guard op == .equal || op == .notEqual, isUnicode else { return nil }
    let others: [Value]
    switch other {
    case .str: others = Array(repeating: other, count: items.count)
    case .object(let o as ObjectArrayObject) where o.isUnicode && o.shape == shape: others = o.items
    default: return nil
    }
    let flags = zip(items, others).map { a, b -> Bool in
      let same = a.stringValue == b.stringValue
      return op == .equal ? same : !same
    }
    return Convert.value(try Convert.tensors { try Tensor(flags, shape: shape) })
  }

  func contains(_ value: Value) throws -> Bool? {
    items.contains { reprValue($0) == reprValue(value) }
  }

  var attributeNames: [String] { ["dtype", "ndim", "shape", "size", "tolist"] }

  func getAttribute(_ name: String) throws -> Value? {
    switch name {
    case "dtype": return .object(TextDTypeObject(dtype))
    case "shape": return .tuple(shape.map { .int($0) })
    case "ndim": return .int(shape.count)
    case "size": return .int(items.count)
    case "tolist":
      return .builtin(
        BuiltinFunction("tolist", signature: "", receiverTypeName: "numpy.ndarray") { [self] _, _ in
          if shape.count == 1 { return .list(items) }
          return .list((0..<shape[0]).map { r in .list(Array(items[(r * shape[1])..<((r + 1) * shape[1])])) })
        })
    default: return nil
    }
  }
}

/// The dtype of a string or object array: `dtype('<U10')`, `dtype('O')`; equal to its
/// string form (`'<U10'`, `'object'`).
final class TextDTypeObject: HostObject {
  /// `object` or `<Un`.
  let code: String
  init(_ code: String) { self.code = code }

  var typeName: String { code == "object" ? "dtype[object_]" : "dtype[str_]" }
  var qualifiedTypeName: String { code == "object" ? "numpy.dtypes.ObjectDType" : "numpy.dtypes.StrDType" }

  /// The characters of a `<Un` string (0 for object arrays).
  private var width: Int { code.hasPrefix("<U") ? Int(code.dropFirst(2)) ?? 0 : 0 }

  func repr() -> String { code == "object" ? "dtype('O')" : "dtype('\(code)')" }
  func str() -> String { code }

  var attributeNames: [String] { ["itemsize", "kind", "name"] }

  func getAttribute(_ name: String) throws -> Value? {
    switch name {
    case "kind": return .str(code == "object" ? "O" : "U")
    case "itemsize": return .int(code == "object" ? 8 : 4 * width)
    case "name": return .str(code == "object" ? "object" : "str\(32 * width)")
    default: return nil
    }
  }

  func binaryOperation(_ op: BinaryOperator, _ other: Value, reflected: Bool) throws -> Value? {
    guard op == .equal || op == .notEqual else { return nil }
    var same = false
    switch other {
    case .str(let s): same = s == code || (code == "object" && s == "O")
    case .object(let o as TextDTypeObject): same = o.code == code
    default: same = false
    }
    return .bool(op == .equal ? same : !same)
  }

  func hashKey() throws -> Value? { .str(code) }
}
