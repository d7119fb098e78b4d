import NN
import Script
import Tensors

/// A `tf.data.Dataset`: an immutable, lazily read pipeline of elements (tf.Tensors, or tuples
/// and dicts of them). Shown as TensorFlow shows it,
/// `<_BatchDataset element_spec=TensorSpec(shape=(None, 2), dtype=tf.float32, name=None)>`,
/// with TensorFlow's class for each transformation. `for x in ds` reads a fresh pass;
/// `len(ds)` is its cardinality, a `TypeError` when infinite or unknown, as in TensorFlow;
/// `list(ds)` is refused for an infinite dataset (where Python would never finish).
final class DatasetObject: HostObject {
  static let infinite = -1
  static let unknown = -2

  let node: DatasetNode
  /// TensorFlow's class (`_BatchDataset`) and the module it lives in (`batch_op`).
  let className: String
  let moduleName: String
  let spec: ElementSpec
  /// The number of elements; `infinite` (-1) or `unknown` (-2) as TensorFlow counts them.
  let cardinality: Int
  let context: KerasContext

  init(
    _ node: DatasetNode, className: String, module: String, spec: ElementSpec, cardinality: Int,
    context: KerasContext
  ) {
    self.node = node
    self.className = className
    self.moduleName = module
    self.spec = spec
    self.cardinality = cardinality
    self.context = context
  }

  var typeName: String { className }
  var qualifiedTypeName: String { "tensorflow.python.data.ops.\(moduleName).\(className)" }
  func repr() -> String { "<\(className) element_spec=\(spec.text)>" }

  /// Whether every pass yields the same elements in the same order, so `fit` may read them once:
  /// no `map` or `filter` (their functions may draw random numbers) and no reshuffling.
  var isStable: Bool {
    switch node {
    case .slices, .tensors, .range: return true
    case .map, .filter: return false
    case .shuffle(let input, let order): return !order.reshuffle && input.isStable
    case .batch(let input, _, _), .take(let input, _), .skip(let input, _), .repeated(let input, _),
      .unbatch(let input), .same(let input), .window(let input, _), .shard(let input, _, _),
      .paddedBatch(let input, _), .unique(let input):
      return input.isStable
    case .zip(let structure):
      return structure.components.allSatisfy { if case .dataset(let d) = $0 { d.isStable } else { true } }
    case .concatenate(let first, let second): return first.isStable && second.isStable
    case .elements: return true
    case .flatMap, .interleave, .takeWhile, .scan: return false
    }
  }

  // MARK: Python protocols

  static let infiniteError = ScriptError(.typeError, "The dataset is infinite.")

  func length() throws -> Int? {
    switch cardinality {
    case DatasetObject.infinite: throw DatasetObject.infiniteError
    case DatasetObject.unknown:
      throw ScriptError(
        .typeError, "The dataset length is unknown.",
        hint: "count it with sum(1 for _ in ds), or call len(list(ds))")
    default: return cardinality
    }
  }

  func lengthHint() throws -> Int? {
    switch cardinality {
    case DatasetObject.infinite:
      throw ScriptError(
        .typeError, "The dataset is infinite.", hint: "take a part first: list(ds.take(10))")
    case DatasetObject.unknown: return nil
    default: return cardinality
    }
  }

  func makeIterator() throws -> (() throws -> Value?)? {
    let next = try node.iterator()
    return { try next()?.value() }
  }

  // MARK: Attributes

  static let methodNames = [
    "as_numpy_iterator", "batch", "cache", "cardinality", "concatenate", "enumerate", "filter", "flat_map",
    "get_single_element", "interleave", "map", "padded_batch", "prefetch", "reduce", "repeat", "scan",
    "shard",
    "shuffle", "skip", "take", "take_while", "unbatch", "unique", "window", "zip",
  ]

  /// `tf.data.Dataset` methods dnnlab does not have; naming one is a `NotImplementedError`.
  static let missingMethods: Set<String> = [
    "apply", "bucket_by_sequence_length", "choose_from_datasets", "counter", "from_generator",
    "group_by_window", "list_files", "load", "options", "ragged_batch", "random", "rebatch",
    "rejection_resample", "sample_from_datasets", "save", "snapshot", "sparse_batch", "with_options",
  ]

