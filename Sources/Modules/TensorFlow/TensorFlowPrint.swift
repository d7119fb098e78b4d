import Foundation
import Script
import Tensors

/// `tf.print`: writes its inputs to the cell output as TensorFlow's PrintV2 kernel formats
/// them — tensors as `[1 2 3]` with at most `summarize` (default 3) entries at each end of
/// every axis (`[0 1 2 ... 7 8 9]`), strings as they are, other Python values by repr, nested
/// lists and dicts with tensors inside formatted the same way. Jupyter shows the text in the
/// cell (TensorFlow's default stream is stderr, which a notebook shows there too).
enum TensorFlowPrint {
  static func install(tf: ModuleObject) {
    tf.addFunction(
      "print", signature: "*inputs, output_stream=None, summarize=3, sep=' ', end='\\n', name=None",
      documentation: "Prints inputs separated by sep (default ' ') and followed by end (default newline)."
    ) { a, interp in
      let summarize = try a.optionalInt("summarize") ?? 3
      let sep = try a.string("sep")
      let end = try a.string("end")
      let parts = try a.extraPositional.map { v -> String in
        if case .str(let s) = v { return s }
        return try text(v, summarize: summarize, interp)
      }
      interp.write(parts.joined(separator: sep) + end)
      return .none
    }
  }

  /// A non-string input as `pprint.pformat` shows it, with tensors in PrintV2's form.
  private static func text(_ v: Value, summarize: Int, _ interp: Interpreter) throws -> String {
    switch v {
    case .object(let e as EagerTensorObject):
      return summary(e.tensor, summarize: summarize)
    case .list(let l):
      return "[" + (try l.items.map { try text($0, summarize: summarize, interp) }.joined(separator: ", "))
        + "]"
    case .tuple(let items):
      let inner = try items.map { try text($0, summarize: summarize, interp) }
      return "(" + inner.joined(separator: ", ") + (inner.count == 1 ? ",)" : ")")
    case .dict(let d):
      // pformat sorts a dict's entries by key.
      let entries = d.entries.sorted { keyOrder($0.key, $1.key) }
      let inner = try entries.map {
        "\(try text($0.key, summarize: summarize, interp)): \(try text($0.value, summarize: summarize, interp))"
      }
      return "{" + inner.joined(separator: ", ") + "}"
    default:
      return interp.repr(v)
    }
  }

  /// Python's `<` for the keys pformat sorts (numbers, then strings by code point).
  private static func keyOrder(_ a: Value, _ b: Value) -> Bool {
    switch (a, b) {
    case (.str(let x), .str(let y)):
      return Array(x.unicodeScalars.map(\.value)).lexicographicallyPrecedes(
        y.unicodeScalars.map(\.value))
    case (.int(let x), .int(let y)): return x < y
    case (.float(let x), .float(let y)): return x < y
    case (.int(let x), .float(let y)): return Double(x) < y
    case (.float(let x), .int(let y)): return x < Double(y)
    default: return false
    }
  }

  /// PrintV2's text for a tensor: nested brackets, entries separated by a space, rows by a
  /// newline and indentation, blocks of higher axes by more newlines; each axis longer than
  /// twice the shown count (`min(summarize, size)`, all for a negative summarize) elided
  /// with `...`.
  static func summary(_ t: Tensor, summarize: Int) -> String {
    // Only the entries shown are formatted.
    let value = { (flat: Int) in flat < t.count ? element(t.scalarValue(atFlat: flat), t.dtype) : "" }
    if t.ndim == 0 { return value(0) }
    let ends = summarize < 0 ? t.count : Swift.min(summarize, t.count)
    var out = ""
    dimension(0, t.shape, ends, value, 0, &out)
    return out
  }

  private static func dimension(
    _ axis: Int, _ shape: [Int], _ ends: Int, _ value: (Int) -> String, _ start: Int, _ out: inout String
  ) {
    if axis == shape.count {
      out += value(start)
      return
    }
    out += "["
    let n = shape[axis]
    let stride = shape[(axis + 1)...].reduce(1, *)
    let tailStart = Swift.max(ends, n - ends)
    var i = 0
    while i < ends && i < n {
      if i > 0 { spacing(axis, shape.count, &out) }
      dimension(axis + 1, shape, ends, value, start + stride * i, &out)
      i += 1
    }
    if n > 2 * ends {
      spacing(axis, shape.count, &out)
      out += "..."
    }
    var j = tailStart
    while j < n {
      spacing(axis, shape.count, &out)
      dimension(axis + 1, shape, ends, value, start + stride * j, &out)
      j += 1
    }
    out += "]"
  }

  private static func spacing(_ axis: Int, _ ndim: Int, _ out: inout String) {
    if axis == ndim - 1 {
      out += " "
      return
    }
    out += String(repeating: "\n", count: ndim - axis - 1) + String(repeating: " ", count: axis + 1)
  }

  /// One entry: integers in decimal, bools as 1/0, floats with the fewest of 6 (float32) or
  /// 15 (float64) significant digits that read back exactly, else 9 or 17.
  private static func element(_ v: ScalarValue, _ dtype: DType) -> String {
    switch v {
    case .bool(let b): return b ? "1" : "0"
    case .int(let i): return String(i)
    case .float(let d):
      if d.isNaN { return "nan" }
      if dtype == .float32 {
        let f = Float(d)
        let short = String(format: "%.6g", d)
        return Float(short) == f ? short : String(format: "%.9g", d)
      }
      let short = String(format: "%.15g", d)
      return Double(short) == d ? short : String(format: "%.17g", d)
    }
  }
}
