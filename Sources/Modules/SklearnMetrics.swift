import Foundation
import Script
import Tensors

/// `sklearn.metrics`: classification scores as scikit-learn 1.9 computes them, with its
/// argument checks and messages. Scalars are Python floats (what 1.9 returns), per-class
/// results float64 arrays, confusion matrices int64 arrays.
enum SklearnMetrics {
  static func make() -> ModuleObject {
    let m = ModuleObject(
      name: "sklearn.metrics", documentation: "Classification metrics (a scikit-learn subset)")
    m.addFunction("accuracy_score", signature: "y_true, y_pred, *, normalize=True, sample_weight=None") {
      a, interp in
      let t = try ClassTargets(a["y_true"], a["y_pred"], interp: interp)
      let correct = zip(t.trueIndex, t.predIndex).filter { $0 == $1 }.count
      if try interp.truthy(a["normalize"]) {
        return .float(t.count == 0 ? .nan : Double(correct) / Double(t.count))
      }
      return .float(Double(correct))
    }
    for (name, metric) in [
      ("precision_score", ClassScores.Metric.precision), ("recall_score", .recall), ("f1_score", .f1),
    ] {
      m.addFunction(
        name,
        signature:
          "y_true, y_pred, *, labels=None, pos_label=1, average='binary', sample_weight=None, zero_division='warn'"
      ) { a, interp in
        let t = try ClassTargets(a["y_true"], a["y_pred"], interp: interp)
        let scores = try ClassScores(
          t, labels: a["labels"], average: try average(a["average"]), posLabel: a["pos_label"],
          zeroDivision: try zeroDivision(a["zero_division"]), interp: interp)
        scores.warn([metric], interp)
        switch scores.value(metric) {
        case .scalar(let v): return .float(v)
        case .perClass(let v): return Convert.value(try Convert.tensors { try Tensor(v, shape: [v.count]) })
        }
      }
    }
    m.addFunction(
      "confusion_matrix", signature: "y_true, y_pred, *, labels=None, sample_weight=None, normalize=None"
    ) { a, interp in
      let t = try ClassTargets(a["y_true"], a["y_pred"], interp: interp)
      let (matrix, n) = try t.confusion(labels: a["labels"], interp: interp)
      return try confusionValue(matrix, n, normalize: try a.optionalString("normalize"))
    }
    SklearnMetricsReport.add(to: m)
    return m
  }

  /// `average=`: 'binary', 'micro', 'macro', 'weighted' or None.
  static func average(_ v: Value) throws -> ClassScores.Average {
    switch v {
    case .none: return .none
    case .str("binary"): return .binary
    case .str("micro"): return .micro
    case .str("macro"): return .macro
    case .str("weighted"): return .weighted
    default:
      throw ScriptError(
        ErrorKind("InvalidParameterError"),
        "The 'average' parameter of precision_score must be a str among {'samples', 'weighted', 'binary', 'micro', 'macro'} or None. Got \(Script.reprValue(v)) instead."
      )
    }
  }

  /// `zero_division=`: "warn" (0 with a warning), 0, 1 or NaN.
  static func zeroDivision(_ v: Value) throws -> ClassScores.ZeroDivision {
    if case .str("warn") = v { return .warn }
    let d = (try? Convert.double(v)) ?? -1
    if d == 0 || d == 1 || d.isNaN { return .value(d) }
    throw ScriptError(
      ErrorKind("InvalidParameterError"),
      "The 'zero_division' parameter must be a float among {0.0, 1.0, nan} or a str among {'warn'}. Got \(Script.reprValue(v)) instead."
    )
  }

  /// The matrix as int64, or normalised over true rows, predicted columns or everything.
  static func confusionValue(_ matrix: [Int], _ n: Int, normalize: String?) throws -> Value {
    guard let normalize else {
      return Convert.value(try Convert.tensors { try Tensor(matrix.map { Int64($0) }, shape: [n, n]) })
    }
    var out = matrix.map(Double.init)
    switch normalize {
    case "true":
      for r in 0..<n {
        let s = (0..<n).reduce(0) { $0 + out[r * n + $1] }
        for c in 0..<n { out[r * n + c] = s == 0 ? 0 : out[r * n + c] / s }
      }
    case "pred":
      for c in 0..<n {
        let s = (0..<n).reduce(0) { $0 + out[$1 * n + c] }
        for r in 0..<n { out[r * n + c] = s == 0 ? 0 : out[r * n + c] / s }
      }
    case "all":
      let s = out.reduce(0, +)
      out = out.map { s == 0 ? 0 : $0 / s }
    default:
      throw ScriptError(
        ErrorKind("InvalidParameterError"),
        "The 'normalize' parameter of confusion_matrix must be a str among {'true', 'pred', 'all'} or None. Got '\(normalize)' instead."
      )
    }
    return Convert.value(try Convert.tensors { try Tensor(out, shape: [n, n]) })
  }
}

/// A class label: a number (as given: int or float) or a string.
enum ClassLabel: Hashable, Comparable {
  case number(Double, isFloat: Bool)
  case text(String)

  static func < (a: ClassLabel, b: ClassLabel) -> Bool {
    switch (a, b) {
    case let (.number(x, _), .number(y, _)): return x < y
    case let (.text(x), .text(y)): return x < y
    case (.number, .text): return true
    case (.text, .number): return false
    }
  }

  static func == (a: ClassLabel, b: ClassLabel) -> Bool {
    switch (a, b) {
    case let (.number(x, _), .number(y, _)): return x == y
    case let (.text(x), .text(y)): return x == y
    default: return false
    }
  }

