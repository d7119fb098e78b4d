import Foundation

/// The modules that live in Script itself: `math`, `random`, `time`, `warnings`, `os`, `sys`.
extension ModuleRegistry {
  func registerStandardModules(_ interpreter: Interpreter) {
    register("math") { .module(makeMathModule()) }
    register("random") { [unowned interpreter] in .module(makeRandomModule(interpreter)) }
    register("time") { [unowned interpreter] in .module(makeTimeModule(interpreter)) }
    register("warnings") { [unowned interpreter] in .module(makeWarningsModule(interpreter)) }
    register("os") { [unowned interpreter] in .module(makeOSModule(interpreter)) }
    register("sys") { [unowned interpreter] in .module(makeSysModule(interpreter)) }
  }
}

func makeMathModule() -> ModuleObject {
  let m = ModuleObject(
    name: "math", documentation: "Mathematical functions on floats (a subset of Python's math).")
  m.attributes["pi"] = .float(Double.pi)
  m.attributes["e"] = .float(M_E)
  m.attributes["tau"] = .float(2 * Double.pi)
  m.attributes["inf"] = .float(.infinity)
  m.attributes["nan"] = .float(.nan)
  func unary(_ name: String, _ f: @escaping (Double) -> Double, domain: ((Double) -> Bool)? = nil) {
    m.addFunction(name, signature: "x, /") { args, _ in
      let x = try args.double("x")
      if let domain, !domain(x) { throw ScriptError.value("math domain error") }
      let r = f(x)
      if r.isInfinite && x.isFinite { throw ScriptError(.overflowError, "math range error") }
      return .float(r)
    }
  }
  unary("sqrt", { $0.squareRoot() }, domain: { $0 >= 0 || $0.isNaN })
  unary("exp", Foundation.exp)
  unary("sin", Foundation.sin)
  unary("cos", Foundation.cos)
  unary("tan", Foundation.tan)
  unary("asin", Foundation.asin, domain: { abs($0) <= 1 })
  unary("acos", Foundation.acos, domain: { abs($0) <= 1 })
  unary("atan", Foundation.atan)
  unary("sinh", Foundation.sinh)
  unary("cosh", Foundation.cosh)
  unary("tanh", Foundation.tanh)
  unary("log2", Foundation.log2, domain: { $0 > 0 })
  unary("log10", Foundation.log10, domain: { $0 > 0 })
  unary("log1p", Foundation.log1p, domain: { $0 > -1 })
  unary("expm1", Foundation.expm1)
  unary("fabs", { abs($0) })
  unary("degrees", { $0 * 180 / .pi })
  unary("radians", { $0 * .pi / 180 })
  unary("erf", Foundation.erf)
  m.addFunction("log", signature: "x, base=None") { args, _ in
    let x = try args.double("x")
    guard x > 0 else { throw ScriptError.value("math domain error") }
    if args["base"].isNone { return .float(Foundation.log(x)) }
    let base = try args.double("base")
    guard base > 0, base != 1 else { throw ScriptError.value("math domain error") }
    return .float(Foundation.log(x) / Foundation.log(base))
  }
  m.addFunction("pow", signature: "x, y, /") { args, _ in
    try Arithmetic.float(.power, try args.double("x"), try args.double("y")) ?? .none
  }
  m.addFunction("atan2", signature: "y, x, /") { args, _ in
    .float(Foundation.atan2(try args.double("y"), try args.double("x")))
  }
  m.addFunction("hypot", signature: "*coordinates") { args, _ in
    .float(
      try args.extraPositional.map { try $0.asDouble(context: "hypot() argument") }.reduce(0) { $0 + $1 * $1 }
        .squareRoot())
  }
  for (name, rule) in [("floor", FloatingPointRoundingRule.down), ("ceil", .up), ("trunc", .towardZero)] {
    m.addFunction(name, signature: "x, /") { args, _ in
      if let i = args["x"].intValue { return .int(i) }
      return .int(try Arithmetic.toInt(try args.double("x").rounded(rule)))
    }
  }
  m.addFunction("isnan", signature: "x, /") { args, _ in .bool(try args.double("x").isNaN) }
  m.addFunction("isinf", signature: "x, /") { args, _ in .bool(try args.double("x").isInfinite) }
  m.addFunction("isfinite", signature: "x, /") { args, _ in .bool(try args.double("x").isFinite) }
  m.addFunction("isclose", signature: "a, b, *, rel_tol=1e-09, abs_tol=0.0") { args, _ in
    let a = try args.double("a")
    let b = try args.double("b")
    if a == b { return .bool(true) }
    let tolerance = max(try args.double("rel_tol") * max(abs(a), abs(b)), try args.double("abs_tol"))
    return .bool(a.isFinite && b.isFinite && abs(a - b) <= tolerance)
  }
  m.addFunction("factorial", signature: "n, /") { args, _ in
    let n = try args.int("n")
    if n < 0 { throw ScriptError.value("factorial() not defined for negative values") }
    var result = 1
    for k in stride(from: 2, through: n, by: 1) {
      result = try Arithmetic.checked(result.multipliedReportingOverflow(by: k))
    }
    return .int(result)
  }
  m.addFunction("gcd", signature: "*integers") { args, _ in
    var g = 0
    for v in args.extraPositional {
      var a = try v.asInt(context: "gcd() argument").magnitude
      var b = UInt(g)
      while b != 0 { (a, b) = (b, a % b) }
      guard let fits = Int(exactly: a) else { throw ScriptError.overflow() }
      g = fits
    }
    return .int(g)
  }
  m.addFunction("fsum", signature: "iterable, /") { args, _ in
    // Neumaier compensated summation: exact enough for course use.
    var sum = 0.0
    var compensation = 0.0
    for v in try Iteration.array(args["iterable"]) {
      let x = try v.asDouble(context: "fsum() element")
      let t = sum + x
      compensation += abs(sum) >= abs(x) ? (sum - t) + x : (x - t) + sum
      sum = t
    }
    return .float(sum + compensation)
  }
  m.addFunction("prod", signature: "iterable, /, *, start=1") { args, _ in
    var product = args["start"]
    for v in try Iteration.array(args["iterable"]) { product = try Ops.binary(.multiply, product, v) }
    return product
  }
  return m
}

