import Script
import Tensors

/// `numpy.random`: NumPy's legacy global generator, bit-for-bit (`seed(42)` then
/// `rand(3)` gives NumPy's numbers), and the new-style `default_rng` / `Generator` / `PCG64`.
enum NumPyRandomModule {
  static func make() -> ModuleObject {
    let m = ModuleObject(name: "numpy.random")
    // Looked up at each call, so a task with a generator of its own uses it.
    addLegacyFunctions(to: m) { RandomGenerator.global }
    m.addFunction(
      "RandomState", signature: "seed=None",
      documentation: "RandomState(seed=None): a legacy generator of its own, as np.random's global one"
    ) { a, _ in
      let generator = RandomGenerator()
      try Convert.tensors { try generator.seed(a["seed"].isNone ? nil : try Convert.integer(a["seed"])) }
      return .object(RandomStateObject(generator))
    }

    addNewStyle(to: m)
    return m
  }

  /// `seed`, `rand`, `randn`, `normal`, … drawing from `generator()`: the module's functions
  /// (NumPy's global generator) and a `RandomState` object's methods.
  static func addLegacyFunctions(to m: ModuleObject, generator: @escaping () -> RandomGenerator) {
    var g: RandomGenerator { generator() }
    /// `size=None` gives a Python float; a shape gives an array.
    func sized(_ size: Value, _ draw: ([Int]) throws -> Tensor) throws -> Value {
      if size.isNone {
        let t = try Convert.tensors { try draw([]) }
        return Convert.python(t.scalarValue(atFlat: 0))
      }
      return Convert.value(try Convert.tensors { try draw(try Convert.shape(size)) })
    }
    func dims(_ args: Arguments) throws -> Value {
      args.positional.isEmpty ? .none : .tuple(args.positional)
    }

    m.addFunction("seed", signature: "seed=None") { a, _ in
      try Convert.tensors { try g.seed(a["seed"].isNone ? nil : try Convert.integer(a["seed"])) }
      return .none
    }
    m.attributes["rand"] = .builtin(
      BuiltinFunction("rand") { args, _ in try sized(try dims(args)) { try g.rand($0) } })
    m.attributes["randn"] = .builtin(
      BuiltinFunction("randn") { args, _ in try sized(try dims(args)) { try g.randn($0) } })
    for name in ["random", "random_sample"] {
      m.addFunction(name, signature: "size=None") { a, _ in try sized(a["size"]) { try g.rand($0) } }
    }
    m.addFunction("uniform", signature: "low=0.0, high=1.0, size=None") { a, _ in
      let (lo, hi) = (try Convert.double(a["low"]), try Convert.double(a["high"]))
      return try sized(a["size"]) { try g.uniform(low: lo, high: hi, size: $0) }
    }
    m.addFunction("normal", signature: "loc=0.0, scale=1.0, size=None") { a, _ in
      let (loc, scale) = (try Convert.double(a["loc"]), try Convert.double(a["scale"]))
      return try sized(a["size"]) { try g.normal(loc: loc, scale: scale, size: $0) }
    }
    m.addFunction("standard_normal", signature: "size=None") { a, _ in
      try sized(a["size"]) { try g.randn($0) }
    }
    m.addFunction("exponential", signature: "scale=1.0, size=None") { a, _ in
      let scale = try Convert.double(a["scale"])
      return try sized(a["size"]) { try g.exponential(scale: scale, size: $0) }
    }
    m.addFunction("standard_exponential", signature: "size=None") { a, _ in
      try sized(a["size"]) { try g.exponential(size: $0) }
    }
    m.addFunction("poisson", signature: "lam=1.0, size=None") { a, _ in
      let lam = try Convert.double(a["lam"])
      return try sized(a["size"]) { try g.poisson(lam: lam, size: $0) }
    }
    m.addFunction("binomial", signature: "n, p, size=None") { a, _ in
      let (n, p) = (Int64(try Convert.integer(a["n"])), try Convert.double(a["p"]))
      return try sized(a["size"]) { try g.binomial(n: n, p: p, size: $0) }
    }
    m.addFunction("randint", signature: "low, high=None, size=None, dtype=int") { a, _ in
      let low = Int64(try Convert.integer(a["low"]))
      let high = a["high"].isNone ? nil : Int64(try Convert.integer(a["high"]))
      let dtype = try Convert.dtype(a["dtype"]) ?? .int64
      if a["size"].isNone {
        var t = try Convert.tensors { try g.randint(low: low, high: high, size: [], dtype: dtype) }
        t.isScalar = false
        return Convert.python(t.scalarValue(atFlat: 0))
      }
      return Convert.value(
        try Convert.tensors {
          try g.randint(low: low, high: high, size: try Convert.shape(a["size"]), dtype: dtype)
        })
    }
    m.addFunction("shuffle", signature: "x") { a, _ in
      guard case .object(let o as TensorObject) = a["x"] else {
        throw ScriptError(.typeError, "shuffle() needs an array", hint: "convert with np.array(...) first")
      }
      try Convert.tensors { try g.shuffle(o.tensor) }
      return .none
    }
    m.addFunction("permutation", signature: "x") { a, _ in
      if case .int(let n) = a["x"] { return Convert.value(try Convert.tensors { try g.permutation(n) }) }
      let t = try Convert.tensor(a["x"])
      return Convert.value(try Convert.tensors { try g.permutation(t) })
    }
    m.addFunction("choice", signature: "a, size=None, replace=True, p=None") { a, _ in
      let size = a["size"].isNone ? nil : try Convert.shape(a["size"])
      let p = a["p"].isNone ? nil : try Convert.tensor(a["p"], dtype: .float64).toDoubles()
      let replace = try a.bool("replace")
      let t: Tensor
      if case .int(let n) = a["a"] {
        t = try Convert.tensors { try g.choice(n, size: size, replace: replace, p: p) }
      } else {
        let pool = try Convert.tensor(a["a"])
        t = try Convert.tensors { try g.choice(pool, size: size, replace: replace, p: p) }
      }
      return Convert.value(t)
    }

  }

