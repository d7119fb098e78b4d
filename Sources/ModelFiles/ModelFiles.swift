import Foundation
import NN
import Tensors

/// Keras 3 model files for NN models:
///
/// - `name.keras`: a zip of `metadata.json`, `config.json` (the architecture and the compile
///   settings) and `model.weights.h5` (the weights and the optimizer's state), the file
///   `model.save()` writes and `keras.models.load_model()` reads in TensorFlow.
/// - `name.weights.h5`: the HDF5 weights file alone (`save_weights`/`load_weights`).
///
/// Loading never runs code from the file and checks every class name, option, shape and size
/// before it builds anything, so a bad file gives a ``ModelFileError`` naming the file and
/// the part, and nothing is half-loaded. Writing is atomic.
public enum ModelFiles {
  /// The formats, for messages and help.
  public static let formats = ["keras", "weights.h5"]

  /// What `metadata.json` says wrote the file; Keras reads only the version.
  static let kerasVersion = "3.15.1"

  // MARK: Saving

  /// `model.save(path)`: writes a `.keras` archive (the path must end in `.keras`, as Keras 3
  /// requires).
  public static func save(_ model: Sequential, to path: String) throws {
    try HDF5Serial.run { try saveLocked(model, to: path) }
  }

  /// Whether `model.save(path)` / `load_model(path)` use the legacy HDF5 format (`.h5`,
  /// `.hdf5`), for which Keras warns.
  public static func isLegacyHDF5(_ path: String) -> Bool { LegacyH5.isLegacyPath(path) }

  /// Keras's warning when a model is saved in the legacy HDF5 format.
  public static let legacySaveWarning =
    "You are saving your model as an HDF5 file via `model.save()` or `keras.saving.save_model(model)`. "
    + "This file format is considered legacy. We recommend using instead the native Keras format, e.g. "
    + "`model.save('my_model.keras')` or `keras.saving.save_model(model, 'my_model.keras')`. "

  private static func saveLocked(_ model: Sequential, to path: String) throws {
    if LegacyH5.isLegacyPath(path) {
      try FileIO.writeAtomically(try LegacyH5.image(of: model, file: path), to: path)
      return
    }
    guard path.hasSuffix(".keras") else {
      throw ModelFileError(
        .valueError,
        "Invalid filepath extension for saving. Please add a `.keras` extension for the native Keras "
          + "format. Received: filepath=\(path)",
        hint: path.hasSuffix(".h5")
          ? "the legacy .h5 model format is not supported; use model.save('name.keras'), "
            + "or model.save_weights('name.weights.h5') for the weights alone"
          : "use model.save('name.keras')")
    }
    let config = try ConfigWriter.model(model).text
    let weights = try weightsImage(model, file: path)
    let date = dateStamp()
    let metadata = JSONValue.object([("keras_version", .string(kerasVersion)), ("date_saved", .string(date))])
      .text
    let zip = try KerasArchive.build(
      [
        (KerasArchive.metadataName, Array(metadata.utf8)), (KerasArchive.configName, Array(config.utf8)),
        (KerasArchive.weightsName, weights),
      ], file: path)
    try FileIO.writeAtomically(zip, to: path)
  }

  /// `model.save_weights(path)`: the HDF5 weights file alone (the path must end in `.weights.h5`).
  public static func saveWeights(_ model: Sequential, to path: String) throws {
    guard path.hasSuffix(".weights.h5") else {
      throw ModelFileError(
        .valueError, "The filename must end in `.weights.h5`. Received: filepath=\(path)",
        hint: "use model.save_weights('name.weights.h5')")
    }
    let image = try HDF5Serial.run { try weightsImage(model, file: path) }
    try FileIO.writeAtomically(image, to: path)
  }

  private static func weightsImage(_ model: Sequential, file: String) throws -> [UInt8] {
    let writer = try H5ImageWriter(
      place: FilePlace(file: file, member: file.hasSuffix(".keras") ? KerasArchive.weightsName : nil))
    try WeightsLayout.write(model, to: writer)
    return try writer.bytes()
  }

