import Script
import Tensors

/// One element of a `tf.data.Dataset`: a tensor, a dataset (as `window` yields), or a tuple or
/// dict of elements (TensorFlow's "structure"). Dict keys are strings and keep the order they
/// were given in.
indirect enum DatasetElement {
  case tensor(Tensor)
  case dataset(DatasetObject)
  case tuple([DatasetElement])
  case dict([(key: String, value: DatasetElement)])

  /// The same structure with every tensor replaced by `transform(tensor)` (datasets kept).
  func mapTensors(_ transform: (Tensor) throws -> Tensor) throws -> DatasetElement {
    switch self {
    case .tensor(let t): return .tensor(try transform(t))
    case .dataset: return self
    case .tuple(let items): return .tuple(try items.map { try $0.mapTensors(transform) })
    case .dict(let pairs): return .dict(try pairs.map { ($0.key, try $0.value.mapTensors(transform)) })
    }
  }

  /// The tensors, depth first (TensorFlow's `nest.flatten`, without datasets).
  var tensors: [Tensor] {
    switch self {
    case .tensor(let t): return [t]
    case .dataset: return []
    case .tuple(let items): return items.flatMap(\.tensors)
    case .dict(let pairs): return pairs.flatMap(\.value.tensors)
    }
  }

  /// This element's structure with `flat` (as `tensors` lists them) in place of its tensors.
  func rebuilt(from flat: [Tensor]) -> DatasetElement {
    var next = 0
    func rebuild(_ e: DatasetElement) -> DatasetElement {
      switch e {
      case .tensor(let t):
        defer { next += 1 }
        return .tensor(next < flat.count ? flat[next] : t)
      case .dataset: return e
      case .tuple(let items): return .tuple(items.map(rebuild))
      case .dict(let pairs): return .dict(pairs.map { ($0.key, rebuild($0.value)) })
      }
    }
    return rebuild(self)
  }

  /// The leaves, tensors and datasets, depth first.
  var components: [DatasetElement] {
    switch self {
    case .tensor, .dataset: return [self]
    case .tuple(let items): return items.flatMap(\.components)
    case .dict(let pairs): return pairs.flatMap(\.value.components)
    }
  }

  /// This element's structure with `leaves` (as `components` lists them) in place of its leaves.
  func rebuilt(components leaves: [DatasetElement]) -> DatasetElement {
    var next = 0
    func rebuild(_ e: DatasetElement) -> DatasetElement {
      switch e {
      case .tensor, .dataset:
        defer { next += 1 }
        return next < leaves.count ? leaves[next] : e
      case .tuple(let items): return .tuple(items.map(rebuild))
      case .dict(let pairs): return .dict(pairs.map { ($0.key, rebuild($0.value)) })
      }
    }
    return rebuild(self)
  }

  /// The script value: tf.Tensors, or (with `numpy`) NumPy arrays and scalars, in tuples and dicts.
  func value(numpy: Bool = false) throws -> Value {
    switch self {
    case .tensor(let t):
      guard numpy else { return TensorFlowConvert.value(t) }
      var copy = try Convert.tensors { try t.copy() }
      copy.isScalar = copy.ndim == 0
      return Convert.value(copy)
    case .dataset(let ds): return .object(ds)
    case .tuple(let items): return .tuple(try items.map { try $0.value(numpy: numpy) })
    case .dict(let pairs):
      return .dict(DictObject(try pairs.map { ($0.key, try $0.value.value(numpy: numpy)) }))
    }
  }

  /// A dict's entries with `transform` applied to the values; the keys must be strings, as
  /// dnnlab's element specs name components by string.
  static func stringKeyed(_ d: DictObject, _ transform: (Value) throws -> DatasetElement) throws
    -> [(String, DatasetElement)]
  {
    try d.entries.map { entry in
      guard case .str(let key) = entry.key else {
        throw ScriptError(
          .typeError,
          "dnnlab's tf.data takes dicts with str keys; got the key \(Script.reprValue(entry.key))",
          hint: "name the components with strings")
      }
      return (key, try transform(entry.value))
    }
  }

  /// The element a script value stands for: tuples and dicts are structure, anything else a
  /// tensor converted as `tf.constant` converts it (copied, so later changes to a NumPy array
  /// do not reach the dataset). `listsAreTuples`: a list is structure too, and a dataset is a
  /// component, as in a `map` function's result; in `from_tensor_slices` a list is a tensor.
  static func from(_ value: Value, listsAreTuples: Bool = false) throws -> DatasetElement {
    switch value {
    case .tuple(let items): return .tuple(try items.map { try from($0, listsAreTuples: listsAreTuples) })
    case .list(let l) where listsAreTuples:
      return .tuple(try l.items.map { try from($0, listsAreTuples: listsAreTuples) })
    case .object(let ds as DatasetObject) where listsAreTuples: return .dataset(ds)
    case .dict(let d):
      return .dict(try stringKeyed(d) { try from($0, listsAreTuples: listsAreTuples) })
    case .none:
      throw ScriptError(
        .typeError, "None is not a tensor: a dataset's elements are tensors, or tuples and dicts of them",
        hint: "return or pass a value for every component")
    default:
      let t = try TensorFlowConvert.natural(value)
      return .tensor(try Convert.tensors { try t.copy() })
    }
  }

  /// The spec of this element (its exact shapes).
  var spec: ElementSpec {
    switch self {
    case .tensor(let t): return .tensor(shape: t.shape.map { Optional($0) }, dtype: t.dtype)
    case .dataset(let ds): return .dataset(ds.spec)
    case .tuple(let items): return .tuple(items.map(\.spec))
    case .dict(let pairs): return .dict(pairs.map { ($0.key, $0.value.spec) })
    }
  }
}