  /// The new-style API: default_rng, Generator and PCG64 (NumPyGeneratorObject.swift).
  private static func addNewStyle(to m: ModuleObject) {
    m.addFunction(
      "default_rng", signature: "seed=None",
      documentation: "default_rng(seed=None): a Generator over PCG64, seeded as NumPy seeds it"
    ) { a, _ in try GeneratorArguments.defaultRNG(a["seed"]) }
    m.attributes["Generator"] = .object(GeneratorTypeObject())
    m.addFunction(
      "PCG64", signature: "seed=None", documentation: "PCG64(seed=None): NumPy's default bit generator"
    ) { a, _ in .object(PCG64Object(try GeneratorArguments.generator(a["seed"]))) }
  }
}

/// `np.random.RandomState(seed)`: a legacy MT19937 generator of its own, with the module's
/// functions as methods (`rng.randn(3)`, `rng.randint(10)`, `rng.seed(1)`).
final class RandomStateObject: HostObject {
  let generator: RandomGenerator
  private let methods: ModuleObject

  init(_ generator: RandomGenerator) {
    self.generator = generator
    methods = ModuleObject(name: "RandomState")
    NumPyRandomModule.addLegacyFunctions(to: methods) { [generator] in generator }
  }

  var typeName: String { "RandomState" }
  var qualifiedTypeName: String { "numpy.random.mtrand.RandomState" }
  func repr() -> String {
    "RandomState(MT19937) at 0x\(String(addressString(of: self).dropFirst(2)).uppercased())"
  }
  var attributeNames: [String] { methods.attributeNames }
  func getAttribute(_ name: String) throws -> Value? { try methods.attribute(name) }
}
