import Script
import Tensors

/// NumPy's PCG64 bit generator, `np.random.PCG64(seed)` or `rng.bit_generator`: holds the state
/// its ``GeneratorObject``s draw from, so generators built on one bit generator share a stream.
final class PCG64Object: HostObject {
  var generator: NumPyGenerator
  init(_ generator: NumPyGenerator) { self.generator = generator }

  var typeName: String { "PCG64" }
  var qualifiedTypeName: String { "numpy.random._pcg64.PCG64" }
  var documentation: String? {
    "PCG64(seed=None): NumPy's default bit generator (128-bit LCG, XSL-RR output)"
  }
}

/// NumPy's `Generator` (`np.random.default_rng(seed)`): the same seed gives NumPy's numbers.
/// `str` is `Generator(PCG64)`, `repr` adds the address as NumPy's does.
final class GeneratorObject: HostObject {
  let bitGenerator: PCG64Object
  init(_ bitGenerator: PCG64Object) { self.bitGenerator = bitGenerator }

  var typeName: String { "Generator" }
  var qualifiedTypeName: String { "numpy.random._generator.Generator" }
  func str() -> String { "Generator(PCG64)" }
  func repr() -> String {
    "Generator(PCG64) at 0x" + String(UInt(bitPattern: ObjectIdentifier(self)), radix: 16, uppercase: true)
  }
  var documentation: String? {
    "Generator(PCG64): NumPy's random number generator; methods: "
      + GeneratorObject.methods.keys.sorted()
      .joined(separator: ", ")
  }

  var attributeNames: [String] { ["bit_generator"] + GeneratorObject.methods.keys.sorted() }

  func getAttribute(_ name: String) throws -> Value? {
    if name == "bit_generator" { return .object(bitGenerator) }
    guard let (spec, doc, body) = GeneratorObject.methods[name] else { return nil }
    return .builtin(
      BuiltinFunction(name, signature: spec, documentation: doc, receiverTypeName: qualifiedTypeName) {
        [self] a, interpreter in try body(self, a, interpreter)
      })
  }

  /// Runs a draw on the shared bit generator, translating library errors.
  func draw<R>(_ body: (inout NumPyGenerator) throws -> R) throws -> R {
    try Convert.tensors { try body(&bitGenerator.generator) }
  }

  typealias Method = (
    spec: String, doc: String, body: (GeneratorObject, BoundArguments, Interpreter) throws -> Value
  )

