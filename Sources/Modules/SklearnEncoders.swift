import Foundation
import Script
import Tensors

/// One label or category: a number (remembering whether it was a float) or a string.
/// NaN equals NaN and sorts last, as `np.unique` treats it.
enum Category: Hashable {
  case number(Double, isFloat: Bool)
  case text(String)

  static func == (a: Category, b: Category) -> Bool {
    switch (a, b) {
    case let (.number(x, _), .number(y, _)): return x == y || (x.isNaN && y.isNaN)
    case let (.text(x), .text(y)): return x == y
    default: return false
    }
  }

  func hash(into h: inout Hasher) {
    switch self {
    case .number(let x, _): h.combine(x.isNaN ? Double.nan.bitPattern : (x == 0 ? 0 : x.bitPattern))
    case .text(let s): h.combine(s)
    }
  }

  /// Python's order: numbers by value (NaN last), strings by code point.
  static func ordered(_ a: Category, _ b: Category) -> Bool {
    switch (a, b) {
    case let (.number(x, _), .number(y, _)):
      if x.isNaN { return false }
      if y.isNaN { return true }
      return x < y
    case let (.text(x), .text(y)): return x.unicodeScalars.lexicographicallyPrecedes(y.unicodeScalars)
    case (.number, .text): return true
    case (.text, .number): return false
    }
  }

  /// Numbers in `np.unique` order (NaN last).
  static func orderedNumbers(_ x: Double, _ y: Double) -> Bool {
    ordered(.number(x, isFloat: true), .number(y, isFloat: true))
  }

  /// `x` as an Int when it is a whole number within Int's range.
  static func exactInt(_ x: Double) -> Int? {
    x.isFinite && abs(x) < 9.2e18 && x == x.rounded() ? Int(x) : nil
  }

  var isText: Bool {
    if case .text = self { return true }
    return false
  }

  /// The Python value (in an object array).
  var python: Value {
    switch self {
    case .number(let x, let isFloat):
      guard !isFloat, let i = Category.exactInt(x) else { return .float(x) }
      return .int(i)
    case .text(let s): return .str(s)
    }
  }

  /// Python's `str()` of the value (used for feature names and string conversion).
  var pythonText: String {
    switch self {
    case .number(let x, let isFloat):
      guard !isFloat, let i = Category.exactInt(x) else { return pythonFloatRepr(x) }
      return String(i)
    case .text(let s): return s
    }
  }
}

/// How a column of categories is stored: a numeric array of a dtype, a `<U` string array, or
/// an object array (strings or numbers from a list that held strings).
enum CategoryStorage: Equatable {
  case tensor(DType)
  case unicode
  case object
}

/// Sorted distinct categories with their storage: `classes_` or one entry of `categories_`.
struct CategoryList {
  var items: [Category]
  var storage: CategoryStorage

  init(unique values: [Category], storage: CategoryStorage) {
    items = Array(Set(values)).sorted(by: Category.ordered)
    self.storage = storage
  }

  /// The array the script sees.
  var value: Value { CategoryList.array(items, storage: storage) }

  static func array(
    _ items: [Category], storage: CategoryStorage, shape: [Int]? = nil, unicodeWidth: Int = 1
  ) -> Value {
    let shape = shape ?? [items.count]
    switch storage {
    case .tensor(let dtype):
      let numbers = items.map { (c: Category) -> Double in
        if case .number(let x, _) = c { return x }
        return 0
      }
      let t = try? Tensor(numbers, shape: shape)
        .astype(dtype)
      return Convert.value(t ?? Tensor(scalar: 0.0, isScalar: false))
    case .unicode:
      let strings = items.map(\.pythonText)
      let width = max(unicodeWidth, strings.map { $0.unicodeScalars.count }.max() ?? 1)
      return .object(ObjectArrayObject(strings.map { .str($0) }, shape: shape, dtype: "<U\(width)"))
    case .object:
      return .object(ObjectArrayObject(items.map(\.python), shape: shape, dtype: "object"))
    }
  }

