import ModelFiles
import NN
import Script
import Tensors

/// `keras.initializers`: the initializer classes (`HeNormal()`, `RandomNormal(stddev=0.1)`, …),
/// their lower-case aliases, and `get`. Layers take the objects as `kernel_initializer=`.
enum InitializersModule {
  static func make() -> ModuleObject {
    let m = ModuleObject(name: "keras.initializers")
    let seeded: [(String, String, Initializer)] = [
      ("GlorotUniform", "glorot_uniform", .glorotUniform), ("GlorotNormal", "glorot_normal", .glorotNormal),
      ("HeNormal", "he_normal", .heNormal), ("HeUniform", "he_uniform", .heUniform),
      ("LecunNormal", "lecun_normal", .lecunNormal), ("LecunUniform", "lecun_uniform", .lecunUniform),
    ]
    for (cls, alias, initializer) in seeded {
      for name in [cls, alias] {
        m.addFunction(name, signature: "seed=None") { a, _ in
          .object(InitializerObject(try withSeed(initializer, a), className: cls))
        }
      }
    }
    for name in ["RandomNormal", "random_normal"] {
      m.addFunction(name, signature: "mean=0.0, stddev=0.05, seed=None") { a, _ in
        return .object(
          InitializerObject(
            try withSeed(
              .randomNormal(mean: try Convert.double(a["mean"]), stddev: try Convert.double(a["stddev"])), a),
            className: "RandomNormal"))
      }
    }
    for name in ["TruncatedNormal", "truncated_normal"] {
      m.addFunction(name, signature: "mean=0.0, stddev=0.05, seed=None") { a, _ in
        return .object(
          InitializerObject(
            try withSeed(
              .truncatedNormal(mean: try Convert.double(a["mean"]), stddev: try Convert.double(a["stddev"])),
              a),
            className: "TruncatedNormal"))
      }
    }
    for name in ["RandomUniform", "random_uniform"] {
      m.addFunction(name, signature: "minval=-0.05, maxval=0.05, seed=None") { a, _ in
        return .object(
          InitializerObject(
            try withSeed(
              .randomUniform(
                minval: try Convert.double(a["minval"]), maxval: try Convert.double(a["maxval"])), a),
            className: "RandomUniform"))
      }
    }
    for (cls, alias, initializer) in [("Zeros", "zeros", Initializer.zeros), ("Ones", "ones", .ones)] {
      for name in [cls, alias] {
        m.addFunction(name, signature: "") { _, _ in .object(InitializerObject(initializer, className: cls)) }
      }
    }
    for name in ["Constant", "constant"] {
      m.addFunction(name, signature: "value=0.0") { a, _ in
        .object(InitializerObject(.constant(try Convert.double(a["value"])), className: "Constant"))
      }
    }
    m.addFunction("get", signature: "identifier") { a, _ in
      if a["identifier"].isNone { return .none }
      let initializer = try KerasArgs.initializer(a["identifier"], default: .zeros)
      return .object(InitializerObject(initializer, className: InitializerObject.className(of: initializer)))
    }
    return m
  }

  /// `initializer` with the call's `seed=`. As in Keras 3, every call of the object draws the
  /// same values (dnnlab's, not TensorFlow's): from the integer seed, or without one from a
  /// seed taken from the session's generator now (so `set_random_seed` still makes runs repeat).
  private static func withSeed(_ initializer: Initializer, _ a: BoundArguments) throws -> Initializer {
    let seed = a["seed"]
    if seed.isNone {
      // Keras 3 draws a seed for the object now, so the object's calls repeat.
      return .repeating(initializer, stream: NNSession.current.drawRandom { $0.nextUInt64() })
    }
    guard case .int(let n) = seed else {
      throw ScriptError(
        .valueError,
        "`seed` argument should be an instance of `keras.random.SeedGenerator()` or an integer. "
          + "Received: seed=\(strValue(seed))")
    }
    return .seeded(initializer, seed: n)
  }
}

/// An initializer in the script: Keras's object, callable on a shape, with `get_config()`.
final class InitializerObject: HostObject {
  let initializer: Initializer
  let className: String
  init(_ initializer: Initializer, className: String) {
    self.initializer = initializer
    self.className = className
  }

  /// Keras's class for an initializer (`he_normal` → `HeNormal`).
  static func className(of initializer: Initializer) -> String {
    guard case .object(let entry) = KerasConfig.serialize(initializer),
      case .string(let name)? = entry.first(where: { $0.0 == "class_name" })?.1
    else { return "Initializer" }
    return name
  }

  var typeName: String { className }
  private var module: String {
    switch initializer {
    case .zeros, .ones, .constant: return "keras.src.initializers.constant_initializers"
    default: return "keras.src.initializers.random_initializers"
    }
  }
  var qualifiedTypeName: String { "\(module).\(className)" }
  func repr() -> String { "<\(module).\(className) object at \(addressString(of: self))>" }

  var attributeNames: [String] { ["get_config"] }

  func getAttribute(_ name: String) throws -> Value? {
    guard name == "get_config" else { return nil }
    return .builtin(
      BuiltinFunction("get_config", signature: "") { [initializer] _, _ in
        ConfigValues.value(KerasConfig.serialize(initializer)["config"] ?? .object([]))
      })
  }

  var isCallable: Bool { true }

  /// `initializer(shape, dtype=None)`: a float32 tf.Tensor of that shape.
  func call(_ arguments: Arguments, _ interpreter: Interpreter) throws -> Value? {
    guard let shapeValue = arguments.positional.first ?? arguments.keyword("shape") else {
      throw ScriptError(.typeError, "\(className).__call__() missing 1 required positional argument: 'shape'")
    }
    if let dtype = arguments.keyword("dtype"), !dtype.isNone, strValue(dtype) != "float32" {
      throw ScriptError(.notImplementedError, "dnnlab's initializers make float32 values only")
    }
    let shape = try Convert.shape(shapeValue)
    return TensorFlowConvert.value(try Convert.tensors { try initializer(shape) })
  }
}
