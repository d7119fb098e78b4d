import NN
import Script
import Tensors

/// `tensorflow`: the parts course code touches — `tf.keras`, eager tensors and the common
/// ops (`tf.constant`, `tf.reduce_mean`, `tf.argmax`, …), dtypes, `tf.random.set_seed`,
/// `tf.nn` activations, `tf.data` pipelines and the version string.
enum TensorFlowModule {
  static func make(keras: ModuleObject, context: KerasContext) -> ModuleObject {
    let tf = ModuleObject(name: "tensorflow", documentation: "TensorFlow 2.21 names over dnnlab's Keras")
    tf.attributes["keras"] = .module(keras)
    tf.attributes["__version__"] = .str("2.21.0")
    let random = ModuleObject(name: "tensorflow.random")
    random.addFunction("set_seed", signature: "seed") { a, _ in
      let seed = try a.int("seed")
      context.run { context.session.seed(seed) }
      return .none
    }
    tf.attributes["random"] = .module(random)
    let nn = ModuleObject(name: "tensorflow.nn")
    for (name, value) in KerasModule.makeActivations().attributes { nn.attributes[name] = value }
    tf.attributes["nn"] = .module(nn)
    let dtypes = ModuleObject(name: "tensorflow.dtypes")
    for dtype in [DType.bool, .uint8, .int32, .int64, .float32, .float64] {
      dtypes.attributes[dtype.name] = .object(TFDTypeObject(dtype))
      tf.attributes[dtype.name] = .object(TFDTypeObject(dtype))
    }
    dtypes.attributes["DType"] = .object(
      HostTypeObject("tensorflow.python.framework.dtypes.DType") {
        if case .object(is TFDTypeObject) = $0 { true } else { false }
      })
    tf.attributes["dtypes"] = .module(dtypes)
    tf.attributes["Tensor"] = .object(
      HostTypeObject("tensorflow.python.framework.tensor.Tensor") {
        if case .object(is EagerTensorObject) = $0 { true } else { false }
      })
    tf.attributes["TensorShape"] = .builtin(
      BuiltinFunction("TensorShape", signature: "dims") { a, interp in
        if a["dims"].isNone { return .object(TensorShapeObject(dims: [])) }
        let dims = try interp.elements(of: a["dims"]).map { $0.isNone ? nil : try Convert.integer($0) }
        return .object(TensorShapeObject(dims: dims))
      })
    tf.attributes["Variable"] = .object(
      ConstructorTypeObject(
        "tensorflow.python.ops.variables.Variable",
        constructor: BuiltinFunction(
          "Variable", signature: TFVariableObject.signature, documentation: TFVariableObject.help
        ) { a, interp in try TFVariableObject.make(a, interp) },
        isInstance: { if case .object(is TFVariableObject) = $0 { true } else { false } }))
    tf.attributes["GradientTape"] = .object(
      ConstructorTypeObject(
        "tensorflow.python.eager.backprop.GradientTape",
        constructor: BuiltinFunction(
          "GradientTape", signature: "persistent=False, watch_accessed_variables=True",
          documentation: GradientTapeObject.help
        ) { a, interp in
          .object(
            GradientTapeObject(
              persistent: try interp.truthy(a["persistent"]),
              watchAccessedVariables: try interp.truthy(a["watch_accessed_variables"])))
        },
        isInstance: { if case .object(is GradientTapeObject) = $0 { true } else { false } }))
    let unconnected = ModuleObject(name: "tensorflow.UnconnectedGradients")
    unconnected.attributes["NONE"] = .str("none")
    unconnected.attributes["ZERO"] = .str("zero")
    tf.attributes["UnconnectedGradients"] = .module(unconnected)
    let math = ModuleObject(name: "tensorflow.math")
    TensorFlowOps.install(tf: tf, math: math)
    TensorFlowDevices.install(tf: tf, math: math)
    TensorFlowElementOps.install(tf: tf, math: math, random: random, context: context)
    TensorFlowGatherSort.install(tf: tf)
    TensorFlowPrint.install(tf: tf)
    tf.attributes["math"] = .module(math)
    tf.attributes["data"] = .module(DatasetModule.make(context: context))
    tf.attributes["TensorSpec"] = .builtin(DatasetModule.tensorSpec())
    return tf
  }
}