/// The type of a dataset's elements (`element_spec`): for each tensor its dtype and shape, a
/// dimension `nil` where elements may differ (`None`, as after `batch`); for each dataset (the
/// elements of `window`) the spec of its elements.
indirect enum ElementSpec {
  case tensor(shape: [Int?], dtype: DType)
  case dataset(ElementSpec)
  case tuple([ElementSpec])
  case dict([(key: String, value: ElementSpec)])

  /// `TensorSpec(shape=(None, 2), dtype=tf.float32, name=None)`, `(…, …)` or `{'x': …}`.
  var text: String {
    switch self {
    case .tensor(let shape, let dtype): return TensorSpecObject.text(shape: shape, dtype: dtype)
    case .dataset(let inner): return DatasetSpecObject.text(inner)
    case .tuple(let items):
      let parts = items.map(\.text)
      return parts.count == 1 ? "(\(parts[0]),)" : "(\(parts.joined(separator: ", ")))"
    case .dict(let pairs):
      return "{" + pairs.map { "\(Script.reprValue(.str($0.key))): \($0.value.text)" }.joined(separator: ", ")
        + "}"
    }
  }

  /// The script value: `TensorSpec` objects in tuples and dicts.
  var value: Value {
    switch self {
    case .tensor(let shape, let dtype): return .object(TensorSpecObject(shape: shape, dtype: dtype))
    case .dataset(let inner): return .object(DatasetSpecObject(inner))
    case .tuple(let items): return .tuple(items.map(\.value))
    case .dict(let pairs): return .dict(DictObject(pairs.map { ($0.key, $0.value.value) }))
    }
  }

  /// The same structure with every tensor's spec replaced by `transform(shape, dtype)`
  /// (datasets kept).
  func mapTensors(_ transform: ([Int?], DType) throws -> ElementSpec) rethrows -> ElementSpec {
    switch self {
    case .tensor(let shape, let dtype): return try transform(shape, dtype)
    case .dataset: return self
    case .tuple(let items): return .tuple(try items.map { try $0.mapTensors(transform) })
    case .dict(let pairs): return .dict(try pairs.map { ($0.key, try $0.value.mapTensors(transform)) })
    }
  }

  /// The tensor specs, depth first (datasets left out).
  var leaves: [(shape: [Int?], dtype: DType)] {
    switch self {
    case .tensor(let shape, let dtype): return [(shape, dtype)]
    case .dataset: return []
    case .tuple(let items): return items.flatMap(\.leaves)
    case .dict(let pairs): return pairs.flatMap(\.value.leaves)
    }
  }

  /// The leaves, tensor and dataset specs, depth first.
  var components: [ElementSpec] {
    switch self {
    case .tensor, .dataset: return [self]
    case .tuple(let items): return items.flatMap(\.components)
    case .dict(let pairs): return pairs.flatMap(\.value.components)
    }
  }

  /// The same structure with every leaf (tensor or dataset spec) replaced by `transform(leaf)`.
  func mapComponents(_ transform: (ElementSpec) throws -> ElementSpec) rethrows -> ElementSpec {
    switch self {
    case .tensor, .dataset: return try transform(self)
    case .tuple(let items): return .tuple(try items.map { try $0.mapComponents(transform) })
    case .dict(let pairs): return .dict(try pairs.map { ($0.key, try $0.value.mapComponents(transform)) })
    }
  }

  /// Whether some element component is a dataset.
  var holdsDatasets: Bool {
    components.contains { if case .dataset = $0 { return true } else { return false } }
  }

  /// An element of this spec for a function's `round`-th probe call (1 or 2): filled with
  /// zeros and unknown dimensions 1 long, then with ones and unknown dimensions 2 long. What a
  /// `map` or `filter` function is called on to learn its result's spec, as TensorFlow traces
  /// it once: result dimensions that differ between the two are unknown. A dataset component is
  /// a dataset of one such element, of unknown length.
  func probe(_ round: Int, context: KerasContext) throws -> DatasetElement {
    switch self {
    case .tensor(let shape, let dtype):
      return .tensor(
        try Convert.tensors {
          let t = try Tensor(zeros: shape.map { $0 ?? round }, dtype: dtype)
          if round > 1 { try t.set([], .pyInt(1)) }
          return t
        })
    case .dataset(let inner):
      let element = try inner.probe(round, context: context)
      return .dataset(
        DatasetObject(
          .tensors(element), className: "_VariantDataset", module: "dataset_ops", spec: inner,
          cardinality: DatasetObject.unknown, context: context))
    case .tuple(let items): return .tuple(try items.map { try $0.probe(round, context: context) })
    case .dict(let pairs):
      return .dict(try pairs.map { ($0.key, try $0.value.probe(round, context: context)) })
    }
  }

  /// The spec both `self` and `other` fit: dimensions that differ become unknown. Nil when the
  /// structures, dtypes or ranks differ.
  func merged(with other: ElementSpec) -> ElementSpec? {
    switch (self, other) {
    case (.tensor(let a, let da), .tensor(let b, let db)):
      guard da == db, a.count == b.count else { return nil }
      return .tensor(shape: zip(a, b).map { $0 == $1 ? $0 : nil }, dtype: da)
    case (.dataset(let a), .dataset(let b)):
      return a.merged(with: b).map { .dataset($0) }
    case (.tuple(let a), .tuple(let b)):
      guard a.count == b.count else { return nil }
      var items: [ElementSpec] = []
      for (x, y) in zip(a, b) {
        guard let m = x.merged(with: y) else { return nil }
        items.append(m)
      }
      return .tuple(items)
    case (.dict(let a), .dict(let b)):
      guard a.map(\.key) == b.map(\.key) else { return nil }
      var pairs: [(key: String, value: ElementSpec)] = []
      for (x, y) in zip(a, b) {
        guard let m = x.value.merged(with: y.value) else { return nil }
        pairs.append((x.key, m))
      }
      return .dict(pairs)
    default: return nil
    }
  }
}

