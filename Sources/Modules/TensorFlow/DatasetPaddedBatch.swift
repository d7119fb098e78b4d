import Script
import Tensors

extension DatasetObject {
  /// `padded_batch(batch_size, padded_shapes=None, padding_values=None, drop_remainder=False)`:
  /// `batch` for elements whose shapes differ. Each component is padded at the end of every
  /// axis to its padded shape (by default its spec's shape), where an unknown dimension (None
  /// or -1) pads to the longest in the batch; padding is `padding_values` (by default 0, or ''
  /// for strings), given in the elements' structure, each of the component's dtype.
  func paddedBatched(
    size: Int, shapes: Value, values: Value, dropRemainder: Bool, _ interp: Interpreter
  ) throws -> Value {
    let leaves = spec.leaves
    guard size > 0 else {
      let op = "PaddedBatchDatasetV2"
      throw ScriptError(
        "InvalidArgumentError",
        "{{function_node __wrapped__\(op)_N_\(leaves.count)_Toutput_types_\(leaves.count)_device_/job:localhost/"
          + "replica:0/task:0/device:CPU:0}} Batch size must be greater than zero. [Op:\(op)] name: ")
    }
    if spec.holdsDatasets {
      throw ScriptError(.typeError, "`padded_batch` is not supported for datasets of datasets")
    }
    var padded: [[Int?]] = leaves.map(\.shape)
    if !shapes.isNone {
      let given = try DatasetObject.following(spec, shapes, interp) {
        try DatasetObject.paddedShape($0, interp)
      }
      for (k, shape) in given.enumerated() {
        let input = leaves[k].shape
        let fits =
          shape.count == input.count
          && Swift.zip(shape, input).allSatisfy { p, i in
            guard let p, let i else { return true }
            return p >= i
          }
        guard fits else {
          throw ScriptError(
            .valueError,
            "The padded shape \(TensorShapeObject(dims: shape).str()) is not compatible with the shape "
              + "\(TensorShapeObject(dims: input).str()) of the corresponding input component.")
        }
      }
      padded = given
    }
    var fills: [Tensor] = try leaves.map { leaf in
      try Convert.tensors { try Tensor(zeros: [], dtype: leaf.dtype) }
    }
    if !values.isNone {
      let given = try DatasetObject.following(spec, values, interp) { try TensorFlowConvert.natural($0) }
      for (k, value) in given.enumerated() {
        guard value.dtype == leaves[k].dtype else {
          throw ScriptError(
            .typeError,
            "Invalid `padding_values`. `padding_values` values type <dtype: '\(value.dtype.name)'> does not match "
              + "type <dtype: '\(leaves[k].dtype.name)'> of the corresponding input component.")
        }
        guard value.ndim == 0 else {
          throw ScriptError(
            .valueError,
            "Invalid `padding_values`. `padding_values` values should be scalars, but got "
              + "\(TensorShapeObject.text(value.shape)).")
        }
        fills[k] = value
      }
    }
    var k = 0
    let resultSpec = spec.mapTensors { _, dtype in
      defer { k += 1 }
      return .tensor(shape: [dropRemainder ? size : nil] + padded[k], dtype: dtype)
    }
    var count = cardinality
    if count >= 0 { count = count / size + (!dropRemainder && count % size != 0 ? 1 : 0) }
    let padding = Padding(size: size, dropRemainder: dropRemainder, shapes: padded, values: fills)
    return derived(
      .paddedBatch(self, padding), "_PaddedBatchDataset", "padded_batch_op", spec: resultSpec,
      cardinality: count)
  }