  /// The methods, by name: signature, help text and body.
  static var methods: [String: Method] {
    [
      "random": (
        "size=None, dtype=float", "Floats in [0, 1); dtype float64 (default) or float32.",
        { g, a, _ in
          let size = try GeneratorArguments.size(a["size"])
          let dtype = try Convert.dtype(a["dtype"]) ?? .float64
          return GeneratorArguments.floats(try g.draw { try $0.random(size: size, dtype: dtype) })
        }
      ),
      "standard_normal": (
        "size=None, dtype=float",
        "Standard normal floats (NumPy's ziggurat); dtype float64 (default) or float32.",
        { g, a, _ in
          let size = try GeneratorArguments.size(a["size"])
          let dtype = try Convert.dtype(a["dtype"]) ?? .float64
          return GeneratorArguments.floats(try g.draw { try $0.standardNormal(size: size, dtype: dtype) })
        }
      ),
      "normal": (
        "loc=0.0, scale=1.0, size=None",
        "Normal floats: loc + scale * standard_normal(); loc and scale may be arrays.",
        { g, a, _ in
          let loc = try Convert.tensor(a["loc"], dtype: .float64)
          let scale = try Convert.tensor(a["scale"], dtype: .float64)
          let size = try GeneratorArguments.size(a["size"])
          return GeneratorArguments.floats(try g.draw { try $0.normal(loc: loc, scale: scale, size: size) })
        }
      ),
      "uniform": (
        "low=0.0, high=1.0, size=None", "Floats in [low, high); low and high may be arrays.",
        { g, a, _ in
          let low = try Convert.tensor(a["low"], dtype: .float64)
          let high = try Convert.tensor(a["high"], dtype: .float64)
          let size = try GeneratorArguments.size(a["size"])
          return GeneratorArguments.floats(try g.draw { try $0.uniform(low: low, high: high, size: size) })
        }
      ),
      "integers": (
        "low, high=None, size=None, dtype=int, endpoint=False",
        "Integers in [low, high) ([low, high] with endpoint=True), or [0, low) without high;"
          + " dtype int64 (default), int32, uint8 or bool.",
        { g, a, _ in
          let low = try GeneratorArguments.bound(a["low"], "low")
          let high = a["high"].isNone ? nil : try GeneratorArguments.bound(a["high"], "high")
          let size = try GeneratorArguments.size(a["size"])
          let dtype = try Convert.dtype(a["dtype"]) ?? .int64
          let endpoint = try a.bool("endpoint")
          let t = try g.draw {
            try $0.integers(low: low, high: high, size: size, dtype: dtype, endpoint: endpoint)
          }
          // A bool draw is a Python bool; the integer dtypes give NumPy scalars.
          if size == nil && dtype == .bool { return Convert.python(t.scalarValue(atFlat: 0)) }
          return Convert.value(t)
        }
      ),
      "choice": (
        "a, size=None, replace=True, p=None, axis=0, shuffle=True",
        "Samples of range(a) for an integer a, else of the array a along its first axis; p gives"
          + " probabilities, replace=False samples without repetition.",
        { g, a, _ in try GeneratorArguments.choice(g, a) }
      ),
      "permutation": (
        "x, axis=0", "arange(x) shuffled for an integer x, else a copy of the array x shuffled along axis 0.",
        { g, a, _ in
          try GeneratorArguments.requireAxis0(a, "permutation")
          if let n = GeneratorArguments.pythonInteger(a["x"]) {
            return Convert.value(try g.draw { try $0.permutation(n) })
          }
          let x = try Convert.tensor(a["x"])
          return Convert.value(try g.draw { try $0.permutation(x) })
        }
      ),
      "shuffle": (
        "x, axis=0", "Shuffles the array or list x in place along its first axis; returns None.",
        { g, a, _ in
          try GeneratorArguments.requireAxis0(a, "shuffle")
          switch a["x"] {
          case .object(let o as TensorObject) where !o.tensor.isScalar:
            try g.draw { try $0.shuffle(o.tensor) }
          case .list(let l):
            try g.draw { $0.shuffle(&l.items) }
          case .tuple:
            throw ScriptError(.typeError, "'tuple' object does not support item assignment")
          default:
            throw ScriptError(.typeError, "object of type '\(Convert.typeName(a["x"]))' has no len()")
          }
          return .none
        }
      ),
      "poisson": (
        "lam=1.0, size=None", "Poisson counts with mean lam (int64).",
        { g, a, _ in
          let lam = try Convert.tensor(a["lam"], dtype: .float64)
          let size = try GeneratorArguments.size(a["size"])
          return GeneratorArguments.pythonScalar(try g.draw { try $0.poisson(lam: lam, size: size) })
        }
      ),
      "binomial": (
        "n, p, size=None", "Successes in n trials of probability p (int64).",
        { g, a, _ in
          let n = try Convert.tensor(a["n"])
          let p = try Convert.tensor(a["p"], dtype: .float64)
          let size = try GeneratorArguments.size(a["size"])
          return GeneratorArguments.pythonScalar(try g.draw { try $0.binomial(n: n, p: p, size: size) })
        }
      ),
    ]
  }
}

/// `np.random.Generator`: the type (for `isinstance`) and its constructor over a bit generator.
final class GeneratorTypeObject: HostObject {
  var typeName: String { "type" }
  func repr() -> String { "<class 'numpy.random._generator.Generator'>" }
  var isCallable: Bool { true }
  var documentation: String? { "Generator(bit_generator): a generator drawing from a PCG64 bit generator" }

