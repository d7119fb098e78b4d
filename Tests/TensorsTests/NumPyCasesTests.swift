import Foundation
import Tensors
import TestSupport
import Testing

// Replays Fixtures/numpy_cases.json (scripts/fixtures/gen_numpy_cases.py, real NumPy 2.4):
// every operation, promotion, indexing and error case must give NumPy's dtype, shape,
// values and error text.

struct NumPyCase: Sendable, CustomTestStringConvertible {
  let id: String
  let json: FixtureJSON
  var testDescription: String { id }
}

enum NumPyCases {
  static let all: [NumPyCase] = {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Fixtures/numpy_cases.json")
    guard let data = try? Data(contentsOf: url), let root = try? FixtureJSON.parse(data),
      let cases = root["cases"]?.array
    else { return [] }
    return cases.map { NumPyCase(id: $0["id"]?.string ?? "?", json: $0) }
  }()
}

/// What an operation produced, in the fixture's terms.
enum Outcome {
  case tensor(Tensor)
  case tuple([Outcome])
  case list(NestedList)
  case dtype(DType)
}

struct CaseFormatError: Error, CustomStringConvertible {
  let description: String
}

enum Arg {
  case tensor(Tensor)
  case operand(Operand)
  case index([TensorIndex])
  case shape([Int])
  case dtype(DType)
  case arrays([Tensor])

  var asOperand: Operand {
    get throws {
      switch self {
      case .tensor(let t): return .tensor(t)
      case .operand(let o): return o
      default: throw CaseFormatError(description: "expected an operand")
      }
    }
  }

  var asTensor: Tensor {
    get throws {
      if case .tensor(let t) = self { return t }
      throw CaseFormatError(description: "expected an array")
    }
  }
}

func decodeArray(_ j: FixtureJSON) throws -> Tensor {
  guard let name = j["dtype"]?.string, let dtype = DType(numpyName: name),
    let shape = j["shape"]?.array?.compactMap({ v -> Int? in
      if case .int(let i) = v { return Int(i) } else { return nil }
    }),
    let data = j["data"]?.array
  else { throw CaseFormatError(description: "bad array \(j)") }
  let values: [ScalarValue] = try data.map { v in
    switch v {
    case .bool(let b): return .bool(b)
    case .int(let i): return dtype.isFloatingPoint ? .float(Double(i)) : .int(i)
    default:
      guard let d = v.double else { throw CaseFormatError(description: "bad element \(v)") }
      return .float(d)
    }
  }
  let t = try Tensor(zeros: shape, dtype: dtype)
  let flat = try t.reshape([t.count])
  for (i, v) in values.enumerated() {
    try flat.set([.int(i)], .tensor(Tensor(scalar: v, dtype: dtype)))
  }
  return t
}

func decodeArg(_ j: FixtureJSON) throws -> Arg {
  if let a = j["array"] { return .tensor(try decodeArray(a)) }
  if let v = j["int"], case .int(let i) = v { return .operand(.pyInt(i)) }
  if let v = j["float"], let d = v.double { return .operand(.pyFloat(d)) }
  if let v = j["bool"], case .bool(let b) = v { return .operand(.pyBool(b)) }
  if let s = j["scalar"], let name = s["dtype"]?.string, let dtype = DType(numpyName: name),
    let v = s["value"]
  {
    let value: ScalarValue
    switch v {
    case .bool(let b): value = .bool(b)
    case .int(let i): value = dtype.isFloatingPoint ? .float(Double(i)) : .int(i)
    default: value = .float(v.double ?? .nan)
    }
    return .tensor(Tensor(scalar: value, dtype: dtype))
  }
  if let items = j["index"]?.array {
    return .index(
      try items.map { item in
        if let v = item["int"], case .int(let i) = v { return .int(Int(i)) }
        if let s = item["slice"]?.array, s.count == 3 {
          func part(_ p: FixtureJSON) -> Int? {
            if case .int(let i) = p { return Int(i) } else { return nil }
          }
          return .slice(start: part(s[0]), stop: part(s[1]), step: part(s[2]))
        }
        if item["none"] != nil { return .newAxis }
        if item["ellipsis"] != nil { return .ellipsis }
        if let a = item["array"] { return .array(try decodeArray(a)) }
        throw CaseFormatError(description: "bad index \(item)")
      })
  }
  if let s = j["shape"]?.array ?? j["axes"]?.array {
    return .shape(s.compactMap { if case .int(let i) = $0 { return Int(i) } else { return nil } })
  }
  if let name = j["dtype"]?.string { return .dtype(try DType.parse(name)) }
  if let arrays = j["arrays"]?.array { return .arrays(try arrays.map(decodeArray)) }
  throw CaseFormatError(description: "bad argument \(j)")
}