/// `sklearn.datasets` and `sklearn.model_selection`: the toy sets and the split the lessons use.
enum SklearnModule {
  static func randomSeed(_ v: Value) throws -> RandomSeedArgument {
    if case .none = v { return .global }
    return .seed(try Convert.integer(v))
  }

  enum RandomSeedArgument { case global, seed(Int) }

  static func make() -> ModuleObject {
    let sklearn = ModuleObject(name: "sklearn")
    sklearn.attributes["__version__"] = .str("1.9.1")
    let datasets = ModuleObject(name: "sklearn.datasets")
    SklearnDatasetLoaders.install(datasets)
    datasets.addFunction(
      "make_circles", signature: "n_samples=100, *, shuffle=True, noise=None, random_state=None, factor=0.8"
    ) { a, interp in
      let noise = a["noise"].isNone ? nil : try Convert.double(a["noise"])
      let (x, y) = try Convert.tensors {
        try ToyDataBridge.circles(
          n: try a.int("n_samples"), shuffle: try interp.truthy(a["shuffle"]), noise: noise,
          seed: try randomSeed(a["random_state"]), factor: try Convert.double(a["factor"]))
      }
      return .tuple([Convert.value(x), Convert.value(y)])
    }
    datasets.addFunction(
      "make_moons", signature: "n_samples=100, *, shuffle=True, noise=None, random_state=None"
    ) { a, interp in
      let noise = a["noise"].isNone ? nil : try Convert.double(a["noise"])
      let (x, y) = try Convert.tensors {
        try ToyDataBridge.moons(
          n: try a.int("n_samples"), shuffle: try interp.truthy(a["shuffle"]), noise: noise,
          seed: try randomSeed(a["random_state"]))
      }
      return .tuple([Convert.value(x), Convert.value(y)])
    }
    datasets.addFunction(
      "make_blobs",
      signature:
        "n_samples=100, n_features=2, *, centers=None, cluster_std=1.0, center_box=(-10.0, 10.0), shuffle=True, random_state=None, return_centers=False"
    ) { a, interp in
      let (x, y, centers) = try Convert.tensors {
        try ToyDataBridge.blobs(
          n: try a.int("n_samples"), features: try a.int("n_features"), centers: a["centers"],
          std: try Convert.double(a["cluster_std"]),
          box: try interp.elements(of: a["center_box"]).map(Convert.double),
          shuffle: try interp.truthy(a["shuffle"]), seed: try randomSeed(a["random_state"]))
      }
      if try interp.truthy(a["return_centers"]) {
        return .tuple([Convert.value(x), Convert.value(y), Convert.value(centers)])
      }
      return .tuple([Convert.value(x), Convert.value(y)])
    }
    let selection = ModuleObject(name: "sklearn.model_selection")
    selection.attributes["train_test_split"] = .builtin(
      BuiltinFunction("train_test_split") { args, interp in
        let arrays = try args.positional.map { try Convert.tensor($0) }
        func size(_ key: String) throws -> SplitSizeArgument? {
          guard let v = args.keyword(key), !v.isNone else { return nil }
          if case .float(let f) = v { return .fraction(f) }
          return .count(try Convert.integer(v))
        }
        let seed = try randomSeed(args.keyword("random_state") ?? .none)
        let shuffle = try args.keyword("shuffle").map { try interp.truthy($0) } ?? true
        let stratify = try args.keyword("stratify").flatMap { $0.isNone ? nil : try Convert.tensor($0) }
        let parts = try Convert.tensors {
          try ToyDataBridge.split(
            arrays, testSize: try size("test_size"), trainSize: try size("train_size"), seed: seed,
            shuffle: shuffle,
            stratify: stratify)
        }
        return .list(ListObject(parts.map(Convert.value)))
      })
    sklearn.attributes["datasets"] = .module(datasets)
    sklearn.attributes["model_selection"] = .module(selection)
    sklearn.attributes["metrics"] = .module(SklearnMetrics.make())
    sklearn.attributes["preprocessing"] = .module(SklearnPreprocessing.make())
    let exceptions = ModuleObject(name: "sklearn.exceptions")
    exceptions.attributes["UndefinedMetricWarning"] = WarningRegistry.categoryValue("UndefinedMetricWarning")
    exceptions.attributes["DataConversionWarning"] = WarningRegistry.categoryValue("DataConversionWarning")
    sklearn.attributes["exceptions"] = .module(exceptions)
    return sklearn
  }

  enum SplitSizeArgument { case fraction(Double), count(Int) }
}
