import Foundation
import Script
import Tensors

/// `sklearn.preprocessing`: the scalers and encoders a dense-network lesson uses before
/// training, with scikit-learn 1.9's numbers, reprs and messages.
enum SklearnPreprocessing {
  static func make() -> ModuleObject {
    let m = ModuleObject(
      name: "sklearn.preprocessing",
      documentation: "Feature scaling and label encoding (a scikit-learn subset)")
    m.attributes["StandardScaler"] = .object(
      EstimatorClass(
        "StandardScaler", module: "sklearn.preprocessing._data",
        signature: "*, copy=True, with_mean=True, with_std=True"
      ) { StandardScalerObject($0) })
    m.attributes["MinMaxScaler"] = .object(
      EstimatorClass(
        "MinMaxScaler", module: "sklearn.preprocessing._data",
        signature: "feature_range=(0, 1), *, copy=True, clip=False"
      ) { MinMaxScalerObject($0) })
    m.attributes["LabelEncoder"] = .object(
      EstimatorClass("LabelEncoder", module: "sklearn.preprocessing._label", signature: "") {
        LabelEncoderObject($0)
      })
    m.attributes["OneHotEncoder"] = .object(
      EstimatorClass(
        "OneHotEncoder", module: "sklearn.preprocessing._encoders",
        signature:
          "*, categories='auto', drop=None, sparse_output=True, dtype=numpy.float64, handle_unknown='error', min_frequency=None, max_categories=None, feature_name_combiner='concat'"
      ) { OneHotEncoderObject($0) })
    SklearnScaling.addFunctions(to: m)
    return m
  }
}

/// A scikit-learn estimator class (`StandardScaler`): called with its `__init__` parameters,
/// it makes an estimator; its repr is the class's.
final class EstimatorClass: HostObject {
  let name: String
  let module: String
  let signature: Signature
  let make: (EstimatorParameters) -> SklearnEstimator

  init(
    _ name: String, module: String, signature spec: String,
    make: @escaping (EstimatorParameters) -> SklearnEstimator
  ) {
    self.name = name
    self.module = module
    self.signature = Signature("\(name).__init__", spec)
    self.make = make
  }

  var typeName: String { "type" }
  func repr() -> String { "<class '\(module).\(name)'>" }
  var isCallable: Bool { true }
  func call(_ arguments: Arguments, _ interpreter: Interpreter) throws -> Value? {
    let bound = try signature.bind(arguments)
    let defaults = signature.parameters.map { p -> (String, Value, String) in
      // NumPy's float64 type is the one default that is not a literal.
      if p.name == "dtype" {
        let given = arguments.keyword("dtype") ?? .object(ScalarTypeObject(.float64))
        return (p.name, given, "<class 'numpy.float64'>")
      }
      return (p.name, bound[p.name], reprValue(p.defaultValue ?? .none))
    }
    return .object(
      make(EstimatorParameters(defaults.map { .init(name: $0.0, value: $0.1, defaultRepr: $0.2) })))
  }
  func instanceCheck(_ value: Value) -> Bool? {
    if case .object(let o as SklearnEstimator) = value { return o.className == name }
    return false
  }
}

/// An estimator's `__init__` parameters in signature order, with the defaults' reprs (the
/// estimator's repr shows the ones whose repr differs, as scikit-learn's does).
struct EstimatorParameters {
  struct Entry {
    let name: String
    var value: Value
    let defaultRepr: String
  }
  var entries: [Entry]
  init(_ entries: [Entry]) { self.entries = entries }

  subscript(_ name: String) -> Value {
    get { entries.first { $0.name == name }?.value ?? .none }
    set {
      if let i = entries.firstIndex(where: { $0.name == name }) { entries[i].value = newValue }
    }
  }
}

/// What every estimator shares: parameters as attributes, `get_params`/`set_params`, the repr,
/// `n_features_in_` and the "not fitted" and feature-count checks.
class SklearnEstimator: HostObject {
  let className: String
  let moduleName: String
  var params: EstimatorParameters
  var nFeaturesIn: Int?

  init(_ className: String, module: String, params: EstimatorParameters) {
    self.className = className
    self.moduleName = module
    self.params = params
  }

  var typeName: String { className }
  var qualifiedTypeName: String { "\(moduleName).\(className)" }

