import Foundation
import Script
import Tensors

/// The transformations whose elements are datasets, or come from datasets a function returns:
/// `window`, `flat_map` and `interleave`.
extension DatasetObject {
  /// `window(size, shift=None, stride=1, drop_remainder=False)`: each element a structure like
  /// this dataset's with a dataset (TensorFlow's `_VariantDataset`) in place of each component,
  /// holding `size` elements taken `stride` apart; windows start `shift` (default `size`)
  /// elements apart, and the last ones are shorter unless `drop_remainder` is on.
  func windowed(size: Int, shift: Int?, stride: Int, dropRemainder: Bool) throws -> Value {
    let shift = shift ?? size
    for (value, what) in [(size, "size"), (shift, "shift"), (stride, "stride")] where value <= 0 {
      throw TensorFlowGatherSort.kernelError(
        "Window \(what) must be greater than zero.", op: "WindowDataset", named: true)
    }
    let shape = WindowShape(size: size, shift: shift, stride: stride, dropRemainder: dropRemainder)
    var n = cardinality
    if n >= 0 {
      if dropRemainder {
        let rest = n - shape.span
        n = rest < 0 ? 0 : rest / shift + 1
      } else {
        n = n / shift + (n % shift == 0 ? 0 : 1)
      }
    }
    let windowSpec = spec.mapComponents { ElementSpec.dataset($0) }
    return derived(.window(self, shape), "_WindowDataset", "window_op", spec: windowSpec, cardinality: n)
  }

  /// `flat_map(map_func)`: the elements of the dataset `map_func` returns for each element, one
  /// dataset after another. The count is unknown.
  func flatMapped(_ function: Value, _ interpreter: Interpreter) throws -> Value {
    try ElementFunction.requireCallable(function)
    let f = ElementFunction(function, interpreter: interpreter, context: context)
    let resultSpec = try f.datasetSpec(for: spec)
    return derived(
      .flatMap(self, f, resultSpec), "_FlatMapDataset", "flat_map_op", spec: resultSpec,
      cardinality: DatasetObject.unknown)
  }

  /// `interleave(map_func, cycle_length=None, block_length=None, num_parallel_calls=None)`: the
  /// datasets `map_func` returns, `cycle_length` of them open at a time (default: the number of
  /// processors, as TensorFlow's AUTOTUNE), `block_length` (default 1) elements from each in
  /// turn. `num_parallel_calls` only changes the class name.
  func interleaved(
    _ function: Value, cycle: Int?, block: Int?, parallel: Bool, _ interpreter: Interpreter
  ) throws -> Value {
    try ElementFunction.requireCallable(function)
    let cycle = cycle.flatMap { $0 == -1 ? nil : $0 } ?? max(ProcessInfo.processInfo.activeProcessorCount, 1)
    let block = block ?? 1
    for (value, what) in [(cycle, "cycle_length"), (block, "block_length")] where value <= 0 {
      let op = parallel ? "ParallelInterleaveDatasetV4" : "InterleaveDataset"
      throw ScriptError(
        "InvalidArgumentError",
        "{{function_node __wrapped__\(op)_Targuments_0_device_/job:localhost/replica:0/task:0/device:CPU:0}} "
          + "\(what) must be greater than zero. [Op:\(op)] name: ")
    }
    let f = ElementFunction(function, interpreter: interpreter, context: context)
    let resultSpec = try f.datasetSpec(for: spec)
    return derived(
      .interleave(self, f, resultSpec, cycle: cycle, block: block),
      parallel ? "_ParallelInterleaveDataset" : "_InterleaveDataset",
      "interleave_op", spec: resultSpec, cardinality: DatasetObject.unknown)
  }
}

/// The geometry of `window`: `size` elements `stride` apart, windows `shift` apart.
struct WindowShape {
  let size: Int
  let shift: Int
  let stride: Int
  let dropRemainder: Bool

  /// How many input elements a whole window spans: `(size - 1) * stride + 1`.
  var span: Int {
    let (product, overflow) = (size - 1).multipliedReportingOverflow(by: stride)
    return overflow || product == Int.max ? Int.max : product + 1
  }

  /// The windows over `input`'s elements. A window's elements are held in memory (refused
  /// beyond ``datasetGatherLimit``); the input is read lazily, a window at a time.
  func windows(of input: DatasetObject) throws -> ElementIterator {
    let next = try input.node.iterator()
    let target = span
    let leafSpecs = input.spec.components
    let context = input.context
    var buffer: [DatasetElement] = []
    var inputDone = false
    return { [self] in
      while !inputDone, buffer.count < target {
        guard let e = try next() else {
          inputDone = true
          break
        }
        buffer.append(e)
        if buffer.count > datasetGatherLimit { throw gatherLimitError() }
      }
      guard let first = buffer.first, !(dropRemainder && buffer.count < target) else { return nil }
      let items = Swift.stride(from: 0, to: buffer.count, by: stride).prefix(size).map { buffer[$0] }
      if shift >= buffer.count {
        var skipped = buffer.count
        while !inputDone, skipped < shift {
          if try next() == nil { inputDone = true }
          skipped += 1
        }
        buffer.removeAll()
      } else {
        buffer.removeFirst(shift)
      }
      let rows = items.map(\.components)
      let datasets = leafSpecs.indices.map { k -> DatasetElement in
        let column = rows.compactMap { k < $0.count ? $0[k] : nil }
        return .dataset(
          DatasetObject(
            .elements(column), className: "_VariantDataset", module: "dataset_ops", spec: leafSpecs[k],
            cardinality: column.count, context: context))
      }
      return first.rebuilt(components: datasets)
    }
  }
}

extension DatasetNode {
  /// `interleave` (and `flat_map`, one dataset at a time): the datasets `function` returns for
  /// `input`'s elements (of elements like `spec`), `cycle` open at once, `block` elements from each in turn; a dataset
  /// that ends frees its place for the next input element's at that place's next turn.
  static func interleaved(
    _ input: DatasetObject, _ function: ElementFunction, _ spec: ElementSpec, cycle: Int, block: Int
  ) throws -> ElementIterator {
    let next = try input.node.iterator()
    // Places by number: a huge cycle_length costs nothing until its places are filled.
    var open: [Int: ElementIterator] = [:]
    var place = 0, taken = 0
    var inputDone = false
    func advance() {
      taken = 0
      if inputDone {
        // Only open places remain to visit: go straight to the next one.
        place = open.keys.filter { $0 > place }.min() ?? open.keys.min() ?? 0
      } else {
        place = place + 1 >= cycle ? 0 : place + 1
      }
    }
    return {
      while !inputDone || !open.isEmpty {
        if let current = open[place] {
          if let e = try current() {
            taken += 1
            if taken >= block { advance() }
            return e
          }
          open[place] = nil
          advance()
        } else if !inputDone {
          guard let e = try next() else {
            inputDone = true
            continue
          }
          let dataset = try function.dataset(for: e, spec: spec)
          open[place] = try dataset.node.iterator()
          if open.count > datasetGatherLimit { throw gatherLimitError() }
        } else {
          advance()
        }
      }
      return nil
    }
  }
}
