import Tensors

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A `test_size` / `train_size` argument: a fraction of the samples or a count.
public enum SplitSize: Sendable, Equatable, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
  CustomStringConvertible
{
  case fraction(Double)
  case count(Int)

  public init(integerLiteral value: Int) { self = .count(value) }
  public init(floatLiteral value: Double) { self = .fraction(value) }

  public var description: String {
    switch self {
    case .fraction(let f): return "\(f)"
    case .count(let n): return "\(n)"
    }
  }
}

/// `sklearn.model_selection.train_test_split`, drawing the same rows as scikit-learn:
/// `ShuffleSplit` takes the first `n_test` entries of `rng.permutation(n)` as the test
/// set and the next `n_train` as the training set; with `stratify`, the
/// `StratifiedShuffleSplit` procedure (per-class counts by `_approximate_mode`, ties
/// broken with `rng.choice`, one permutation per class in sorted class order, then a
/// permutation of each set) is reproduced draw for draw.
public enum TrainTestSplit {
  /// `train_test_split(*arrays, test_size=None, train_size=None, random_state=None,
  /// shuffle=True, stratify=None)`: returns `[a_train, a_test, b_train, b_test, …]`,
  /// rows taken along the first axis. With neither size given, `test_size` is 0.25;
  /// fractions round the test set up and the training set down.
  public static func split(
    _ arrays: [Tensor], testSize: SplitSize? = nil, trainSize: SplitSize? = nil,
    randomState: RandomSeed = .global, shuffle: Bool = true, stratify: Tensor? = nil
  ) throws -> [Tensor] {
    guard let first = arrays.first else {
      throw DatasetError.argument("At least one array required as input")
    }
    var lengths = [Int]()
    for a in arrays + (stratify.map { [$0] } ?? []) {
      guard a.ndim >= 1 else {
        throw DatasetError(
          .valueError, "Singleton array \(a.repr) cannot be considered a valid collection.",
          hint: "pass arrays with at least one dimension")
      }
      lengths.append(a.shape[0])
    }
    if Set(lengths).count > 1 {
      throw DatasetError.argument(
        "Found input variables with inconsistent numbers of samples: [\(lengths.map(String.init).joined(separator: ", "))]"
      )
    }
    let (train, test) = try indices(
      nSamples: first.shape[0], testSize: testSize, trainSize: trainSize, randomState: randomState,
      shuffle: shuffle, stratify: stratify)
    var out = [Tensor]()
    for a in arrays {
      out.append(try takeRows(a, train))
      out.append(try takeRows(a, test))
    }
    return out
  }

  /// The training and test row indices `train_test_split` would use.
  public static func indices(
    nSamples: Int, testSize: SplitSize? = nil, trainSize: SplitSize? = nil, randomState: RandomSeed = .global,
    shuffle: Bool = true, stratify: Tensor? = nil
  ) throws -> (train: [Int], test: [Int]) {
    let (nTrain, nTest) = try validateSizes(nSamples, testSize, trainSize)
    // The permutation holds two Int arrays of n entries.
    try checkToySize(nSamples, features: 2, "train_test_split")
    guard shuffle else {
      if stratify != nil {
        throw DatasetError.argument("Stratified train/test split is not implemented for shuffle=False")
      }
      return (Array(0..<nTrain), Array(nTrain..<(nTrain + nTest)))
    }
    let g = try randomState.resolve()
    guard let y = stratify else {
      let p = ints(try g.permutation(nSamples))
      return (Array(p[nTest..<(nTest + nTrain)]), Array(p[..<nTest]))
    }
    return try stratified(y, nTrain: nTrain, nTest: nTest, g)
  }

