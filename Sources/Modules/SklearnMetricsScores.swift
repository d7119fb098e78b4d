import Script

/// Precision, recall and F1 per class and averaged, as scikit-learn's
/// `precision_recall_fscore_support` computes them (including its zero-division rules).
struct ClassScores {
  enum Average { case binary, micro, macro, weighted, none }
  enum ZeroDivision {
    /// 0 with an `UndefinedMetricWarning`.
    case warn
    /// 0, 1 or NaN.
    case value(Double)
    var result: Double {
      if case .value(let v) = self { return v }
      return 0
    }
  }
  enum Metric { case precision, recall, f1 }
  enum Result {
    case scalar(Double)
    case perClass([Double])
  }

  let average: Average
  let zeroDivision: ZeroDivision
  /// Per chosen label.
  var tp: [Double] = [], predicted: [Double] = [], actual: [Double] = []
  /// Which metrics divided by zero somewhere (for the warning).
  private(set) var undefined: Set<String> = []

  init(
    _ t: ClassTargets, labels requested: Value, average: Average, posLabel: Value, zeroDivision: ZeroDivision,
    interp: Interpreter
  ) throws {
    self.average = average
    self.zeroDivision = zeroDivision
    var chosen = try t.selectedLabels(requested, interp: interp) ?? t.labels
    if average == .binary {
      guard t.type == "binary" else {
        throw ScriptError(
          .valueError,
          "Target is multiclass but average='binary'. Please choose another average setting, one of [None, 'micro', 'macro', 'weighted']."
        )
      }
      let pos: ClassLabel =
        switch posLabel {
        case .str(let s): .text(s)
        case .bool(let b): .number(b ? 1 : 0, isFloat: false)
        default: .number((try? Convert.double(posLabel)) ?? .nan, isFloat: false)
        }
      if !t.labels.contains(pos) && t.labels.count >= 2 {
        throw ScriptError(
          .valueError,
          "pos_label=\(Script.reprValue(posLabel)) is not a valid label. It should be one of [\(t.labels.map(\.arrayItem).joined(separator: " "))]",
          hint: "pass pos_label= one of the labels, or average='macro' for all classes")
      }
      chosen = [pos]
    }
    for l in chosen {
      guard let i = t.labels.firstIndex(of: l) else {
        tp.append(0)
        predicted.append(0)
        actual.append(0)
        continue
      }
      var a = 0.0, p = 0.0, both = 0.0
      for (x, y) in zip(t.trueIndex, t.predIndex) {
        if x == i { a += 1 }
        if y == i { p += 1 }
        if x == i && y == i { both += 1 }
      }
      tp.append(both)
      predicted.append(p)
      actual.append(a)
    }
  }

  private func divide(_ n: [Double], _ d: [Double]) -> [Double] {
    zip(n, d).map { $1 == 0 ? zeroDivision.result : $0 / $1 }
  }

  /// Per-class values of `metric` (before averaging; summed counts for micro).
  private func perClass(_ metric: Metric, tp: [Double], predicted: [Double], actual: [Double]) -> [Double] {
    switch metric {
    case .precision: return divide(tp, predicted)
    case .recall: return divide(tp, actual)
    case .f1: return divide(tp.map { 2 * $0 }, zip(predicted, actual).map(+))
    }
  }

  /// Whether the metric hit a zero denominator (what scikit-learn warns about).
  func isUndefined(_ metric: Metric) -> Bool {
    let (p, a): ([Double], [Double]) =
      average == .micro ? ([predicted.reduce(0, +)], [actual.reduce(0, +)]) : (predicted, actual)
    switch metric {
    case .precision: return p.contains(0)
    case .recall: return a.contains(0)
    case .f1: return zip(p, a).contains { $0 + $1 == 0 }
    }
  }

  func value(_ metric: Metric) -> Result {
    switch average {
    case .none: return .perClass(perClass(metric, tp: tp, predicted: predicted, actual: actual))
    case .micro:
      return .scalar(
        perClass(
          metric, tp: [tp.reduce(0, +)], predicted: [predicted.reduce(0, +)], actual: [actual.reduce(0, +)])[
            0])
    case .binary, .macro:
      return .scalar(
        ClassScores.nanAverage(perClass(metric, tp: tp, predicted: predicted, actual: actual), weights: nil))
    case .weighted:
      if actual.reduce(0, +) == 0 {
        // scikit-learn's special case: no true samples at all. Its zero-division value here is
        // 1 unless zero_division is "warn" or 0 (so NaN also gives 1).
        let z: Double = { if case .value(let v) = zeroDivision, v != 0 { return 1 } else { return 0 } }()
        if predicted.reduce(0, +) == 0 { return .scalar(z) }
        return .scalar(metric == .recall ? z : 0)
      }
      return .scalar(
        ClassScores.nanAverage(
          perClass(metric, tp: tp, predicted: predicted, actual: actual), weights: actual))
    }
  }

  /// NumPy's average ignoring NaNs (scikit-learn's `_nanaverage`); all-NaN gives NaN, all-zero
  /// weights an unweighted mean.
  static func nanAverage(_ values: [Double], weights: [Double]?) -> Double {
    let kept = values.indices.filter { !values[$0].isNaN }
    guard !kept.isEmpty else { return .nan }
    if let weights {
      let w = kept.map { weights[$0] }
      let total = w.reduce(0, +)
      if total != 0 { return zip(kept, w).reduce(0) { $0 + values[$1.0] * $1.1 } / total }
      return kept.reduce(0) { $0 + values[$1] } / Double(kept.count)
    }
    return kept.reduce(0) { $0 + values[$1] } / Double(kept.count)
  }

  /// scikit-learn's `UndefinedMetricWarning` lines for `zero_division="warn"`, as Jupyter shows
  /// warnings (one line each, in the cell output).
  func warn(_ metrics: [Metric], _ interp: Interpreter) {
    guard case .warn = zeroDivision else { return }
    let scope = average == .micro || average == .binary ? "due to" : "in labels with"
    for m in metrics where isUndefined(m) {
      let (name, what): (String, String) =
        switch m {
        case .precision: ("Precision", "predicted samples")
        case .recall: ("Recall", "true samples")
        case .f1: ("F-score", "true nor predicted samples")
        }
      interp.warn(
        "\(name) is ill-defined and being set to 0.0 \(scope) no \(what). "
          + "Use `zero_division` parameter to control this behavior.", category: "UndefinedMetricWarning",
        place: "sklearn.metrics")
    }
  }
}
