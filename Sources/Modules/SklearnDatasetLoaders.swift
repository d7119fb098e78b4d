import Datasets
import Script
import Tensors

/// `sklearn.datasets.load_iris`, `load_wine`, `load_breast_cancer`, `load_digits`,
/// `load_diabetes` and `load_linnerud`: scikit-learn 1.9's small bundled datasets, read
/// from scikit-learn's own files (`make setup` fetches them; ``SklearnDataFolders`` says
/// where they are looked for). Each returns a ``BunchObject`` with scikit-learn's keys in
/// scikit-learn's order, or `(data, target)` with `return_X_y=True`. Every parameter is
/// keyword-only, as in scikit-learn: `return_X_y=False`, `as_frame=False` (dnnlab has no
/// pandas, so `True` raises scikit-learn's ImportError), `n_class=10` for the digits,
/// `scaled=True` for the diabetes set.
enum SklearnDatasetLoaders {
  /// The module path scikit-learn reports in `data_module`.
  static let dataModule = "sklearn.datasets.data"

  static func install(_ datasets: ModuleObject) {
    add(datasets, "load_iris") { _ in try bunch(SklearnDatasets.iris(), filename: true) }
    add(datasets, "load_wine") { _ in try bunch(SklearnDatasets.wine(), filename: false) }
    add(datasets, "load_breast_cancer") { _ in
      let d = try SklearnDatasets.breastCancer()
      return try bunch(d, filename: true, featureNames: .object(ObjectArrayObject.unicode(d.featureNames)))
    }
    add(datasets, "load_digits", extra: [("n_class", .int(10))]) { p in
      let d = try SklearnDatasets.digits(nClass: p.nClass)
      return Loaded(
        data: d.data, target: d.target,
        bunch: [
          ("data", Convert.value(d.data)), ("target", Convert.value(d.target)), ("frame", .none),
          ("feature_names", strings(d.featureNames)),
          ("target_names", Convert.value(try Tensor((0..<10).map { Int64($0) }, shape: [10]))),
          ("images", d.images.map(Convert.value) ?? .none), ("DESCR", .str(d.description)),
        ])
    }
    add(datasets, "load_diabetes", extra: [("scaled", .bool(true))]) { p in
      let d = try SklearnDatasets.diabetes(scaled: p.scaled)
      return Loaded(
        data: d.data, target: d.target,
        bunch: [
          ("data", Convert.value(d.data)), ("target", Convert.value(d.target)), ("frame", .none),
          ("DESCR", .str(d.description)), ("feature_names", strings(d.featureNames)),
          ("data_filename", .str(d.dataFile)), ("target_filename", .str(d.targetFile ?? "")),
          ("data_module", .str(dataModule)),
        ])
    }
    add(datasets, "load_linnerud") { _ in
      let d = try SklearnDatasets.linnerud()
      return Loaded(
        data: d.data, target: d.target,
        bunch: [
          ("data", Convert.value(d.data)), ("feature_names", strings(d.featureNames)),
          ("target", Convert.value(d.target)), ("target_names", strings(d.targetNames)), ("frame", .none),
          ("DESCR", .str(d.description)), ("data_filename", .str(d.dataFile)),
          ("target_filename", .str(d.targetFile ?? "")), ("data_module", .str(dataModule)),
        ])
    }
  }

  /// What a loader read: the arrays `return_X_y` returns and the Bunch's entries.
  struct Loaded {
    let data: Tensor
    let target: Tensor
    let bunch: [(String, Value)]
  }

  /// The validated parameters besides `return_X_y` and `as_frame`.
  struct Parameters {
    var nClass = 10
    var scaled = true
  }