  /// `2026-11-21@14:16:00`, Keras's `date_saved` format.
  private static func dateStamp() -> String {
    let f = DateFormatter()
    f.locale = Locale(identifier: "en_US_POSIX")
    f.dateFormat = "yyyy-MM-dd@HH:mm:ss"
    return f.string(from: Date())
  }

  // MARK: Loading

  /// `keras.models.load_model(path)`: the model in a `.keras` archive written by dnnlab or
  /// by Keras 3, with its weights and, when it was compiled, its optimizer, loss, metrics
  /// and optimizer state, so `fit` continues where it stopped. With `compile` off (Keras's
  /// `compile=False`) the compile settings and optimizer state are left out.
  public static func loadModel(
    _ path: String, compile: Bool = true, custom: CustomFunctions = CustomFunctions()
  ) throws -> Sequential {
    var warnings: [String] = []
    return try loadModel(path, compile: compile, custom: custom, warnings: &warnings)
  }

  /// `load_model(path)`, collecting the warnings Keras logs (a legacy `.h5` file without
  /// compile settings, or with optimizer state that does not fit).
  public static func loadModel(
    _ path: String, compile: Bool = true, custom: CustomFunctions = CustomFunctions(),
    warnings: inout [String]
  ) throws -> Sequential {
    if LegacyH5.isLegacyPath(path) {
      let bytes = try FileIO.read(path)
      let loaded = try HDF5Serial.run {
        try LegacyH5.loadModel(path, bytes: bytes, compile: compile, custom: custom)
      }
      warnings += loaded.warnings
      return loaded.model
    }
    return try HDF5Serial.run { try loadModelLocked(path, compile: compile, custom: custom) }
  }

  private static func loadModelLocked(_ path: String, compile: Bool, custom: CustomFunctions) throws
    -> Sequential
  {
    let members = try KerasArchive.read(
      path, members: [KerasArchive.configName, KerasArchive.metadataName, KerasArchive.weightsName],
      optional: [KerasArchive.metadataName])
    let configPlace = FilePlace(file: path, member: KerasArchive.configName)
    if let metadata = members[KerasArchive.metadataName] {
      _ = try JSONValue.parse(metadata, place: FilePlace(file: path, member: KerasArchive.metadataName))
    }
    let root = JSONReader(
      try JSONValue.parse(members[KerasArchive.configName] ?? [], place: configPlace), path: "",
      place: configPlace)
    let spec = try ModelConfigReader.model(root)
    // Keras writes `"compile_config": {}` for a model that was never compiled.
    let compiled = try root.child("compile_config").flatMap {
      $0.value.isNull || $0.value.keys.isEmpty || !compile
        ? nil : try CompileConfigReader.read($0, custom: custom)
    }
    let reader = try H5ImageReader(
      bytes: members[KerasArchive.weightsName] ?? [],
      place: FilePlace(file: path, member: KerasArchive.weightsName))
    var weights: [Tensor] = []
    if let input = spec.inputShape {
      let entries = try WeightsLayout.entries(spec, input: input)
      try WeightsLayout.check(entries, in: reader)
      weights = try WeightsLayout.read(entries, from: reader)
    } else if try reader.children("layers")?.isEmpty == false, try hasAnyWeights(reader, "layers") {
      throw configPlace.error(
        nil, "the model records no input shape, so its weights cannot be placed",
        hint: "give the model an Input(shape=...) in Keras and save it again")
    }
    let model = try ModelConfigReader.build(spec, place: configPlace)
    try ModelConfigReader.nn("weights", reader.place) { try model.setWeights(weights) }
    if let compiled {
      try ModelConfigReader.nn("compile_config", configPlace) {
        try model.compile(
          optimizer: compiled.optimizer, loss: compiled.loss, lossWeight: compiled.lossWeight,
          metrics: compiled.metrics, weightedMetrics: compiled.weightedMetrics)
      }
      try OptimizerLayout.read(into: compiled.optimizer, model: model, from: reader)
    }
    return model
  }

