import Script

/// `%whos`: the user's variables in IPython's table layout.
///
///     Variable       Type       Data/Info
///     -----------------------------------
///     x_train        ndarray    60000x784: 47040000 elems, type `float32`, 188160000 bytes (179.443359375 Mb)
///     epochs         int        5
///     np             module     <module 'numpy'>
///
/// The rules are IPython's (`IPython/core/magics/namespace.py`): columns are as wide as
/// the longest entry plus 3; lists, tuples and dicts show `n=len`; arrays show shape,
/// element count, dtype and bytes (with kb/Mb from 100,000 bytes); anything else its
/// `str`, newlines escaped, cut to `first 25<...>last 25` characters from 50 on.
public enum Whos {
  /// The table for `names` (sorted, as `userGlobalNames` gives them), or IPython's message
  /// when there are none. `typeFilter` keeps only variables of those type names (`%whos int`).
  public static func table(interpreter: Interpreter, typeFilter: [String] = []) -> String {
    var names = interpreter.userGlobalNames
    if !typeFilter.isEmpty {
      names = names.filter { name in interpreter.global(name).map { typeFilter.contains(typeName($0)) } ?? false }
    }
    guard !names.isEmpty else {
      return typeFilter.isEmpty ? "Interactive namespace is empty.\n" : "No variables match your requested type.\n"
    }
    let rows: [(String, String, String)] = names.compactMap { name in
      guard let value = interpreter.global(name) else { return nil }
      let type = typeName(value)
      return (name, type, info(value, type: type, interpreter: interpreter))
    }
    let varWidth = max(rows.map { $0.0.count }.max() ?? 0, "Variable".count) + 3
    let typeWidth = max(rows.map { $0.1.count }.max() ?? 0, "Type".count) + 3
    var out = pad("Variable", varWidth) + pad("Type", typeWidth) + " Data/Info\n"
    out += String(repeating: "-", count: varWidth + typeWidth + "Data/Info".count + 1) + "\n"
    for (name, type, info) in rows {
      out += pad(name, varWidth) + pad(type, typeWidth) + " " + info + "\n"
    }
    return out
  }

  static func pad(_ s: String, _ width: Int) -> String {
    s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
  }

  /// `type(v).__name__`: the last part of a qualified host type (`numpy.ndarray` → `ndarray`).
  static func typeName(_ value: Value) -> String {
    switch value {
    case .builtin(let b) where b.typeName != nil: return "type"
    default:
      let name = value.typeName
      return name.split(separator: ".").last.map(String.init) ?? name
    }
  }

  static func info(_ value: Value, type: String, interpreter: Interpreter) -> String {
    switch value {
    case .list, .tuple, .dict:
      if let count = try? interpreter.elements(of: value).count { return "n=\(count)" }
    case .object(let o) where type == "ndarray":
      if let summary = arraySummary(o, interpreter: interpreter) { return summary }
    default:
      break
    }
    let text = interpreter.str(value).replacingOccurrences(of: "\n", with: "\\n")
    if text.count < 50 { return text }
    return String(text.prefix(25)) + "<...>" + String(text.suffix(25))
  }

  /// `60000x28x28: 47040000 elems, type `uint8`, 47040000 bytes (44.86083984375 Mb)`.
  static func arraySummary(_ array: any HostObject, interpreter: Interpreter) -> String? {
    guard case .tuple(let dims)? = try? array.getAttribute("shape") else { return nil }
    let sizes = dims.compactMap(\.intValue)
    guard sizes.count == dims.count else { return nil }
    // str(shape) without commas, spaces as `x`, parentheses dropped: (5,) → 5, () → "".
    let shape = sizes.map(String.init).joined(separator: "x")
    let size = sizes.reduce(1) { $0.multipliedReportingOverflow(by: $1).partialValue }
    let dtype = (try? array.getAttribute("dtype")).flatMap { $0 }.map { interpreter.str($0) } ?? "?"
    guard let bytes = (try? array.getAttribute("nbytes")).flatMap({ $0 })?.intValue else { return nil }
    var text = "\(shape): \(size) elems, type `\(dtype)`, \(bytes) bytes"
    if bytes >= 100_000 {
      // Python's str() of the float quotient, e.g. 44.86083984375.
      if bytes < 1_048_576 {
        text += " (\(pythonFloatRepr(Double(bytes) / 1024)) kb)"
      } else {
        text += " (\(pythonFloatRepr(Double(bytes) / 1_048_576)) Mb)"
      }
    }
    return text
  }
}
