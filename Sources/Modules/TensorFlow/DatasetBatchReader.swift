import NN
import Script
import Tensors

/// Reads a dataset's batches for Keras an epoch at a time, as arrays: each element an `x`
/// batch, an `(x,)`, `(x, y)` or `(x, y, sample_weight)` tuple, joined along the first axis
/// with each batch's size kept.
///
/// Without `steps`, every epoch is a whole pass (read once when the dataset is stable, see
/// ``DatasetObject/isStable``). With `steps`, Keras's epoch iterator: one pass runs on across
/// epochs, `steps` batches at a time; once as many batches as the dataset holds have been read,
/// the epoch stops short with Keras's warning and the next one starts a new pass.
final class BatchReader {
  let dataset: DatasetObject
  let steps: Int?
  let what: String
  let needsLabels: Bool
  private var current: ElementIterator?
  private var seen = 0
  /// Batches in a pass, when known.
  private var known: Int?
  private var cached: GivenBatches?

  /// `argument` names the steps argument in the message refusing an infinite dataset without it.
  init(_ dataset: DatasetObject, steps: Int?, argument: String, what: String, needsLabels: Bool = true) throws
  {
    if let steps, steps <= 0 {
      throw ScriptError(
        .valueError, "`\(argument)` must be a positive integer. Received: \(argument)=\(steps)")
    }
    if steps == nil, dataset.cardinality == DatasetObject.infinite {
      throw ScriptError(
        .valueError, "The dataset is infinite, so \(what) would never finish a pass over it",
        hint: "pass \(argument)=… (how many batches make an epoch), or use a finite dataset (repeat(count))")
    }
    self.dataset = dataset
    self.steps = steps
    self.what = what
    self.needsLabels = needsLabels
    known = dataset.cardinality >= 0 ? dataset.cardinality : nil
  }

  /// The next epoch's batches; nil when there are none.
  func next() throws -> GivenBatches? {
    guard let steps else {
      if let cached { return cached }
      let batches = try wholePass()
      if dataset.isStable { cached = batches }
      return batches
    }
    if current == nil {
      current = try dataset.node.iterator()
      seen = 0
    }
    var elements: [DatasetElement] = []
    while elements.count < steps {
      if let known, seen >= known {
        NNSession.current.warn(DatasetTraining.ranOutWarning)
        break
      }
      guard let e = try current?() else {
        if known == nil { known = seen }
        NNSession.current.warn(DatasetTraining.ranOutWarning)
        current = nil
        break
      }
      seen += 1
      elements.append(e)
      if elements.count > datasetGatherLimit { throw gatherLimit() }
    }
    if let known, seen >= known { current = nil }
    return try join(elements)
  }

  /// Every batch of a fresh pass. Batches of rows of `from_tensor_slices` data (through
  /// `shuffle`, `take`, `skip`, `repeat`) are gathered at once, without a tensor per batch.
  private func wholePass() throws -> GivenBatches? {
    if let rows = try dataset.node.batchedRows() {
      var order: [Int] = []
      while let r = try rows.next() {
        order.append(r)
        if order.count > datasetGatherLimit { throw gatherLimit() }
      }
      if rows.dropRemainder { order.removeLast(order.count % rows.size) }
      guard !order.isEmpty else { return nil }
      let sizes = DatasetTraining.evenSizes(order.count, rows.size)
      let all = try Convert.tensors {
        try rows.source.mapTensors { try $0.gathered(order, indexShape: [order.count], axis: 0) }
      }
      return try join([all], sizes: sizes)
    }
    let next = try dataset.node.iterator()
    var elements: [DatasetElement] = []
    while let e = try next() {
      elements.append(e)
      if elements.count > datasetGatherLimit { throw gatherLimit() }
    }
    return try join(elements)
  }

  private func gatherLimit() -> ScriptError {
    ScriptError(
      .memoryError, "refusing to read more than \(datasetGatherLimit) batches or samples for one epoch",
      hint: "pass steps_per_epoch=…, or batch the dataset")
  }