  /// scikit-learn's `_validate_shuffle_split`, messages included.
  static func validateSizes(_ n: Int, _ testIn: SplitSize?, _ trainIn: SplitSize?) throws -> (Int, Int) {
    let test = testIn == nil && trainIn == nil ? SplitSize.fraction(0.25) : testIn
    let train = trainIn
    func bad(_ s: SplitSize?) -> Bool {
      switch s {
      case .count(let c)?: return c >= n || c <= 0
      case .fraction(let f)?: return !(f > 0 && f < 1)
      case nil: return false
      }
    }
    // scikit-learn's parameter validation runs first, test_size before train_size.
    for (name, s) in [("test_size", test), ("train_size", train)] {
      var outOfType = false
      if case .fraction(let f)? = s, !(f > 0 && f < 1) { outOfType = true }
      if case .count(let c)? = s, c < 1 { outOfType = true }
      if outOfType, let s {
        throw DatasetError.argument(
          "The '\(name)' parameter of train_test_split must be a float in the range (0.0, 1.0), "
            + "an int in the range [1, inf) or None. Got \(s) instead.")
      }
    }
    let range =
      "should be either positive and smaller than the number of samples \(n) or a float in the (0, 1) range"
    if bad(test), let test { throw DatasetError.argument("test_size=\(test) \(range)") }
    if bad(train), let train { throw DatasetError.argument("train_size=\(train) \(range)") }
    if case .fraction(let a)? = train, case .fraction(let b)? = test, a + b > 1 {
      throw DatasetError.argument(
        "The sum of test_size and train_size = \(a + b), should be in the (0, 1) range. Reduce test_size and/or train_size."
      )
    }
    var nTest = 0
    var nTrain = 0
    switch test {
    case .fraction(let f)?: nTest = Int((f * Double(n)).rounded(.up))
    case .count(let c)?: nTest = c
    case nil: break
    }
    switch train {
    case .fraction(let f)?: nTrain = Int((f * Double(n)).rounded(.down))
    case .count(let c)?: nTrain = c
    case nil: break
    }
    if train == nil { nTrain = n - nTest } else if test == nil { nTest = n - nTrain }
    if nTrain + nTest > n {
      throw DatasetError.argument(
        "The sum of train_size and test_size = \(nTrain + nTest), should be smaller than the number of samples \(n). Reduce test_size and/or train_size."
      )
    }
    if nTrain == 0 {
      throw DatasetError.argument(
        "With n_samples=\(n), test_size=\(test.map { "\($0)" } ?? "None") and train_size=\(train.map { "\($0)" } ?? "None"), "
          + "the resulting train set will be empty. Adjust any of the aforementioned parameters.")
    }
    return (nTrain, nTest)
  }

  /// `StratifiedShuffleSplit._iter_indices`, first split.
  static func stratified(_ y: Tensor, nTrain: Int, nTest: Int, _ g: RandomGenerator) throws -> (
    train: [Int], test: [Int]
  ) {
    let (classNames, inverse) = try classesOf(y)
    let nClasses = classNames.count
    var counts = Array(repeating: 0, count: nClasses)
    for c in inverse { counts[c] += 1 }
    let few = (0..<nClasses).filter { counts[$0] < 2 }
    if !few.isEmpty {
      throw DatasetError.argument(
        "The least populated classes in y have only 1 member, which is too few. The minimum number of groups "
          + "for any class cannot be less than 2. Classes with too few members are: [\(few.map { classNames[$0] }.joined(separator: ", "))]"
      )
    }
    if nTrain < nClasses {
      throw DatasetError.argument(
        "The train_size = \(nTrain) should be greater or equal to the number of classes = \(nClasses)")
    }
    if nTest < nClasses {
      throw DatasetError.argument(
        "The test_size = \(nTest) should be greater or equal to the number of classes = \(nClasses)")
    }
    // Rows of each class in increasing order (a stable argsort of the class codes).
    var classRows = Array(repeating: [Int](), count: nClasses)
    for (row, c) in inverse.enumerated() { classRows[c].append(row) }
    let nI = try approximateMode(counts, nTrain, g)
    let tI = try approximateMode(zip(counts, nI).map { $0 - $1 }, nTest, g)
    var train = [Int]()
    var test = [Int]()
    for i in 0..<nClasses {
      let perm = ints(try g.permutation(counts[i]))
      let rows = perm.map { classRows[i][$0] }
      train += rows[0..<nI[i]]
      test += rows[nI[i]..<(nI[i] + tI[i])]
    }
    // rng.permutation(list) shuffles a copy with the same swaps as permutation(len).
    let pTrain = ints(try g.permutation(train.count))
    let pTest = ints(try g.permutation(test.count))
    return (pTrain.map { train[$0] }, pTest.map { test[$0] })
  }