  /// How an element shows inside a Python list in messages: `np.int64(3)`, `np.str_('c')`, `'b'`.
  func elementRepr(_ c: Category) -> String {
    switch storage {
    case .tensor(let dtype):
      guard case .number(let x, _) = c else { return c.pythonText }
      return Tensor(scalar: .float(x), dtype: dtype).repr
    case .unicode: return "np.str_(\(pythonStringRepr(c.pythonText)))"
    case .object: return reprValue(c.python)
    }
  }

  /// `str()` of an element, as feature names use it (`1`, `1.0`, `0.5` for float32).
  func elementText(_ c: Category) -> String {
    if case .tensor(let dtype) = storage, case .number(let x, _) = c {
      return Tensor(scalar: .float(x), dtype: dtype).str
    }
    return c.pythonText
  }
}

/// Reading labels and tables of categories from script values.
enum CategoryInput {
  /// The categories of a tensor's elements.
  static func fromTensor(_ t: Tensor) -> [Category] {
    let isFloat = t.dtype.isFloatingPoint
    return t.toDoubles().map { .number($0, isFloat: isFloat) }
  }

  /// Whether nested lists or tuples hold a string anywhere.
  static func holdsString(_ v: Value) -> Bool { FloatMatrix.firstString(v) != nil }

  /// A Python value inside a list that holds strings: NumPy turns it into text.
  static func textOf(_ v: Value, _ interp: Interpreter) -> String { interp.str(v) }

  /// `column_or_1d(y)`: 1-D labels (a column vector is raveled with scikit-learn's warning).
  static func labels(_ v: Value, _ interp: Interpreter) throws -> CategoryList.Labels {
    func columnWarning(_ n: Int) {
      interp.warn(
        "A column-vector y was passed when a 1d array was expected. Please change the shape of y to (n_samples, ), for example using ravel().",
        category: "DataConversionWarning", place: "sklearn.preprocessing._label")
    }
    func badShape(_ shape: [Int]) -> ScriptError {
      let text =
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
      return ScriptError(
        .valueError, "y should be a 1d array, got an array of shape \(text) instead.",
        hint: "labels are one value per sample: pass y.ravel() or np.argmax(y, axis=1) for one-hot rows")
    }
    if case .object(let o as ObjectArrayObject) = v {
      guard o.shape.count == 1 || (o.shape.count == 2 && o.shape[1] == 1) else { throw badShape(o.shape) }
      if o.shape.count == 2 { columnWarning(o.shape[0]) }
      let items = o.items.map { item -> Category in
        if case .str(let s) = item { return .text(s) }
        if let d = item.doubleValue {
          return .number(d, isFloat: { if case .float = item { true } else { false } }())
        }
        return .text(interp.str(item))
      }
      return .init(items: items, storage: o.isUnicode ? .unicode : .object)
    }
    if holdsString(v) {
      var items = try interp.elements(of: v)
      if items.allSatisfy({ if case .list = $0 { true } else if case .tuple = $0 { true } else { false } }) {
        let rows = try items.map { try interp.elements(of: $0) }
        guard rows.allSatisfy({ $0.count == 1 }) else {
          throw badShape([rows.count, rows.first?.count ?? 0])
        }
        columnWarning(rows.count)
        items = rows.map { $0[0] }
      }
      return .init(items: items.map { .text(textOf($0, interp)) }, storage: .unicode)
    }
    var t = try Convert.tensor(v)
    if t.shape.count == 2 && t.shape[1] == 1 {
      columnWarning(t.shape[0])
      t = try Convert.tensors { try t.reshape([t.shape[0]]) }
    }
    guard t.shape.count == 1 else { throw badShape(t.shape) }
    return .init(items: fromTensor(t), storage: .tensor(t.dtype))
  }