  func call(_ arguments: Arguments, _ interpreter: Interpreter) throws -> Value? {
    let a = try Signature("Generator", "bit_generator").bind(arguments)
    guard case .object(let bits as PCG64Object) = a["bit_generator"] else {
      throw ScriptError(
        .attributeError, "'\(Convert.typeName(a["bit_generator"]))' object has no attribute 'capsule'",
        hint: "pass a bit generator: np.random.Generator(np.random.PCG64(seed))")
    }
    return .object(GeneratorObject(bits))
  }

  func instanceCheck(_ value: Value) -> Bool? {
    if case .object(is GeneratorObject) = value { return true }
    return false
  }
}

/// Argument conversions shared by the `Generator` methods and `default_rng`.
enum GeneratorArguments {
  /// NumPy's `size`: None, an int, or a sequence of ints.
  static func size(_ v: Value) throws -> [Int]? {
    switch v {
    case .none: return nil
    case .float:
      throw ScriptError(
        .typeError, "expected a sequence of integers or a single integer, got '\(reprValue(v))'")
    default: return try Convert.shape(v)
    }
  }

  /// A Python float for a one-value float draw, else the array.
  static func floats(_ t: Tensor) -> Value {
    t.isScalar ? Convert.python(t.scalarValue(atFlat: 0)) : Convert.value(t)
  }

  /// A Python int for a one-value count (`poisson`, `binomial`), else the array.
  static func pythonScalar(_ t: Tensor) -> Value { floats(t) }

  /// A Python int, bool or NumPy integer scalar (`isinstance(x, (int, np.integer))`).
  static func pythonInteger(_ v: Value) -> Int? {
    switch v {
    case .int(let i): return i
    case .bool(let b): return b ? 1 : 0
    case .object(let o as TensorObject) where o.tensor.isScalar && o.tensor.dtype.isInteger:
      if case .int(let i) = o.tensor.scalarValue(atFlat: 0) { return Int(i) }
      return nil
    default: return nil
    }
  }

  /// An `integers` bound: `int(x)` of a Python or NumPy number (floats truncate).
  static func bound(_ v: Value, _ name: String) throws -> Int64 {
    var value = v
    if case .object(let o as TensorBacked) = v {
      guard o.tensor.ndim == 0 else {
        throw ScriptError(
          .notImplementedError, "dnnlab's Generator.integers takes one number for \(name), not an array",
          hint: "draw each range separately, or scale rng.random(size) yourself")
      }
      value = Convert.python(o.tensor.scalarValue(atFlat: 0))
    }
    switch value {
    case .int(let i): return Int64(i)
    case .bool(let b): return b ? 1 : 0
    case .float(let d):
      if d.isNaN { throw ScriptError(.valueError, "cannot convert float NaN to integer") }
      if d.isInfinite { throw ScriptError(.overflowError, "cannot convert float infinity to integer") }
      guard d > -9.223372036854775808e18, d < 9.223372036854775808e18 else {
        throw ScriptError(.valueError, "\(name) is out of bounds for int64")
      }
      return Int64(d.rounded(.towardZero))
    case .list, .tuple:
      throw ScriptError(
        .notImplementedError, "dnnlab's Generator.integers takes one number for \(name), not an array",
        hint: "draw each range separately, or scale rng.random(size) yourself")
    default:
      throw ScriptError(
        .typeError,
        "int() argument must be a string, a bytes-like object or a real number, not "
          + "'\(Convert.typeName(value))'")
    }
  }

  /// Only `axis=0` is supported.
  static func requireAxis0(_ a: BoundArguments, _ function: String) throws {
    if try a.int("axis") != 0 {
      throw ScriptError(.notImplementedError, "dnnlab's Generator.\(function) works along axis 0 only")
    }
  }