  func repr() -> String {
    let changed = params.entries.filter { reprValue($0.value) != $0.defaultRepr }.sorted { $0.name < $1.name }
    return "\(className)(" + changed.map { "\($0.name)=\(reprValue($0.value))" }.joined(separator: ", ") + ")"
  }

  /// Whether `fit` has run.
  var isFitted: Bool { false }
  /// The fitted attributes (`mean_`, `classes_`, …) present now.
  func fittedAttribute(_ name: String) throws -> Value? { nil }
  var fittedAttributeNames: [String] { [] }
  /// The estimator's methods (`fit`, `transform`, …).
  func method(_ name: String) -> BuiltinFunction? { nil }
  var methodNames: [String] { [] }

  var attributeNames: [String] {
    (methodNames + ["get_params", "set_params"] + params.entries.map(\.name) + fittedAttributeNames).sorted()
  }

  func getAttribute(_ name: String) throws -> Value? {
    if let m = method(name) { return .builtin(m) }
    if let e = params.entries.first(where: { $0.name == name }) { return e.value }
    switch name {
    case "get_params":
      return .builtin(
        BuiltinFunction("get_params", signature: "deep=True", receiverTypeName: className) { [self] _, _ in
          let d = DictObject()
          for e in params.entries.sorted(by: { $0.name < $1.name }) { try d.set(.str(e.name), e.value) }
          return .dict(d)
        })
    case "set_params":
      return .builtin(
        BuiltinFunction("set_params", signature: "**params", receiverTypeName: className) { [self] a, _ in
          for (key, value) in a.extraKeywords {
            guard params.entries.contains(where: { $0.name == key }) else {
              throw ScriptError(
                .valueError,
                "Invalid parameter '\(key)' for estimator \(repr()). Valid parameters are: "
                  + "\(reprValue(.list(params.entries.map(\.name).sorted().map { .str($0) })))."
              )
            }
            params[key] = value
          }
          return .object(self)
        })
    default: break
    }
    if name == "n_features_in_", let n = nFeaturesIn { return .int(n) }
    return try fittedAttribute(name)
  }

  func setAttribute(_ name: String, _ value: Value) throws -> Bool {
    guard params.entries.contains(where: { $0.name == name }) else { return false }
    params[name] = value
    return true
  }

  /// A method bound to this estimator.
  func bound(
    _ name: String, _ spec: String, _ body: @escaping (BoundArguments, Interpreter) throws -> Value
  ) -> BuiltinFunction {
    BuiltinFunction(name, signature: spec, receiverTypeName: className, body: body)
  }

  /// scikit-learn's `check_is_fitted`.
  func checkFitted() throws {
    guard isFitted else {
      throw ScriptError(
        ErrorKind("NotFittedError"),
        "This \(className) instance is not fitted yet. Call 'fit' with appropriate arguments before using this estimator.",
        hint:
          "call \(className.prefix(1).lowercased())\(className.dropFirst()).fit(X) first, or use fit_transform"
      )
    }
  }

  /// The check `validate_data(reset=False)` makes on the number of columns.
  func checkFeatureCount(_ n: Int) throws {
    if let expected = nFeaturesIn, expected != n {
      throw ScriptError(
        .valueError, "X has \(n) features, but \(className) is expecting \(expected) features as input.")
    }
  }

  /// A boolean parameter, checked as scikit-learn's parameter validation does at fit time.
  func boolParameter(_ name: String) throws -> Bool {
    try sklearnBoolParameter(params[name], name, of: className)
  }
}

/// A `'boolean'` parameter, checked as scikit-learn's parameter validation does: a bool or a
/// NumPy bool scalar, else its InvalidParameterError naming `owner` (a class or function).
func sklearnBoolParameter(_ v: Value, _ name: String, of owner: String) throws -> Bool {
  if case .bool(let b) = v { return b }
  if case .object(let o as TensorBacked) = v, o.tensor.isScalar, o.tensor.dtype == .bool,
    case .bool(let b)? = try? o.tensor.item()
  {
    return b
  }
  throw ScriptError(
    ErrorKind("InvalidParameterError"),
    "The '\(name)' parameter of \(owner) must be an instance of 'bool' or an instance of 'numpy.bool'. Got \(reprValue(v)) instead."
  )
}

