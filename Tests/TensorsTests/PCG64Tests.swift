import Foundation
import Tensors
import TestSupport
import Testing

// Replays Fixtures/pcg64.json (written by scripts/fixtures/gen_pcg64.py from real NumPy): SeedSequence
// pools and PCG64 states, Generator call sequences, and long standard_normal streams. Every float
// must equal NumPy's bit for bit.

enum PCG64Fixture {
  static let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures").appendingPathComponent("pcg64.json")

  static func root() -> [String: Any] {
    guard let data = try? Data(contentsOf: url),
      let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    else { return [:] }
    return root
  }

  static func section(_ name: String) -> [[String: Any]] { root()[name] as? [[String: Any]] ?? [] }

  static func strings(_ v: Any?) -> [String] { v as? [String] ?? [] }

  /// A fixture float: `repr()` text, `nan` or `inf`.
  static func double(_ s: String) -> Double {
    switch s {
    case "nan": return .nan
    case "inf": return .infinity
    case "-inf": return -.infinity
    default: return Double(s) ?? .nan
    }
  }

  static func uint128(_ s: String) -> UInt128 { UInt128(s) ?? 0 }
}

/// One generator call's outcome: values as fixture strings, or NumPy's error.
enum PCG64Outcome: Equatable {
  case values([String])
  case error(String, String)
}

struct PCG64Tests {
  @Test func fixtureIsPresent() {
    #expect(PCG64Fixture.section("seeds").count >= 10)
    #expect(PCG64Fixture.section("cases").count >= 10)
  }

  @Test func seedSequenceAndState() throws {
    for entry in PCG64Fixture.section("seeds") {
      let seed = PCG64Fixture.strings(entry["seed"]).compactMap { Int($0) }
      let isList = entry["isList"] as? Bool ?? false
      let seq = isList ? try SeedSequence(seed: seed) : try SeedSequence(seed: seed.first ?? -1)
      #expect(seq.pool.map(String.init) == PCG64Fixture.strings(entry["pool"]), "pool for \(seed)")
      #expect(seq.generateState64(4).map(String.init) == PCG64Fixture.strings(entry["state64"]))
      #expect(seq.generateState32(5).map(String.init) == PCG64Fixture.strings(entry["state32"]))
      let pcg = PCG64(seedSequence: seq)
      #expect(String(pcg.state) == entry["pcgState"] as? String, "state for \(seed)")
      #expect(String(pcg.increment) == entry["pcgInc"] as? String, "increment for \(seed)")
    }
  }

