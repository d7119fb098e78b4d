import Foundation
import ModelFiles
import NN
import Script

/// The script side of Keras model files: `model.save(...)`, `model.save_weights(...)`,
/// `model.load_weights(...)` and `keras.models.load_model(...)` (also `keras.saving.load_model`
/// and `keras.load_model` spellings reach the same function), bound onto `ModelFiles`.
enum ModelFilesBinding {
  /// Adds `load_model` to `keras.models` and to `keras`.
  static func install(models: ModuleObject, keras: ModuleObject, context: KerasContext) {
    let load = Value.builtin(
      BuiltinFunction("load_model", signature: "filepath, custom_objects=None, compile=True, safe_mode=True")
      {
        a, interp in
        let path = try a.string("filepath")
        var custom = CustomFunctions()
        if !a["custom_objects"].isNone {
          guard case .dict(let objects) = a["custom_objects"] else {
            throw ScriptError(.typeError, "custom_objects must be a dict of names to functions")
          }
          for (key, value) in objects.entries {
            guard case .str(let name) = key, case .function = value else {
              throw ScriptError(
                .valueError,
                "custom_objects: dnnlab takes loss and metric functions only, got \(reprValue(key)): "
                  + "\(reprValue(value))",
                hint: "models with custom layers or classes cannot be loaded here")
            }
            custom.losses[name] = { FunctionLossBinding.make(value, interp) }
            custom.metrics[name] = { FunctionMetricBinding.make(value, interp) }
          }
        }
        let compile = try interp.truthy(a["compile"])
        var warnings: [String] = []
        let model = try run {
          try ModelFiles.loadModel(path, compile: compile, custom: custom, warnings: &warnings)
        }
        for w in warnings { interp.write("WARNING:absl:\(w)\n") }
        return .object(ModelObject(model, context: context))
      })
    models.attributes["load_model"] = load
    keras.attributes["load_model"] = load
    // `keras.saving`: Keras 3's home of the saving functions.
    let saving = ModuleObject(name: "keras.saving")
    saving.attributes["load_model"] = load
    saving.addFunction("save_model", signature: "model, filepath, overwrite=True, zipped=None, **kwargs") {
      a, interp in
      guard case .object(let m as ModelObject) = a["model"] else {
        throw ScriptError(.typeError, "save_model() needs a Keras model, got \(reprValue(a["model"]))")
      }
      let path = try a.string("filepath")
      try run { try save(m.model, to: path, interp) }
      return .none
    }
    keras.attributes["saving"] = .module(saving)
  }

  /// `model.save(path)`, with Keras's warning first for the legacy `.h5` format.
  static func save(_ model: Sequential, to path: String, _ interp: Interpreter) throws {
    if ModelFiles.isLegacyHDF5(path) { interp.write("WARNING:absl:\(ModelFiles.legacySaveWarning)\n") }
    try ModelFiles.save(model, to: path)
  }

  /// `ModelCheckpoint`'s writer: creates the file's folder when missing, as Keras does, then
  /// saves the model (or only its weights).
  static func checkpoint(_ model: Sequential, _ path: String, _ weightsOnly: Bool) throws {
    try run {
      let folder = (path as NSString).deletingLastPathComponent
      if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
        do {
          try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
          throw ScriptError(
            ErrorKind("OSError"),
            "cannot create the folder \(folder) for \(path): \(error.localizedDescription)")
        }
      }
      if weightsOnly {
        try ModelFiles.saveWeights(model, to: path)
      } else {
        // Keras's checkpoint goes through model.save, which logs its warning at every .h5 save.
        if ModelFiles.isLegacyHDF5(path) {
          NNSession.current.output.write("WARNING:absl:\(ModelFiles.legacySaveWarning)\n")
        }
        try ModelFiles.save(model, to: path)
      }
    }
  }

  /// Runs model-file code, turning its errors (and NN's) into script errors.
  static func run<R>(_ body: () throws -> R) throws -> R {
    do { return try Convert.tensors(body) } catch let e as ModelFileError {
      throw ScriptError(ErrorKind(e.kind.rawValue), e.message, hint: e.hint)
    }
  }
}

extension ModelObject {
  /// `save`, `save_weights` and `load_weights`, or `nil` for other names.
  func modelFileMethod(_ name: String) -> Value? {
    let m = model
    let context = self.context
    func method(_ spec: String, _ body: @escaping (BoundArguments, Interpreter) throws -> Void) -> Value {
      .builtin(
        BuiltinFunction(name, signature: spec, receiverTypeName: "Sequential") { a, interp in
          try ModelFilesBinding.run {
            if let context { try context.run { try body(a, interp) } } else { try body(a, interp) }
          }
          return .none
        })
    }
    switch name {
    case "save":
      return method("filepath, overwrite=True, zipped=None, **kwargs") { a, interp in
        try ModelFilesBinding.save(m, to: try a.string("filepath"), interp)
      }
    case "save_weights":
      return method("filepath, overwrite=True, max_shard_size=None") { a, _ in
        try ModelFiles.saveWeights(m, to: try a.string("filepath"))
      }
    case "load_weights":
      return method("filepath, skip_mismatch=False, **kwargs") { a, interp in
        if try interp.truthy(a["skip_mismatch"]) {
          throw ScriptError(
            .valueError, "skip_mismatch=True is not supported: dnnlab loads all weights or none")
        }
        try ModelFiles.loadWeights(m, from: try a.string("filepath"))
      }
    default:
      return nil
    }
  }
}
