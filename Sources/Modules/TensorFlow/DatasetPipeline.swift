import Script
import Tensors

/// Hands out a dataset's elements one at a time, then nil (and nil again if asked again).
typealias ElementIterator = () throws -> DatasetElement?

/// How a dataset makes its elements: from data, or by transforming another dataset.
/// Iteration is lazy: nothing runs until an element is asked for, so an endless pipeline
/// (`repeat()`) costs nothing until read.
enum DatasetNode {
  /// `from_tensor_slices`: element `i` is row `i` of every tensor of `structure`.
  case slices(DatasetElement, count: Int)
  /// `from_tensors`: the one element.
  case tensors(DatasetElement)
  /// `range`: `start`, `start + step`, … before `stop`, `count` of them, as `dtype`.
  case range(start: Int, step: Int, count: Int, dtype: DType)
  case batch(DatasetObject, size: Int, dropRemainder: Bool)
  case shuffle(DatasetObject, ShuffleOrder)
  /// `take(count)`; a negative count takes everything.
  case take(DatasetObject, Int)
  /// `skip(count)`; a negative count skips everything.
  case skip(DatasetObject, Int)
  /// `repeat(count)`; nil repeats forever.
  case repeated(DatasetObject, Int?)
  case map(DatasetObject, ElementFunction, ElementSpec)
  case filter(DatasetObject, ElementFunction)
  case unbatch(DatasetObject)
  /// `prefetch` and `cache`: the same elements.
  case same(DatasetObject)
  /// `zip`: the datasets at the leaves of a structure read side by side, each element that
  /// structure with the datasets' next elements at its leaves.
  case zip(DatasetElement)
  /// `concatenate`: the first dataset's elements, then the second's.
  case concatenate(DatasetObject, DatasetObject)
  /// `window`: datasets of `size` elements each, `shift` apart.
  case window(DatasetObject, WindowShape)
  /// The elements of one window component, held in memory.
  case elements([DatasetElement])
  /// `flat_map`: the elements of the dataset the function returns for each element.
  case flatMap(DatasetObject, ElementFunction, ElementSpec)
  /// `interleave`: the datasets the function returns, read `cycle` at a time, `block`
  /// elements from each in turn.
  case interleave(DatasetObject, ElementFunction, ElementSpec, cycle: Int, block: Int)
  /// `shard(count, index)`: every `count`-th element from the `index`-th.
  case shard(DatasetObject, count: Int, index: Int)
  case paddedBatch(DatasetObject, Padding)
  /// `unique`: each element the first time it comes.
  case unique(DatasetObject)
  /// `take_while`: the elements before the first the predicate rejects.
  case takeWhile(DatasetObject, ElementFunction)
  case scan(DatasetObject, ScanFunction)
}

/// The most elements a `shuffle` buffer or a `batch` gathers before refusing (as `list()` refuses).
let datasetGatherLimit = 10_000_000

func gatherLimitError() -> ScriptError {
  ScriptError(
    .memoryError, "refusing to hold more than \(datasetGatherLimit) dataset elements at once",
    hint: "use a smaller shuffle buffer or batch size")
}