  /// The elements' `x`, `y` and weights joined into arrays; nil for no elements. `sizes`
  /// splits them into batches (default: one batch an element).
  private func join(_ elements: [DatasetElement], sizes: [Int]? = nil) throws -> GivenBatches? {
    guard !elements.isEmpty else { return nil }
    var xs: [Tensor] = [], ys: [Tensor] = [], ws: [Tensor] = []
    for e in elements {
      let (x, y, w) = try unpack(e)
      guard x.ndim >= 2 else {
        throw ScriptError(
          .valueError,
          "\(what) takes batches of samples, but the dataset's x is of shape \(TensorShapeObject.text(x.shape))",
          hint: x.ndim == 1
            ? "batch the dataset first: ds.batch(32)" : "the dataset's x must be batches of samples")
      }
      let rows = x.shape[0]
      for (part, name) in [(y, "y"), (w, "sample_weight")] {
        if let part, part.shape.first != rows {
          throw ScriptError(
            .valueError,
            "A batch has \(rows) samples of x but \(part.shape.first.map(String.init) ?? "no batch axis for") \(name)",
            hint: "each element must hold x, y (and weights) for the same samples")
        }
      }
      if needsLabels, y == nil {
        throw ScriptError(
          .valueError, "None values not supported.",
          hint: "the dataset must yield (x, y) or (x, y, sample_weight)")
      }
      if !xs.isEmpty, (y != nil) == ys.isEmpty || (w != nil) == ws.isEmpty {
        throw ScriptError(
          .valueError, "Every element of the dataset must have the same parts (x, y, sample_weight)")
      }
      xs.append(x)
      if let y { ys.append(y) }
      if let w { ws.append(w) }
    }
    return try Convert.tensors {
      GivenBatches(
        x: try joined(xs, "x"), y: ys.isEmpty ? nil : try joined(ys, "y"),
        sampleWeight: ws.isEmpty ? nil : try joined(ws, "sample_weight"),
        sizes: sizes ?? xs.map { $0.shape[0] })
    }
  }

  private func joined(_ parts: [Tensor], _ name: String) throws -> Tensor {
    guard let first = parts.first else {
      throw ScriptError(.valueError, "Expected input data to be non-empty.")
    }
    if parts.count == 1 { return first }
    let sample = Array(first.shape.dropFirst())
    for p in parts where Array(p.shape.dropFirst()) != sample {
      throw ScriptError(
        .valueError,
        "The dataset's batches of \(name) differ in shape: \(TensorShapeObject.text(first.shape)) and "
          + "\(TensorShapeObject.text(p.shape))",
        hint: "every sample must have the same shape")
    }
    return try Convert.tensors { try Tensor.concatenate(parts) }
  }

  /// Keras's reading of an element: `x`, `(x,)`, `(x, y)` or `(x, y, sample_weight)`.
  private func unpack(_ e: DatasetElement) throws -> (Tensor, Tensor?, Tensor?) {
    var parts: [DatasetElement]
    switch e {
    case .tensor: parts = [e]
    case .tuple(let items): parts = items
    case .dataset:
      throw ScriptError(
        .valueError, "A dataset's elements must be tensors or tuples of them to train on; these are datasets",
        hint: "make batches of the windows: ds.window(n).flat_map(lambda w: w.batch(n))")
    case .dict:
      throw ScriptError(
        .notImplementedError, "dnnlab's models take one input array; this dataset's elements are dicts",
        hint: "map them to (x, y) tuples: ds.map(lambda d: (d['x'], d['y']))")
    }
    guard (1...3).contains(parts.count) else {
      throw ScriptError(
        .valueError,
        "Data is expected to be in format `x`, `(x,)`, `(x, y)`, or `(x, y, sample_weight)`, found: "
          + dataset.spec.text)
    }
    let tensors = try parts.map { part -> Tensor in
      guard case .tensor(let t) = part else {
        throw ScriptError(
          .notImplementedError,
          "dnnlab's models take one input array; this dataset's x, y or weights are nested",
          hint: "map the elements to (x, y) tuples of tensors")
      }
      return t
    }
    return (tensors[0], tensors.count > 1 ? tensors[1] : nil, tensors.count > 2 ? tensors[2] : nil)
  }
}
