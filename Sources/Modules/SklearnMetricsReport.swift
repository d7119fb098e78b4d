import Foundation
import Plot
import Script
import Tensors

/// `classification_report` in scikit-learn's exact layout and `ConfusionMatrixDisplay`, which
/// draws onto pyplot's current figure like the real one.
enum SklearnMetricsReport {
  static func add(to m: ModuleObject) {
    m.addFunction(
      "classification_report",
      signature:
        "y_true, y_pred, *, labels=None, target_names=None, sample_weight=None, digits=2, output_dict=False, zero_division='warn'"
    ) { a, interp in
      let t = try ClassTargets(a["y_true"], a["y_pred"], interp: interp)
      return try report(t, a, interp: interp)
    }
    let display = ModuleObject(name: "ConfusionMatrixDisplay")
    display.addFunction(
      "from_predictions",
      signature:
        "y_true, y_pred, *, labels=None, sample_weight=None, normalize=None, display_labels=None, include_values=True, xticks_rotation='horizontal', values_format=None, cmap='viridis', ax=None, colorbar=True, im_kw=None, text_kw=None"
    ) { a, interp in
      let t = try ClassTargets(a["y_true"], a["y_pred"], interp: interp)
      let (matrix, n) = try t.confusion(labels: a["labels"], interp: interp)
      let chosen = try t.selectedLabels(a["labels"], interp: interp) ?? t.labels
      let normalize = try a.optionalString("normalize")
      let value = try SklearnMetrics.confusionValue(matrix, n, normalize: normalize)
      let names =
        a["display_labels"].isNone
        ? chosen.map(\.name) : try interp.elements(of: a["display_labels"]).map { interp.str($0) }
      let d = ConfusionDisplayObject(matrix: value, labels: names)
      try d.plot(
        cmap: a["cmap"], includeValues: try interp.truthy(a["include_values"]),
        colorbar: try interp.truthy(a["colorbar"]), valuesFormat: try a.optionalString("values_format"),
        interp: interp)
      return .object(d)
    }
    display.addFunction("from_estimator", signature: "estimator, X, y, **kwargs") { _, _ in
      throw ScriptError(
        .typeError, "ConfusionMatrixDisplay.from_estimator needs a scikit-learn estimator",
        hint: "predict first, then use ConfusionMatrixDisplay.from_predictions(y_true, y_pred)")
    }
    m.attributes["ConfusionMatrixDisplay"] = .builtin(
      BuiltinFunction("ConfusionMatrixDisplay", signature: "confusion_matrix, *, display_labels=None") {
        a, interp in
        let (values, shape) = try PyplotArgs.array(a["confusion_matrix"], "confusion_matrix")
        guard shape.count == 2, shape[0] == shape[1] else {
          throw ScriptError(.valueError, "confusion_matrix must be a square 2-D array")
        }
        let labels =
          a["display_labels"].isNone
          ? (0..<shape[0]).map(String.init)
          : try interp.elements(of: a["display_labels"]).map { interp.str($0) }
        _ = values
        return .object(
          ConfusionDisplayObject(
            matrix: Convert.value(try Convert.tensor(a["confusion_matrix"])), labels: labels))
      })
    // `ConfusionMatrixDisplay.from_predictions` is reached through the class's attributes.
    if case .builtin(let f)? = m.attributes["ConfusionMatrixDisplay"] {
      m.attributes["ConfusionMatrixDisplay"] = .object(
        ConfusionDisplayClass(constructor: f, methods: display))
    }
  }

