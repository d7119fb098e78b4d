import Script
import Tensors

/// The transformations that combine datasets or number their elements: `Dataset.zip`,
/// `concatenate`, `enumerate` and `shard`, with TensorFlow's specs, cardinalities and errors.
extension DatasetObject {
  /// `Dataset.zip(*args, datasets=None)`: one dataset argument zips that structure (a dataset,
  /// or a tuple or dict of them, nested), several zip the tuple of them. Each element is the
  /// structure with every dataset's next element in its place; the zip ends with the first
  /// dataset to end.
  static func zip(_ a: BoundArguments, context: KerasContext) throws -> DatasetObject {
    let positional = a.extraPositional
    let given: Value
    if !positional.isEmpty {
      given = positional.count == 1 ? positional[0] : .tuple(positional)
    } else if !a["datasets"].isNone {
      given = a["datasets"]
    } else {
      throw ScriptError(.typeError, "Must pass at least one dataset to `zip`.")
    }
    let structure = try zipStructure(given)
    let leaves = structure.components
    guard !leaves.isEmpty else {
      let attribute = if case .dict = structure { "output_shapes" } else { "output_types" }
      throw ScriptError(
        "InvalidArgumentError",
        "Length for attr '\(attribute)' of 0 must be at least minimum 1\n\t; NodeDef: {{node ZipDataset}}; "
          + "Op<name=ZipDataset; signature=input_datasets:N*variant -> handle:variant; "
          + "attr=output_types:list(type),min=1; attr=output_shapes:list(shape),min=1; attr=N:int,min=1; "
          + "attr=metadata:string,default=\"\"> [Op:ZipDataset] name: ")
    }
    var count = DatasetObject.infinite
    for case .dataset(let d) in leaves {
      if d.cardinality == DatasetObject.unknown {
        count = DatasetObject.unknown
        break
      }
      if d.cardinality != DatasetObject.infinite, count == DatasetObject.infinite || d.cardinality < count {
        count = d.cardinality
      }
    }
    return DatasetObject(
      .zip(structure), className: "_ZipDataset", module: "zip_op", spec: zipSpec(structure),
      cardinality: count, context: context)
  }

  /// The datasets of a `zip` argument, in its structure; TensorFlow's errors for lists and for
  /// anything else that is not a dataset.
  private static func zipStructure(_ v: Value) throws -> DatasetElement {
    switch v {
    case .object(let d as DatasetObject): return .dataset(d)
    case .tuple(let items): return .tuple(try items.map(zipStructure))
    case .dict(let d): return .dict(try DatasetElement.stringKeyed(d, zipStructure))
    case .list:
      throw ScriptError(
        .typeError,
        "Invalid input to `zip`. Inputs are expected to be (nested) structures of `tf.data.Dataset` objects. "
          + "Python `list` is not supported and you should use `tuple` instead.")
    default:
      throw ScriptError(
        .typeError,
        "Invalid input to `zip`. Inputs are expected to be (nested) structures of `tf.data.Dataset` objects but "
          + "encountered object of type <class '\(v.typeName)'>.")
    }
  }

  /// The spec of a zip: the structure with each dataset's element spec in its place.
  private static func zipSpec(_ structure: DatasetElement) -> ElementSpec {
    switch structure {
    case .dataset(let d): return d.spec
    case .tensor(let t): return .tensor(shape: t.shape.map { Optional($0) }, dtype: t.dtype)
    case .tuple(let items): return .tuple(items.map(zipSpec))
    case .dict(let pairs): return .dict(pairs.map { ($0.key, zipSpec($0.value)) })
    }
  }

  /// `concatenate(dataset)`: this dataset's elements, then `other`'s. The two must have the same
  /// structure and dtypes; shapes that differ become unknown dimensions.
  func concatenated(_ other: Value) throws -> Value {
    guard case .object(let second as DatasetObject) = other else {
      throw ScriptError(.attributeError, "'\(other.typeName)' object has no attribute 'element_spec'")
    }
    guard let merged = spec.merged(with: second.spec) else {
      if spec.sameStructureAndDTypes(as: second.spec) {
        throw ScriptError(
          .notImplementedError,
          "the concatenated datasets' elements differ in rank; dnnlab's tf.data has no specs of unknown rank",
          hint: "reshape one dataset's elements with map() so both have the same rank")
      }
      throw ScriptError(
        .typeError, "Incompatible dataset elements:\n  \(spec.text) vs.   \(second.spec.text)")
    }
    let count: Int
    if cardinality == DatasetObject.infinite || second.cardinality == DatasetObject.infinite {
      count = DatasetObject.infinite
    } else if cardinality == DatasetObject.unknown || second.cardinality == DatasetObject.unknown {
      count = DatasetObject.unknown
    } else {
      let (sum, overflow) = cardinality.addingReportingOverflow(second.cardinality)
      count = overflow ? Int.max : sum
    }
    return derived(
      .concatenate(self, second), "_ConcatenateDataset", "concatenate_op", spec: merged, cardinality: count)
  }

