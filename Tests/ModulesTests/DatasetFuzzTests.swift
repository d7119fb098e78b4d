import Modules
import NN
import Script
import TestSupport
import Testing

/// Random calls of every `tf.data.Dataset` method and source, with edge numbers, huge sizes,
/// wrong types and functions of every arity, must end in a dataset or a Python error — never a
/// trap. Each resulting dataset is read (its first elements), so the lazy pipelines run too.
@Suite struct DatasetFuzzTests {
  static let prelude = """
    import numpy as np
    import tensorflow as tf
    ranged = tf.data.Dataset.range(5)
    pairs = tf.data.Dataset.from_tensor_slices((np.arange(6.0).reshape(3, 2), np.array([1, 2, 3])))
    batched = ranged.batch(2)
    endless = ranged.repeat()
    named = tf.data.Dataset.from_tensor_slices({'a': [1, 2], 'b': [[1.0], [2.0]]})
    filtered = ranged.filter(lambda v: v > 1)
    zipped = tf.data.Dataset.zip(ranged, endless.map(lambda v: v * 2))
    windows = ranged.window(2)
    """

  static let datasets = ["ranged", "pairs", "batched", "endless", "named", "filtered", "zipped", "windows"]

  static let values = [
    "0", "1", "-1", "-2", "3", "2.5", "10**12", "-10**12", "2**62", "True", "None", "'x'", "[]", "(2, 3)",
    "np.arange(3)", "lambda v: v", "lambda *a: a", "lambda v: None", "lambda v: v > 1", "lambda a, b: a",
    "lambda v: [v, v]", "lambda v: tf.range(v)", "tf.constant(2)", "np.int64(3)", "tf.float32", "ranged",
    "lambda *a: ranged", "lambda v: tf.data.Dataset.range(3)", "lambda *a: tf.data.Dataset.from_tensors(a)",
    "lambda w: w.batch(2)", "lambda s, x: (s, x)", "(ranged, endless)", "{'a': ranged}", "[2, None]",
    "-10**12",
  ]

  static let keywords = [
    "drop_remainder", "seed", "reshuffle_each_iteration", "count", "num_parallel_calls", "shift", "stride",
    "start", "cycle_length", "block_length", "padded_shapes", "padding_values", "index", "datasets",
  ]

  /// Methods that read an endless input forever for some arguments (a huge window shift, a
  /// `unique` that has seen every value), or gather without end, in TensorFlow as here.
  static let endlessTraps: Set<String> = [
    "skip", "shuffle", "batch", "reduce", "window", "unique", "padded_batch",
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
    do {
      _ = try interpreter.run(code, cell: 1)
      return true
    } catch {
      return false
    }
  }

  @Test func randomMethodCalls() throws {
    let interpreter = try interpreter()
    let names = try interpreter.elements(
      of: try #require(
        try interpreter.run("sorted(n for n in dir(ranged) if callable(getattr(ranged, n)))", cell: 1)))
    let methods = names.compactMap(\.stringValue)
    #expect(methods.count >= 12, "\(methods)")
    var rng = SeededGenerator(seed: 7)
    var succeeded = 0, calls = 0
    for ds in Self.datasets {
      for method in methods where !(ds == "endless" && Self.endlessTraps.contains(method)) {
        for _ in 0..<25 {
          var args = (0..<Int(rng.next() % 3)).map { _ in rng.pick(Self.values) }
          if rng.next() % 3 == 0 { args.append("\(rng.pick(Self.keywords))=\(rng.pick(Self.values))") }
          let call = "\(ds).\(method)(\(args.joined(separator: ", ")))"
          calls += 1
          if attempt(
            interpreter,
            "r = \(call)\nif isinstance(r, tf.data.Dataset):\n    print(r, r.cardinality())\n    items = list(r.take(6))\n"
              + "    for i in items:\n        if isinstance(i, tf.data.Dataset):\n            list(i.take(6))"
          ) {
            succeeded += 1
          }
        }
      }
    }
    #expect(succeeded > calls / 20 && succeeded < calls * 3 / 4, "\(succeeded) of \(calls) calls returned")
  }

  @Test func randomSources() throws {
    let interpreter = try interpreter()
    var rng = SeededGenerator(seed: 11)
    for source in ["from_tensor_slices", "from_tensors", "range", "zip"] {
      for _ in 0..<150 {
        let args = (0..<Int(rng.next() % 4)).map { _ in rng.pick(Self.values) }
        attempt(
          interpreter,
          "r = tf.data.Dataset.\(source)(\(args.joined(separator: ", ")))\nprint(r)\nlist(r.take(4))\n"
            + "list(r.batch(2).take(2))")
      }
    }
  }
}