  /// The report text (or dict with `output_dict=True`).
  static func report(_ t: ClassTargets, _ a: BoundArguments, interp: Interpreter) throws -> Value {
    let labelsGiven = !a["labels"].isNone
    let chosen = try t.selectedLabels(a["labels"], interp: interp) ?? t.labels
    var names = chosen.map(\.name)
    if !a["target_names"].isNone {
      let given = try interp.elements(of: a["target_names"]).map { interp.str($0) }
      if given.count != chosen.count {
        if !labelsGiven {
          throw ScriptError(
            .valueError,
            "Number of classes, \(chosen.count), does not match size of target_names, \(given.count). Try specifying the labels parameter"
          )
        }
        interp.warn(
          "labels size, \(chosen.count), does not match size of target_names, \(given.count)",
          place: "sklearn.metrics.classification_report")
      }
      names = chosen.indices.map { $0 < given.count ? given[$0] : chosen[$0].name }
    }
    let digits = try a.int("digits")
    guard digits >= 0, digits <= 30 else { throw ScriptError(.valueError, "digits must be between 0 and 30") }
    let zero = try SklearnMetrics.zeroDivision(a["zero_division"])
    let perClass = try ClassScores(
      t, labels: a["labels"], average: .none, posLabel: .int(1), zeroDivision: zero, interp: interp)
    perClass.warn([.precision, .recall, .f1], interp)
    func array(_ r: ClassScores.Result) -> [Double] {
      switch r {
      case .perClass(let v): return v
      case .scalar(let v): return [v]
      }
    }
    let p = array(perClass.value(.precision)), r = array(perClass.value(.recall)),
      f = array(perClass.value(.f1))
    let support = perClass.actual.map { Int($0) }
    let total = support.reduce(0, +)
    let microIsAccuracy = !labelsGiven || Set(chosen).isSuperset(of: t.labels)
    var averages: [(String, Double, Double, Double)] = []
    for (avg, heading) in [
      (ClassScores.Average.micro, "micro avg"), (.macro, "macro avg"), (.weighted, "weighted avg"),
    ] {
      let s = try ClassScores(
        t, labels: a["labels"], average: avg, posLabel: .int(1), zeroDivision: zero, interp: interp)
      func scalar(_ r: ClassScores.Result) -> Double { array(r).first ?? .nan }
      averages.append(
        (
          avg == .micro && microIsAccuracy ? "accuracy" : heading, scalar(s.value(.precision)),
          scalar(s.value(.recall)),
          scalar(s.value(.f1))
        ))
    }
    if try interp.truthy(a["output_dict"]) {
      let d = DictObject([])
      func entry(_ p: Double, _ r: Double, _ f: Double, _ s: Double) -> Value {
        .dict(
          DictObject([
            ("precision", .float(p)), ("recall", .float(r)), ("f1-score", .float(f)), ("support", .float(s)),
          ]))
      }
      for i in names.indices { try d.set(.str(names[i]), entry(p[i], r[i], f[i], Double(support[i]))) }
      for (heading, ap, ar, af) in averages {
        if heading == "accuracy" {
          try d.set(.str(heading), .float(af))
        } else {
          try d.set(.str(heading), entry(ap, ar, af, Double(total)))
        }
      }
      return .dict(d)
    }
    let width = max(names.map(\.count).max() ?? 0, "weighted avg".count, digits)
    func right(_ s: String, _ w: Int) -> String { String(repeating: " ", count: max(0, w - s.count)) + s }
    func number(_ v: Double) -> String { v.isNaN ? "nan" : String(format: "%.\(digits)f", v) }
    var text =
      right("", width) + " "
      + ["precision", "recall", "f1-score", "support"].map { " " + right($0, 9) }.joined()
    text += "\n\n"
    for i in names.indices {
      text +=
        right(names[i], width) + " " + [p[i], r[i], f[i]].map { " " + right(number($0), 9) }.joined()
        + " " + right(String(support[i]), 9) + "\n"
    }
    text += "\n"
    for (heading, ap, ar, af) in averages {
      if heading == "accuracy" {
        text +=
          right(heading, width) + " " + " " + right("", 9) + " " + right("", 9) + " " + right(number(af), 9)
          + " "
          + right(String(total), 9) + "\n"
      } else {
        text +=
          right(heading, width) + " " + [ap, ar, af].map { " " + right(number($0), 9) }.joined() + " "
          + right(String(total), 9) + "\n"
      }
    }
    return .str(text)
  }
}

/// `ConfusionMatrixDisplay`: callable like the class, with `from_predictions`.
final class ConfusionDisplayClass: HostObject {
  let constructor: BuiltinFunction
  let methods: ModuleObject
  init(constructor: BuiltinFunction, methods: ModuleObject) {
    self.constructor = constructor
    self.methods = methods
  }
  var typeName: String { "type" }
  func repr() -> String { "<class 'sklearn.metrics._plot.confusion_matrix.ConfusionMatrixDisplay'>" }
  var attributeNames: [String] { methods.attributeNames }
  func getAttribute(_ name: String) throws -> Value? { try methods.attribute(name) }
  var isCallable: Bool { true }
  func call(_ arguments: Arguments, _ interpreter: Interpreter) throws -> Value? {
    try constructor.call(arguments, interpreter)
  }
}

