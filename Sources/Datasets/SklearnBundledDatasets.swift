import Foundation
import Tensors

/// One of scikit-learn's small bundled datasets as its `load_*` function builds it: the
/// values of scikit-learn 1.9's `Bunch` fields, read from scikit-learn's own files.
public struct BundledDataset {
  /// float64 `(n_samples, n_features)`.
  public var data: Tensor
  /// int64 `(n_samples,)` classes, or float64 for the regression sets (diabetes
  /// `(n_samples,)`, Linnerud `(n_samples, 3)`).
  public var target: Tensor
  /// The class names of the file's header (iris, wine, breast cancer) or the target
  /// columns' names (Linnerud); empty for the others.
  public var targetNames: [String]
  public var featureNames: [String]
  /// The digits as float64 `(n_samples, 8, 8)` images; nil for the other sets.
  public var images: Tensor?
  /// The description, scikit-learn's `DESCR`.
  public var description: String
  /// The file names scikit-learn reports (`iris.csv`; the data and target files of the
  /// diabetes and Linnerud sets).
  public var dataFile: String
  public var targetFile: String?
}

/// scikit-learn's bundled toy datasets, read from the files its wheel ships (see
/// ``SklearnDataFolders`` for where they are looked for). Values, shapes and dtypes equal
/// what scikit-learn 1.9's `load_*` functions return.
public enum SklearnDatasets {
  /// `load_iris()`: 150 irises, 4 measurements in cm, 3 species.
  public static func iris(_ folders: SklearnDataFolders = .standard) throws -> BundledDataset {
    try labelled(
      "iris.csv", descr: "iris.rst", folders,
      features: ["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"])
  }

  /// `load_wine()`: 178 wines, 13 chemical measurements, 3 cultivars.
  public static func wine(_ folders: SklearnDataFolders = .standard) throws -> BundledDataset {
    try labelled(
      "wine_data.csv", descr: "wine_data.rst", folders,
      features: [
        "alcohol", "malic_acid", "ash", "alcalinity_of_ash", "magnesium", "total_phenols", "flavanoids",
        "nonflavanoid_phenols", "proanthocyanins", "color_intensity", "hue", "od280/od315_of_diluted_wines",
        "proline",
      ])
  }

  /// `load_breast_cancer()`: 569 tumours, 30 features (mean, error and worst of ten
  /// cell-nucleus measurements), malignant or benign.
  public static func breastCancer(_ folders: SklearnDataFolders = .standard) throws -> BundledDataset {
    let measured = [
      "radius", "texture", "perimeter", "area", "smoothness", "compactness", "concavity", "concave points",
      "symmetry", "fractal dimension",
    ]
    let features =
      measured.map { "mean " + $0 } + measured.map { $0 + " error" } + measured.map { "worst " + $0 }
    return try labelled("breast_cancer.csv", descr: "breast_cancer.rst", folders, features: features)
  }

  /// `load_digits(n_class=10)`: 1,797 8×8 images of handwritten digits with values 0–16;
  /// only the digits below `nClass` (1–10) are kept, in the file's order.
  public static func digits(nClass: Int = 10, _ folders: SklearnDataFolders = .standard) throws
    -> BundledDataset
  {
    guard (1...10).contains(nClass) else {
      throw DatasetError.argument(
        "The 'n_class' parameter of load_digits must be an int in the range [1, 10]. Got \(nClass) instead.")
    }
    let name = "digits.csv.gz"
    let table = try SklearnTables.numeric(
      SklearnTables.text(path: folders.table(name), name: name), name: name, delimiter: ",")
    // 64 pixels then the digit per row.
    try checkColumns(table, 65, name)
    let values = table.toDoubles()
    var pixels = [Double]()
    var labels = [Int64]()
    for r in 0..<table.shape[0] {
      let label = values[r * 65 + 64]
      // NumPy's astype(int) truncates; a label that is not a finite int64 is corrupt data.
      guard label.isFinite, let digit = Int64(exactly: label.rounded(.towardZero)) else {
        throw DatasetError.corrupt(name, "row \(r + 1): the digit \(label) is not an integer")
      }
      guard digit < Int64(nClass) else { continue }
      labels.append(digit)
      for c in 0..<64 { pixels.append(values[r * 65 + c]) }
    }
    let descr = try description("digits.rst", folders)
    return try tensors(name) {
      BundledDataset(
        data: try Tensor(pixels, shape: [labels.count, 64]),
        target: try Tensor(labels, shape: [labels.count]),
        targetNames: [],
        featureNames: (0..<8).flatMap { r in (0..<8).map { c in "pixel_\(r)_\(c)" } },
        images: try Tensor(pixels, shape: [labels.count, 8, 8]), description: descr, dataFile: name)
    }
  }

