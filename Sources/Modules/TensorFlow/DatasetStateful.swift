import Script
import Tensors

/// The transformations that look back at earlier elements or stop early: `unique`,
/// `take_while`, `scan`, and `get_single_element`.
extension DatasetObject {
  /// `unique()`: each element the first time it comes. Elements must be single int32 or int64
  /// tensors (TensorFlow's strings do not exist in dnnlab); the elements seen are remembered,
  /// up to ``datasetGatherLimit`` of them. The count is unknown.
  func uniqued() throws -> Value {
    for component in spec.components {
      switch component {
      case .tensor(_, let dtype) where dtype == .int32 || dtype == .int64: continue
      default:
        let what =
          if case .tensor(_, let dtype) = component { "<dtype: '\(dtype.name)'>" } else { component.text }
        throw ScriptError(
          .typeError,
          "`tf.data.Dataset.unique` does not support type \(what) -- only `tf.int32`, `tf.int64`, and `tf.string` "
            + "are supported.")
      }
    }
    guard spec.components.count == 1 else {
      throw TensorFlowGatherSort.kernelError(
        "UniqueDataset only supports inputs with a single component.", op: "UniqueDataset", named: true)
    }
    return derived(.unique(self), "_UniqueDataset", "unique_op", cardinality: DatasetObject.unknown)
  }

  /// `take_while(predicate)`: the elements up to the first for which `predicate` is False. The
  /// count is unknown.
  func takingWhile(_ predicate: Value, _ interpreter: Interpreter) throws -> Value {
    try ElementFunction.requireCallable(predicate)
    let f = ElementFunction(predicate, interpreter: interpreter, context: context)
    try f.checkPredicate(for: spec, invalid: ElementFunction.invalidTakeWhilePredicate)
    return derived(
      .takeWhile(self, f), "_TakeWhileDataset", "take_while_op", cardinality: DatasetObject.unknown)
  }

  /// `scan(initial_state, scan_func)`: `scan_func(state, element)` returns `(new_state, output)`;
  /// the outputs are the elements, the state is carried from element to element and must keep
  /// its structure and dtypes (its shapes may change).
  func scanned(initial: Value, function: Value, _ interpreter: Interpreter) throws -> Value {
    try ElementFunction.requireCallable(function)
    let f = ElementFunction(function, interpreter: interpreter, context: context)
    let scan = ScanFunction(f, initial: try DatasetElement.from(initial))
    let outputSpec = try scan.outputSpec(for: spec)
    return derived(.scan(self, scan), "_ScanDataset", "scan_op", spec: outputSpec)
  }

  /// `get_single_element()`: the one element, TensorFlow's error when there are none or more.
  func singleElement() throws -> Value {
    let next = try node.iterator()
    let components = spec.components.count
    func failure(_ message: String) -> ScriptError {
      let op = "DatasetToSingleElement"
      return ScriptError(
        "InvalidArgumentError",
        "{{function_node __wrapped__\(op)_output_types_\(components)_device_/job:localhost/replica:0/task:0/"
          + "device:CPU:0}} \(message) [Op:\(op)] name: ")
    }
    guard let element = try next() else { throw failure("Dataset was empty.") }
    if try next() != nil { throw failure("Dataset had more than one element.") }
    return try element.value()
  }
}

/// A `scan` function with its initial state.
final class ScanFunction {
  let function: ElementFunction
  let initial: DatasetElement
  /// What the function's output is, learnt when the dataset was defined.
  private var outputs: ElementSpec?

  init(_ function: ElementFunction, initial: DatasetElement) {
    self.function = function
    self.initial = initial
  }

