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
    throw ScriptError(
      .notImplementedError, "dnnlab indexes string and object arrays only with an int or a slice",
      hint: "convert with .tolist() first")
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

  func contains(_ value: Value) throws -> Bool? {
    items.contains { reprValue($0) == reprValue(value) }
  }

  var attributeNames: [String] { ["ndim", "shape", "size", "tolist"] }

  func getAttribute(_ name: String) throws -> Value? {
    switch name {
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