  var attributeNames: [String] { DatasetObject.methodNames + ["element_spec"] }

  var documentation: String? {
    let count =
      cardinality == DatasetObject.infinite
      ? "infinite" : cardinality == DatasetObject.unknown ? "unknown length" : "\(cardinality) elements"
    return "tf.data.Dataset (\(className), \(count)) of \(spec.text)\n"
      + "Methods: " + DatasetObject.methodNames.joined(separator: ", ")
      + "; iterate with `for x in ds`, or pass it to model.fit/evaluate/predict."
  }

  func getAttribute(_ name: String) throws -> Value? {
    switch name {
    case "element_spec": return spec.value
    case "cardinality":
      return method(name, "") { ds, _, _ in
        TensorFlowConvert.value(Tensor(scalar: .int(Int64(ds.cardinality)), dtype: .int64, isScalar: false))
      }
    case "as_numpy_iterator":
      return method(name, "") { ds, _, _ in
        if ds.spec.holdsDatasets {
          throw ScriptError(
            .typeError,
            "`tf.data.Dataset.as_numpy_iterator()` is not supported for datasets that produce values of type "
              + "<class 'tensorflow.python.data.ops.dataset_ops.DatasetV2'>")
        }
        let next = try ds.node.iterator()
        let hint: () throws -> Int? = { [cardinality = ds.cardinality] in
          if cardinality == DatasetObject.infinite { throw DatasetObject.infiniteError }
          return nil
        }
        return .iterator(
          IteratorObject(typeName: "NumpyIterator", lengthHint: hint) { try next()?.value(numpy: true) })
      }
    case "batch":
      return method(
        name, "batch_size, drop_remainder=False, num_parallel_calls=None, deterministic=None, name=None"
      ) {
        ds, a, interp in
        try ds.batched(
          size: try DatasetObject.int64(a["batch_size"]),
          dropRemainder: try interp.truthy(a["drop_remainder"]),
          parallel: !a["num_parallel_calls"].isNone)
      }
    case "shuffle":
      return method(name, "buffer_size, seed=None, reshuffle_each_iteration=True, name=None") {
        ds, a, interp in
        let seed = a["seed"].isNone ? nil : try DatasetObject.int64(a["seed"])
        let reshuffle =
          a["reshuffle_each_iteration"].isNone ? true : try interp.truthy(a["reshuffle_each_iteration"])
        return try ds.shuffled(
          buffer: try DatasetObject.int64(a["buffer_size"]), seed: seed, reshuffle: reshuffle)
      }
    case "take":
      return method(name, "count, name=None") { ds, a, _ in ds.taking(try DatasetObject.int64(a["count"])) }
    case "skip":
      return method(name, "count, name=None") { ds, a, _ in ds.skipping(try DatasetObject.int64(a["count"])) }
    case "repeat":
      return method(name, "count=None, name=None") { ds, a, _ in
        ds.repeating(a["count"].isNone ? nil : try DatasetObject.int64(a["count"]))
      }
    case "map":
      return method(
        name,
        "map_func, num_parallel_calls=None, deterministic=None, synchronous=None, "
          + "use_unbounded_threadpool=False, name=None"
      ) { ds, a, interp in
        try ds.mapping(a["map_func"], interp, parallel: !a["num_parallel_calls"].isNone)
      }
    case "filter":
      return method(name, "predicate, name=None") { ds, a, interp in try ds.filtering(a["predicate"], interp)
      }
    case "prefetch":
      return method(name, "buffer_size, name=None") { ds, a, _ in
        _ = try DatasetObject.int64(a["buffer_size"])
        return ds.derived(.same(ds), "_PrefetchDataset", "prefetch_op")
      }
    case "cache":
      return method(name, "filename='', name=None") { ds, _, _ in
        ds.derived(.same(ds), "CacheDataset", "cache_op")
      }
    case "unbatch":
      return method(name, "name=None") { ds, _, _ in try ds.unbatched() }
    case "reduce":
      return method(name, "initial_state, reduce_func, name=None") { ds, a, interp in
        try ElementFunction.requireCallable(a["reduce_func"])
        var state = try DatasetElement.from(a["initial_state"], listsAreTuples: true).value()
        let next = try ds.node.iterator()
        while let e = try next() {
          let result = try interp.call(a["reduce_func"], Arguments([state, try e.value()]))
          state = try DatasetElement.from(result, listsAreTuples: true).value()
        }
        return state
      }
    case "concatenate":
      return method(name, "dataset, name=None") { ds, a, _ in try ds.concatenated(a["dataset"]) }
    case "enumerate":
      return method(name, "start=0, name=None") { ds, a, _ in try ds.enumerated(start: a["start"]) }
    case "shard":
      return method(name, "num_shards, index, name=None") { ds, a, _ in
        try ds.sharded(
          count: try DatasetObject.int64(a["num_shards"]), index: try DatasetObject.int64(a["index"]))
      }
    case "window":
      return method(name, "size, shift=None, stride=1, drop_remainder=False, name=None") { ds, a, interp in
        try ds.windowed(
          size: try DatasetObject.int64(a["size"]),
          shift: a["shift"].isNone ? nil : try DatasetObject.int64(a["shift"]),
          stride: try DatasetObject.int64(a["stride"]), dropRemainder: try interp.truthy(a["drop_remainder"]))
      }
    case "flat_map":
      return method(name, "map_func, name=None") { ds, a, interp in try ds.flatMapped(a["map_func"], interp) }
    case "interleave":
      return method(
        name,
        "map_func, cycle_length=None, block_length=None, num_parallel_calls=None, deterministic=None, name=None"
      ) { ds, a, interp in
        try ds.interleaved(
          a["map_func"], cycle: a["cycle_length"].isNone ? nil : try DatasetObject.int64(a["cycle_length"]),
          block: a["block_length"].isNone ? nil : try DatasetObject.int64(a["block_length"]),
          parallel: !a["num_parallel_calls"].isNone, interp)
      }
    case "padded_batch":
      return method(
        name, "batch_size, padded_shapes=None, padding_values=None, drop_remainder=False, name=None"
      ) {
        ds, a, interp in
        try ds.paddedBatched(
          size: try DatasetObject.int64(a["batch_size"]), shapes: a["padded_shapes"],
          values: a["padding_values"],
          dropRemainder: try interp.truthy(a["drop_remainder"]), interp)
      }
    case "unique":
      return method(name, "name=None") { ds, _, _ in try ds.uniqued() }
    case "take_while":
      return method(name, "predicate, name=None") { ds, a, interp in
        try ds.takingWhile(a["predicate"], interp)
      }
    case "scan":
      return method(name, "initial_state, scan_func, name=None") { ds, a, interp in
        try ds.scanned(initial: a["initial_state"], function: a["scan_func"], interp)
      }
    case "get_single_element":
      return method(name, "name=None") { ds, _, _ in try ds.singleElement() }
    case "from_tensor_slices", "from_tensors", "range", "zip":
      // Static methods, reachable from an instance too.
      return try DatasetClassObject(context: context).getAttribute(name)
    default:
      if DatasetObject.missingMethods.contains(name) {
        throw ScriptError(
          .notImplementedError, "dnnlab's tf.data does not have Dataset.\(name) yet",
          hint: "the pipeline methods are " + DatasetObject.methodNames.joined(separator: ", "))
      }
      return nil
    }
  }

  private func method(
    _ name: String, _ spec: String,
    _ body: @escaping (DatasetObject, BoundArguments, Interpreter) throws -> Value
  ) -> Value {
    .builtin(
      BuiltinFunction(name, signature: spec, receiverTypeName: className) { [self] a, interp in
        try body(self, a, interp)
      })
  }

  /// A count or size argument, converted as TensorFlow converts it to an int64 tensor.
  static func int64(_ v: Value) throws -> Int {
    switch v {
    case .int(let i): return i
    case .bool(let b): return b ? 1 : 0
    case .object(let o as TensorBacked) where o.tensor.ndim == 0 && o.tensor.dtype.isInteger:
      if case .int(let i) = o.tensor.scalarValue(atFlat: 0) { return Int(i) }
    default: break
    }
    throw ScriptError(.typeError, "Cannot convert \(Script.reprValue(v)) to EagerTensor of dtype int64")
  }
}