/// A small, seedable generator (SplitMix64 feeding xoshiro256**): reproducible per seed,
/// not CPython's Mersenne Twister (sequences differ from Python's).
final class ScriptRandom {
  var state: (UInt64, UInt64, UInt64, UInt64) = (1, 2, 3, 4)

  init(seed: UInt64) { self.seed(seed) }

  func seed(_ value: UInt64) {
    var x = value
    func splitmix() -> UInt64 {
      x &+= 0x9E37_79B9_7F4A_7C15
      var z = x
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    state = (splitmix(), splitmix(), splitmix(), splitmix())
  }

  func next() -> UInt64 {
    let result = ((state.1 &* 5) << 7 | (state.1 &* 5) >> 57) &* 9
    let t = state.1 << 17
    state.2 ^= state.0
    state.3 ^= state.1
    state.1 ^= state.2
    state.0 ^= state.3
    state.2 ^= t
    state.3 = (state.3 << 45) | (state.3 >> 19)
    return result
  }

  /// Uniform in [0, 1).
  func nextDouble() -> Double { Double(next() >> 11) * 0x1.0p-53 }

  /// Uniform in 0..<n (n > 0), without modulo bias.
  func below(_ n: UInt64) -> UInt64 {
    let limit = UInt64.max - UInt64.max % n
    while true {
      let r = next()
      if r < limit { return r % n }
    }
  }
}

func makeRandomModule(_ interpreter: Interpreter) -> ModuleObject {
  let m = ModuleObject(
    name: "random", documentation: "Pseudo-random numbers (seedable; not CPython's exact sequence).")
  let rng = ScriptRandom(seed: UInt64(truncatingIfNeeded: Int(Date().timeIntervalSince1970 * 1e6)))
  m.addFunction("seed", signature: "a=None") { args, _ in
    let a = args["a"]
    switch a {
    case .none: rng.seed(UInt64(truncatingIfNeeded: Int(Date().timeIntervalSince1970 * 1e6)))
    case .str(let s):
      rng.seed(
        UInt64(
          truncatingIfNeeded: s.unicodeScalars.reduce(1469598103934665603 as UInt64) {
            ($0 ^ UInt64($1.value)) &* 1099511628211
          }))
    default:
      if let d = a.doubleValue, a.intValue == nil {
        rng.seed(d.bitPattern)
      } else {
        rng.seed(UInt64(bitPattern: Int64(try a.asInt(context: "seed() argument"))))
      }
    }
    return .none
  }
  m.addFunction("random", signature: "") { _, _ in .float(rng.nextDouble()) }
  m.addFunction("uniform", signature: "a, b") { args, _ in
    let a = try args.double("a")
    let b = try args.double("b")
    return .float(a + (b - a) * rng.nextDouble())
  }
  m.addFunction("gauss", signature: "mu=0.0, sigma=1.0") { args, _ in
    // Box–Muller.
    let u1 = max(rng.nextDouble(), Double.leastNonzeroMagnitude)
    let u2 = rng.nextDouble()
    let z = (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * .pi * u2)
    let mu = try args.double("mu")
    let sigma = try args.double("sigma")
    return .float(mu + sigma * z)
  }
  m.attributes["normalvariate"] = m.attributes["gauss"]
  func randomIndex(_ low: Int, _ highExclusive: Int, _ name: String) throws -> Int {
    guard highExclusive > low else { throw ScriptError.value("empty range in \(name)") }
    let span = UInt64(bitPattern: Int64(highExclusive &- low))
    return low &+ Int(truncatingIfNeeded: rng.below(span))
  }
  m.addFunction("randint", signature: "a, b") { args, _ in
    let b = try args.int("b")
    if b == Int.max { throw ScriptError.overflow() }
    return .int(try randomIndex(try args.int("a"), b + 1, "randint(\(try args.int("a")), \(b))"))
  }
  m.addFunction("randrange", signature: "start, stop=None, step=1") { args, _ in
    var start = try args.int("start")
    var stop = 0
    if args["stop"].isNone {
      stop = start
      start = 0
    } else {
      stop = try args.int("stop")
    }
    let step = try args.int("step")
    if step == 0 { throw ScriptError.value("zero step for randrange()") }
    let r = RangeValue(start: start, stop: stop, step: step)
    guard r.count > 0 else { throw ScriptError.value("empty range for randrange()") }
    return .int(r.element(try randomIndex(0, r.count, "randrange()")))
  }
  m.addFunction("choice", signature: "seq") { args, _ in
    // Python indexes the sequence, which a set cannot be.
    if case .set(let s) = args["seq"] { throw ScriptError.type("'\(s.typeName)' object is not subscriptable") }
    let items = try Iteration.array(args["seq"])
    guard !items.isEmpty else { throw ScriptError.index("Cannot choose from an empty sequence") }
    return items[try randomIndex(0, items.count, "choice()")]
  }
  m.addFunction("shuffle", signature: "x") { args, _ in
    guard case .list(let l) = args["x"] else {
      throw ScriptError.type("shuffle() needs a list, not \(args["x"].typeName)")
    }
    var i = l.items.count - 1
    while i > 0 {
      l.items.swapAt(i, try randomIndex(0, i + 1, "shuffle()"))
      i -= 1
    }
    return .none
  }
  m.addFunction("sample", signature: "population, k") { args, _ in
    if case .set = args["population"] {
      throw ScriptError.type("Population must be a sequence.  For dicts or sets, use sorted(d).")
    }
    var items = try Iteration.array(args["population"])
    let k = try args.int("k")
    guard k >= 0, k <= items.count else {
      throw ScriptError.value("Sample larger than population or is negative")
    }
    for i in 0..<k { items.swapAt(i, try randomIndex(i, items.count, "sample()")) }
    return .list(Array(items.prefix(k)))
  }
  _ = interpreter
  return m
}

func makeTimeModule(_ interpreter: Interpreter) -> ModuleObject {
  let m = ModuleObject(name: "time", documentation: "Wall-clock time and sleeping.")
  m.addFunction("time", signature: "") { _, _ in .float(Date().timeIntervalSince1970) }
  let origin = DispatchTime.now().uptimeNanoseconds
  for name in ["perf_counter", "monotonic", "process_time"] {
    m.addFunction(name, signature: "") { _, _ in
      .float(Double(DispatchTime.now().uptimeNanoseconds &- origin) / 1e9)
    }
  }
  m.addFunction("sleep", signature: "secs, /") { [unowned interpreter] args, _ in
    let seconds = try args.double("secs")
    if seconds.isNaN { throw ScriptError.value("Invalid value NaN (not a number)") }
    guard seconds >= 0 else { throw ScriptError.value("sleep length must be non-negative") }
    // Python keeps times as 64-bit nanosecond counts.
    guard seconds < 9.2e9 else {
      throw ScriptError(.overflowError, "timestamp too large to convert to C _PyTime_t")
    }
    // Sleep in short slices so an interrupt request is honoured promptly.
    let deadline = Date().addingTimeInterval(min(seconds, 1e7))
    while Date() < deadline {
      try interpreter.checkInterrupt()
      Thread.sleep(forTimeInterval: min(0.02, max(0, deadline.timeIntervalSinceNow)))
    }
    try interpreter.checkInterrupt()
    return .none
  }
  return m
}