  /// `OneHotEncoder._check_X`: the columns of a 2-D table, each with its storage. Lists holding
  /// strings become object columns (each uniformly strings or numbers); arrays keep their dtype.
  static func table(_ v: Value, estimator: String, _ interp: Interpreter) throws -> [CategoryList.Labels] {
    if case .object(let o as ObjectArrayObject) = v {
      guard o.shape.count == 2 else {
        throw ScriptError(
          .valueError,
          "Expected 2D array, got 1D array instead:\narray=\(o.str()).\n\(FloatMatrix.reshapeAdvice)")
      }
      let (r, c) = (o.shape[0], o.shape[1])
      return try (0..<c).map { j in try objectColumn((0..<r).map { o.items[$0 * c + j] }, interp) }
    }
    if holdsString(v) {
      let rows = try interp.elements(of: v)
      let cells = try rows.map { row -> [Value] in
        switch row {
        case .list, .tuple: return try interp.elements(of: row)
        default: return [row]
        }
      }
      if rows.allSatisfy({ if case .list = $0 { false } else if case .tuple = $0 { false } else { true } }) {
        let shown = ObjectArrayObject.unicode(rows.map { textOf($0, interp) })
        throw ScriptError(
          .valueError,
          "Expected 2D array, got 1D array instead:\narray=\(shown.str()).\n\(FloatMatrix.reshapeAdvice)",
          hint: "one column of categories is X.reshape(-1, 1), or [[x] for x in values]")
      }
      let width = cells.first?.count ?? 0
      guard cells.allSatisfy({ $0.count == width }) else {
        throw ScriptError(
          .valueError,
          "setting an array element with a sequence. The requested array has an inhomogeneous shape after 1 dimensions. The detected shape was (\(cells.count),) + inhomogeneous part."
        )
      }
      return try (0..<width).map { j in try objectColumn(cells.map { $0[j] }, interp) }
    }
    let t = try Convert.tensor(v)
    if t.shape.count < 2 {
      var shown = t
      shown.isScalar = false
      throw ScriptError(
        .valueError,
        "Expected 2D array, got \(t.shape.isEmpty ? "scalar" : "1D") array instead:\narray=\(shown.str).\n\(FloatMatrix.reshapeAdvice)",
        hint: "one column of categories is X.reshape(-1, 1)")
    }
    if t.shape.count > 2 {
      throw ScriptError(
        .valueError, "Found array with dim \(t.shape.count), while dim <= 2 is required by \(estimator).")
    }
    let (r, c) = (t.shape[0], t.shape[1])
    if r == 0 {
      throw ScriptError(
        .valueError,
        "Found array with 0 sample(s) (shape=(0, \(c))) while a minimum of 1 is required by \(estimator).")
    }
    if c == 0 {
      throw ScriptError(
        .valueError,
        "Found array with 0 feature(s) (shape=(\(r), 0)) while a minimum of 1 is required by \(estimator).")
    }
    let all = fromTensor(t)
    return (0..<c).map { j in .init(items: (0..<r).map { all[$0 * c + j] }, storage: .tensor(t.dtype)) }
  }

  /// One object column: all strings or all numbers (scikit-learn's "uniformly strings or numbers").
  static func objectColumn(_ cells: [Value], _ interp: Interpreter) throws -> CategoryList.Labels {
    var kinds = Set<String>()
    let items = cells.map { cell -> Category in
      switch cell {
      case .str(let s):
        kinds.insert("str")
        return .text(s)
      case .int(let i):
        kinds.insert("int")
        return .number(Double(i), isFloat: false)
      case .bool(let b):
        kinds.insert("bool")
        return .number(b ? 1 : 0, isFloat: false)
      case .float(let d):
        kinds.insert("float")
        return .number(d, isFloat: true)
      default:
        kinds.insert(cell.typeName)
        return .text(interp.str(cell))
      }
    }
    if kinds.contains("str") && kinds.count > 1 {
      throw ScriptError(
        .typeError,
        "Encoders require their input argument must be uniformly strings or numbers. Got \(reprValue(.list(kinds.sorted().map { .str($0) })))"
      )
    }
    return .init(items: items, storage: .object)
  }
}

extension CategoryList {
  /// Labels as given (not deduplicated) with their storage.
  struct Labels {
    var items: [Category]
    var storage: CategoryStorage
  }
}

