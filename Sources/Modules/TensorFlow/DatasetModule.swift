import Script
import Tensors

/// `tf.data`: `tf.data.Dataset` with its sources (`from_tensor_slices`, `from_tensors`,
/// `range`), and the constants `AUTOTUNE` (-1), `INFINITE_CARDINALITY` (-1) and
/// `UNKNOWN_CARDINALITY` (-2), also under `tf.data.experimental` with `cardinality(ds)`.
enum DatasetModule {
  static func make(context: KerasContext) -> ModuleObject {
    let data = ModuleObject(name: "tensorflow.data", documentation: "tf.data input pipelines")
    let datasetClass = DatasetClassObject(context: context)
    data.attributes["Dataset"] = .object(datasetClass)
    let experimental = ModuleObject(name: "tensorflow.data.experimental")
    for module in [data, experimental] {
      module.attributes["AUTOTUNE"] = .int(-1)
      module.attributes["INFINITE_CARDINALITY"] = .int(DatasetObject.infinite)
      module.attributes["UNKNOWN_CARDINALITY"] = .int(DatasetObject.unknown)
    }
    experimental.addFunction("cardinality", signature: "input_dataset") { a, interp in
      guard case .object(let ds as DatasetObject) = a["input_dataset"] else {
        throw ScriptError(
          .typeError, "cardinality() takes a tf.data.Dataset; got \(Script.reprValue(a["input_dataset"]))")
      }
      return try interp.call(try ds.getAttribute("cardinality") ?? .none)
    }
    data.attributes["experimental"] = .module(experimental)
    return data
  }

  /// `tf.TensorSpec(shape, dtype=tf.float32, name=None)`.
  static func tensorSpec() -> BuiltinFunction {
    BuiltinFunction("TensorSpec", signature: "shape, dtype=tf.float32, name=None") { a, interp in
      let dims: [Int?] =
        a["shape"].isNone
        ? [] : try interp.elements(of: a["shape"]).map { $0.isNone ? nil : try Convert.integer($0) }
      let dtype = try Convert.dtype(a["dtype"]) ?? .float32
      return .object(TensorSpecObject(shape: dims, dtype: dtype))
    }
  }

  /// `Dataset.from_tensor_slices(tensors)`: element `i` holds row `i` of every tensor of
  /// `tensors` (a tensor, or a tuple or dict of them); all must have the same number of rows.
  static func fromTensorSlices(_ value: Value, context: KerasContext) throws -> DatasetObject {
    let structure = try DatasetElement.from(value)
    let tensors = structure.tensors
    var rows: Int?
    for t in tensors {
      guard let n = t.shape.first else {
        throw ScriptError(.valueError, "Unbatching a tensor is only supported for rank >= 1")
      }
      if let rows, rows != n {
        throw ScriptError(.valueError, "Dimensions \(rows) and \(n) are not compatible")
      }
      rows = n
    }
    let spec = structure.spec.mapTensors { shape, dtype in
      .tensor(shape: Array(shape.dropFirst()), dtype: dtype)
    }
    return DatasetObject(
      .slices(structure, count: rows ?? 0), className: "_TensorSliceDataset", module: "from_tensor_slices_op",
      spec: spec, cardinality: rows ?? 0, context: context)
  }

  /// `Dataset.from_tensors(tensors)`: one element, `tensors` whole.
  static func fromTensors(_ value: Value, context: KerasContext) throws -> DatasetObject {
    let element = try DatasetElement.from(value)
    return DatasetObject(
      .tensors(element), className: "_TensorDataset", module: "from_tensors_op", spec: element.spec,
      cardinality: 1,
      context: context)
  }

  /// `Dataset.range(stop)`, `range(start, stop[, step])`, `output_type=tf.int64`: like Python's
  /// `range`, as scalars of `output_type`.
  static func range(_ a: BoundArguments, context: KerasContext) throws -> DatasetObject {
    let args = try a.extraPositional.map(DatasetObject.int64)
    guard (1...3).contains(args.count) else {
      throw ScriptError(
        .valueError, "Invalid `args`. The length of `args` should be between 1 and 3 but was \(args.count).")
    }
    let (start, stop) = args.count == 1 ? (0, args[0]) : (args[0], args[1])
    let step = args.count == 3 ? args[2] : 1
    guard step != 0 else {
      throw TensorFlowGatherSort.kernelError(
        "step must be a non-zero integer.", op: "RangeDataset", named: true)
    }
    let (low, high) = step > 0 ? (start, stop) : (stop, start)
    let span = high.subtractingReportingOverflow(low)
    let count: Int
    if span.overflow {
      count = Int.max
    } else if span.partialValue <= 0 {
      count = 0
    } else {
      let magnitude: UInt = step.magnitude
      count = Int((UInt(span.partialValue) - 1) / magnitude + 1)
    }
    let dtype = try Convert.dtype(a["output_type"]) ?? .int64
    return DatasetObject(
      .range(start: start, step: step, count: count, dtype: dtype), className: "_RangeDataset",
      module: "range_op",
      spec: .tensor(shape: [], dtype: dtype), cardinality: count, context: context)
  }
}

/// `tf.data.Dataset`, the class: its static sources, `isinstance(ds, tf.data.Dataset)`, and
/// TensorFlow's refusal to build one directly.
final class DatasetClassObject: HostObject {
  let context: KerasContext
  init(context: KerasContext) { self.context = context }

  var typeName: String { "type" }
  func repr() -> String { "<class 'tensorflow.python.data.ops.dataset_ops.DatasetV2'>" }
  var documentation: String? {
    "tf.data.Dataset: an input pipeline. Make one with Dataset.from_tensor_slices(x or (x, y)), "
      + "Dataset.from_tensors(x) or Dataset.range(stop), then chain "
      + DatasetObject.methodNames.joined(separator: ", ")
  }
  func instanceCheck(_ value: Value) -> Bool? {
    if case .object(is DatasetObject) = value { return true }
    return false
  }

  var isCallable: Bool { true }
  func call(_ arguments: Arguments, _ interpreter: Interpreter) throws -> Value? {
    throw ScriptError(
      .typeError, "Can't instantiate abstract class DatasetV2 with abstract methods _inputs, element_spec",
      hint: "make a dataset with tf.data.Dataset.from_tensor_slices(...), from_tensors(...) or range(...)")
  }

  var attributeNames: [String] { ["from_tensor_slices", "from_tensors", "range", "zip"] }

  func getAttribute(_ name: String) throws -> Value? {
    let context = self.context
    switch name {
    case "from_tensor_slices":
      return .builtin(
        BuiltinFunction(name, signature: "tensors, name=None") { a, _ in
          .object(try DatasetModule.fromTensorSlices(a["tensors"], context: context))
        })
    case "from_tensors":
      return .builtin(
        BuiltinFunction(name, signature: "tensors, name=None") { a, _ in
          .object(try DatasetModule.fromTensors(a["tensors"], context: context))
        })
    case "range":
      return .builtin(
        BuiltinFunction(name, signature: "*args, output_type=tf.int64, name=None") { a, _ in
          .object(try DatasetModule.range(a, context: context))
        })
    case "zip":
      return .builtin(
        BuiltinFunction(name, signature: "*args, datasets=None, name=None") { a, _ in
          .object(try DatasetObject.zip(a, context: context))
        })
    default:
      if DatasetObject.missingMethods.contains(name) {
        throw ScriptError(
          .notImplementedError, "dnnlab's tf.data does not have Dataset.\(name) yet",
          hint: "datasets come from Dataset.from_tensor_slices, Dataset.from_tensors and Dataset.range")
      }
      return nil
    }
  }
}
