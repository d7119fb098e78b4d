import NN

/// Reads the model entry of `config.json` into a ``ModelSpec`` and builds NN objects from
/// checked specs. `Sequential` models load, and functional ones whose layers form a chain.
enum ModelConfigReader {
  /// The top-level entry.
  static func model(_ root: JSONReader) throws -> ModelSpec {
    let className = try root.require("class_name").string()
    if className == "Functional" { return try FunctionalConfig.read(root) }
    guard className == "Sequential" else {
      throw root.error(
        "model class '\(className)' is not supported; dnnlab loads Sequential and Functional models",
        kind: className == "Model" ? .notImplementedError : .valueError,
        hint:
          "build the model as keras.Sequential([...]) or keras.Model(inputs, outputs) in Keras and save it again"
      )
    }
    return try sequential(root)
  }

  /// An InputLayer entry's per-sample shape and name, checking its flags.
  static func inputLayer(_ item: JSONReader) throws -> (shape: [Int], name: String?) {
    let c = try item.require("config")
    guard let shape = c.child("batch_shape") ?? c.child("batch_input_shape") else {
      throw c.error("InputLayer without batch_shape")
    }
    let name = try c.child("name").map { _ in try LayerConfigReader.layerName(c) }
    try LayerConfigReader.checkDType(c)
    if let optional = c.child("optional"), try optional.bool() {
      throw optional.error("optional inputs are not supported", kind: .notImplementedError)
    }
    if let sparse = c.child("sparse"), try sparse.bool() {
      throw sparse.error("sparse inputs are not supported", kind: .notImplementedError)
    }
    return (try shape.batchShape(), name)
  }

  /// A `Sequential` entry (top level or nested).
  static func sequential(_ entry: JSONReader) throws -> ModelSpec {
    let config = try entry.require("config")
    let name = try LayerConfigReader.layerName(config)
    let trainable = try config.child("trainable")?.bool() ?? true
    try LayerConfigReader.checkDType(config)
    let items = try config.require("layers").items()
    guard items.count <= ModelLimits.maximumLayers else {
      throw config.error("\(items.count) layers is absurd")
    }
    var input: [Int]?
    var inputName: String?
    var layers: [LayerSpec] = []
    for (i, item) in items.enumerated() {
      if try item.require("class_name").string() == "InputLayer" {
        guard i == 0 else { throw item.error("an InputLayer can only come first in a Sequential model") }
        (input, inputName) = try inputLayer(item)
        continue
      }
      layers.append(try LayerConfigReader.layer(item))
    }
    // Models saved without an Input record the shape they were built with elsewhere.
    if input == nil, let s = entry.child("build_config")?.child("input_shape"), !s.value.isNull {
      input = try s.batchShape()
    }
    if input == nil, let s = config.child("build_input_shape"), !s.value.isNull { input = try s.batchShape() }
    if input == nil, let first = items.first?.child("config"),
      let s = first.child("batch_input_shape") ?? items.first?.child("build_config")?.child("input_shape"),
      !s.value.isNull
    {
      input = try s.batchShape()
    }
    try checkUniqueNames(layers, entry)
    return ModelSpec(
      name: name, trainable: trainable, inputShape: input, inputName: inputName, layers: layers,
      path: entry.path)
  }

  /// Keras refuses two layers of one model with the same name; so does reading.
  static func checkUniqueNames(_ layers: [LayerSpec], _ entry: JSONReader) throws {
    var seen = Set<String>()
    for l in layers where !seen.insert(l.common.name).inserted {
      throw ModelFileError(
        .valueError,
        "\(entry.place.file) [config.json: \(l.common.path)]: two layers are named '\(l.common.name)'")
    }
  }

  // MARK: Building

