import Modules
import NN
import Script
import TestSupport
import Testing

/// Random calls of every `np`, `np.linalg` and `np.random` function must end in a value or a
/// Python error — never a trap, which would end the whole test process.
@Suite struct NumPyFuzzTests {
  static let prelude = """
    import numpy as np
    a = np.arange(6)
    m = np.arange(12.0).reshape(3, 4)
    f = np.array([1.5, np.nan, -np.inf, 0.0], dtype=np.float32)
    u = np.array([7, 0, 255], dtype=np.uint8)
    e = np.zeros((0, 2))
    s = np.float64(2.5)
    rng = np.random.default_rng(0)
    """

  /// Arguments: edge numbers, huge sizes (which must fail fast, not allocate), odd shapes,
  /// dtypes, strings, and arrays of every kind.
  static let values = [
    "0", "1", "-1", "3", "2.5", "-0.0", "float('nan')", "float('inf')", "10**12", "-10**12", "2**62",
    "-2**63",
    "True", "None", "'x'", "[]", "[[]]", "[1, 2, 3]", "[[1, 2], [3, 4]]", "[1.5, -2]", "(2, 3)", "(-1,)",
    "(0, 3)", "[0, 0]", "a", "m", "f", "u", "e", "s", "np.float32", "np.int32", "np.bool_", "'float64'",
    "[a, a]", "[m, m]", "m.T", "a[::-1]", "[[2, 1], [1, 3]]", "np.ones((2, 3, 3))",
    "np.eye(3, dtype=np.float32)",
    "np.zeros((2, 2))",
  ]
  static let keywords = [
    "axis", "dtype", "keepdims", "k", "size", "out", "weights", "bins", "q", "side", "n", "tol", "rtol",
    "rcond",
    "full_matrices", "compute_uv", "UPLO",
  ]

  @Test func randomCallsOfEveryFunction() throws {
    let interpreter = Interpreter(output: { _ in })
    Modules.install(in: interpreter, session: NNSession())
    _ = try interpreter.run(Self.prelude, cell: 0)
    let names = try #require(
      try interpreter.run(
        "sorted([f'{p}.{n}' for p, mod in [('np', np), ('np.linalg', np.linalg), ('np.random', np.random)] "
          + "for n in dir(mod) if not n.startswith('_') and callable(getattr(mod, n)) "
          + "and n not in ('seed', 'set_printoptions', 'printoptions', "
          // Writers would leave files in the working directory (NumPyFileTests covers them).
          + "'save', 'savez', 'savez_compressed', 'savetxt')])",
        cell: 1))
    let functions = try interpreter.elements(of: names).map { value -> String in
      guard case .str(let s) = value else { throw ScriptError(.typeError, "not a name") }
      return s
    }
    #expect(functions.count >= 100, "\(functions.count)")
    var rng = SeededGenerator(seed: 2027)
    var succeeded = 0
    for name in functions {
      for _ in 0..<80 {
        var args = (0..<Int(rng.next() % 4)).map { _ in rng.pick(Self.values) }
        if rng.next() % 3 == 0 { args.append("\(rng.pick(Self.keywords))=\(rng.pick(Self.values))") }
        if (try? interpreter.run("\(name)(\(args.joined(separator: ", ")))", cell: 1)) != nil {
          succeeded += 1
        }
      }
    }
    let calls = functions.count * 80
    #expect(succeeded > calls / 20 && succeeded < calls * 3 / 4, "\(succeeded) of \(calls) calls returned")
  }
}