  @Test func negativeSeedIsNumPysError() {
    #expect(throws: RandomStateError("ValueError", "expected non-negative integer")) {
      try NumPyGenerator(seed: -1)
    }
    #expect(throws: RandomStateError("ValueError", "expected non-negative integer")) {
      try NumPyGenerator(seed: [3, -1])
    }
  }

  @Test(arguments: PCG64Fixture.section("cases").indices)
  func generatorCalls(_ index: Int) throws {
    let c = PCG64Fixture.section("cases")[index]
    let id = c["id"] as? String ?? "?"
    var g = try NumPyGenerator(seed: Int(c["seed"] as? String ?? "") ?? 0)
    for (i, call) in (c["calls"] as? [[String: Any]] ?? []).enumerated() {
      let expected: PCG64Outcome
      if let e = call["error"] as? [String], e.count == 2 {
        expected = .error(e[0], e[1])
      } else {
        // Integers as written; floats through Double, so Swift's shortest text compares.
        expected = .values(
          PCG64Fixture.strings(call["expect"]).map {
            Int64($0) != nil || UInt64($0) != nil ? $0 : "\(PCG64Fixture.double($0))"
          })
      }
      let got = run(&g, call)
      #expect(got == expected, "\(id) call \(i) \(call["op"] ?? "")")
    }
  }

  /// Runs one fixture call on `g`.
  func run(_ g: inout NumPyGenerator, _ call: [String: Any]) -> PCG64Outcome {
    func int(_ key: String) -> Int64 { Int64(call[key] as? String ?? "") ?? 0 }
    func dbl(_ key: String) -> Double { PCG64Fixture.double(call[key] as? String ?? "nan") }
    let n = Int(int("n"))
    let dtype = DType(rawValue: call["dtype"] as? String ?? "") ?? .float64
    func floats(_ t: Tensor) -> PCG64Outcome { .values(t.toDoubles().map { "\($0)" }) }
    func ints(_ t: Tensor) -> PCG64Outcome {
      var out = [String]()
      t.forEachElement {
        switch $0 {
        case .int(let i): out.append(String(i))
        case .bool(let b): out.append(b ? "1" : "0")
        case .float(let d): out.append(String(d))
        }
      }
      return .values(out)
    }
    do {
      switch call["op"] as? String {
      case "raw64": return .values((0..<n).map { _ in String(g.bits.next64()) })
      case "random": return floats(try g.random(size: [n], dtype: dtype))
      case "normal": return floats(try g.standardNormal(size: [n], dtype: dtype))
      case "gauss":
        return floats(
          try g.normal(loc: Tensor(scalar: dbl("loc")), scale: Tensor(scalar: dbl("scale")), size: [n]))
      case "uniform":
        return floats(
          try g.uniform(low: Tensor(scalar: dbl("low")), high: Tensor(scalar: dbl("high")), size: [n]))
      case "integers":
        let intType = DType(rawValue: call["dtype"] as? String ?? "") ?? .int64
        return ints(
          try g.integers(
            low: int("low"), high: int("high"), size: [n], dtype: intType,
            endpoint: call["endpoint"] as? Bool ?? false))
      case "choice":
        let probs = (call["probs"] as? [String])?.map(PCG64Fixture.double)
        let size: [Int]? = call["n"] is String ? [n] : nil
        return ints(
          try g.choice(
            Int(int("a")), size: size, replace: call["replace"] as? Bool ?? true, p: probs,
            shuffle: call["shuffle"] as? Bool ?? true))
      case "permutation": return ints(try g.permutation(n))
      case "shuffle":
        let t = try Tensor((0..<Int64(n)).map { $0 * 10 }, shape: [n])
        try g.shuffle(t)
        return ints(t)
      case "poisson": return ints(try g.poisson(lam: Tensor(scalar: dbl("lam")), size: [n]))
      case "binomial":
        return ints(try g.binomial(n: Tensor(scalar: int("bn")), p: Tensor(scalar: dbl("p")), size: [n]))
      case "advance":
        g.bits.advance(PCG64Fixture.uint128(call["delta"] as? String ?? "0"))
        return .values([])
      default: return .error("unknown op", "\(call["op"] ?? "")")
      }
    } catch let e as TensorError {
      return .error(e.kind.rawValue, e.message)
    } catch {
      return .error("other", "\(error)")
    }
  }

  @Test(arguments: [0, 1])
  func longNormalStreams(_ index: Int) throws {
    let streams = PCG64Fixture.section("streams")
    guard index < streams.count else {
      Issue.record("missing stream \(index)")
      return
    }
    let s = streams[index]
    var g = try NumPyGenerator(seed: Int(s["seed"] as? String ?? "") ?? 0)
    let count = Int(s["count"] as? String ?? "") ?? 0
    let dtype: DType = s["dtype"] as? String == "float32" ? .float32 : .float64
    let x = try g.standardNormal(size: [count], dtype: dtype).toDoubles()
    var sum = 0.0
    for v in x { sum += v }
    #expect(sum == PCG64Fixture.double(s["sum"] as? String ?? ""))
    #expect(x.min() == PCG64Fixture.double(s["min"] as? String ?? ""))
    #expect(x.max() == PCG64Fixture.double(s["max"] as? String ?? ""))
    let picks = PCG64Fixture.strings(s["picks"]).compactMap { Int($0) }
    let values = PCG64Fixture.strings(s["values"]).map(PCG64Fixture.double)
    #expect(picks.map { x[$0] } == values)
    #expect(g.random() == PCG64Fixture.double(s["next"] as? String ?? ""))
  }

  @Test func scalarDrawsAreZeroDimensional() throws {
    var g = try NumPyGenerator(seed: 0)
    let r = try g.random(size: nil)
    #expect(r.isScalar && r.shape == [])
    #expect(r.toDoubles() == [0.6369616873214543])
    let i = try g.integers(low: 5, size: nil)
    #expect(i.isScalar && i.dtype == .int64)
  }

  @Test func emptySizesSkipTheBounds() throws {
    var g = try NumPyGenerator(seed: 0)
    let t = try g.integers(low: 0, high: 0, size: [2, 0])
    #expect(t.shape == [2, 0])
    #expect(throws: TensorError.self) { try g.integers(low: 0, size: [-1]) }
    #expect(throws: TensorError.self) { try g.random(size: [-1]) }
    #expect(throws: TensorError.self) { try g.random(size: nil, dtype: .int32) }
  }

  @Test func broadcastParameters() throws {
    var g = try NumPyGenerator(seed: 0)
    let loc = try Tensor([0.0, 10.0], shape: [2])
    let t = try g.normal(loc: loc, scale: Tensor(scalar: 1.0), size: [3, 2])
    #expect(t.shape == [3, 2])
    do {
      _ = try g.normal(loc: loc, scale: Tensor(scalar: 1.0), size: [3])
      Issue.record("expected a shape mismatch")
    } catch let e as TensorError {
      #expect(
        e.message
          == "shape mismatch: objects cannot be broadcast to a single shape.  Mismatch is between arg 0 "
          + "with shape (3,) and arg 1 with shape (2,).")
    }
  }

  @Test func hugeRequestsFailWithoutTrapping() throws {
    var g = try NumPyGenerator(seed: 0)
    #expect(throws: TensorError.self) { try g.random(size: [Int.max, 2]) }
    #expect(throws: TensorError.self) { try g.permutation(Int.max) }
    #expect(throws: TensorError.self) { try g.choice(Int.max, size: [Int.max / 2], replace: false) }
    #expect(throws: TensorError.self) { try g.choice(Int.max, size: [3], replace: true, p: [1]) }
    let few = try g.choice(Int.max, size: [3], replace: false)
    #expect(few.shape == [3])
    #expect(throws: TensorError.self) { try g.integers(low: Int64.min, high: Int64.min, size: [1]) }
  }
}