  /// Builds the model from a checked spec. NN's own checks still run; their errors are
  /// reported against the layer's place in the file.
  static func build(_ spec: ModelSpec, place: FilePlace) throws -> Sequential {
    if spec.isFunctional {
      guard let shape = spec.inputShape else {
        throw place.error(spec.path, "a functional model needs an Input")
      }
      let input = try nn(spec.path, place) { try InputLayer(shape: shape, name: spec.inputName) }
      let layers = try spec.layers.map { try build($0, place: place) }
      let model = try nn(spec.path, place) { try Functional(input: input, layers: layers, name: spec.name) }
      model.trainable = spec.trainable
      return model
    }
    let model = try nn(spec.path, place) { try Sequential(name: spec.name) }
    if let input = spec.inputShape {
      // Files without an InputLayer entry get an auto-name, as Keras gives one when it builds.
      try nn(spec.path, place) { try model.add(try InputLayer(shape: input, name: spec.inputName)) }
    }
    for l in spec.layers {
      let layer = try build(l, place: place)
      try nn(l.common.path, place) { try model.add(layer) }
    }
    model.trainable = spec.trainable
    return model
  }

  private static func build(_ spec: LayerSpec, place: FilePlace) throws -> Layer {
    let c = spec.common
    let layer: Layer = try nn(c.path, place) {
      switch spec {
      case .dense(_, let units, let activation, let useBias, let kernel, let bias, let kernelReg, let biasReg):
        return try Dense(
          units: units, activation: activation, useBias: useBias, kernelInitializer: kernel,
          biasInitializer: bias,
          kernelRegularizer: kernelReg, biasRegularizer: biasReg, name: c.name)
      case .flatten: return Flatten(name: c.name)
      case .dropout(_, let rate, let seed): return try Dropout(rate: rate, seed: seed, name: c.name)
      case .activation(_, let f): return try Activation(f, name: c.name)
      case .softmax: return try Softmax(name: c.name)
      case .relu(_, let maxValue, let slope, let threshold):
        return try ReLU(maxValue: maxValue, negativeSlope: slope, threshold: threshold, name: c.name)
      case .leakyRelu(_, let slope): return try LeakyReLU(negativeSlope: slope, name: c.name)
      case .elu(_, let alpha): return try ELU(alpha: alpha, name: c.name)
      case .rescaling(_, let scale, let offset, let si, let oi):
        return try Rescaling(
          scale: scale, offset: offset, scaleIsInteger: si, offsetIsInteger: oi, name: c.name)
      case .reshape(_, let target): return try Reshape(targetShape: target, name: c.name)
      case .gaussianNoise(_, let stddev, let seed):
        return try GaussianNoise(stddev: stddev, seed: seed, name: c.name)
      case .layerNormalization(_, let l):
        return try LayerNormalization(
          axes: l.axes, axisIsList: l.axisIsList, epsilon: l.epsilon, center: l.center, scale: l.scale,
          betaInitializer: l.beta, gammaInitializer: l.gamma, betaRegularizer: l.betaRegularizer,
          gammaRegularizer: l.gammaRegularizer, name: c.name)
      case .normalization(_, let n):
        let layer = try Normalization(
          axes: n.axes, mean: n.mean, variance: n.variance, invert: n.invert, name: c.name)
        // Built for the shape Keras recorded (adapt's data), as `build_from_config` builds it.
        if let shape = n.buildShape, shape.count >= 2 { try? layer.build(batchShape: shape) }
        return layer
      case .batchNormalization(_, let b):
        return try BatchNormalization(
          axis: b.axis, momentum: b.momentum, epsilon: b.epsilon, center: b.center, scale: b.scale,
          betaInitializer: b.beta, gammaInitializer: b.gamma, movingMeanInitializer: b.movingMean,
          movingVarianceInitializer: b.movingVariance, betaRegularizer: b.betaRegularizer,
          gammaRegularizer: b.gammaRegularizer, name: c.name)
      case .sequential(let m): return try build(m, place: place)
      }
    }
    layer.trainable = c.trainable
    return layer
  }

  /// Runs NN code, turning its errors into errors about `part` of the file.
  static func nn<R>(_ part: String, _ place: FilePlace, _ body: () throws -> R) throws -> R {
    do { return try body() } catch let e as ModelFileError { throw e } catch let e as NNError {
      throw place.error(part, e.message, kind: .valueError, hint: e.hint)
    } catch {
      throw place.error(part, "\(error)")
    }
  }
}