extension DatasetNode {
  /// A fresh pass over the elements.
  func iterator() throws -> ElementIterator {
    switch self {
    case .slices(let structure, let count):
      var i = 0
      return {
        guard i < count else { return nil }
        defer { i += 1 }
        let row = i
        return try Convert.tensors { try structure.mapTensors { try $0.get([.int(row)]) } }
      }
    case .tensors(let element):
      var done = false
      return {
        if done { return nil }
        done = true
        return element
      }
    case .range(let start, let step, let count, let dtype):
      var i = 0
      return {
        guard i < count else { return nil }
        defer { i += 1 }
        let v = start &+ i &* step
        return .tensor(Tensor(scalar: .int(Int64(v)), dtype: dtype, isScalar: false))
      }
    case .batch(let input, let size, let dropRemainder):
      if let rows = try input.node.rowStream() {
        return DatasetNode.gatheredBatches(rows.source, rows.next, size: size, dropRemainder: dropRemainder)
      }
      return try DatasetNode.batches(try input.node.iterator(), size: size, dropRemainder: dropRemainder)
    case .shuffle(let input, let order):
      return order.iterator(over: try input.node.iterator())
    case .take(let input, let count):
      return Stream.take(try input.node.iterator(), count)
    case .skip(let input, let count):
      return Stream.skip(try input.node.iterator(), count)
    case .repeated(let input, let count):
      return try Stream.repeated(count) { try input.node.iterator() }
    case .map(let input, let function, let spec):
      let next = try input.node.iterator()
      return {
        guard let e = try next() else { return nil }
        return try function.mapped(e, spec: spec)
      }
    case .filter(let input, let function):
      let next = try input.node.iterator()
      return {
        while let e = try next() {
          if try function.keeps(e) { return e }
        }
        return nil
      }
    case .unbatch(let input):
      let next = try input.node.iterator()
      var pending: (element: DatasetElement, rows: Int)?
      var row = 0
      return {
        while true {
          if let p = pending, row < p.rows {
            defer { row += 1 }
            let r = row
            return try Convert.tensors { try p.element.mapTensors { try $0.get([.int(r)]) } }
          }
          guard let e = try next() else {
            pending = nil
            return nil
          }
          pending = (e, try DatasetNode.batchRows(e))
          row = 0
        }
      }
    case .same(let input):
      return try input.node.iterator()
    case .zip(let structure):
      return try DatasetNode.zipped(structure)
    case .concatenate(let first, let second):
      var current = try first.node.iterator()
      var onSecond = false
      return {
        while true {
          if let e = try current() { return e }
          if onSecond { return nil }
          onSecond = true
          current = try second.node.iterator()
        }
      }
    case .window(let input, let shape):
      return try shape.windows(of: input)
    case .elements(let items):
      var i = 0
      return {
        guard i < items.count else { return nil }
        defer { i += 1 }
        return items[i]
      }
    case .flatMap(let input, let function, let spec):
      return try DatasetNode.interleaved(input, function, spec, cycle: 1, block: 1)
    case .interleave(let input, let function, let spec, let cycle, let block):
      return try DatasetNode.interleaved(input, function, spec, cycle: cycle, block: block)
    case .shard(let input, let count, let index):
      return try DatasetNode.sharded(input, count: count, index: index)
    case .paddedBatch(let input, let padding):
      return try padding.batches(of: input)
    case .unique(let input):
      return try DatasetNode.uniqueElements(input)
    case .takeWhile(let input, let function):
      let next = try input.node.iterator()
      var stopped = false
      return {
        guard !stopped, let e = try next() else { return nil }
        if try function.keeps(e, invalid: ElementFunction.invalidTakeWhilePredicate) { return e }
        stopped = true
        return nil
      }
    case .scan(let input, let function):
      return try function.outputs(over: input)
    }
  }

  /// When the elements are rows of a `from_tensor_slices` source, read through `shuffle`,
  /// `take`, `skip`, `repeat`, `prefetch` or `cache` only: the source and the stream of row
  /// numbers, so `batch` can gather each batch's rows at once. The row numbers come in the
  /// order the elements would (the same shuffle draws).
  func rowStream() throws -> (source: DatasetElement, next: () throws -> Int?)? {
    switch self {
    case .slices(let source, let count):
      var i = 0
      return (
        source,
        {
          guard i < count else { return nil }
          defer { i += 1 }
          return i
        }
      )
    case .shuffle(let input, let order):
      guard let rows = try input.node.rowStream() else { return nil }
      return (rows.source, order.iterator(over: rows.next))
    case .take(let input, let count):
      guard let rows = try input.node.rowStream() else { return nil }
      return (rows.source, Stream.take(rows.next, count))
    case .skip(let input, let count):
      guard let rows = try input.node.rowStream() else { return nil }
      return (rows.source, Stream.skip(rows.next, count))
    case .repeated(let input, let count):
      guard let rows = try input.node.rowStream() else { return nil }
      var first: (() throws -> Int?)? = rows.next
      let next = try Stream.repeated(count) {
        if let f = first {
          first = nil
          return f
        }
        return try input.node.rowStream()?.next ?? { nil }
      }
      return (rows.source, next)
    case .same(let input):
      return try input.node.rowStream()
    default:
      return nil
    }
  }