/// `LabelEncoder`: labels to 0…n-1 and back; `classes_` sorted as `np.unique` sorts.
final class LabelEncoderObject: SklearnEstimator {
  var classes: CategoryList?

  init(_ params: EstimatorParameters) {
    super.init("LabelEncoder", module: "sklearn.preprocessing._label", params: params)
  }

  override var isFitted: Bool { classes != nil }
  override var fittedAttributeNames: [String] { isFitted ? ["classes_"] : [] }
  override func fittedAttribute(_ name: String) throws -> Value? {
    name == "classes_" ? classes?.value : nil
  }
  override var methodNames: [String] { ["fit", "transform", "fit_transform", "inverse_transform"] }

  override func method(_ name: String) -> BuiltinFunction? {
    switch name {
    case "fit":
      return bound(name, "y") { [self] a, i in
        let y = try CategoryInput.labels(a["y"], i)
        classes = CategoryList(unique: y.items, storage: y.storage)
        return .object(self)
      }
    case "fit_transform":
      return bound(name, "y") { [self] a, i in
        let y = try CategoryInput.labels(a["y"], i)
        classes = CategoryList(unique: y.items, storage: y.storage)
        return try encode(y, i)
      }
    case "transform":
      return bound(name, "y") { [self] a, i in
        try checkFitted()
        return try encode(try CategoryInput.labels(a["y"], i), i)
      }
    case "inverse_transform":
      return bound(name, "y") { [self] a, i in try decode(a["y"], i) }
    default: return nil
    }
  }

  /// Labels converted to the classes' type, as `column_or_1d(y, dtype=classes_.dtype)` does.
  private func converted(_ y: CategoryList.Labels, to classes: CategoryList) throws -> [Category] {
    switch classes.storage {
    case .unicode, .object:
      return y.items.map { c in
        if case .text = c { return c }
        return classes.storage == .unicode ? .text(c.pythonText) : c
      }
    case .tensor(let dtype):
      return try y.items.map { c in
        switch c {
        case .number(let x, _):
          if dtype.isFloatingPoint { return .number(dtype == .float32 ? Double(Float(x)) : x, isFloat: true) }
          guard x.isFinite else {
            throw ScriptError(.valueError, "cannot convert float \(x.isNaN ? "NaN" : "infinity") to integer")
          }
          return .number(x.rounded(.towardZero), isFloat: false)
        case .text(let s):
          let number = Double(s)
          guard let number, !dtype.isFloatingPoint ? Int(s) != nil : true else {
            throw ScriptError(
              .valueError,
              dtype.isFloatingPoint
                ? "could not convert string to float: \(pythonStringRepr(s))"
                : "invalid literal for int() with base 10: \(pythonStringRepr(s))")
          }
          return .number(number, isFloat: dtype.isFloatingPoint)
        }
      }
    }
  }

  private func encode(_ y: CategoryList.Labels, _ interp: Interpreter) throws -> Value {
    guard let classes else { return .none }
    if y.items.isEmpty { return Convert.value(try Convert.tensors { try Tensor([Double]()) }) }
    let items = try converted(y, to: classes)
    var index: [Category: Int] = [:]
    for (i, c) in classes.items.enumerated() { index[c] = i }
    var codes: [Int64] = []
    codes.reserveCapacity(items.count)
    for c in items {
      guard let i = index[c] else {
        if classes.storage == .unicode {
          throw ScriptError(.valueError, "y contains previously unseen labels: \(classes.elementRepr(c))")
        }
        let unseen = CategoryList(unique: items.filter { index[$0] == nil }, storage: classes.storage)
        throw ScriptError(
          .valueError,
          "y contains previously unseen labels: [\(unseen.items.map(classes.elementRepr).joined(separator: ", "))]",
          hint: "fit the encoder on every label first (e.g. on the whole label column)")
      }
      codes.append(Int64(i))
    }
    return Convert.value(try Convert.tensors { try Tensor(codes) })
  }

