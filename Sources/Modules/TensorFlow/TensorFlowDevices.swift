import Foundation
import Script
import Tensors

/// `tf.config`, `tf.test` and `tf.math.confusion_matrix`: what notebooks ask first ("is there a
/// GPU?") and the classification lessons' confusion matrix. dnnlab computes on the CPU only,
/// so it reports one CPU device and no GPU, as TensorFlow does on a machine without one.
enum TensorFlowDevices {
  static func install(tf: ModuleObject, math: ModuleObject) {
    let config = ModuleObject(name: "tensorflow.config")
    let experimental = ModuleObject(name: "tensorflow.config.experimental")
    for module in [config, experimental] {
      module.addFunction("list_physical_devices", signature: "device_type=None") { a, _ in
        try devices(a["device_type"], kind: "PhysicalDevice", prefix: "/physical_device")
      }
    }
    config.addFunction("list_logical_devices", signature: "device_type=None") { a, _ in
      try devices(a["device_type"], kind: "LogicalDevice", prefix: "/device")
    }
    config.addFunction("get_visible_devices", signature: "device_type=None") { a, _ in
      try devices(a["device_type"], kind: "PhysicalDevice", prefix: "/physical_device")
    }
    experimental.addFunction("set_memory_growth", signature: "device, enable") { _, _ in
      // Only GPUs have memory growth, and dnnlab lists none.
      throw ScriptError(.valueError, "Cannot set memory growth on non-GPU devices")
    }
    config.attributes["experimental"] = .module(experimental)
    tf.attributes["config"] = .module(config)

    tf.addFunction("device", signature: "device_name") { a, _ in
      // Everything runs on the CPU; like TensorFlow without a GPU (soft placement), a GPU
      // request is accepted and the work stays on the CPU.
      guard a["device_name"].isNone || (try? a.string("device_name")) != nil else {
        throw ScriptError(.typeError, "device_name must be a string such as '/CPU:0'")
      }
      return .object(
        ContextManagerObject(
          typeName: "_EagerDeviceContext",
          qualifiedTypeName: "tensorflow.python.eager.context._EagerDeviceContext"))
    }
    tf.addFunction("name_scope", signature: "name") { a, _ in
      let name = try a.string("name")
      return .object(
        ContextManagerObject(
          typeName: "name_scope", qualifiedTypeName: "tensorflow.python.framework.ops.name_scope_v2",
          enter: { .str(name.hasSuffix("/") ? name : name + "/") }))
    }

    let test = ModuleObject(name: "tensorflow.test")
    test.addFunction("gpu_device_name", signature: "") { _, _ in .str("") }
    test.addFunction("is_built_with_cuda", signature: "") { _, _ in .bool(false) }
    test.addFunction("is_gpu_available", signature: "cuda_only=False, min_cuda_compute_capability=None") {
      _, interp in
      // TensorFlow logs this (absl, not Python's warnings), every call.
      interp.write(
        "WARNING:tensorflow:is_gpu_available (from tensorflow.python.framework.test_util) is deprecated "
          + "and will be removed in a future version.\nInstructions for updating:\n"
          + "Use `tf.config.list_physical_devices('GPU')` instead.\n")
      return .bool(false)
    }
    tf.attributes["test"] = .module(test)

    math.addFunction(
      "confusion_matrix",
      signature: "labels, predictions, num_classes=None, weights=None, dtype=None, name=None"
    ) { a, _ in try confusionMatrix(a) }
  }

  /// The devices of `type` (`'CPU'`, `'GPU'`, or None for all): one CPU.
  private static func devices(_ type: Value, kind: String, prefix: String) throws -> Value {
    if !type.isNone {
      guard case .str(let name) = type else {
        throw ScriptError(.typeError, "device_type must be a string such as 'CPU' or 'GPU'")
      }
      if name.uppercased() != "CPU" { return .list(ListObject([])) }
    }
    return .list(ListObject([.object(DeviceObject(kind: kind, name: "\(prefix):CPU:0", type: "CPU"))]))
  }

