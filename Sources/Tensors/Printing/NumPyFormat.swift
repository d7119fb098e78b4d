/// Element access for formatting: row-major flat index -> value.
///
/// The formatter calls `element` only for the elements it prints (at most
/// `(2 * edgeitems)^ndim` of them for a summarised array), so a view over huge storage is cheap.
public struct ArrayPrintSource {
  public let shape: [Int]
  public let dtype: DType
  public let element: (Int) -> ScalarValue

  public init(shape: [Int], dtype: DType, element: @escaping (Int) -> ScalarValue) {
    self.shape = shape
    self.dtype = dtype
    self.element = element
  }

  /// The element count, or nil when it does not fit in an `Int` (treated as huge).
  /// Negative extents count as zero.
  var size: Int? {
    var total = 1
    for d in shape {
      let (product, overflow) = total.multipliedReportingOverflow(by: max(d, 0))
      if overflow { return nil }
      total = product
    }
    return total
  }
}

/// NumPy 2 text for arrays and scalars: what Jupyter shows for `a` (`repr`) and `print(a)`
/// (`str`). Defaults follow `np.get_printoptions()`; see ``PrintOptions``.
public enum NumPyFormat {
  /// `repr(a)` as NumPy 2 prints it: `array([1, 2, 3])`, `array([[0., 1.], ...], dtype=float32)`,
  /// `array([], shape=(0, 3), dtype=float64)`, `array([9, 0, 3, ..., 3, 5, 8], shape=(2000,))`.
  public static func repr(_ a: ArrayPrintSource, options: PrintOptions = .init()) -> String {
    let prefix = "array("
    let size = a.size
    let body: String
    if size == 0 {
      body = "[]"
    } else {
      // The closing parenthesis must fit on the last line too.
      body = array2string(
        a, options: options, separator: ", ", prefixLength: prefix.count,
        lineWidth: options.effectiveLinewidth - 1)
    }
    // Add shape and dtype where the values do not imply them.
    var extras: [String] = []
    let summarised = size.map { $0 > options.threshold } ?? true
    if (size == 0 && a.shape != [0]) || summarised {
      extras.append("shape=" + shapeText(a.shape))
    }
    if !dtypeIsImplied(a.dtype) || size == 0 {
      extras.append("dtype=" + a.dtype.name)
    }
    if extras.isEmpty { return prefix + body + ")" }
    let head = prefix + body + ","
    let tail = extras.joined(separator: ", ") + ")"
    let lastLine = head.split(separator: "\n", omittingEmptySubsequences: false).last ?? ""
    // The extras go on their own line when they would overflow the last one.
    let spacer =
      lastLine.unicodeScalars.count + tail.count + 1 > options.effectiveLinewidth
      ? "\n" + String(repeating: " ", count: prefix.count) : " "
    return head + spacer + tail
  }

  /// `str(a)` / `print(a)`: `[1 2 3]`, `[[0. 1.]\n [2. 3.]]`.
  /// A 0-d array prints like its scalar, with full precision.
  public static func str(_ a: ArrayPrintSource, options: PrintOptions = .init()) -> String {
    if a.shape.isEmpty { return scalarStr(a.element(0), dtype: a.dtype) }
    if a.size == 0 { return "[]" }
    return array2string(
      a, options: options, separator: " ", prefixLength: 0, lineWidth: options.effectiveLinewidth)
  }

  /// NumPy's `array2string` for a non-empty array.
  private static func array2string(
    _ a: ArrayPrintSource, options: PrintOptions, separator: String, prefixLength: Int,
    lineWidth: Int
  ) -> String {
    let summarise = a.size.map { $0 > options.threshold } ?? true
    let plans = a.shape.map {
      PrintAxisPlan(length: max($0, 0), summarise: summarise, edgeItems: options.effectiveEdgeItems)
    }
    let strides = rowMajorStrides(a.shape)
    // Only a shape whose size overflows `Int` (so no storage can back it) can show this many
    // elements; refuse rather than run out of memory.
    var shownTotal = 1
    for plan in plans {
      let (product, overflow) = shownTotal.multipliedReportingOverflow(by: plan.formatIndices.count)
      if overflow || product > maxShownElements { return "[...]" }
      shownTotal = product
    }

    // The format is decided by the elements shown (NumPy's `_leading_trailing` corners).
    let shownGrid = plans.map { plan in (0..<plan.shownCount).map(plan.index(ofShown:)) }
    let formatGrid = plans.map(\.formatIndices)
    let shown = gather(a, grid: shownGrid, strides: strides)
    let formatValues = formatGrid == shownGrid ? shown : gather(a, grid: formatGrid, strides: strides)
    let formatter = ElementFormatter(
      values: formatValues, dtype: a.dtype, options: options, isZeroDimensional: a.shape.isEmpty)
    let words = shown.map(formatter.format)
    if a.shape.isEmpty { return words.first ?? "" }

    let layout = ArrayTextLayout(plans: plans, words: words, separator: separator)
    // Continuation lines skip the "[" and the prefix.
    let hangingIndent = String(repeating: " ", count: 1 + prefixLength)
    return layout.render(hangingIndent: hangingIndent, lineWidth: lineWidth)
  }

  /// More shown elements than any array that fits in memory can have, given edgeitems <= 1000.
  static let maxShownElements = 1 << 28

  /// Row-major strides; wrapping arithmetic because a shape whose size overflows cannot be
  /// backed by storage anyway, and printing must not trap.
  private static func rowMajorStrides(_ shape: [Int]) -> [Int] {
    var strides = [Int](repeating: 1, count: shape.count)
    var i = shape.count - 1
    while i > 0 {
      strides[i - 1] = strides[i] &* max(shape[i], 0)
      i -= 1
    }
    return strides
  }

  /// Values at every combination of the per-axis indices, row-major.
  private static func gather(_ a: ArrayPrintSource, grid: [[Int]], strides: [Int]) -> [ScalarValue] {
    if grid.isEmpty { return [a.element(0)] }
    if grid.contains(where: \.isEmpty) { return [] }
    var out: [ScalarValue] = []
    out.reserveCapacity(grid.reduce(1) { $0 &* $1.count })
    var counters = [Int](repeating: 0, count: grid.count)
    while true {
      var flat = 0
      for axis in grid.indices {
        flat = flat &+ grid[axis][counters[axis]] &* strides[axis]
      }
      out.append(a.element(flat))
      // Odometer increment, last axis fastest.
      var axis = grid.count - 1
      while axis >= 0 {
        counters[axis] += 1
        if counters[axis] < grid[axis].count { break }
        counters[axis] = 0
        axis -= 1
      }
      if axis < 0 { return out }
    }
  }

  /// Python's tuple repr of a shape: `(2000,)`, `(0, 3)`, `()`.
  static func shapeText(_ shape: [Int]) -> String {
    if shape.count == 1 { return "(\(shape[0]),)" }
    return "(" + shape.map(String.init).joined(separator: ", ") + ")"
  }

  /// float64, int64 and bool arrays print without `dtype=` (NumPy's `_typelessdata` on Linux).
  static func dtypeIsImplied(_ dtype: DType) -> Bool {
    dtype == .float64 || dtype == .int64 || dtype == .bool
  }
}