/// Axis keyword: an int, a list standing for a tuple, or absent.
func axesKeyword(_ kwargs: FixtureJSON) -> [Int]? {
  switch kwargs["axis"] {
  case .int(let i)?: return [Int(i)]
  case .array(let a)?: return a.compactMap { if case .int(let i) = $0 { return Int(i) } else { return nil } }
  default: return nil
  }
}

func boolKeyword(_ kwargs: FixtureJSON, _ name: String) -> Bool {
  if case .bool(let b)? = kwargs[name] { return b }
  return false
}

func intKeyword(_ kwargs: FixtureJSON, _ name: String) -> Int? {
  if case .int(let i)? = kwargs[name] { return Int(i) }
  return nil
}

func run(_ op: String, _ args: [Arg], _ kwargs: FixtureJSON) throws -> Outcome {
  let binaryOps: [String: BinaryOp] = [
    "add": .add, "subtract": .subtract, "multiply": .multiply, "true_divide": .trueDivide,
    "floor_divide": .floorDivide, "mod": .mod, "power": .power, "maximum": .maximum, "minimum": .minimum,
    "equal": .equal, "not_equal": .notEqual, "less": .less, "less_equal": .lessEqual,
    "greater": .greater, "greater_equal": .greaterEqual,
  ]
  let unaryOps: [String: UnaryOp] = [
    "negative": .negative, "abs": .absolute, "exp": .exp, "log": .log, "sqrt": .sqrt, "tanh": .tanh,
  ]
  let reductions: [String: ReduceOp] = [
    "sum": .sum, "mean": .mean, "max": .max, "min": .min, "std": .std, "argmax": .argmax, "argmin": .argmin,
  ]
  if let b = binaryOps[op] {
    return .tensor(try Tensor.binary(b, try args[0].asOperand, try args[1].asOperand))
  }
  if let u = unaryOps[op] {
    // A ufunc of a Python scalar gives a NumPy scalar.
    var x = try args[0].asOperand.tensorOrScalar
    if try args[0].asOperand.isWeakScalar { x.isScalar = true }
    return .tensor(try x.unary(u))
  }
  if let r = reductions[op] {
    let axes = axesKeyword(kwargs)
    if (r == .argmax || r == .argmin), case .array? = kwargs["axis"] {
      throw TensorError(.typeError, "'tuple' object cannot be interpreted as an integer")
    }
    return .tensor(
      try args[0].asTensor.reduce(
        r, axes: axes, keepdims: boolKeyword(kwargs, "keepdims"), ddof: intKeyword(kwargs, "ddof") ?? 0))
  }
  switch op {
  case "round": return .tensor(try args[0].asTensor.round(decimals: intKeyword(kwargs, "decimals") ?? 0))
  case "clip":
    return .tensor(try Tensor.clip(try args[0].asOperand, try args[1].asOperand, try args[2].asOperand))
  case "reshape":
    guard case .shape(let s) = args[1] else { throw CaseFormatError(description: "reshape needs a shape") }
    return .tensor(try args[0].asTensor.reshape(s))
  case "transpose":
    if args.count > 1, case .shape(let axes) = args[1] {
      return .tensor(try args[0].asTensor.transpose(axes))
    }
    return .tensor(try args[0].asTensor.transpose())
  case "expand_dims":
    return .tensor(try args[0].asTensor.expandDims(axesKeyword(kwargs) ?? [0]))
  case "squeeze": return .tensor(try args[0].asTensor.squeeze(axesKeyword(kwargs)))
  case "concatenate", "stack":
    guard case .arrays(let arrays) = args[0] else { throw CaseFormatError(description: "needs arrays") }
    let axis: Int? = kwargs["axis"] == .null ? nil : (intKeyword(kwargs, "axis") ?? 0)
    return .tensor(
      op == "stack" ? try Tensor.stack(arrays, axis: axis ?? 0) : try Tensor.concatenate(arrays, axis: axis))
  case "astype":
    guard case .dtype(let d) = args[1] else { throw CaseFormatError(description: "astype needs a dtype") }
    return .tensor(try args[0].asTensor.astype(d))
  case "flatten": return .tensor(try args[0].asTensor.flatten())
  case "tolist": return .list(try args[0].asTensor.tolist())
  case "unique":
    let (values, counts) = try args[0].asTensor.unique()
    return boolKeyword(kwargs, "return_counts")
      ? .tuple([.tensor(values), .tensor(counts)]) : .tensor(values)
  case "where":
    if args.count == 1 { return .tuple(try args[0].asTensor.nonzero().map { .tensor($0) }) }
    return .tensor(try Tensor.where(try args[0].asTensor, try args[1].asOperand, try args[2].asOperand))
  case "nonzero": return .tuple(try args[0].asTensor.nonzero().map { .tensor($0) })
  case "getitem":
    guard case .index(let ix) = args[1] else { throw CaseFormatError(description: "needs index") }
    return .tensor(try args[0].asTensor.get(ix))
  case "setitem":
    guard case .index(let ix) = args[1] else { throw CaseFormatError(description: "needs index") }
    let target = try args[0].asTensor
    try target.set(ix, try args[2].asOperand)
    return .tensor(target)
  case "matmul":
    return .tensor(
      try Tensor.matmul(try args[0].asOperand.tensorOrScalar, try args[1].asOperand.tensorOrScalar))
  case "dot":
    return .tensor(try Tensor.dot(try args[0].asOperand.tensorOrScalar, try args[1].asOperand.tensorOrScalar))
  case "result_type":
    return .dtype(try Tensor.binary(.add, try args[0].asOperand, try args[1].asOperand).dtype)
  default:
    throw CaseFormatError(description: "unknown op \(op)")
  }
}