  /// The Bunch of a labelled CSV dataset (iris, wine, breast cancer): scikit-learn adds
  /// `filename` and `data_module` for iris and breast cancer, not for wine.
  private static func bunch(_ d: BundledDataset, filename: Bool, featureNames: Value? = nil) throws -> Loaded
  {
    var entries: [(String, Value)] = [
      ("data", Convert.value(d.data)), ("target", Convert.value(d.target)), ("frame", .none),
      ("target_names", .object(ObjectArrayObject.unicode(d.targetNames))), ("DESCR", .str(d.description)),
      ("feature_names", featureNames ?? strings(d.featureNames)),
    ]
    if filename { entries += [("filename", .str(d.dataFile)), ("data_module", .str(dataModule))] }
    return Loaded(data: d.data, target: d.target, bunch: entries)
  }

  private static func strings(_ names: [String]) -> Value { .list(ListObject(names.map { .str($0) })) }

  /// Adds loader `name`, binding its keyword-only parameters (`return_X_y`, `as_frame`
  /// after any `extra` ones, in scikit-learn's signature order) and checking them as
  /// scikit-learn's parameter validation does, with its messages.
  private static func add(
    _ m: ModuleObject, _ name: String, extra: [(String, Value)] = [],
    _ load: @escaping (Parameters) throws -> Loaded
  ) {
    // load_diabetes puts `scaled` last; load_digits puts `n_class` first.
    let names =
      name == "load_diabetes"
      ? ["return_X_y", "as_frame"] + extra.map(\.0) : extra.map(\.0) + ["return_X_y", "as_frame"]
    let defaults = Dictionary(
      uniqueKeysWithValues: extra + [("return_X_y", .bool(false)), ("as_frame", .bool(false))])
    let signature = "*, " + names.map { "\($0)=\(reprValue(defaults[$0] ?? .none))" }.joined(separator: ", ")
    m.attributes[name] = .builtin(
      BuiltinFunction(
        name,
        documentation: "\(name)(\(signature))\n\nscikit-learn 1.9's bundled dataset, from its own files."
      ) { args, _ in
        // scikit-learn's validate_params binds with inspect.Signature, hence its wording.
        if !args.positional.isEmpty { throw ScriptError(.typeError, "too many positional arguments") }
        var values = defaults
        for (k, v) in args.keywords {
          guard defaults[k] != nil else {
            throw ScriptError(.typeError, "got an unexpected keyword argument '\(k)'")
          }
          values[k] = v
        }
        var flags: [String: Bool] = [:]
        var p = Parameters()
        for k in names {
          let v = values[k] ?? .none
          if k == "n_class" {
            p.nClass = try classCount(v, function: name)
          } else {
            flags[k] = try boolean(v, k, function: name)
          }
        }
        p.scaled = flags["scaled"] ?? true
        let loaded = try Convert.tensors { try load(p) }
        if flags["as_frame"] == true {
          throw ScriptError(
            .importError, "\(name) with as_frame=True requires pandas.",
            hint: "dnnlab has no pandas; use the NumPy arrays: call \(name)() without as_frame")
        }
        if flags["return_X_y"] == true {
          return .tuple([Convert.value(loaded.data), Convert.value(loaded.target)])
        }
        return .object(BunchObject(loaded.bunch))
      })
  }

  /// A `'boolean'` parameter: a bool or a NumPy bool scalar.
  private static func boolean(_ v: Value, _ key: String, function: String) throws -> Bool {
    try sklearnBoolParameter(v, key, of: function)
  }

  /// `n_class`: an integral number (bool and NumPy integers included) from 1 to 10.
  private static func classCount(_ v: Value, function: String) throws -> Int {
    var n: Int?
    switch v {
    case .int(let i): n = i
    case .bool(let b): n = b ? 1 : 0
    case .object(let o as TensorBacked)
    where o.tensor.isScalar && o.tensor.dtype != .float32
      && o.tensor.dtype != .float64:
      // NumPy integers are Integral; np.bool_ is not.
      if case .int(let i)? = try? o.tensor.item() { n = Int(i) }
    default: n = nil
    }
    guard let n, (1...10).contains(n) else {
      throw ScriptError(
        ErrorKind("InvalidParameterError"),
        "The 'n_class' parameter of \(function) must be an int in the range [1, 10]. Got \(reprValue(v)) instead."
      )
    }
    return n
  }
}