  private func decode(_ v: Value, _ interp: Interpreter) throws -> Value {
    try checkFitted()
    guard let classes else { return .none }
    let y = try CategoryInput.labels(v, interp)
    if y.items.isEmpty { return Convert.value(try Convert.tensors { try Tensor([Double]()) }) }
    let n = classes.items.count
    let codes = y.items.map { c -> Double in if case .number(let x, _) = c { return x } else { return .nan } }
    let unseen = Set(codes.filter { !($0 >= 0 && $0 < Double(n) && $0 == $0.rounded()) })
    if y.items.contains(where: \.isText) {
      let texts = y.items.filter(\.isText).map(\.pythonText)
      throw ScriptError(
        .valueError, "y contains previously unseen labels: \(ObjectArrayObject.unicode(texts).str())",
        hint: "inverse_transform takes the integer codes that transform returned")
    }
    if !unseen.isEmpty {
      let isFloat: Bool = {
        if case .tensor(let d) = y.storage { return d.isFloatingPoint } else { return false }
      }()
      let shown = try Convert.tensors {
        let integral = unseen.allSatisfy { $0.isFinite && abs($0) < 9e18 && $0 == $0.rounded() }
        return isFloat || !integral
          ? try Tensor(unseen.sorted(by: Category.orderedNumbers))
          : try Tensor(unseen.sorted().map { Int64($0) })
      }
      throw ScriptError(.valueError, "y contains previously unseen labels: \(shown.str)")
    }
    let picked = codes.map { classes.items[Int($0)] }
    // Indexing classes_ keeps its `<Un` width.
    let width = classes.items.map { $0.pythonText.unicodeScalars.count }.max() ?? 1
    return CategoryList.array(picked, storage: classes.storage, unicodeWidth: width)
  }
}

/// `OneHotEncoder` with dense output (`sparse_output=False`): one 0/1 column per category of
/// every feature, `drop='first'`/`'if_binary'`, unknown categories as errors or all-zero rows.
final class OneHotEncoderObject: SklearnEstimator {
  var categories: [CategoryList]?
  /// Per feature, the index of the dropped category (nil: none dropped).
  var dropped: [Int?] = []

  init(_ params: EstimatorParameters) {
    super.init("OneHotEncoder", module: "sklearn.preprocessing._encoders", params: params)
  }

  override var isFitted: Bool { categories != nil }
  override var fittedAttributeNames: [String] {
    isFitted ? ["categories_", "drop_idx_", "n_features_in_"] : []
  }

  override func fittedAttribute(_ name: String) throws -> Value? {
    guard let categories else { return nil }
    switch name {
    case "categories_": return .list(categories.map(\.value))
    case "drop_idx_":
      if params["drop"].isNone { return .none }
      if dropped.allSatisfy({ $0 != nil }) {
        return Convert.value(try Convert.tensors { try Tensor(dropped.map { Int64($0 ?? 0) }) })
      }
      return .object(
        ObjectArrayObject(
          dropped.map { $0.map { .int($0) } ?? Value.none }, shape: [dropped.count], dtype: "object"))
    default: return nil
    }
  }

  override var methodNames: [String] {
    ["fit", "transform", "fit_transform", "inverse_transform", "get_feature_names_out"]
  }

  override func method(_ name: String) -> BuiltinFunction? {
    switch name {
    case "fit":
      return bound(name, "X, y=None") { [self] a, i in
        try fit(a["X"], i)
        return .object(self)
      }
    case "transform": return bound(name, "X") { [self] a, i in try transform(a["X"], i) }
    case "fit_transform":
      return bound(name, "X, y=None") { [self] a, i in
        try fit(a["X"], i)
        return try transform(a["X"], i)
      }
    case "inverse_transform": return bound(name, "X") { [self] a, i in try inverseTransform(a["X"], i) }
    case "get_feature_names_out":
      return bound(name, "input_features=None") { [self] a, _ in try featureNamesOut(a["input_features"]) }
    default: return nil
    }
  }

  private func invalid(_ name: String, _ allowed: String) -> ScriptError {
    ScriptError(
      ErrorKind("InvalidParameterError"),
      "The '\(name)' parameter of OneHotEncoder must be \(allowed). Got \(reprValue(params[name])) instead.")
  }