extension Operand {
  var isWeakScalar: Bool {
    if case .tensor = self { return false }
    return true
  }

  /// Python scalars passed where NumPy converts them with `asarray`.
  var tensorOrScalar: Tensor {
    switch self {
    case .tensor(let t): return t
    case .pyBool(let b): return Tensor(scalar: b, isScalar: false)
    case .pyInt(let i): return Tensor(scalar: i, isScalar: false)
    case .pyFloat(let d): return Tensor(scalar: d, isScalar: false)
    }
  }
}

/// Ops whose float results NumPy computes with its own SIMD kernels or summation
/// order; they are compared within a few ulps rather than exactly.
let toleranceOps: Set<String> = ["exp", "log", "tanh", "mean", "std", "sum", "power"]

/// Compares an outcome with the fixture's expectation; returns a description of the first difference.
func mismatch(_ got: Outcome, _ expect: FixtureJSON, op: String, id: String) -> String? {
  switch got {
  case .dtype(let d):
    return expect["dtype"]?.string == d.name ? nil : "dtype \(d.name) != \(expect["dtype"]?.string ?? "?")"
  case .list(let l):
    guard let e = expect["list"] else { return "expected \(expect), got a list" }
    return listMatches(l, e) ? nil : "tolist \(l) != \(e)"
  case .tuple(let parts):
    guard let e = expect["tuple"]?.array, e.count == parts.count else {
      return "expected \(expect), got a tuple"
    }
    for (p, x) in zip(parts, e) { if let m = mismatch(p, x, op: op, id: id) { return m } }
    return nil
  case .tensor(let t):
    var dtypeName = t.dtype.name
    // NumPy sums uint8 into uint64, a dtype dnnlab does not have; dnnlab gives int64.
    if id.hasSuffix("-uint64"), dtypeName == "int64" { dtypeName = "uint64" }
    if let s = expect["scalar"] {
      guard t.ndim == 0 else { return "expected a scalar, got shape \(t.shape)" }
      guard t.isScalar else { return "expected a NumPy scalar, got a 0-d array" }
      guard s["dtype"]?.string == dtypeName else {
        return "dtype \(dtypeName) != \(s["dtype"]?.string ?? "?")"
      }
      guard let v = s["value"] else { return "no value" }
      return elementMatches(t.scalarValue(atFlat: 0), v, t.dtype, tolerant: toleranceOps.contains(op))
        ? nil : "value \(t.scalarValue(atFlat: 0)) != \(v)"
    }
    guard let a = expect["array"] else { return "expected \(expect), got an array of shape \(t.shape)" }
    guard a["dtype"]?.string == dtypeName else { return "dtype \(dtypeName) != \(a["dtype"]?.string ?? "?")" }
    let shape = a["shape"]?.array?.compactMap { v -> Int? in
      if case .int(let i) = v { return Int(i) } else { return nil }
    }
    guard shape == t.shape else { return "shape \(t.shape) != \(shape ?? [])" }
    if t.isScalar { return "expected a 0-d array, got a NumPy scalar" }
    let data = a["data"]?.array ?? []
    guard data.count == t.count else { return "count \(t.count) != \(data.count)" }
    for i in 0..<t.count
    where !elementMatches(t.scalarValue(atFlat: i), data[i], t.dtype, tolerant: toleranceOps.contains(op)) {
      return "element \(i): \(t.scalarValue(atFlat: i)) != \(data[i])"
    }
    return nil
  }
}