/// A 2-D float matrix as scikit-learn's `check_array(X, dtype=FLOAT_DTYPES)` makes it: float32
/// stays float32, everything else becomes float64. Values are held as doubles (exact for both).
struct FloatMatrix {
  var values: [Double]
  var rows: Int
  var columns: Int
  var isFloat32: Bool

  var dtypeName: String { isFloat32 ? "float32" : "float64" }

  subscript(_ r: Int, _ c: Int) -> Double {
    get { values[r * columns + c] }
    set { values[r * columns + c] = newValue }
  }

  /// Rounds to float32 when the matrix is float32 (what storing into a float32 array does).
  func stored(_ v: Double) -> Double { isFloat32 ? Double(Float(v)) : v }

  /// The float array for the script.
  func value(shape: [Int]? = nil) throws -> Value {
    let shape = shape ?? [rows, columns]
    return Convert.value(
      try Convert.tensors {
        isFloat32 ? try Tensor(values.map { Float($0) }, shape: shape) : try Tensor(values, shape: shape)
      })
  }

  static let reshapeAdvice =
    "Reshape your data either using array.reshape(-1, 1) if your data has a single feature or array.reshape(1, -1) if it contains a single sample."

  /// Converts `X` with `check_array`'s checks and messages. `allowNaN` is scikit-learn's
  /// `ensure_all_finite="allow-nan"`; `ensure2D` false lets 1-D input through as one column.
  static func check(
    _ v: Value, estimator: String, allowNaN: Bool = true, ensure2D: Bool = true, name: String? = "X"
  ) throws -> (FloatMatrix, originalDimensions: Int) {
    if let s = firstString(v) {
      throw ScriptError(.valueError, "could not convert string to float: \(pythonStringRepr(s))")
    }
    var t = try Convert.tensor(v)
    if t.dtype != .float32 && t.dtype != .float64 { t = try Convert.tensors { try t.astype(.float64) } }
    let ndim = t.shape.count
    if ensure2D && ndim < 2 {
      var shown = t
      shown.isScalar = false
      let kind = ndim == 0 ? "scalar" : "1D"
      throw ScriptError(
        .valueError, "Expected 2D array, got \(kind) array instead:\narray=\(shown.str).\n\(reshapeAdvice)",
        hint: "X must be a table: one row per sample, one column per feature")
    }
    if ndim > 2 {
      throw ScriptError(
        .valueError, "Found array with dim \(ndim), while dim <= 2 is required by \(estimator).",
        hint: "flatten each sample first, e.g. X.reshape(len(X), -1)")
    }
    if ndim == 0 {
      throw ScriptError(
        .valueError, "Singleton array \(t.repr) cannot be considered a valid collection.")
    }
    let values = t.toDoubles()
    let rows = t.shape[0]
    let columns = ndim == 2 ? t.shape[1] : 1
    let dt = t.dtype == .float32 ? "float32" : "float64"
    let input = name.map { "Input \($0)" } ?? "Input"
    if values.contains(where: { $0.isInfinite }) {
      throw ScriptError(.valueError, "\(input) contains infinity or a value too large for dtype('\(dt)').")
    }
    if !allowNaN && values.contains(where: { $0.isNaN }) {
      throw ScriptError(.valueError, "\(input) contains NaN.")
    }
    let shape = ndim == 2 ? "(\(rows), \(columns))" : "(\(rows),)"
    if rows == 0 {
      throw ScriptError(
        .valueError,
        "Found array with 0 sample(s) (shape=\(shape)) while a minimum of 1 is required by \(estimator).")
    }
    if ndim == 2 && columns == 0 {
      throw ScriptError(
        .valueError,
        "Found array with 0 feature(s) (shape=\(shape)) while a minimum of 1 is required by \(estimator).")
    }
    return (FloatMatrix(values: values, rows: rows, columns: columns, isFloat32: t.dtype == .float32), ndim)
  }

  /// The first string inside nested lists and tuples (NumPy then fails to make floats).
  static func firstString(_ v: Value) -> String? {
    switch v {
    case .str(let s): return s
    case .list(let l): return l.items.lazy.compactMap(firstString).first
    case .tuple(let items): return items.lazy.compactMap(firstString).first
    default: return nil
    }
  }
}
