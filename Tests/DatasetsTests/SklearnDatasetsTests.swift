import Datasets
import Foundation
import Testing

/// scikit-learn's bundled datasets read from files the tests write: the layouts, the
/// search order, and damaged files, each of which must be a thrown `DatasetError` whose
/// message says what is wrong, never a crash.
enum SklearnFiles {
  /// Folders that search only `dir/sklearn` (as `$DNNLAB_DATA`), plus `packages`.
  static func folders(_ dir: String, packages: [String] = []) -> SklearnDataFolders {
    SklearnDataFolders(
      paths: DatasetSearchPaths(
        environment: ["DNNLAB_DATA": dir], homeDirectory: dir + "/no-home", systemDirectories: []),
      packageDirectories: packages)
  }

  /// Writes `files` (name → text) into `dir/sklearn`, with a description for each dataset.
  static func write(_ files: [String: [UInt8]], in dir: String) throws {
    for (name, bytes) in files { try TestFiles.write(bytes, to: dir + "/sklearn/" + name) }
    for d in ["iris", "wine_data", "breast_cancer", "digits", "diabetes", "linnerud"] {
      try TestFiles.write(Array("About \(d).\r\nSecond line.\n".utf8), to: dir + "/sklearn/\(d).rst")
    }
  }

  static let iris =
    "3,4,setosa,versicolor,virginica\n5.1,3.5,1.4,0.2,0\n7.0,3.2,4.7,1.4,1\n6.3,3.3,6.0,2.5,2\n"

  /// Runs `load` on a folder holding `files`; returns the error's description, or nil.
  static func failure(_ files: [String: [UInt8]], _ load: (SklearnDataFolders) throws -> BundledDataset)
    throws -> String?
  {
    let dir = try TestFiles.tempDir()
    defer { TestFiles.remove(dir) }
    try write(files, in: dir)
    do {
      _ = try load(folders(dir))
      return nil
    } catch let e as DatasetError {
      return e.description
    }
  }
}

@Test func labelledCSVReadsValuesNamesAndDescription() throws {
  let dir = try TestFiles.tempDir()
  defer { TestFiles.remove(dir) }
  // CRLF line ends and trailing blank lines are accepted.
  let text = SklearnFiles.iris.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n\n"
  try SklearnFiles.write(["iris.csv": Array(text.utf8)], in: dir)
  let d = try SklearnDatasets.iris(SklearnFiles.folders(dir))
  #expect(d.data.shape == [3, 4])
  #expect(d.data.dtype == .float64)
  #expect(d.data.toDoubles() == [5.1, 3.5, 1.4, 0.2, 7.0, 3.2, 4.7, 1.4, 6.3, 3.3, 6.0, 2.5])
  #expect(d.target.dtype == .int64)
  #expect(d.target.toDoubles() == [0, 1, 2])
  #expect(d.targetNames == ["setosa", "versicolor", "virginica"])
  #expect(d.featureNames.count == 4)
  #expect(d.description == "About iris.\nSecond line.\n")
  #expect(d.dataFile == "iris.csv")
}

@Test(arguments: [
  ("empty", "", "file is empty"),
  ("blank header", "\n5.1,3.5,1.4,0.2,0\n", "the first line is empty"),
  ("header only", "3,4,setosa,versicolor,virginica\n", "holds 0 rows of data but its header announces 3"),
  (
    "truncated rows", "3,4,a,b,c\n5.1,3.5,1.4,0.2,0\n7.0,3.2,4.7,1.4,1\n",
    "holds 2 rows of data but its header announces 3"
  ),
  (
    "truncated line", "3,4,a,b,c\n5.1,3.5,1.4,0.2,0\n7.0,3.2,4.7,1.4,1\n6.3,3.3",
    "line 4: 2 values, expected 5"
  ),
  (
    "extra rows", "1,4,a\n5.1,3.5,1.4,0.2,0\n7.0,3.2,4.7,1.4,1\n",
    "more than the 1 rows of data its header announces"
  ),
  ("non-numeric", "1,4,a\n5.1,abc,1.4,0.2,0\n", "line 2, column 2: 'abc' is not a number"),
  ("empty field", "1,4,a\n5.1,,1.4,0.2,0\n", "line 2, column 2: '' is not a number"),
  ("class not integer", "1,4,a\n5.1,3.5,1.4,0.2,x\n", "the class 'x' is not an integer"),
  ("class float", "1,4,a\n5.1,3.5,1.4,0.2,1.5\n", "the class '1.5' is not an integer"),
  ("class overflow", "1,4,a\n5.1,3.5,1.4,0.2,99999999999999999999\n", "is not an integer"),
  ("header too short", "150\n", "the header has 1 field"),
  ("n_samples text", "abc,4,a\n", "n_samples 'abc' is not a count"),
  ("n_samples negative", "-1,4,a\n", "n_samples '-1' is not a count"),
  ("n_features huge", "1,9223372036854775807,a\n5.1,0\n", "n_features '9223372036854775807' is not a count"),
  ("n_features overflow", "1,99999999999999999999999,a\n", "is not a count"),
  ("wrong feature count", "1,3,a\n5.1,3.5,1.4,0\n", "its header announces 3 features; this dataset has 4"),
  ("NUL bytes", "1,4,a\n5.1,3.5,1.4,0.2,0\u{0}\n", "holds NUL bytes"),
  ("gzip of nothing", "", "file is empty"),
])
func labelledCSVDamageIsReported(_ kind: String, _ text: String, _ expected: String) throws {
  var bytes = Array(text.utf8)
  if kind == "gzip of nothing" { bytes = TestFiles.gzip([]) }
  let message = try SklearnFiles.failure(["iris.csv": bytes]) { try SklearnDatasets.iris($0) }
  #expect(message?.contains(expected) == true, "\(kind): \(message ?? "no error")")
  #expect(message?.hasPrefix("ValueError: ") == true || message?.hasPrefix("MemoryError") == true)
}