func elementMatches(_ v: ScalarValue, _ e: FixtureJSON, _ dtype: DType, tolerant: Bool) -> Bool {
  switch (v, e) {
  case (.bool(let a), .bool(let b)): return a == b
  case (.int(let a), .int(let b)): return a == b
  default:
    guard let expected = e.double else { return false }
    let actual = v.asDouble
    if expected.isNaN { return actual.isNaN }
    if actual == expected { return actual.sign == expected.sign || actual != 0 || tolerant }
    guard tolerant else { return false }
    return isClose(actual, expected, rtol: dtype == .float32 ? 3e-7 : 4e-16)
  }
}

func listMatches(_ l: NestedList, _ e: FixtureJSON) -> Bool {
  switch l {
  case .scalar(let v): return elementMatches(v, e, .float64, tolerant: false)
  case .list(let items):
    guard let arr = e.array, arr.count == items.count else { return false }
    return zip(items, arr).allSatisfy { listMatches($0, $1) }
  }
}

@Test(arguments: NumPyCases.all)
func matchesNumPy(_ c: NumPyCase) throws {
  let op = c.json["op"]?.string ?? ""
  let kwargs = c.json["kwargs"] ?? .object([:])
  let expect = try #require(c.json["expect"])
  do {
    // Decoding can throw too (an unknown dtype name is NumPy's TypeError).
    let args = try (c.json["args"]?.array ?? []).map(decodeArg)
    let got = try run(op, args, kwargs)
    if let kind = expect["error"]?.string {
      Issue.record("\(c.id): expected \(kind): \(expect["message"]?.string ?? ""), got a result")
      return
    }
    if let m = mismatch(got, expect, op: op, id: c.id) { Issue.record("\(c.id): \(m)") }
  } catch let error as TensorError {
    guard let kind = expect["error"]?.string else {
      Issue.record("\(c.id): unexpected \(error)")
      return
    }
    #expect(error.kind.rawValue == kind, "\(c.id)")
    #expect(error.message == expect["message"]?.string, "\(c.id)")
  }
}

@Test func fixtureHasEnoughCases() {
  #expect(NumPyCases.all.count >= 400)
}