  /// `rng.choice(a, size, replace, p, axis, shuffle)`.
  static func choice(_ g: GeneratorObject, _ a: BoundArguments) throws -> Value {
    try requireAxis0(a, "choice")
    let size = try size(a["size"])
    let replace = try a.bool("replace")
    let shuffle = try a.bool("shuffle")
    var p: [Double]? = nil
    var pIsFloat32 = false
    if !a["p"].isNone {
      let pt = try Convert.tensor(a["p"])
      if pt.ndim != 1 { throw ScriptError(.valueError, "p must be 1-dimensional") }
      pIsFloat32 = pt.dtype == .float32
      p = try Convert.tensors { try pt.astype(.float64) }.toDoubles()
    }
    let pool = try Convert.tensor(a["a"])
    if pool.ndim == 0 {
      guard pool.dtype.isInteger || pool.dtype == .bool,
        case .int(let n) = try pool.astype(.int64).scalarValue(atFlat: 0)
      else {
        throw ScriptError(
          .valueError,
          "a must be a sequence or an integer, not <class '\(GeneratorArguments.className(a["a"]))'>")
      }
      let t = try g.draw {
        try $0.choice(Int(n), size: size, replace: replace, p: p, pIsFloat32: pIsFloat32, shuffle: shuffle)
      }
      return size == nil ? Convert.python(t.scalarValue(atFlat: 0)) : Convert.value(t)
    }
    return Convert.value(
      try g.draw {
        try $0.choice(pool, size: size, replace: replace, p: p, pIsFloat32: pIsFloat32, shuffle: shuffle)
      })
  }

  /// Python's class name of a value, as `<class '...'>` shows it.
  static func className(_ v: Value) -> String {
    if case .object(let o) = v { return o.qualifiedTypeName }
    return Convert.typeName(v)
  }

  /// `default_rng(seed)`: an int, a sequence of ints, None, a bit generator or a generator.
  static func defaultRNG(_ seed: Value) throws -> Value {
    switch seed {
    case .object(let g as GeneratorObject): return .object(g)
    case .object(let b as PCG64Object): return .object(GeneratorObject(b))
    default: return .object(GeneratorObject(PCG64Object(try generator(seed))))
    }
  }

  /// The generator NumPy seeds from `seed` through a SeedSequence.
  static func generator(_ seed: Value) throws -> NumPyGenerator {
    if seed.isNone { return try seeded { try NumPyGenerator(seed: nil as Int?) } }
    if let n = pythonInteger(seed) { return try seeded { try NumPyGenerator(seed: n) } }
    switch seed {
    case .list(let l): return try seeded { try NumPyGenerator(seed: try l.items.map(seedWord)) }
    case .tuple(let items): return try seeded { try NumPyGenerator(seed: try items.map(seedWord)) }
    case .object(let o as TensorObject) where o.tensor.ndim == 0:
      throw ScriptError(.typeError, "len() of unsized object")
    case .object(let o as TensorObject) where !o.tensor.dtype.isInteger:
      throw ScriptError(.typeError, "seed must be integer")
    case .object(let o as TensorObject):
      var words = [Int]()
      o.tensor.forEachElement { if case .int(let i) = $0 { words.append(Int(i)) } }
      return try seeded { try NumPyGenerator(seed: words) }
    default:
      var shown = reprValue(seed)
      if case .str(let text) = seed { shown = text }
      throw ScriptError(.typeError, "SeedSequence expects int or sequence of ints for entropy not \(shown)")
    }
  }

  static func seedWord(_ v: Value) throws -> Int {
    guard let n = pythonInteger(v) else { throw ScriptError(.typeError, "seed must be integer") }
    return n
  }

  static func seeded(_ body: () throws -> NumPyGenerator) throws -> NumPyGenerator {
    do { return try body() } catch let e as RandomStateError {
      throw ScriptError(ErrorKind(e.type), e.message)
    }
  }
}