  func hash(into h: inout Hasher) {
    switch self {
    case .number(let x, _): h.combine(x)
    case .text(let s): h.combine(s)
    }
  }

  /// `"%s" % label`: `0`, `0.0`, `cat`.
  var name: String {
    switch self {
    case .number(let x, let isFloat): return isFloat ? pythonFloatRepr(x) : String(Int(x))
    case .text(let s): return s
    }
  }

  /// As NumPy prints it inside an array: `0`, `'cat'`.
  var arrayItem: String {
    switch self {
    case .number: return name
    case .text(let s): return "'\(s)'"
    }
  }

  var value: Value {
    switch self {
    case .number(let x, let isFloat): return isFloat ? .float(x) : .int(Int(x))
    case .text(let s): return .str(s)
    }
  }
}

/// `y_true` and `y_pred` checked as scikit-learn's `_check_targets` does and encoded as indices
/// into their sorted union of labels.
struct ClassTargets {
  /// Sorted labels present in either array.
  let labels: [ClassLabel]
  let trueIndex: [Int]
  let predIndex: [Int]
  /// "binary" (at most two labels) or "multiclass".
  let type: String
  var count: Int { trueIndex.count }

  init(_ yTrue: Value, _ yPred: Value, interp: Interpreter) throws {
    let t = try ClassTargets.labels(yTrue, interp), p = try ClassTargets.labels(yPred, interp)
    guard t.count == p.count else {
      throw ScriptError(
        .valueError, "Found input variables with inconsistent numbers of samples: [\(t.count), \(p.count)]")
    }
    let tt = ClassTargets.targetType(t), pt = ClassTargets.targetType(p)
    if tt == "continuous" || pt == "continuous" {
      throw ScriptError(
        .valueError,
        tt == pt
          ? "continuous is not supported"
          : "Classification metrics can't handle a mix of \(tt) and \(pt) targets",
        hint:
          "round predicted probabilities to classes first: (y_pred > 0.5).astype(int) or np.argmax(y_pred, axis=1)"
      )
    }
    let all = Set(t + p)
    let hasText = all.contains { if case .text = $0 { return true } else { return false } }
    let hasNumber = all.contains { if case .number = $0 { return true } else { return false } }
    if hasText && hasNumber {
      throw ScriptError(.typeError, "Labels in y_true and y_pred should be of the same type.")
    }
    labels = all.sorted()
    var index: [ClassLabel: Int] = [:]
    for (i, l) in labels.enumerated() { index[l] = i }
    trueIndex = t.map { index[$0] ?? 0 }
    predIndex = p.map { index[$0] ?? 0 }
    type = labels.count <= 2 ? "binary" : "multiclass"
  }

  /// The labels of one array: strings stay strings; numbers keep whether they were floats.
  static func labels(_ v: Value, _ interp: Interpreter) throws -> [ClassLabel] {
    if case .object(let o as TensorBacked) = v { return try fromTensor(o.tensor) }
    if case .list = v {
    } else if case .tuple = v {
    } else if case .range = v {
    } else {
      return try fromTensor(try Convert.tensor(v))
    }
    let items = try interp.elements(of: v)
    if !items.isEmpty, items.allSatisfy({ if case .str = $0 { return true } else { return false } }) {
      return items.map { .text(interp.str($0)) }
    }
    return try fromTensor(try Convert.tensor(v))
  }

  private static func fromTensor(_ t: Tensor) throws -> [ClassLabel] {
    var shape = t.shape
    if shape.count == 2 && shape[1] == 1 { shape = [shape[0]] }
    guard shape.count <= 1 else {
      throw ScriptError(
        .valueError,
        "Classification metrics can't handle a mix of multilabel-indicator and multiclass targets",
        hint: "turn one-hot rows into class numbers with np.argmax(y, axis=1)")
    }
    let values = t.toDoubles()
    if let bad = values.first(where: { $0.isInfinite }) {
      throw ScriptError(
        .valueError, "Input contains infinity or a value too large for dtype('float64').",
        hint: "found \(bad)")
    }
    return values.map { .number($0, isFloat: t.dtype.isFloatingPoint) }
  }

  /// scikit-learn's `type_of_target` for 1-D labels: floats with a fraction (or NaN) are
  /// continuous, at most two distinct values binary, more multiclass.
  static func targetType(_ labels: [ClassLabel]) -> String {
    for l in labels {
      if case .number(let x, _) = l, x.isNaN || x != x.rounded() { return "continuous" }
    }
    return Set(labels).count <= 2 ? "binary" : "multiclass"
  }

  /// The labels to report: the `labels=` argument's (checked), or all present.
  func selectedLabels(_ v: Value, interp: Interpreter) throws -> [ClassLabel]? {
    if v.isNone { return nil }
    let given = try ClassTargets.labels(v, interp)
    guard !given.isEmpty else {
      throw ScriptError(.valueError, "'labels' should contains at least one label.")
    }
    return given
  }

  /// The confusion matrix over `labels=` (or all labels): rows true, columns predicted.
  func confusion(labels requested: Value, interp: Interpreter) throws -> ([Int], Int) {
    let chosen = try selectedLabels(requested, interp: interp) ?? labels
    if chosen.allSatisfy({ !labels.contains($0) }) {
      throw ScriptError(.valueError, "At least one label specified must be in y_true")
    }
    let n = chosen.count
    var position: [Int: Int] = [:]
    for (j, l) in chosen.enumerated() { if let i = labels.firstIndex(of: l) { position[i] = j } }
    var m = Array(repeating: 0, count: n * n)
    for (a, b) in zip(trueIndex, predIndex) {
      if let r = position[a], let c = position[b] { m[r * n + c] += 1 }
    }
    return (m, n)
  }
}