/// `tf.TensorSpec`: the shape and dtype of one component of a dataset's elements, shown
/// `TensorSpec(shape=(2,), dtype=tf.float32, name=None)`. Equal to a spec of the same shape
/// and dtype.
final class TensorSpecObject: HostObject {
  let shape: [Int?]
  let dtype: DType
  init(shape: [Int?], dtype: DType) {
    self.shape = shape
    self.dtype = dtype
  }

  var typeName: String { "TensorSpec" }
  var qualifiedTypeName: String { "tensorflow.python.framework.tensor.TensorSpec" }

  static func text(shape: [Int?], dtype: DType) -> String {
    "TensorSpec(shape=\(TensorShapeObject(dims: shape).str()), dtype=tf.\(dtype.name), name=None)"
  }

  func repr() -> String { TensorSpecObject.text(shape: shape, dtype: dtype) }

  var attributeNames: [String] { ["dtype", "name", "shape"] }

  func getAttribute(_ name: String) throws -> Value? {
    switch name {
    case "shape": return .object(TensorShapeObject(dims: shape))
    case "dtype": return .object(TFDTypeObject(dtype))
    case "name": return Value.none
    default: return nil
    }
  }

  func binaryOperation(_ op: BinaryOperator, _ other: Value, reflected: Bool) throws -> Value? {
    guard op == .equal || op == .notEqual else { return nil }
    var same = false
    if case .object(let o as TensorSpecObject) = other { same = o.shape == shape && o.dtype == dtype }
    return .bool(op == .equal ? same : !same)
  }

  func hashKey() throws -> Value? {
    .tuple(shape.map { $0.map { .int($0) } ?? Value.none } + [.str(dtype.name)])
  }
}

/// `tf.data.DatasetSpec`: the type of a dataset-valued component (the elements of `window`),
/// shown `DatasetSpec(TensorSpec(shape=(), dtype=tf.int64, name=None), TensorShape([]))`, with
/// the spec of the inner dataset's elements as `element_spec`.
final class DatasetSpecObject: HostObject {
  let element: ElementSpec
  init(_ element: ElementSpec) { self.element = element }

  var typeName: String { "DatasetSpec" }
  var qualifiedTypeName: String { "tensorflow.python.data.ops.dataset_ops.DatasetSpec" }

  static func text(_ element: ElementSpec) -> String { "DatasetSpec(\(element.text), TensorShape([]))" }

  func repr() -> String { DatasetSpecObject.text(element) }

  var attributeNames: [String] { ["element_spec"] }

  func getAttribute(_ name: String) throws -> Value? {
    name == "element_spec" ? element.value : nil
  }

  func binaryOperation(_ op: BinaryOperator, _ other: Value, reflected: Bool) throws -> Value? {
    guard op == .equal || op == .notEqual else { return nil }
    var same = false
    if case .object(let o as DatasetSpecObject) = other { same = o.element.text == element.text }
    return .bool(op == .equal ? same : !same)
  }
}