/// A confusion-matrix display: `plot()` adds the matrix to pyplot's figure, `plt.show()` draws it.
final class ConfusionDisplayObject: HostObject {
  let matrix: Value
  let labels: [String]
  init(matrix: Value, labels: [String]) {
    self.matrix = matrix
    self.labels = labels
  }
  var typeName: String { "ConfusionMatrixDisplay" }
  var qualifiedTypeName: String { "sklearn.metrics._plot.confusion_matrix.ConfusionMatrixDisplay" }
  func repr() -> String {
    "<sklearn.metrics._plot.confusion_matrix.ConfusionMatrixDisplay at \(addressString(of: self))>"
  }
  var attributeNames: [String] { ["confusion_matrix", "display_labels", "plot"] }

  func getAttribute(_ name: String) throws -> Value? {
    switch name {
    case "confusion_matrix": return matrix
    case "display_labels": return .list(ListObject(labels.map { .str($0) }))
    case "plot":
      return .builtin(
        BuiltinFunction(
          "plot",
          signature:
            "*, include_values=True, cmap='viridis', xticks_rotation='horizontal', values_format=None, ax=None, colorbar=True, im_kw=None, text_kw=None"
        ) { [self] a, interp in
          try plot(
            cmap: a["cmap"], includeValues: try interp.truthy(a["include_values"]),
            colorbar: try interp.truthy(a["colorbar"]), valuesFormat: try a.optionalString("values_format"),
            interp: interp)
          return .object(self)
        })
    default: return nil
    }
  }

  /// Starts a new figure with the matrix, "Predicted label" and "True label", as scikit-learn
  /// does with `ax=None`.
  func plot(cmap: Value, includeValues: Bool, colorbar: Bool, valuesFormat: String?, interp: Interpreter)
    throws
  {
    let (values, shape) = try PyplotArgs.array(matrix, "confusion_matrix")
    guard shape.count == 2, shape[0] == shape[1] else { return }
    let n = shape[0]
    let isFloat = (try? Convert.tensor(matrix).dtype.isFloatingPoint) ?? false
    let text = values.map { v -> String in
      guard includeValues else { return "" }
      if let f = valuesFormat { return SklearnFormat.apply(f, v) }
      // scikit-learn: ".2g", or the plain integer when that is shorter.
      let g = SklearnFormat.apply(".2g", v)
      if !isFloat, v.isFinite, abs(v) < 1e15 {
        let d = String(Int(v))
        if d.count < g.count { return d }
      }
      return g
    }
    let state = PyplotState.of(interp)
    state.newFigure(width: 6.4, height: 4.8)
    var series = Series(
      .matrix(
        ValueGrid(rows: n, columns: n, values: values), annotations: text, rowLabels: labels,
        columnLabels: labels))
    series.colormap = try PyplotArgs.colormap(cmap) ?? .viridis
    state.add(series)
    state.withAxes { axes in
      axes.xLabel = "Predicted label"
      axes.yLabel = "True label"
      axes.hasColorbar = colorbar
    }
  }
}

/// Python format specs for numbers that `values_format` uses (`'d'`, `'.2g'`, `'.2f'`, `'.1%'`).
enum SklearnFormat {
  static func apply(_ spec: String, _ v: Double) -> String {
    guard v.isFinite else { return v.isNaN ? "nan" : (v > 0 ? "inf" : "-inf") }
    if spec == "d" { return String(Int(v)) }
    guard let kind = spec.last else { return pythonFloatRepr(v) }
    let precision = Int(spec.dropFirst().dropLast()) ?? 6
    switch kind {
    case "f": return String(format: "%.\(precision)f", v)
    case "e": return String(format: "%.\(precision)e", v)
    case "%": return String(format: "%.\(precision)f%%", v * 100)
    case "g": return String(format: "%.\(max(1, precision))g", v)
    default: return pythonFloatRepr(v)
    }
  }
}