  private func handleUnknown() throws -> String {
    guard case .str(let s) = params["handle_unknown"],
      ["error", "ignore", "warn", "infrequent_if_exist"].contains(s)
    else { throw invalid("handle_unknown", "a str among {'error', 'ignore', 'infrequent_if_exist', 'warn'}") }
    return s
  }

  private func checkParameters() throws {
    _ = try handleUnknown()
    guard case .str("auto") = params["categories"] else {
      throw ScriptError(
        .notImplementedError, "dnnlab's OneHotEncoder supports categories='auto' only",
        hint: "leave categories out: the encoder collects them from the data")
    }
    switch params["drop"] {
    case .none, .str("first"), .str("if_binary"): break
    case .str: throw invalid("drop", "a str among {'first', 'if_binary'}, an array-like or None")
    default:
      throw ScriptError(
        .notImplementedError, "dnnlab's OneHotEncoder supports drop=None, 'first' or 'if_binary'")
    }
    if !params["min_frequency"].isNone || !params["max_categories"].isNone {
      throw ScriptError(
        .notImplementedError,
        "dnnlab's OneHotEncoder has no infrequent categories (min_frequency, max_categories)")
    }
    _ = try outputDType()
  }

  private func outputDType() throws -> DType {
    do { return try Convert.dtype(params["dtype"]) ?? .float64 } catch {
      throw ScriptError(.typeError, "Cannot interpret '\(reprValue(params["dtype"]))' as a data type")
    }
  }

  private func fit(_ input: Value, _ interp: Interpreter) throws {
    try checkParameters()
    let columns = try CategoryInput.table(input, estimator: className, interp)
    categories = columns.map { CategoryList(unique: $0.items, storage: $0.storage) }
    nFeaturesIn = columns.count
    switch params["drop"] {
    case .str("first"): dropped = columns.map { _ in 0 }
    case .str("if_binary"):
      dropped = (categories ?? []).map { (c: CategoryList) -> Int? in c.items.count == 2 ? 0 : nil }
    default: dropped = columns.map { _ in nil }
    }
  }

  private func checkSparse(_ interp: Interpreter) throws {
    let sparse = params["sparse_output"]
    if (try? interp.truthy(sparse)) ?? true {
      throw ScriptError(
        .notImplementedError,
        "dnnlab has no scipy sparse matrices, so OneHotEncoder's default sparse_output=True cannot transform: create the encoder with OneHotEncoder(sparse_output=False) to get a dense NumPy array"
      )
    }
  }

  private func transform(_ input: Value, _ interp: Interpreter) throws -> Value {
    try checkFitted()
    guard let categories else { return .none }
    let columns = try CategoryInput.table(input, estimator: className, interp)
    try checkFeatureCount(columns.count)
    try checkSparse(interp)
    let unknownMode = try handleUnknown()
    let dtype = try outputDType()
    let rows = columns.first?.items.count ?? 0
    let widths = categories.enumerated().map { $0.element.items.count - (dropped[$0.offset] == nil ? 0 : 1) }
    let total = widths.reduce(0, +)
    var out = [Double](repeating: 0, count: rows * total)
    var offset = 0
    var unknownColumns: [Int] = []
    for (j, column) in columns.enumerated() {
      let cats = categories[j]
      var index: [Category: Int] = [:]
      for (i, c) in cats.items.enumerated() { index[c] = i }
      let items = column.items.map { c -> Category in
        // A string column compares with the categories' text; numbers with numbers.
        if cats.storage == .unicode || (cats.storage == .object && cats.items.first?.isText == true) {
          if case .number = c { return .text(c.pythonText) }
        }
        return c
      }
      let unknown = items.filter { index[$0] == nil }
      if !unknown.isEmpty {
        if unknownMode == "error" {
          let shown = CategoryList(unique: unknown, storage: column.storage)
          throw ScriptError(
            .valueError,
            "Found unknown categories [\(shown.items.map(shown.elementRepr).joined(separator: ", "))] in column \(j) during transform",
            hint:
              "fit on data holding every category, or pass handle_unknown='ignore' to encode unknowns as zeros"
          )
        }
        unknownColumns.append(j)
      }
      for (r, c) in items.enumerated() {
        guard var k = index[c] else { continue }
        if let d = dropped[j] {
          if k == d { continue }
          if k > d { k -= 1 }
        }
        out[r * total + offset + k] = 1
      }
      offset += widths[j]
    }
    if !unknownColumns.isEmpty && (unknownMode == "warn" || dropped.contains { $0 != nil }) {
      let list = reprValue(.list(unknownColumns.map { .int($0) }))
      interp.warn(
        "Found unknown categories in columns \(list) during transform. These unknown categories will be encoded as "
          + (unknownMode == "warn" ? "the infrequent category." : "all zeros"),
        category: "UserWarning", place: "sklearn.preprocessing._encoders")
    }
    return Convert.value(try Convert.tensors { try Tensor(out, shape: [rows, total]).astype(dtype) })
  }

