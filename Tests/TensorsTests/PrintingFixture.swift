import Foundation
import Tensors

/// Tests/TensorsTests/Fixtures/printing.json, written by scripts/fixtures/gen_printing.py:
/// NumPy's repr/str of many arrays and scalars, with the data to rebuild each array.
struct PrintingFixture: Decodable {
  let numpy_version: String
  let arrays: [PrintingArrayCase]
  let scalars: [PrintingScalarCase]
  /// [value, repr(value)]
  let python_floats: [[String]]
  let elements: [PrintingElementCase]

  static let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures/printing.json")

  /// Loaded once; nil (and `loadError` set) when the file is missing or malformed.
  static let shared: PrintingFixture? = try? load()
  static var loadError: String? {
    do {
      _ = try load()
      return nil
    } catch {
      return "\(url.path): \(error)"
    }
  }

  static func load() throws -> PrintingFixture {
    try JSONDecoder().decode(PrintingFixture.self, from: Data(contentsOf: url))
  }
}

struct PrintingFixtureOptions: Decodable {
  var precision: Int?
  var threshold: Int?
  var edgeitems: Int?
  var linewidth: Int?
  var suppress: Bool?
  var sign: String?
  var floatmode: String?
  var nanstr: String?
  var infstr: String?

  var printOptions: PrintOptions {
    var o = PrintOptions()
    if let v = precision { o.precision = v }
    if let v = threshold { o.threshold = v }
    if let v = edgeitems { o.edgeitems = v }
    if let v = linewidth { o.linewidth = v }
    if let v = suppress { o.suppress = v }
    if let v = sign, let s = SignMode(rawValue: v) { o.sign = s }
    if let v = floatmode, let m = FloatMode(rawValue: v) { o.floatmode = m }
    if let v = nanstr { o.nanstr = v }
    if let v = infstr { o.infstr = v }
    return o
  }
}

struct PrintingRecipe: Decodable {
  let kind: String
  var modulus: Int64?
  var scale: Double?
  var offset: Double?
  var multiplier: Int64?
  var shift: Int64?
}

/// One array: how to rebuild it and what NumPy printed.
struct PrintingArrayCase: Decodable, Sendable, CustomStringConvertible {
  let name: String
  let dtype: String
  let shape: [Int]
  var options: PrintingFixtureOptions?
  var values: [String]?
  /// [[flat index], [value]] — only the elements NumPy shows.
  var sparse: SparseValues?
  var recipe: PrintingRecipe?
  let repr: String
  let str: String

  var description: String { name }

  struct SparseValues: Decodable, Sendable {
    let indices: [Int]
    let values: [String]
    init(from decoder: Decoder) throws {
      var c = try decoder.unkeyedContainer()
      indices = try c.decode([Int].self)
      values = try c.decode([String].self)
    }
  }
}

extension PrintingFixtureOptions: Sendable {}
extension PrintingRecipe: Sendable {}

struct PrintingScalarCase: Decodable, Sendable {
  let dtype: String
  let value: String
  let repr: String
  let str: String
}

/// [dtype, value, precision, str(np.array([value], dtype)) at that precision]
struct PrintingElementCase: Decodable, Sendable {
  let dtype: String
  let value: String
  let precision: Int
  let str: String
  init(from decoder: Decoder) throws {
    var c = try decoder.unkeyedContainer()
    dtype = try c.decode(String.self)
    value = try c.decode(String.self)
    precision = try c.decode(Int.self)
    str = try c.decode(String.self)
  }
}

/// Parses a fixture element string for a dtype.
func parsePrintingScalar(_ text: String, dtype: DType) -> ScalarValue {
  switch dtype {
  case .bool: return .bool(text == "1")
  case .uint8, .int32, .int64: return .int(Int64(text) ?? 0)
  case .float32, .float64: return .float(Double(text) ?? .nan)
  }
}

/// Records the flat indices a source was asked for that the fixture does not hold.
final class PrintingAccessLog: @unchecked Sendable {
  var missing: [Int] = []
  var count = 0
}

extension PrintingArrayCase {
  /// Rebuilds the array as a print source; reads of elements the fixture lacks are logged.
  func source(log: PrintingAccessLog) -> ArrayPrintSource? {
    guard let dtype = DType(numpyName: dtype) else { return nil }
    if let values {
      let parsed = values.map { parsePrintingScalar($0, dtype: dtype) }
      return ArrayPrintSource(shape: shape, dtype: dtype) { i in
        log.count += 1
        guard i >= 0 && i < parsed.count else {
          log.missing.append(i)
          return .int(0)
        }
        return parsed[i]
      }
    }
    if let sparse {
      var table: [Int: ScalarValue] = [:]
      for (i, v) in zip(sparse.indices, sparse.values) { table[i] = parsePrintingScalar(v, dtype: dtype) }
      return ArrayPrintSource(shape: shape, dtype: dtype) { i in
        log.count += 1
        guard let v = table[i] else {
          log.missing.append(i)
          return .int(0)
        }
        return v
      }
    }
    if let recipe {
      return ArrayPrintSource(shape: shape, dtype: dtype) { i in
        log.count += 1
        return recipe.value(at: i, dtype: dtype)
      }
    }
    return nil
  }
}

extension PrintingRecipe {
  /// Mirrors the generator's formulas exactly (same operations in the same order).
  func value(at i: Int, dtype: DType) -> ScalarValue {
    let index = Int64(i)
    if kind == "linear" {
      let m = modulus ?? 1
      let d = Double(index % m) * (scale ?? 1) + (offset ?? 0)
      return .float(dtype == .float32 ? Double(Float(d)) : d)
    }
    let v =
      (index &* (multiplier ?? 1) &+ (offset.flatMap { Int64(exactly: $0) } ?? 0)) % (modulus ?? Int64.max)
      + (shift ?? 0)
    switch dtype {
    case .bool: return .bool(v != 0)
    case .uint8: return .int(v & 0xFF)
    case .int32: return .int(Int64(Int32(truncatingIfNeeded: v)))
    default: return .int(v)
    }
  }
}

/// A line-by-line comparison for failure messages: `-` NumPy's line, `+` ours.
func printingLineDiff(expected: String, actual: String) -> String {
  let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
  let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
  var out: [String] = []
  for i in 0..<max(e.count, a.count) {
    let el = i < e.count ? String(e[i]) : nil
    let al = i < a.count ? String(a[i]) : nil
    if el == al {
      out.append("  \(el ?? "")")
    } else {
      if let el { out.append("- \(el)⏎") }
      if let al { out.append("+ \(al)⏎") }
    }
  }
  return out.joined(separator: "\n")
}