@Test func labelledCSVRejectsNonUTF8ClassNames() throws {
  let bytes = Array("1,4,".utf8) + [0xff, 0xfe] + Array("\n5.1,3.5,1.4,0.2,0\n".utf8)
  let message = try SklearnFiles.failure(["iris.csv": bytes]) { try SklearnDatasets.iris($0) }
  #expect(message?.contains("not UTF-8") == true, "\(message ?? "no error")")
}

@Test func descriptionMustBeUTF8() throws {
  let dir = try TestFiles.tempDir()
  defer { TestFiles.remove(dir) }
  try SklearnFiles.write(["iris.csv": Array(SklearnFiles.iris.utf8)], in: dir)
  try TestFiles.write([0x41, 0xc3], to: dir + "/sklearn/iris.rst")
  #expect(throws: DatasetError.self) { try SklearnDatasets.iris(SklearnFiles.folders(dir)) }
}

/// Digits rows: 64 pixels then the label, comma-separated, gzip-compressed.
func digitsText(_ labels: [Int]) -> [UInt8] {
  Array(
    labels.map { l in (0..<64).map { String(($0 + l) % 17) }.joined(separator: ",") + ",\(l)" }
      .joined(separator: "\n").utf8) + [0x0a]
}

@Test func digitsKeepTheClassesBelowNClass() throws {
  let dir = try TestFiles.tempDir()
  defer { TestFiles.remove(dir) }
  try SklearnFiles.write(["digits.csv.gz": TestFiles.gzip(digitsText([0, 1, 2, 3, 0, 1]))], in: dir)
  let all = try SklearnDatasets.digits(SklearnFiles.folders(dir))
  #expect(all.data.shape == [6, 64])
  #expect(all.images?.shape == [6, 8, 8])
  #expect(all.target.dtype == .int64)
  #expect(all.featureNames.first == "pixel_0_0" && all.featureNames.last == "pixel_7_7")
  let two = try SklearnDatasets.digits(nClass: 2, SklearnFiles.folders(dir))
  #expect(two.target.toDoubles() == [0, 1, 0, 1])
  #expect(Array(two.data.toDoubles().prefix(3)) == [0, 1, 2])
  #expect(Array(two.data.toDoubles()[64..<67]) == [1, 2, 3])
  #expect(throws: DatasetError.self) { try SklearnDatasets.digits(nClass: 11, SklearnFiles.folders(dir)) }
  #expect(throws: DatasetError.self) { try SklearnDatasets.digits(nClass: 0, SklearnFiles.folders(dir)) }
}