  /// scikit-learn's `_approximate_mode`: the per-class share of `draws`, floored, then
  /// topped up class by class in order of decreasing remainder, ties broken by
  /// `rng.choice(inds, size=k, replace=False)`.
  static func approximateMode(_ counts: [Int], _ draws: Int, _ g: RandomGenerator) throws -> [Int] {
    let total = Double(counts.reduce(0, +))
    let continuous = counts.map { Double($0) / total * Double(draws) }
    var floored = continuous.map { $0.rounded(.down) }
    var need = Int(Double(draws) - floored.reduce(0, +))
    if need > 0 {
      let remainder = zip(continuous, floored).map { $0 - $1 }
      for value in Set(remainder).sorted(by: >) {
        let inds = remainder.indices.filter { remainder[$0] == value }
        let addNow = min(inds.count, need)
        for pick in ints(try g.choice(inds.count, size: [addNow], replace: false)) {
          floored[inds[pick]] += 1
        }
        need -= addNow
        if need == 0 { break }
      }
    }
    return floored.map { Int($0) }
  }

  /// `np.unique(y, return_inverse=True)`: sorted class names and each row's class code.
  /// A 2-d `y` (one-hot labels, multi-label rows) makes each row a class, named by its
  /// values joined with spaces, compared as strings, as scikit-learn does.
  static func classesOf(_ y: Tensor) throws -> (names: [String], inverse: [Int]) {
    let n = y.shape.first ?? 0
    if y.ndim == 2 {
      let w = y.shape[1]
      let keys = (0..<n).map { r in (0..<w).map { numpyString(y, r * w + $0) }.joined(separator: " ") }
      let sorted = Array(Set(keys)).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
      var code = [String: Int]()
      for (k, s) in sorted.enumerated() { code[s] = k }
      return (sorted.map { "'\($0)'" }, keys.map { code[$0] ?? 0 })
    }
    guard y.ndim == 1 else {
      throw DatasetError.argument("stratify must be 1-d or 2-d, got shape \(formatShape(y.shape))")
    }
    // Sort by numeric value; NaN sorts last and all NaNs form one class, as np.unique does.
    let values = (0..<n).map { y.scalarValue(atFlat: $0) }
    func less(_ a: ScalarValue, _ b: ScalarValue) -> Bool {
      if case .int(let x) = a, case .int(let z) = b { return x < z }
      let x = a.asDouble
      let z = b.asDouble
      if x.isNaN { return false }
      if z.isNaN { return true }
      return x < z
    }
    func same(_ a: ScalarValue, _ b: ScalarValue) -> Bool {
      if a.asDouble.isNaN && b.asDouble.isNaN { return true }
      return !less(a, b) && !less(b, a)
    }
    let order = (0..<n).sorted { less(values[$0], values[$1]) }
    var names = [String]()
    var inverse = Array(repeating: 0, count: n)
    var last: ScalarValue?
    for r in order {
      if let l = last, same(l, values[r]) {
      } else {
        names.append(numpyString(y, r))
        last = values[r]
      }
      inverse[r] = names.count - 1
    }
    return (names, inverse)
  }

  /// One element as `str()` of a NumPy scalar of the tensor's dtype.
  static func numpyString(_ t: Tensor, _ flat: Int) -> String {
    switch t.scalarValue(atFlat: flat) {
    case .bool(let b): return b ? "True" : "False"
    case .int(let i): return t.dtype == .bool ? (i != 0 ? "True" : "False") : String(i)
    case .float(let d): return t.dtype == .float32 ? Float(d).description : d.description
    }
  }

  /// `a[rows]` along the first axis, as a new contiguous tensor.
  static func takeRows(_ a: Tensor, _ rows: [Int]) throws -> Tensor {
    let src = try a.contiguous()
    let rowCount = a.shape.dropFirst().reduce(1, *)
    let rowBytes = rowCount * a.dtype.itemSize
    let out = try Tensor(zeros: [rows.count] + Array(a.shape.dropFirst()), dtype: a.dtype)
    let s = UnsafeRawPointer(src.base(UInt8.self)) + src.offset * a.dtype.itemSize
    let d = UnsafeMutableRawPointer(out.base(UInt8.self))
    for (k, r) in rows.enumerated() where rowBytes > 0 {
      memcpy(d + k * rowBytes, s + r * rowBytes, rowBytes)
    }
    return out
  }
}