  private func inverseTransform(_ input: Value, _ interp: Interpreter) throws -> Value {
    try checkFitted()
    guard let categories else { return .none }
    let x = try Convert.tensor(input)
    let widths = categories.enumerated().map { $0.element.items.count - (dropped[$0.offset] == nil ? 0 : 1) }
    let total = widths.reduce(0, +)
    guard x.shape.count == 2, x.shape[1] == total else {
      throw ScriptError(
        .valueError,
        "Shape of the passed X data is not correct. Expected \(total) columns, got \(x.shape.count == 2 ? x.shape[1] : (x.shape.last ?? 0))."
      )
    }
    let rows = x.shape[0]
    let values = x.toDoubles()
    let ignoring = try handleUnknown() != "error"
    var picked: [Category?] = []
    var offset = 0
    for r in 0..<rows {
      offset = 0
      for (j, cats) in categories.enumerated() {
        let block = (0..<widths[j]).map { values[r * total + offset + $0] }
        offset += widths[j]
        // The first largest entry, as argmax picks it.
        var best = 0
        for (k, v) in block.enumerated() where v > block[best] { best = k }
        if block.isEmpty || block[best] == 0 {
          if let d = dropped[j] {
            picked.append(cats.items[d])
          } else if ignoring {
            picked.append(nil)
          } else {
            throw ScriptError(
              .valueError,
              "Samples [\(r)] can not be inverted when drop=None and handle_unknown='error' because they contain all zeros"
            )
          }
          continue
        }
        var k = best
        if let d = dropped[j], k >= d { k += 1 }
        picked.append(cats.items[k])
      }
    }
    let n = categories.count
    let shape = [rows, n]
    let storages = categories.map(\.storage)
    if !picked.contains(where: { $0 == nil }), case .tensor(let first)? = storages.first,
      storages.allSatisfy({ $0 == .tensor(first) })
    {
      return CategoryList.array(picked.map { $0! }, storage: .tensor(first), shape: shape)
    }
    if !picked.contains(where: { $0 == nil }),
      storages.allSatisfy({ if case .tensor = $0 { true } else { false } })
    {
      let anyFloat = storages.contains { if case .tensor(let d) = $0 { d.isFloatingPoint } else { false } }
      return CategoryList.array(
        picked.map { $0! }, storage: .tensor(anyFloat ? .float64 : .int64), shape: shape)
    }
    let items = picked.map { $0?.python ?? .none }
    return .object(ObjectArrayObject(items, shape: shape, dtype: "object"))
  }

  private func featureNamesOut(_ given: Value) throws -> Value {
    try checkFitted()
    guard let categories else { return .none }
    let inputs = try featureNames(given, count: categories.count, estimator: self)
    guard case .object(let o as ObjectArrayObject) = inputs else { return inputs }
    var names: [Value] = []
    for (j, cats) in categories.enumerated() {
      let feature = strValue(o.items[j])
      for (k, c) in cats.items.enumerated() where dropped[j] != k {
        names.append(.str(feature + "_" + cats.elementText(c)))
      }
    }
    return .object(ObjectArrayObject(names, shape: [names.count], dtype: "object"))
  }
}