  /// One value per tensor of `spec`, read from `given`, which follows `spec`'s structure (tuples
  /// as tuples, dicts as dicts with the same keys); `leaf` converts each.
  fileprivate static func following<T>(
    _ spec: ElementSpec, _ given: Value, _ interp: Interpreter, _ leaf: (Value) throws -> T
  ) throws -> [T] {
    switch spec {
    case .tensor, .dataset: return [try leaf(given)]
    case .tuple(let items):
      guard case .tuple(let parts) = given else {
        throw ScriptError(
          .typeError,
          "If shallow structure is a sequence, input must also be a sequence. Input has type: '\(given.typeName)'."
        )
      }
      guard parts.count == items.count else {
        throw ScriptError(
          .valueError,
          "The two structures don't have the same sequence length. Input structure has length \(parts.count), "
            + "while shallow structure has length \(items.count).")
      }
      return try Swift.zip(items, parts).flatMap { try following($0, $1, interp, leaf) }
    case .dict(let pairs):
      guard case .dict(let d) = given else {
        throw ScriptError(
          .typeError,
          "If shallow structure is a sequence, input must also be a sequence. Input has type: '\(given.typeName)'."
        )
      }
      return try pairs.flatMap { pair -> [T] in
        let match = d.entries.first { entry in
          if case .str(let key) = entry.key { key == pair.key } else { false }
        }
        guard let v = match?.value else {
          throw ScriptError(
            .valueError,
            "The two structures don't have the same keys: the padding has no \(Script.reprValue(.str(pair.key)))"
          )
        }
        return try following(pair.value, v, interp, leaf)
      }
    }
  }

  /// A padded shape: an int (one axis), a list or tuple of ints and Nones, or a TensorShape;
  /// -1 is unknown as None is.
  fileprivate static func paddedShape(_ v: Value, _ interp: Interpreter) throws -> [Int?] {
    let dims: [Value]
    switch v {
    case .object(let s as TensorShapeObject): return s.dims
    case .int, .bool: dims = [v]
    case .none: return []
    default: dims = try interp.elements(of: v)
    }
    return try dims.map { d -> Int? in
      if d.isNone { return nil }
      let n = try DatasetObject.int64(d)
      if n == -1 { return nil }
      guard n >= 0 else { throw ScriptError(.valueError, "Dimension \(n) must be >= 0") }
      return n
    }
  }
}

/// How `padded_batch` pads: per tensor component (in `tensors` order) its padded shape (nil
/// dimensions pad to the batch's longest) and its scalar padding value.
struct Padding {
  let size: Int
  let dropRemainder: Bool
  let shapes: [[Int?]]
  let values: [Tensor]

  /// The padded batches of `input`'s elements.
  func batches(of input: DatasetObject) throws -> ElementIterator {
    let next = try input.node.iterator()
    return DatasetNode.grouped(next, size: size, dropRemainder: dropRemainder) { [self] items, first in
      let columns = items.map(\.tensors)
      var stacked: [Tensor] = []
      for k in shapes.indices {
        let parts = columns.compactMap { k < $0.count ? $0[k] : nil }
        stacked.append(try pad(parts, component: k, of: columns[0].count))
      }
      return first.rebuilt(from: stacked)
    }
  }

  /// Component `k`'s tensors of one batch, padded and stacked.
  private func pad(_ parts: [Tensor], component k: Int, of width: Int) throws -> Tensor {
    let shape = shapes[k]
    var target: [Int] = []
    for (d, dim) in shape.enumerated() {
      target.append(dim ?? parts.map { d < $0.shape.count ? $0.shape[d] : 0 }.max() ?? 0)
    }
    for t in parts {
      guard t.shape.count == shape.count, t.dtype == values[k].dtype else {
        throw DatasetNode.nextError(
          "The elements of a padded batch differ in rank or dtype in component \(k).", components: width)
      }
      if Swift.zip(t.shape, target).contains(where: { $0 > $1 }) {
        var error = DatasetNode.nextError(
          "Attempted to pad to a smaller size than the input element.", components: width)
        error.kind = "DataLossError"
        throw error
      }
    }
    return try Convert.tensors {
      let out = try Tensor(zeros: [parts.count] + target, dtype: values[k].dtype)
      try out.set([], .tensor(values[k]))
      for (i, t) in parts.enumerated() {
        try out.set([.int(i)] + t.shape.map { .slice(start: 0, stop: $0, step: nil) }, .tensor(t))
      }
      return out
    }
  }
}