  /// `tf.math.confusion_matrix`: rows are labels, columns predictions, both 1-d integer-valued;
  /// `num_classes` defaults to the largest class seen plus one; `weights` add up instead of 1.
  private static func confusionMatrix(_ a: BoundArguments) throws -> Value {
    func classes(_ v: Value, _ what: String) throws -> [Int] {
      let t = try TensorFlowConvert.natural(v)
      guard t.ndim == 1 else {
        throw ScriptError(
          .valueError,
          "`\(what)` must be a 1-d tensor of class numbers, got shape \(Script.reprValue(.tuple(t.shape.map { .int($0) })))",
          hint: "for one-hot rows, pass tf.argmax(\(what), axis=1)")
      }
      return try Convert.tensors { try t.astype(.float64).toDoubles() }.map { d in
        guard d.isFinite, abs(d) < 1e15 else {
          throw ScriptError("InvalidArgumentError", "`\(what)` must hold finite class numbers")
        }
        return Int(d)
      }
    }
    let labels = try classes(a["labels"], "labels")
    let predictions = try classes(a["predictions"], "predictions")
    guard labels.count == predictions.count else {
      throw ScriptError(
        "InvalidArgumentError",
        "{{function_node __wrapped__Pack_N_2_device_/job:localhost/replica:0/task:0/device:CPU:0}} "
          + "Shapes of all inputs must match: values[0].shape = [\(labels.count)] != values[1].shape = "
          + "[\(predictions.count)] [Op:Pack] name: stack")
    }
    for (what, values) in [("labels", labels), ("predictions", predictions)]
    where values.contains(where: { $0 < 0 }) {
      throw ScriptError("InvalidArgumentError", "`\(what)` contains negative values.")
    }
    let n: Int
    if a["num_classes"].isNone {
      n = (labels + predictions).max().map { $0 + 1 } ?? 0
    } else {
      n = try Convert.integer(a["num_classes"])
      for (what, values) in [("labels", labels), ("predictions", predictions)]
      where values.contains(where: { $0 >= n }) {
        throw ScriptError("InvalidArgumentError", "`\(what)` out of bound")
      }
    }
    guard n >= 0, n <= 100_000 else {
      throw ScriptError(.valueError, "num_classes must be between 0 and 100000, got \(n)")
    }
    // `dtype` defaults to tf.int32.
    let dtype: DType
    switch a["dtype"] {
    case .none: dtype = .int32
    case .object(let d as TFDTypeObject): dtype = d.dtype
    default: throw ScriptError(.typeError, "dtype must be a tf.DType such as tf.int32 or tf.float32")
    }
    var weights = [Double](repeating: 1, count: labels.count)
    if !a["weights"].isNone {
      let w = try Convert.tensors {
        try TensorFlowConvert.natural(a["weights"]).astype(dtype).astype(.float64).toDoubles()
      }
      guard w.count == labels.count else {
        throw ScriptError("InvalidArgumentError", "`weights` must have one value per label, got \(w.count)")
      }
      weights = w
    }
    var counts = [Double](repeating: 0, count: n * n)
    for (k, (l, p)) in zip(labels, predictions).enumerated() { counts[l * n + p] += weights[k] }
    let matrix = try Convert.tensors { try Tensor(counts, shape: [n, n]).astype(dtype) }
    return TensorFlowConvert.value(matrix)
  }
}

/// `PhysicalDevice(name='/physical_device:CPU:0', device_type='CPU')` and its logical twin.
final class DeviceObject: HostObject {
  let kind: String
  let name: String
  let deviceType: String

  init(kind: String, name: String, type: String) {
    self.kind = kind
    self.name = name
    self.deviceType = type
  }

  var typeName: String { kind }
  var attributeNames: [String] { ["device_type", "name"] }
  func repr() -> String {
    "\(kind)(name=\(pythonStringRepr(name)), device_type=\(pythonStringRepr(deviceType)))"
  }

  func getAttribute(_ attribute: String) throws -> Value? {
    switch attribute {
    case "name": return .str(name)
    case "device_type": return .str(deviceType)
    default: return nil
    }
  }
}