  /// When this is a `batch` (maybe followed by `prefetch` or `cache`) of a ``rowStream()``: its
  /// parts, so a whole pass can be gathered at once.
  func batchedRows() throws -> (
    source: DatasetElement, next: () throws -> Int?, size: Int, dropRemainder: Bool
  )? {
    switch self {
    case .batch(let input, let size, let dropRemainder):
      guard let rows = try input.node.rowStream() else { return nil }
      return (rows.source, rows.next, size, dropRemainder)
    case .same(let input): return try input.node.batchedRows()
    default: return nil
    }
  }

  /// `batch` over rows of `source`: each batch's rows gathered from every tensor at once.
  private static func gatheredBatches(
    _ source: DatasetElement, _ next: @escaping () throws -> Int?, size: Int, dropRemainder: Bool
  ) -> ElementIterator {
    var exhausted = false
    return {
      if exhausted { return nil }
      var rows: [Int] = []
      while rows.count < size {
        guard let r = try next() else {
          exhausted = true
          break
        }
        rows.append(r)
        if rows.count > datasetGatherLimit { throw gatherLimitError() }
      }
      guard !rows.isEmpty, !(dropRemainder && rows.count < size) else { return nil }
      return try Convert.tensors {
        try source.mapTensors { try $0.gathered(rows, indexShape: [rows.count], axis: 0) }
      }
    }
  }

  /// `batch`: up to `size` elements of `next` stacked along a new first axis.
  private static func batches(_ next: @escaping ElementIterator, size: Int, dropRemainder: Bool) throws
    -> ElementIterator
  {
    grouped(next, size: size, dropRemainder: dropRemainder) { items, first in try stack(items, like: first) }
  }

  /// `next`'s elements in groups of `size` (the last one shorter unless `dropRemainder`), each
  /// group made into one element by `combine` (given the group and its first element).
  static func grouped(
    _ next: @escaping ElementIterator, size: Int, dropRemainder: Bool,
    _ combine: @escaping ([DatasetElement], DatasetElement) throws -> DatasetElement
  ) -> ElementIterator {
    var exhausted = false
    return {
      if exhausted { return nil }
      var items: [DatasetElement] = []
      while items.count < size {
        guard let e = try next() else {
          exhausted = true
          break
        }
        items.append(e)
        if items.count > datasetGatherLimit { throw gatherLimitError() }
      }
      guard let first = items.first, !(dropRemainder && items.count < size) else { return nil }
      return try combine(items, first)
    }
  }

  /// The elements' tensors stacked component by component, with TensorFlow's errors for
  /// components whose shapes differ.
  static func stack(_ items: [DatasetElement], like first: DatasetElement) throws -> DatasetElement {
    let columns = items.map(\.tensors)
    let width = columns[0].count
    var stacked: [Tensor] = []
    for k in 0..<width {
      let head = columns[0][k]
      var parts: [Tensor] = []
      parts.reserveCapacity(items.count)
      for (i, row) in columns.enumerated() {
        guard k < row.count, row[k].dtype == head.dtype else {
          throw ScriptError(.typeError, "The elements of a batch differ in structure or dtype")
        }
        let t = row[k]
        if t.shape != head.shape {
          if t.count != head.count {
            throw nextError(
              "Cannot add tensor to the batch: number of elements does not match. Shapes are: [tensor]: "
                + "\(shapeText(t.shape)), [batch]: \(shapeText(head.shape))", components: width)
          }
          throw nextError(
            "Cannot batch tensors with different shapes in component \(k). First element had shape "
              + "\(shapeText(head.shape)) and element \(i) had shape \(shapeText(t.shape)).",
            components: width)
        }
        parts.append(t)
      }
      stacked.append(try Convert.tensors { try Tensor.stack(parts) })
    }
    return first.rebuilt(from: stacked)
  }

  /// How many rows `unbatch` splits `e` into: the first dimension every component shares.
  static func batchRows(_ e: DatasetElement) throws -> Int {
    let tensors = e.tensors
    guard let first = tensors.first, let rows = first.shape.first else {
      throw ScriptError(.valueError, "Cannot unbatch an input with scalar components.")
    }
    for (k, t) in tensors.enumerated() where t.shape.first != rows {
      throw nextError(
        "Input element must have the same batch size in each component. Component 0 had size \(rows) but "
          + "component \(k) had size, \(t.shape.first ?? 0).", components: tensors.count)
    }
    return rows
  }