  /// `load_diabetes(scaled=True)`: 442 patients, 10 baseline variables, and a measure of
  /// disease progression a year later (float64). `scaled` (default true) centres each
  /// feature and scales it to unit norm, as scikit-learn does: `scale(X) / sqrt(n_samples)`.
  public static func diabetes(scaled: Bool = true, _ folders: SklearnDataFolders = .standard) throws
    -> BundledDataset
  {
    let features = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"]
    let dataName = "diabetes_data_raw.csv.gz"
    let targetName = "diabetes_target.csv.gz"
    let data = try SklearnTables.numeric(
      SklearnTables.text(path: folders.table(dataName), name: dataName), name: dataName, delimiter: nil)
    let target = try SklearnTables.numeric(
      SklearnTables.text(path: folders.table(targetName), name: targetName), name: targetName, delimiter: nil)
    try checkColumns(data, features.count, dataName)
    try checkColumns(target, 1, targetName)
    try checkRows(target, data.shape[0], targetName, dataName)
    var values = data.toDoubles()
    if scaled { StandardScaling.scaleColumns(&values, columns: features.count) }
    let descr = try description("diabetes.rst", folders)
    return try tensors(dataName) {
      BundledDataset(
        data: try Tensor(values, shape: data.shape), target: try target.reshape([target.count]),
        targetNames: [], featureNames: features, description: descr, dataFile: dataName,
        targetFile: targetName)
    }
  }

  /// `load_linnerud()`: 20 men's exercise results (chins, sit-ups, jumps) as the data and
  /// their weight, waist and pulse as a three-column float64 target.
  public static func linnerud(_ folders: SklearnDataFolders = .standard) throws -> BundledDataset {
    let dataName = "linnerud_exercise.csv"
    let targetName = "linnerud_physiological.csv"
    let dataText = try SklearnTables.text(path: folders.table(dataName), name: dataName)
    let targetText = try SklearnTables.text(path: folders.table(targetName), name: targetName)
    let dataHeader = try SklearnTables.headerWords(dataText, name: dataName)
    let targetHeader = try SklearnTables.headerWords(targetText, name: targetName)
    let data = try SklearnTables.numeric(dataText, name: dataName, delimiter: nil, skipRows: 1)
    let target = try SklearnTables.numeric(targetText, name: targetName, delimiter: nil, skipRows: 1)
    try checkColumns(data, dataHeader.count, dataName)
    try checkColumns(target, targetHeader.count, targetName)
    try checkRows(target, data.shape[0], targetName, dataName)
    let descr = try description("linnerud.rst", folders)
    return BundledDataset(
      data: data, target: target, targetNames: targetHeader, featureNames: dataHeader, description: descr,
      dataFile: dataName, targetFile: targetName)
  }

  // MARK: - Shared steps

  /// A labelled CSV whose header must announce `features.count` features.
  private static func labelled(
    _ name: String, descr: String, _ folders: SklearnDataFolders, features: [String]
  ) throws -> BundledDataset {
    let t = try SklearnTables.labelled(SklearnTables.text(path: folders.table(name), name: name), name: name)
    guard t.columns == features.count else {
      throw DatasetError.corrupt(
        name, "its header announces \(t.columns) features; this dataset has \(features.count)",
        hint: "the file may be damaged; run `make setup` again")
    }
    let text = try description(descr, folders)
    return try tensors(name) {
      BundledDataset(
        data: try Tensor(t.data, shape: [t.rows, t.columns]), target: try Tensor(t.target, shape: [t.rows]),
        targetNames: t.targetNames, featureNames: features, description: text, dataFile: name)
    }
  }