@Test(arguments: [
  ("truncated gzip", "truncated"),
  ("corrupt gzip", "corrupt gzip data"),
  ("wrong width", "expected 65"),
  ("ragged", "the number of columns changed"),
  ("text pixel", "could not convert string"),
  ("NaN label", "is not an integer"),
  ("huge label", "is not an integer"),
  ("empty", "file is empty"),
  ("only comments", "no rows of numbers"),
])
func digitsDamageIsReported(_ kind: String, _ expected: String) throws {
  let good = digitsText([0, 1, 2])
  var gz = TestFiles.gzip(good)
  var plain = good
  switch kind {
  case "truncated gzip": gz = Array(gz.prefix(gz.count / 2))
  case "corrupt gzip": gz[10] = 0x07
  case "wrong width": plain = Array("1,2,3\n4,5,6\n".utf8)
  case "ragged": plain = good + Array("1,2,3\n".utf8)
  case "text pixel":
    plain = Array(String(decoding: good, as: UTF8.self).replacingOccurrences(of: ",5,", with: ",five,").utf8)
  case "NaN label":
    plain = Array((0..<64).map { _ in "0" }.joined(separator: ",").utf8) + Array(",nan\n".utf8)
  case "huge label":
    plain = Array((0..<64).map { _ in "0" }.joined(separator: ",").utf8) + Array(",1e300\n".utf8)
  case "empty": plain = []
  case "only comments": plain = Array("# nothing here\n\n".utf8)
  default: break
  }
  let usesGzip = kind.hasSuffix("gzip")
  let message = try SklearnFiles.failure(["digits.csv.gz": usesGzip ? gz : plain]) {
    try SklearnDatasets.digits($0)
  }
  #expect(message?.contains(expected) == true, "\(kind): \(message ?? "no error")")
  #expect(message?.contains("digits.csv.gz") == true)
}

@Test func diabetesScalesLikeScikitLearn() throws {
  let dir = try TestFiles.tempDir()
  defer { TestFiles.remove(dir) }
  let data = "1 2 3 4 5 6 7 8 9 10\n3 5 3 4 5 6 7 8 9 10\n4 9 3 4 5 6 7 8 9 10\n"
  try SklearnFiles.write(
    [
      "diabetes_data_raw.csv.gz": TestFiles.gzip(Array(data.utf8)),
      "diabetes_target.csv.gz": TestFiles.gzip(Array("1.5e+02\n7.5e+01\n1.41e+02\n".utf8)),
    ], in: dir)
  let raw = try SklearnDatasets.diabetes(scaled: false, SklearnFiles.folders(dir))
  #expect(raw.data.shape == [3, 10])
  #expect(raw.target.shape == [3])
  #expect(raw.target.toDoubles() == [150, 75, 141])
  let scaled = try SklearnDatasets.diabetes(SklearnFiles.folders(dir)).data.toDoubles()
  // scikit-learn 1.9.1: scale(X) / 3 ** 0.5 for the first two columns; constant columns give 0.
  let expected = [
    [-0.7715167498104596, -0.6711560552140243], [0.154303349962092, -0.06711560552140237],
    [0.6172133998483679, 0.7382716607354269],
  ]
  for r in 0..<3 {
    #expect(scaled[r * 10] == expected[r][0])
    #expect(scaled[r * 10 + 1] == expected[r][1])
    #expect(scaled[r * 10 + 2] == 0)
  }
}

@Test func diabetesAndLinnerudFilesMustAgree() throws {
  let data = "1 2 3 4 5 6 7 8 9 10\n3 5 3 4 5 6 7 8 9 10\n"
  let fewer = try SklearnFiles.failure([
    "diabetes_data_raw.csv.gz": Array(data.utf8), "diabetes_target.csv.gz": Array("1\n2\n3\n".utf8),
  ]) { try SklearnDatasets.diabetes(scaled: true, $0) }
  #expect(fewer?.contains("holds 3 rows but diabetes_data_raw.csv.gz holds 2") == true, "\(fewer ?? "")")
  let narrow = try SklearnFiles.failure([
    "diabetes_data_raw.csv.gz": Array("1 2 3\n".utf8), "diabetes_target.csv.gz": Array("1\n".utf8),
  ]) { try SklearnDatasets.diabetes(scaled: true, $0) }
  #expect(narrow?.contains("holds 3 columns; expected 10") == true, "\(narrow ?? "")")
  let header = try SklearnFiles.failure([
    "linnerud_exercise.csv": Array("Chins Situps\n5 162 60\n".utf8),
    "linnerud_physiological.csv": Array("Weight Waist Pulse\n191 36 50\n".utf8),
  ]) { try SklearnDatasets.linnerud($0) }
  #expect(header?.contains("holds 3 columns; expected 2") == true, "\(header ?? "")")
  let ok = try SklearnFiles.failure([
    "linnerud_exercise.csv": Array("Chins Situps Jumps\n5 162 60\n2 110 60\n".utf8),
    "linnerud_physiological.csv": Array("Weight Waist Pulse\n191 36 50\n189 37 52\n".utf8),
  ]) { try SklearnDatasets.linnerud($0) }
  #expect(ok == nil)
}