  /// The `InvalidArgumentError` TensorFlow raises while reading the next element of a
  /// dataset whose elements have `components` tensors.
  static func nextError(_ message: String, components: Int) -> ScriptError {
    ScriptError(
      "InvalidArgumentError",
      "{{function_node __wrapped__IteratorGetNext_output_types_\(components)_device_/job:localhost/replica:0/task:0/"
        + "device:CPU:0}} \(message) [Op:IteratorGetNext] name: ")
  }

  /// TensorFlow's text for a shape in kernel messages: `[]`, `[2,3]`.
  static func shapeText(_ shape: [Int]) -> String {
    "[" + shape.map(String.init).joined(separator: ",") + "]"
  }
}

/// The order of a `shuffle`: a buffer of `bufferSize` elements from which each output is drawn
/// at random and refilled from the input. The generator is dnnlab's (MT19937), seeded from
/// `seed` and, when `reshuffle` is on, the number of the pass, so every pass (every `for`
/// loop, every epoch of `fit`) has its own order and the same script repeats them.
final class ShuffleOrder {
  let bufferSize: Int
  let seed: UInt64
  let reshuffle: Bool
  private var passes = 0

  init(bufferSize: Int, seed: UInt64, reshuffle: Bool) {
    self.bufferSize = bufferSize
    self.seed = seed
    self.reshuffle = reshuffle
  }

  /// Elements of `next` in this pass's order.
  func iterator<T>(over next: @escaping () throws -> T?) -> () throws -> T? {
    let pass = reshuffle ? passes : 0
    passes += 1
    let key = [Int(seed & 0xFFFF_FFFF), Int(seed >> 32), pass & 0xFFFF_FFFF]
    var random = (try? RandomState(seed: key)) ?? RandomState(seed: UInt32(truncatingIfNeeded: seed))
    var buffer: [T] = []
    var inputDone = false
    let size = bufferSize
    return {
      while !inputDone, buffer.count < size {
        guard let e = try next() else {
          inputDone = true
          break
        }
        buffer.append(e)
        if buffer.count > datasetGatherLimit { throw gatherLimitError() }
      }
      guard !buffer.isEmpty else { return nil }
      let j = Int(random.randomInterval(UInt64(buffer.count - 1)))
      buffer.swapAt(j, buffer.count - 1)
      return buffer.removeLast()
    }
  }
}

/// `take`, `skip` and `repeat` over any stream of values (elements, or row numbers).
enum Stream {
  /// The first `count` values (all of them for a negative count).
  static func take<T>(_ next: @escaping () throws -> T?, _ count: Int) -> () throws -> T? {
    var taken = 0
    return {
      guard count < 0 || taken < count, let e = try next() else {
        taken = max(count, 0)
        return nil
      }
      taken += 1
      return e
    }
  }

  /// All but the first `count` values (none for a negative count).
  static func skip<T>(_ next: @escaping () throws -> T?, _ count: Int) -> () throws -> T? {
    var skipped = false
    return {
      if !skipped {
        skipped = true
        var n = 0
        while count < 0 || n < count {
          guard try next() != nil else { return nil }
          n += 1
        }
      }
      return try next()
    }
  }

  /// The passes `makePass` makes, one after another: `count` of them, or forever for nil. A
  /// pass that yields nothing ends an endless repeat, as in TensorFlow.
  static func repeated<T>(_ count: Int?, _ makePass: @escaping () throws -> () throws -> T?) throws
    -> () throws -> T?
  {
    if count == 0 { return { nil } }
    var current: (() throws -> T?)? = try makePass()
    var rounds = 0
    var producedThisRound = false
    return {
      while let next = current {
        if let e = try next() {
          producedThisRound = true
          return e
        }
        rounds += 1
        if let count, rounds >= count {
          current = nil
        } else if !producedThisRound {
          current = nil
        } else {
          producedThisRound = false
          current = try makePass()
        }
      }
      return nil
    }
  }
}
