import Script
import Tensors

/// A script function (a `def` or a lambda) that `Dataset.map` or `Dataset.filter` calls on each
/// element, with a tuple element's components as separate arguments and a tensor or dict as
/// the one argument, as TensorFlow calls it.
///
/// TensorFlow traces the function once, in graph mode, to learn what it returns; dnnlab calls
/// it eagerly on every element instead, after a first call on an element of zeros (with
/// unknown dimensions 1, then 2, long) made when the dataset is defined, for the result's
/// `element_spec` and for the errors TensorFlow raises at definition time. So `print` inside
/// the function prints on those calls and on every element, where TensorFlow prints once.
final class ElementFunction {
  let function: Value
  /// Weak: the interpreter's globals may hold the dataset.
  private weak var interpreter: Interpreter?
  let context: KerasContext

  init(_ function: Value, interpreter: Interpreter, context: KerasContext) {
    self.function = function
    self.interpreter = interpreter
    self.context = context
  }

  /// TensorFlow's error for an argument that is not callable (`map(5)`).
  static func requireCallable(_ v: Value) throws {
    switch v {
    case .function, .builtin: return
    case .object(let o) where o.isCallable: return
    default:
      throw ScriptError(
        .valueError,
        "Argument `func` must be a callable. Received func=\(Script.strValue(v)) (of type <class '\(v.typeName)'>)"
      )
    }
  }

  /// The function's result on element `e`.
  func call(_ e: DatasetElement) throws -> Value {
    if case .tuple(let items) = e {
      return try call(arguments: try items.map { try $0.value() })
    }
    return try call(arguments: [try e.value()])
  }

  /// The function's result on `arguments`.
  func call(arguments: [Value]) throws -> Value {
    guard let interpreter else {
      throw ScriptError(.runtimeError, "The session that defined this dataset's function has ended")
    }
    return try interpreter.call(function, Arguments(arguments))
  }

  /// `map`: the function's result on `e` as an element, checked against the components and
  /// dtypes of `spec` (what its first call returned; shapes may differ from element to element).
  func mapped(_ e: DatasetElement, spec: ElementSpec) throws -> DatasetElement {
    let result = try DatasetElement.from(try call(e), listsAreTuples: true)
    let got = result.spec.leaves, expected = spec.leaves
    guard got.count == expected.count, zip(got, expected).allSatisfy({ $0.dtype == $1.dtype }) else {
      throw ScriptError(
        .typeError,
        "The function passed to map() returned \(result.spec.text) for an element, but \(spec.text) when the "
          + "dataset was defined",
        hint: "return the same structure and dtypes for every element")
    }
    return result
  }

  /// `filter` (`take_while`): whether the predicate keeps `e`; `invalid` makes the error for a
  /// result that is not a scalar bool.
  func keeps(_ e: DatasetElement, invalid: (ElementSpec) -> ScriptError = ElementFunction.invalidPredicate)
    throws -> Bool
  {
    let result = try DatasetElement.from(try call(e), listsAreTuples: true)
    guard case .tensor(let t) = result, t.dtype == .bool, t.ndim == 0 else {
      throw invalid(result.spec)
    }
    return t.scalarValue(atFlat: 0).asDouble != 0
  }

  /// `take_while`'s wording of ``invalidPredicate(_:)``.
  static func invalidTakeWhilePredicate(_ spec: ElementSpec) -> ScriptError {
    ScriptError(
      .valueError,
      "Invalid `predicate`. `predicate` must return a `tf.bool` scalar tensor but its return type is\(spec.text).",
      hint: "return a comparison such as `x < 10`, or tf.reduce_all(...) of one")
  }

  static func invalidPredicate(_ spec: ElementSpec) -> ScriptError {
    ScriptError(
      .valueError,
      "Invalid `predicate`. `predicate` must return a `tf.bool` scalar tensor, but its return type is \(spec.text).",
      hint: "return a comparison such as `x > 0`, or tf.reduce_all(...) of one")
  }

  /// What the function returns for elements of `input`: its results on two probe elements (see
  /// ``ElementSpec/probe(_:context:)``), dimensions that differ between them becoming unknown.
  /// A failing second probe leaves the first result. The session's random generator is put back
  /// afterwards, so the probes draw nothing from the script's random stream.
  func resultSpec(for input: ElementSpec) throws -> ElementSpec {
    try probed(input) { try DatasetElement.from($0, listsAreTuples: true).spec }
  }

  /// `spec(result)` for the function's results on the two probe elements of `input`, merged.
  private func probed(_ input: ElementSpec, _ spec: (Value) throws -> ElementSpec) throws -> ElementSpec {
    let saved = context.session.drawRandom { $0 }
    defer { context.session.drawRandom { $0 = saved } }
    let first = try spec(try call(try input.probe(1, context: context)))
    // TensorFlow traces the function once: what the second probe prints is not shown.
    let shown = interpreter?.output
    interpreter?.output = { _ in }
    defer { if let shown { interpreter?.output = shown } }
    guard let second = try? spec(try call(try input.probe(2, context: context))) else { return first }
    return first.merged(with: second) ?? first
  }

  /// The predicate's result spec for elements of `input`, which must be a scalar bool.
  func checkPredicate(
    for input: ElementSpec, invalid: (ElementSpec) -> ScriptError = ElementFunction.invalidPredicate
  ) throws {
    let spec = try resultSpec(for: input)
    guard case .tensor(let shape, let dtype) = spec, dtype == .bool, shape.isEmpty else {
      throw invalid(spec)
    }
  }

  /// `flat_map` and `interleave`: the element spec of the datasets the function returns for
  /// elements of `input`, learnt as ``resultSpec(for:)`` learns a result's.
  func datasetSpec(for input: ElementSpec) throws -> ElementSpec {
    try probed(input) { try ElementFunction.dataset($0).spec }
  }

  /// The dataset the function returns for element `e`, whose elements must have the structure
  /// and dtypes of `spec`'s.
  func dataset(for e: DatasetElement, spec: ElementSpec) throws -> DatasetObject {
    let result = try ElementFunction.dataset(try call(e))
    guard result.spec.sameStructureAndDTypes(as: spec) else {
      throw ScriptError(
        .typeError,
        "The function returned a dataset of \(result.spec.text) for an element, but of \(spec.text) when the "
          + "dataset was defined",
        hint: "return datasets of the same structure and dtypes for every element")
    }
    return result
  }

  /// A function result that must be a dataset, with TensorFlow's errors for anything else.
  private static func dataset(_ v: Value) throws -> DatasetObject {
    switch v {
    case .object(let d as DatasetObject): return d
    case .tuple, .list: throw notDataset("<class 'tuple'>")
    case .dict: throw notDataset("<class 'dict'>")
    case .none: throw notDataset("None")
    default:
      // TensorFlow converts the result to a tensor first, then fails on it.
      throw ScriptError(
        .attributeError, "'Tensor' object has no attribute '_name'",
        hint: "the function must return a tf.data.Dataset, e.g. tf.data.Dataset.from_tensors(x)")
    }
  }

  private static func notDataset(_ what: String) -> ScriptError {
    ScriptError(.typeError, "The `map_func` argument must return a `Dataset` object. Got \(what).")
  }
}
