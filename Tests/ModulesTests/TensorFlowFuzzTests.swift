import Modules
import NN
import Script
import TestSupport
import Testing

/// Random calls of every `tf` and `tf.math` function, and random operators, indexing and
/// conversions on tf.Tensors and Keras variables, must end in a value or a Python error —
/// never a trap, which would end the whole test process.
@Suite struct TensorFlowFuzzTests {
  static let prelude = """
    import numpy as np
    import tensorflow as tf
    import keras
    t = tf.constant([[1., 2.], [3., 4.]])
    s = tf.constant(3)
    b = tf.constant([True, False])
    e = tf.zeros((0, 2))
    u = tf.constant(np.array([7, 0, 255], dtype=np.uint8))
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(2)])
    v = model.layers[0].kernel
    shape = t.shape
    """

  /// Arguments: edge numbers, huge sizes (which must fail fast, not allocate), odd shapes,
  /// dtypes, strings, and tensors of every kind.
  static let values = [
    "0", "1", "-1", "3", "2.5", "-0.0", "float('nan')", "float('inf')", "10**12", "-10**12", "2**62", "True",
    "None", "'x'", "[]", "[[]]", "[1, 2, 3]", "[[1, 2], [3, 4]]", "[1.5, -2]", "(2, 3)", "(-1,)", "(0, 3)",
    "[0, 0]", "np.arange(6)", "np.ones((2, 3))", "np.zeros((0,))", "t", "s", "b", "e", "u", "v", "shape",
    "tf.float32", "tf.int32", "tf.bool", "'float64'", "[t, t]", "[s, t]", "'DESCENDING'", "[[0, 1], [1, 0]]",
    "tf.constant([2, -5], dtype=tf.int64)",
  ]
  static let keywords = [
    "axis", "dtype", "keepdims", "depth", "shape", "perm", "output_type", "delta", "direction", "batch_dims",
    "summarize", "out_idx", "sep",
  ]

  func interpreter() throws -> Interpreter {
    let interpreter = Interpreter(output: { _ in })
    Modules.install(in: interpreter, session: NNSession())
    _ = try interpreter.run(Self.prelude, cell: 0)
    return interpreter
  }

  /// Runs `code`; errors are expected. Returns whether it ran without one.
  @discardableResult
  func attempt(_ interpreter: Interpreter, _ code: String) -> Bool {
    (try? interpreter.run(code, cell: 1)) != nil
  }

  @Test func randomCallsOfEveryFunction() throws {
    let interpreter = try interpreter()
    let names = try #require(
      try interpreter.run(
        "sorted([f'{m}.{n}' for m, mod in [('tf', tf), ('tf.math', tf.math), ('tf.nn', tf.nn)] "
          + "for n in dir(mod) if not n.startswith('_') and n != 'keras' and callable(getattr(mod, n))])",
        cell: 1))
    let functions = try interpreter.elements(of: names).map { value -> String in
      guard case .str(let s) = value else { throw ScriptError(.typeError, "not a name") }
      return s
    }
    #expect(functions.count >= 60, "\(functions)")
    var rng = SeededGenerator(seed: 2026)
    var succeeded = 0
    for name in functions {
      for _ in 0..<120 {
        var args = (0..<Int(rng.next() % 4)).map { _ in rng.pick(Self.values) }
        if rng.next() % 3 == 0 { args.append("\(rng.pick(Self.keywords))=\(rng.pick(Self.values))") }
        if attempt(interpreter, "\(name)(\(args.joined(separator: ", ")))") { succeeded += 1 }
      }
    }
    // The calls reach the functions: a fair share return values, most raise errors.
    let calls = functions.count * 120
    #expect(succeeded > calls / 20 && succeeded < calls / 2, "\(succeeded) of \(calls) calls returned")
  }

  @Test func randomOperatorsIndexingAndConversions() throws {
    let interpreter = try interpreter()
    let operators = ["+", "-", "*", "/", "//", "%", "**", "@", "==", "!=", "<", ">=", "&", "|"]
    let forms = [
      "{a} {op} {b}", "-{a}", "abs({a})", "{a}[{b}]", "{a}[{b}, {b}]", "{a}[1:{b}]", "len({a})", "list({a})",
      "float({a})", "int({a})", "bool({a})", "f'{{{a}:.2f}}'", "np.argmax({a})", "np.sum({a}, axis={b})",
      "{a}.numpy()", "{a}.shape[{b}]", "{a}[{b}] = 1", "str({a})", "repr({a})",
    ]
    var rng = SeededGenerator(seed: 11)
    var succeeded = 0
    for _ in 0..<6000 {
      let code = rng.pick(forms)
        .replacingOccurrences(of: "{op}", with: rng.pick(operators))
        .replacingOccurrences(of: "{a}", with: rng.pick(Self.values))
        .replacingOccurrences(of: "{b}", with: rng.pick(Self.values))
      if attempt(interpreter, code) { succeeded += 1 }
    }
    #expect(succeeded > 300 && succeeded < 5000, "\(succeeded) of 6000 returned")
  }
}