  /// `enumerate(start=0)`: `(i, element)` pairs, `i` an int64 counting from `start`; a zip of a
  /// range with this dataset, as in TensorFlow (whose count ends before the largest int64).
  func enumerated(start: Value) throws -> Value {
    if start.isNone {
      throw ScriptError(
        .valueError,
        "Attempt to convert a value (None) with an unsupported type (<class 'NoneType'>) to a Tensor.")
    }
    let first = try DatasetObject.int64(start)
    let (span, overflow) = Int.max.subtractingReportingOverflow(first)
    let counter = DatasetObject(
      .range(start: first, step: 1, count: overflow ? Int.max : span, dtype: .int64),
      className: "_RangeDataset",
      module: "range_op", spec: .tensor(shape: [], dtype: .int64), cardinality: DatasetObject.infinite,
      context: context)
    return derived(
      .zip(.tuple([.dataset(counter), .dataset(self)])), "_ZipDataset", "zip_op",
      spec: .tuple([.tensor(shape: [], dtype: .int64), spec]))
  }

  /// `shard(num_shards, index)`: elements `index`, `index + num_shards`, … TensorFlow's
  /// `SHARD_HINT` (-1) is accepted, and refused when read, as outside a distribution strategy.
  func sharded(count: Int, index: Int) throws -> Value {
    let hint = count == -1
    guard count > 0 || hint else {
      throw TensorFlowGatherSort.kernelError(
        "Number of shards must be greater than zero (currently num_shards = \(count)).", op: "ShardDataset",
        named: true)
    }
    guard (index >= 0 && index < count) || hint else {
      throw TensorFlowGatherSort.kernelError(
        "Index must be between 0 and \(count - 1) (currently index = \(index)).", op: "ShardDataset",
        named: true)
    }
    var n = cardinality
    if n >= 0 { n = n / count + (index < n % count ? 1 : 0) }
    return derived(.shard(self, count: count, index: index), "_ShardDataset", "shard_op", cardinality: n)
  }
}

extension DatasetNode {
  /// The elements of a zip of the datasets at the leaves of `structure`.
  static func zipped(_ structure: DatasetElement) throws -> ElementIterator {
    var iterators: [ElementIterator] = []
    for case .dataset(let d) in structure.components { iterators.append(try d.node.iterator()) }
    var done = false
    return {
      if done { return nil }
      var parts: [DatasetElement] = []
      parts.reserveCapacity(iterators.count)
      for next in iterators {
        guard let e = try next() else {
          done = true
          return nil
        }
        parts.append(e)
      }
      return structure.rebuilt(components: parts)
    }
  }

  /// The elements of `shard(count, index)` over `input`.
  static func sharded(_ input: DatasetObject, count: Int, index: Int) throws -> ElementIterator {
    if count == -1 {
      throw ScriptError(
        "FailedPreconditionError",
        "{{function_node __wrapped__MakeIterator_device_/job:localhost/replica:0/task:0/device:CPU:0}} "
          + "`tf.data.Dataset.shard(SHARD_HINT, ...)` can only be used in "
          + "`tf.distribute.Strategy.experimental_distribute_dataset()` with "
          + "`tf.data.experimental.AutoShardPolicy.HINT` policy, or tf.data service with "
          + "`tf.data.experimental.service.ShardingPolicy.HINT` processing mode. [Op:MakeIterator] name: ")
    }
    let next = try input.node.iterator()
    var position = 0
    var done = false
    return {
      if done { return nil }
      // How many to skip before the next element of this shard, in the 32-bit arithmetic of
      // TensorFlow's kernel: beyond 2**31 shards it wraps, and a negative count skips nothing.
      var skip = Int32(truncatingIfNeeded: (index &- position) % count)
      if skip < 0 { skip = Int32(truncatingIfNeeded: Int(skip) &+ count) }
      var skipped: Int32 = 0
      while skipped < skip {
        guard try next() != nil else {
          done = true
          return nil
        }
        skipped += 1
        position += 1
      }
      guard let e = try next() else {
        done = true
        return nil
      }
      position += 1
      return e
    }
  }
}

extension ElementSpec {
  /// Whether `other` has this spec's structure and dtypes (shapes may differ, in rank too).
  func sameStructureAndDTypes(as other: ElementSpec) -> Bool {
    switch (self, other) {
    case (.tensor(_, let a), .tensor(_, let b)): return a == b
    case (.dataset(let a), .dataset(let b)): return a.sameStructureAndDTypes(as: b)
    case (.tuple(let a), .tuple(let b)):
      return a.count == b.count && Swift.zip(a, b).allSatisfy { $0.sameStructureAndDTypes(as: $1) }
    case (.dict(let a), .dict(let b)):
      return a.map(\.key) == b.map(\.key)
        && Swift.zip(a, b).allSatisfy { $0.value.sameStructureAndDTypes(as: $1.value) }
    default: return false
    }
  }
}
