import Script
import Tensors

/// The `Dataset` transformations: each makes a new dataset over this one, with the element
/// spec and cardinality TensorFlow gives it. Arguments are checked when the transformation is
/// made, as TensorFlow checks them.
extension DatasetObject {
  /// A dataset made from this one by `node`, of TensorFlow's class `className` in `module`.
  func derived(
    _ node: DatasetNode, _ className: String, _ module: String, spec: ElementSpec? = nil,
    cardinality: Int? = nil
  ) -> Value {
    .object(
      DatasetObject(
        node, className: className, module: module, spec: spec ?? self.spec,
        cardinality: cardinality ?? self.cardinality, context: context))
  }

  private var isCounted: Bool { cardinality >= 0 }

  /// `batch(size, drop_remainder)`: elements stacked `size` at a time along a new first axis,
  /// whose length is `None` in the spec unless `drop_remainder` is on. `parallel` (any
  /// `num_parallel_calls`) only changes the class name.
  func batched(size: Int, dropRemainder: Bool, parallel: Bool) throws -> Value {
    if dropRemainder, size < 0 {
      // The batch axis of the spec is checked before the kernel's argument.
      throw ScriptError(.valueError, "Dimension \(size) must be >= 0")
    }
    guard size > 0 else {
      throw TensorFlowGatherSort.kernelError(
        "Batch size must be greater than zero.", op: "BatchDatasetV2", named: true)
    }
    if spec.holdsDatasets {
      throw ScriptError(
        .notImplementedError, "dnnlab's tf.data cannot batch datasets (the elements of window())",
        hint: "batch each window instead: ds.window(n).flat_map(lambda w: w.batch(n))")
    }
    let spec = self.spec.mapTensors { shape, dtype in
      .tensor(shape: [dropRemainder ? size : nil] + shape, dtype: dtype)
    }
    var count = cardinality
    if isCounted { count = cardinality / size + (!dropRemainder && cardinality % size != 0 ? 1 : 0) }
    return derived(
      .batch(self, size: size, dropRemainder: dropRemainder),
      parallel ? "_ParallelBatchDataset" : "_BatchDataset",
      "batch_op", spec: spec, cardinality: count)
  }

  /// `shuffle(buffer_size, seed=None, reshuffle_each_iteration=True)`. `buffer` -2
  /// (`UNKNOWN_CARDINALITY`) holds the whole input. Without a seed, the seed is drawn from the
  /// session's generator when the dataset is made, so `tf.random.set_seed` makes the orders repeat.
  func shuffled(buffer: Int, seed: Int?, reshuffle: Bool) throws -> Value {
    guard buffer > 0 || buffer == DatasetObject.unknown else {
      throw TensorFlowGatherSort.kernelError(
        "buffer_size must be greater than zero or UNKNOWN_CARDINALITY", op: "ShuffleDatasetV3", named: true)
    }
    let base: UInt64
    if let seed {
      // A fixed seed gives the same orders whatever the session's seed.
      base = UInt64(bitPattern: Int64(seed)) ^ 0x9E37_79B9_7F4A_7C15
    } else {
      base = context.session.drawRandom { $0.nextUInt64() }
    }
    let order = ShuffleOrder(bufferSize: buffer > 0 ? buffer : Int.max, seed: base, reshuffle: reshuffle)
    return derived(.shuffle(self, order), "_ShuffleDataset", "shuffle_op")
  }

  /// `take(count)`: the first `count` elements (all of them for a negative count).
  func taking(_ count: Int) -> Value {
    var n = cardinality
    if count >= 0 {
      if cardinality == DatasetObject.infinite { n = count } else if isCounted { n = min(cardinality, count) }
    }
    return derived(.take(self, count), "_TakeDataset", "take_op", cardinality: n)
  }

  /// `skip(count)`: all but the first `count` elements (none for a negative count).
  func skipping(_ count: Int) -> Value {
    var n = cardinality
    if isCounted { n = count < 0 ? 0 : max(cardinality - count, 0) }
    return derived(.skip(self, count), "_SkipDataset", "skip_op", cardinality: n)
  }

  /// `repeat(count=None)`: the elements `count` times over, forever for None or a negative count.
  func repeating(_ count: Int?) -> Value {
    let times = count.flatMap { $0 < 0 ? nil : $0 }
    var n: Int
    if let times {
      if times == 0 || cardinality == 0 {
        n = 0
      } else if isCounted {
        let (product, overflow) = cardinality.multipliedReportingOverflow(by: times)
        n = overflow ? Int.max : product
      } else {
        n = cardinality
      }
    } else {
      n = cardinality == 0 ? 0 : DatasetObject.infinite
    }
    return derived(.repeated(self, times), "_RepeatDataset", "repeat_op", cardinality: n)
  }

  /// `map(map_func)`: `map_func` applied to every element (see ``ElementFunction``).
  func mapping(_ function: Value, _ interpreter: Interpreter, parallel: Bool) throws -> Value {
    try ElementFunction.requireCallable(function)
    let f = ElementFunction(function, interpreter: interpreter, context: context)
    let resultSpec = try f.resultSpec(for: spec)
    return derived(
      .map(self, f, resultSpec), parallel ? "_ParallelMapDataset" : "_MapDataset", "map_op", spec: resultSpec)
  }

  /// `filter(predicate)`: the elements for which `predicate` returns True; the count is unknown.
  func filtering(_ predicate: Value, _ interpreter: Interpreter) throws -> Value {
    try ElementFunction.requireCallable(predicate)
    let f = ElementFunction(predicate, interpreter: interpreter, context: context)
    try f.checkPredicate(for: spec)
    return derived(.filter(self, f), "_FilterDataset", "filter_op", cardinality: DatasetObject.unknown)
  }

  /// `unbatch()`: every element split along its first axis. The count is known when that axis
  /// has one known length in the spec.
  func unbatched() throws -> Value {
    if spec.holdsDatasets {
      throw ScriptError(.valueError, "Slicing dataset elements is not supported for rank 0.")
    }
    let leaves = spec.leaves
    guard !leaves.isEmpty, leaves.allSatisfy({ !$0.shape.isEmpty }) else {
      throw ScriptError(.valueError, "Cannot unbatch an input with scalar components.")
    }
    let unbatchedSpec = spec.mapTensors { shape, dtype in
      .tensor(shape: Array(shape.dropFirst()), dtype: dtype)
    }
    var n = cardinality
    if isCounted {
      let firsts = Set(leaves.map { $0.shape[0] })
      if firsts.count == 1, let rows = firsts.first ?? nil {
        let (product, overflow) = cardinality.multipliedReportingOverflow(by: rows)
        n = overflow ? Int.max : product
      } else {
        n = DatasetObject.unknown
      }
    }
    return derived(.unbatch(self), "_UnbatchDataset", "unbatch_op", spec: unbatchedSpec, cardinality: n)
  }
}