  private static func description(_ name: String, _ folders: SklearnDataFolders) throws -> String {
    try SklearnTables.description(SklearnTables.text(path: folders.description(name), name: name), name: name)
  }

  private static func checkColumns(_ t: Tensor, _ expected: Int, _ name: String) throws {
    guard t.ndim == 2, t.shape[0] > 0, t.shape[1] == expected else {
      let got = t.ndim == 2 && t.shape[0] > 0 ? "\(t.shape[1]) columns" : "no rows of numbers"
      throw DatasetError.corrupt(
        name, "holds \(got); expected \(expected)", hint: "the file may be damaged; run `make setup` again")
    }
  }

  private static func checkRows(_ t: Tensor, _ expected: Int, _ name: String, _ other: String) throws {
    guard t.shape[0] == expected else {
      throw DatasetError.corrupt(
        name, "holds \(t.shape[0]) rows but \(other) holds \(expected)",
        hint: "the files may be damaged; run `make setup` again")
    }
  }

  /// Tensor errors (memory) as dataset errors naming the file.
  private static func tensors<R>(_ name: String, _ body: () throws -> R) throws -> R {
    do { return try body() } catch let e as TensorError {
      throw DatasetError(.memoryError, "\(name): \(e.message)")
    }
  }
}

/// scikit-learn's `scale(X)` on a float64 matrix, column by column, as NumPy computes it:
/// `nanmean` and `nanstd` (sums over the rows in order, NaN skipped), the result
/// centred again when its means are not all within 1e-8 of zero, a standard deviation
/// below 10·eps taken as 1. `load_diabetes` then divides by `sqrt(n_samples)`.
enum StandardScaling {
  /// Scales the row-major `values` (`columns` wide) in place and divides by
  /// `sqrt(rows)` (`divideByRootCount`, default true).
  static func scaleColumns(_ values: inout [Double], columns: Int, divideByRootCount: Bool = true) {
    guard columns > 0 else { return }
    let rows = values.count / columns
    let mean = nanMeans(values, rows: rows, columns: columns)
    var std = [Double](repeating: 0, count: columns)
    do {
      var centred = values
      for r in 0..<rows { for c in 0..<columns { centred[r * columns + c] -= mean[c] } }
      var sums = [Double](repeating: 0, count: columns)
      var counts = [Int](repeating: 0, count: columns)
      for r in 0..<rows {
        for c in 0..<columns where !centred[r * columns + c].isNaN {
          let d = centred[r * columns + c]
          sums[c] += d * d
          counts[c] += 1
        }
      }
      for c in 0..<columns { std[c] = (sums[c] / Double(counts[c])).squareRoot() }
    }
    func subtract(_ m: [Double]) {
      for r in 0..<rows { for c in 0..<columns { values[r * columns + c] -= m[c] } }
    }
    func nearZero(_ m: [Double]) -> Bool { m.allSatisfy { abs($0) <= 1e-8 } }
    subtract(mean)
    let residual = nanMeans(values, rows: rows, columns: columns)
    if !nearZero(residual) { subtract(residual) }
    for c in 0..<columns where std[c] < 10 * Double.ulpOfOne { std[c] = 1 }
    for r in 0..<rows { for c in 0..<columns { values[r * columns + c] /= std[c] } }
    let residual2 = nanMeans(values, rows: rows, columns: columns)
    if !nearZero(residual2) { subtract(residual2) }
    if divideByRootCount {
      let root = pow(Double(rows), 0.5)
      for k in values.indices { values[k] /= root }
    }
  }

  /// Each column's mean over its non-NaN values (NaN when there are none).
  static func nanMeans(_ values: [Double], rows: Int, columns: Int) -> [Double] {
    var sums = [Double](repeating: 0, count: columns)
    var counts = [Int](repeating: 0, count: columns)
    for r in 0..<rows {
      for c in 0..<columns where !values[r * columns + c].isNaN {
        sums[c] += values[r * columns + c]
        counts[c] += 1
      }
    }
    return (0..<columns).map { sums[$0] / Double(counts[$0]) }
  }
}