@Test func missingFilesNameEveryPlaceSearchedAndMakeSetup() throws {
  let dir = try TestFiles.tempDir()
  defer { TestFiles.remove(dir) }
  let folders = SklearnDataFolders(
    paths: DatasetSearchPaths(environment: [:], homeDirectory: dir, systemDirectories: []),
    packageDirectories: [dir + "/site/sklearn/datasets"])
  do {
    _ = try SklearnDatasets.wine(folders)
    Issue.record("no error")
  } catch let e as DatasetError {
    #expect(e.kind == .fileNotFoundError)
    #expect(e.message.contains("wine_data.csv"))
    #expect(e.message.contains("$DNNLAB_DATA/sklearn (DNNLAB_DATA not set)"))
    #expect(
      e.message.contains(
        "~/.dnnlab/datasets/sklearn = \(dir)/.dnnlab/datasets/sklearn (folder does not exist)"))
    #expect(e.message.contains("\(dir)/site/sklearn/datasets/data (folder does not exist)"))
    #expect(e.hint?.contains("make setup") == true)
  }
  // A table without its description names the description.
  try TestFiles.write(Array(SklearnFiles.iris.utf8), to: dir + "/.dnnlab/datasets/sklearn/iris.csv")
  do {
    _ = try SklearnDatasets.iris(folders)
    Issue.record("no error")
  } catch let e as DatasetError {
    #expect(e.message.contains("iris.rst (sklearn/datasets/descr/iris.rst)"))
  }
}

@Test func searchOrderIsDNNLabDataHomeThenInstalledScikitLearn() throws {
  let dir = try TestFiles.tempDir()
  defer { TestFiles.remove(dir) }
  func iris(_ first: String) -> [UInt8] { Array("1,4,a\n\(first),0,0,0,0\n".utf8) }
  let package = dir + "/site/sklearn/datasets"
  try TestFiles.write(iris("3"), to: package + "/data/iris.csv")
  try TestFiles.write(Array("package".utf8), to: package + "/descr/iris.rst")
  func folders(_ env: [String: String]) -> SklearnDataFolders {
    SklearnDataFolders(
      paths: DatasetSearchPaths(environment: env, homeDirectory: dir + "/home", systemDirectories: []),
      packageDirectories: [package])
  }
  var d = try SklearnDatasets.iris(folders([:]))
  #expect(d.data.toDoubles().first == 3)
  #expect(d.description == "package")
  try TestFiles.write(iris("2"), to: dir + "/home/.dnnlab/datasets/sklearn/iris.csv")
  d = try SklearnDatasets.iris(folders([:]))
  #expect(d.data.toDoubles().first == 2)
  try TestFiles.write(iris("1"), to: dir + "/env/sklearn/iris.csv")
  d = try SklearnDatasets.iris(folders(["DNNLAB_DATA": dir + "/env"]))
  #expect(d.data.toDoubles().first == 1)
  #expect(d.description == "package")
}

/// Random damage to a real-looking file: every outcome is a value or a thrown error.
@Test func mutatedFilesNeverCrash() throws {
  let dir = try TestFiles.tempDir()
  defer { TestFiles.remove(dir) }
  var lines = ["50,4,setosa,versicolor,virginica"]
  for i in 0..<50 { lines.append("5.\(i % 10),3.\(i % 7),1.4,0.\(i % 3),\(i % 3)") }
  let good = Array(lines.joined(separator: "\n").utf8)
  try SklearnFiles.write([:], in: dir)
  var rng = SystemRandomNumberGenerator()
  let alphabet = Array("0123456789,.-+eE\n\r \u{0}x".utf8) + [0xff]
  for trial in 0..<300 {
    var bytes = good
    if trial % 3 == 0 {
      bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &rng)))
    } else {
      for _ in 0..<Int.random(in: 1...4, using: &rng) where !bytes.isEmpty {
        bytes[Int.random(in: 0..<bytes.count, using: &rng)] = alphabet.randomElement(using: &rng) ?? 0
      }
    }
    let gz = trial % 2 == 0
    try TestFiles.write(
      gz ? Array(TestFiles.gzip(bytes).dropLast(trial % 4)) : bytes, to: dir + "/sklearn/iris.csv")
    do {
      let d = try SklearnDatasets.iris(SklearnFiles.folders(dir))
      #expect(d.data.shape == [d.target.count, 4])
    } catch is DatasetError {
    }
  }
}