  /// The outputs' spec for elements of `input`: the function is called on the initial state and
  /// an element of zeros, and once more with a state of relaxed shapes when the new state's
  /// shapes differ from the initial one's (as TensorFlow traces it again).
  func outputSpec(for input: ElementSpec) throws -> ElementSpec {
    let context = function.context
    let saved = context.session.drawRandom { $0 }
    defer { context.session.drawRandom { $0 = saved } }
    let (state, output) = try step(initial, try input.probe(1, context: context))
    var spec = output.spec
    let relaxed = initial.spec.merged(with: state.spec) ?? initial.spec
    if relaxed.text != initial.spec.text {
      let (_, second) = try step(try relaxed.probe(1, context: context), try input.probe(2, context: context))
      spec = spec.merged(with: second.spec) ?? spec
    }
    outputs = spec
    return spec
  }

  /// One call: the new state and the output for `element` after `state`.
  private func step(_ state: DatasetElement, _ element: DatasetElement) throws -> (
    DatasetElement, DatasetElement
  ) {
    let value = try function.call(arguments: [try state.value(), try element.value()])
    // The pair may be a tuple or a list; a list inside it is a tensor, as TensorFlow packs it.
    let pair: [Value]
    switch value {
    case .tuple(let items) where items.count == 2: pair = items
    case .list(let l) where l.items.count == 2: pair = l.items
    default:
      let result = try DatasetElement.from(value, listsAreTuples: true)
      throw ScriptError(
        .typeError,
        "Invalid `scan_func`. `scan_func` should return a pair consisting of new state and the output value but its "
          + "return type is \(result.spec.text).")
    }
    let parts = [try DatasetElement.from(pair[0]), try DatasetElement.from(pair[1])]
    let expected = initial.spec, got = parts[0].spec
    guard got.sameStructureAndDTypes(as: expected) else {
      throw ScriptError(
        .typeError,
        "Invalid `scan_func`. The element types for the new state must match the initial state. Expected "
          + "\(ScanFunction.dtypes(expected, top: true)), got \(ScanFunction.dtypes(got, top: true)).")
    }
    return (parts[0], parts[1])
  }

  /// The outputs over `input`'s elements.
  func outputs(over input: DatasetObject) throws -> ElementIterator {
    let next = try input.node.iterator()
    var state = initial
    return { [self] in
      guard let e = try next() else { return nil }
      let (newState, output) = try step(state, e)
      if let outputs, !output.spec.sameStructureAndDTypes(as: outputs) {
        throw ScriptError(
          .typeError,
          "The function passed to scan() returned \(output.spec.text) for an element, but \(outputs.text) when "
            + "the dataset was defined",
          hint: "return the same structure and dtypes for every element")
      }
      state = newState
      return output
    }
  }

  /// The dtypes of `spec` as TensorFlow writes the structure: `<dtype: 'int64'>` alone,
  /// `(tf.int64, tf.float32)` in a tuple.
  private static func dtypes(_ spec: ElementSpec, top: Bool) -> String {
    switch spec {
    case .tensor(_, let dtype): return top ? "<dtype: '\(dtype.name)'>" : "tf.\(dtype.name)"
    case .dataset(let inner): return DatasetSpecObject.text(inner)
    case .tuple(let items):
      let parts = items.map { dtypes($0, top: false) }
      return parts.count == 1 ? "(\(parts[0]),)" : "(\(parts.joined(separator: ", ")))"
    case .dict(let pairs):
      return "{"
        + pairs.map { "\(Script.reprValue(.str($0.key))): \(dtypes($0.value, top: false))" }
        .joined(separator: ", ") + "}"
    }
  }
}

extension DatasetNode {
  /// The elements of `input`, each the first time it comes.
  static func uniqueElements(_ input: DatasetObject) throws -> ElementIterator {
    let next = try input.node.iterator()
    var seen: Set<[Int64]> = []
    return {
      while let e = try next() {
        guard case .tensor(let t) = e else { return e }
        var key: [Int64] = [Int64(t.ndim)] + t.shape.map { Int64($0) }
        key.reserveCapacity(key.count + t.count)
        for i in 0..<t.count {
          if case .int(let v) = t.scalarValue(atFlat: i) { key.append(v) }
        }
        if seen.insert(key).inserted {
          if seen.count > datasetGatherLimit { throw gatherLimitError() }
          return e
        }
      }
      return nil
    }
  }
}