  /// `model.load_weights(path)`: weights from a `.weights.h5` file, or from the weights inside a
  /// `.keras` archive, into a model with the same layers. Everything is checked before any
  /// weight changes. When the model is compiled and the file holds optimizer state, that is
  /// restored too.
  public static func loadWeights(_ model: Sequential, from path: String) throws {
    try HDF5Serial.run { try loadWeightsLocked(model, from: path) }
  }

  private static func loadWeightsLocked(_ model: Sequential, from path: String) throws {
    let bytes: [UInt8]
    let place: FilePlace
    if path.hasSuffix(".keras") {
      bytes = try KerasArchive.read(path, members: [KerasArchive.weightsName])[KerasArchive.weightsName] ?? []
      place = FilePlace(file: path, member: KerasArchive.weightsName)
    } else {
      guard path.hasSuffix(".weights.h5") || path.hasSuffix(".h5") else {
        throw ModelFileError(
          .valueError,
          "File format not supported: filepath=\(path). Keras 3 only supports V3 `.keras` and "
            + "`.weights.h5` files.", hint: "use a file written by model.save_weights('name.weights.h5')")
      }
      bytes = try FileIO.read(path)
      place = FilePlace(file: path, member: nil)
    }
    guard model.isBuilt else {
      throw ModelFileError(
        .valueError, "\(path): the model is not built yet, so it has no weights to load into",
        hint:
          "give the first layer input_shape=..., add keras.Input(shape=...), or call model.build(...) first")
    }
    let reader = try H5ImageReader(bytes: bytes, place: place)
    if !path.hasSuffix(".weights.h5"), !path.hasSuffix(".keras"), try LegacyH5.holdsLegacyWeights(reader) {
      // A legacy model file or Keras 2's save_weights('name.h5'): layers matched by order.
      try LegacyH5.loadWeights(into: model, from: reader)
      return
    }
    let entries = WeightsLayout.entries(model)
    try WeightsLayout.check(entries, in: reader)
    let weights = try WeightsLayout.read(entries, from: reader)
    if let optimizer = model.optimizer {
      try OptimizerLayout.read(into: optimizer, model: model, from: reader, strict: false)
    }
    try ModelConfigReader.nn("weights", place) { try model.setWeights(weights) }
  }

  /// Whether any `vars` group below `path` holds a dataset.
  private static func hasAnyWeights(_ r: H5ImageReader, _ path: String, depth: Int = 0) throws -> Bool {
    guard depth < 16, let children = try r.children(path) else { return false }
    for c in children {
      let p = "\(path)/\(c)"
      if r.hasDataset(p) { return true }
      if try hasAnyWeights(r, p, depth: depth + 1) { return true }
    }
    return false
  }
}

extension ModelFiles {
  /// Whether this build saves and restores optimizer slots (momentum, velocity, ...); it does
  /// once NN's `Optimizer` conforms to ``OptimizerSlotAccess``.
  public static var savesOptimizerSlots: Bool {
    guard let o = try? SGD() else { return false }
    return (o as AnyObject) is OptimizerSlotAccess
  }
}

/// The serial HDF5 library is not thread-safe, and Swift Testing (or two notebooks in one
/// process) may save and load at once: every use of HDF5 runs under this one lock, inside a
/// closure so that every HDF5 identifier is closed before the lock is released.
enum HDF5Serial {
  private final class Lock: @unchecked Sendable { let lock = NSRecursiveLock() }
  private static let shared = Lock()

  static func run<R>(_ body: () throws -> R) throws -> R {
    shared.lock.lock()
    defer { shared.lock.unlock() }
    // Debian's HDF5 is built thread-safe, which keeps the error-printing switch per thread.
    hdf5QuietErrors()
    return try body()
  }
}
