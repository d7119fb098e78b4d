import NN
import Script

extension KerasModule {
  /// `keras.layers.BatchNormalization`, `LayerNormalization`, `GaussianNoise`, `LeakyReLU` and
  /// `ELU`, with Keras 3.15's signatures and defaults.
  static func addNormalizationLayers(to m: ModuleObject) {
    m.addFunction("LeakyReLU", signature: "negative_slope=0.3, input_shape=None, name=None, **kwargs") {
      a, _ in
      var slope = a["negative_slope"]
      if let alpha = a.extraKeywords.first(where: { $0.name == "alpha" })?.value {
        NNSession.current.warn(
          "Argument `alpha` is deprecated. Use `negative_slope` instead.", place: "LeakyReLU")
        slope = alpha
      }
      try KerasArgs.checkLayerKeywords(a, also: ["alpha"])
      let negative = slope.isNone ? true : try Convert.double(slope) < 0
      if negative {
        throw ScriptError(
          .valueError,
          "The negative_slope value of a Leaky ReLU layer cannot be None or negative value. Expected a float. "
            + "Received: negative_slope=\(reprValue(slope))")
      }
      return try layer(a) {
        try LeakyReLU(
          negativeSlope: try Convert.double(slope), inputShape: try KerasArgs.shape(a["input_shape"]),
          name: try KerasArgs.optionalString(a["name"]))
      }
    }
    m.addFunction("ELU", signature: "alpha=1.0, input_shape=None, name=None, **kwargs") { a, _ in
      try KerasArgs.checkLayerKeywords(a)
      return try layer(a) {
        try ELU(
          alpha: try Convert.double(a["alpha"]), inputShape: try KerasArgs.shape(a["input_shape"]),
          name: try KerasArgs.optionalString(a["name"]))
      }
    }
    m.addFunction(
      "LayerNormalization",
      signature: "axis=-1, epsilon=0.001, center=True, scale=True, beta_initializer='zeros', "
        + "gamma_initializer='ones', beta_regularizer=None, gamma_regularizer=None, beta_constraint=None, "
        + "gamma_constraint=None, input_shape=None, name=None, **kwargs"
    ) { a, interp in
      try KerasArgs.checkLayerKeywords(a, also: ["rms_scaling"])
      if let rms = a.extraKeywords.first(where: { $0.name == "rms_scaling" })?.value, try interp.truthy(rms) {
        throw ScriptError(
          .notImplementedError,
          "dnnlab's LayerNormalization does not support rms_scaling=True (deprecated in Keras)")
      }
      for key in ["beta_constraint", "gamma_constraint"] where !a[key].isNone {
        throw ScriptError(.notImplementedError, "dnnlab's LayerNormalization does not support \(key)")
      }
      let axes: [Int]
      let isList: Bool
      switch a["axis"] {
      case .int(let i):
        axes = [i]
        isList = false
      case .list, .tuple:
        axes = try interp.elements(of: a["axis"]).map { try Convert.integer($0) }
        isList = true
      default:
        throw ScriptError(
          .typeError,
          "Expected an int or a list/tuple of ints for the argument 'axis', but received: \(reprValue(a["axis"]))"
        )
      }
      let beta = try KerasArgs.initializer(a["beta_initializer"], default: .zeros)
      let gamma = try KerasArgs.initializer(a["gamma_initializer"], default: .ones)
      return try layer(a) {
        try LayerNormalization(
          axes: axes, axisIsList: isList, epsilon: try Convert.double(a["epsilon"]),
          center: try interp.truthy(a["center"]), scale: try interp.truthy(a["scale"]), betaInitializer: beta,
          gammaInitializer: gamma, betaRegularizer: try RegularizersModule.regularizer(a["beta_regularizer"]),
          gammaRegularizer: try RegularizersModule.regularizer(a["gamma_regularizer"]),
          inputShape: try KerasArgs.shape(a["input_shape"]), name: try KerasArgs.optionalString(a["name"]))
      }
    }
    m.addFunction("GaussianNoise", signature: "stddev, seed=None, input_shape=None, name=None, **kwargs") {
      a, _ in
      try KerasArgs.checkLayerKeywords(a)
      return try layer(a) {
        try GaussianNoise(
          stddev: try Convert.double(a["stddev"]), seed: try a.optionalInt("seed"),
          inputShape: try KerasArgs.shape(a["input_shape"]), name: try KerasArgs.optionalString(a["name"]))
      }
    }
    m.addFunction(
      "BatchNormalization",
      signature: "axis=-1, momentum=0.99, epsilon=0.001, center=True, scale=True, beta_initializer='zeros', "
        + "gamma_initializer='ones', moving_mean_initializer='zeros', moving_variance_initializer='ones', "
        + "beta_regularizer=None, gamma_regularizer=None, beta_constraint=None, gamma_constraint=None, "
        + "renorm=False, renorm_clipping=None, renorm_momentum=0.99, synchronized=False, input_shape=None, "
        + "name=None, **kwargs"
    ) { a, interp in
      try KerasArgs.checkLayerKeywords(a)
      for key in ["beta_constraint", "gamma_constraint", "renorm_clipping"] where !a[key].isNone {
        throw ScriptError(
          .notImplementedError, "dnnlab's BatchNormalization does not support \(key)",
          hint: "remove \(key)=…")
      }
      for key in ["renorm", "synchronized"] where try interp.truthy(a[key]) {
        throw ScriptError(
          .notImplementedError, "dnnlab's BatchNormalization does not support \(key)=True",
          hint: "remove \(key)=…; without it the layer normalizes with each batch's own statistics")
      }
      // Keras takes `int(axis)`, so a list of axes is a TypeError there too.
      switch a["axis"] {
      case .list, .tuple:
        throw ScriptError(
          .typeError,
          "int() argument must be a string, a bytes-like object or a real number, not '\(a["axis"].typeName)'",
          hint: "BatchNormalization normalizes one feature axis: axis=-1 (the default) is the last")
      default: break
      }
      let axis = try Convert.integer(a["axis"])
      let beta = try KerasArgs.initializer(a["beta_initializer"], default: .zeros)
      let gamma = try KerasArgs.initializer(a["gamma_initializer"], default: .ones)
      let movingMean = try KerasArgs.initializer(a["moving_mean_initializer"], default: .zeros)
      let movingVariance = try KerasArgs.initializer(a["moving_variance_initializer"], default: .ones)
      return try layer(a) {
        try BatchNormalization(
          axis: axis, momentum: try Convert.double(a["momentum"]), epsilon: try Convert.double(a["epsilon"]),
          center: try interp.truthy(a["center"]), scale: try interp.truthy(a["scale"]),
          betaInitializer: beta, gammaInitializer: gamma, movingMeanInitializer: movingMean,
          movingVarianceInitializer: movingVariance,
          betaRegularizer: try RegularizersModule.regularizer(a["beta_regularizer"]),
          gammaRegularizer: try RegularizersModule.regularizer(a["gamma_regularizer"]),
          inputShape: try KerasArgs.shape(a["input_shape"]), name: try KerasArgs.optionalString(a["name"]))
      }
    }
  }
}
