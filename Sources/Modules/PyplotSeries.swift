import Plot
import Script
import Tensors

/// Builds ``Series`` from pyplot calls, checking shapes the way matplotlib does and with its
/// messages, so a mistake reads as it would in Jupyter instead of drawing nonsense.
enum PyplotSeries {
  /// `plot([x], y, [fmt], [x2], y2, [fmt2], …, **kwargs)`; a 2-D `y` gives one line per column.
  static func lines(
    _ args: [Value], keywords: [(name: String, value: Value)], interp: Interpreter
  ) throws -> [Series] {
    var out: [Series] = []
    var i = 0
    while i < args.count {
      if case .str = args[i] {
        throw ScriptError(.valueError, "plot() got a format string without data before it")
      }
      var x: (values: [Double], shape: [Int])?
      var y = try PyplotArgs.array(args[i], "y")
      i += 1
      if i < args.count, !isString(args[i]) {
        x = y
        y = try PyplotArgs.array(args[i], "y")
        i += 1
      }
      var fmt: (RGB?, String?, LineStyle?)?
      if i < args.count, case .str(let s) = args[i] {
        guard let f = PyplotArgs.format(s) else {
          throw ScriptError(
            .valueError, "'\(s)' is not a valid format string (unrecognized character)",
            hint: "use e.g. 'r--' (red dashed) or 'bo' (blue dots); give a label with label='…'")
        }
        fmt = f
        i += 1
      }
      let columns = y.shape.count == 2 ? y.shape[1] : 1
      let rows = y.shape.count == 2 ? y.shape[0] : y.values.count
      guard y.shape.count <= 2 else {
        throw ScriptError(.valueError, "y can be no greater than 2D, but has shape \(shapeText(y.shape))")
      }
      let xs = x?.values ?? (0..<rows).map(Double.init)
      if let x, x.values.count != rows, !(x.shape.count == 2 && x.shape == y.shape) {
        throw ScriptError(
          .valueError,
          "x and y must have same first dimension, but have shapes \(shapeText(x.shape)) and \(shapeText(y.shape))"
        )
      }
      for c in 0..<columns {
        let ys =
          columns == 1 ? y.values : stride(from: c, to: y.values.count, by: columns).map { y.values[$0] }
        let xc =
          x.map {
            $0.shape.count == 2 ? stride(from: c, to: $0.values.count, by: columns).map { xs[$0] } : xs
          } ?? xs
        var s = Series(.line(x: xc, y: ys))
        if let fmt {
          s.color = fmt.0
          s.marker = fmt.1
          s.lineStyle = fmt.2 ?? .solid
        }
        try PyplotArgs.style(keywords, into: &s, interp: interp)
        out.append(s)
      }
    }
    return out
  }

  private static func isString(_ v: Value) -> Bool {
    if case .str = v { return true }
    return false
  }

  static func shapeText(_ shape: [Int]) -> String {
    shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
  }

  /// `scatter(x, y, c=…, cmap=…)`: `c` is one colour, or one value per point (classes).
  static func scatter(_ a: BoundArguments, interp: Interpreter) throws -> Series {
    let x = try PyplotArgs.numbers(a["x"], "x"), y = try PyplotArgs.numbers(a["y"], "y")
    guard x.count == y.count else { throw ScriptError(.valueError, "x and y must be the same size") }
    var values: [Double]?
    var color: RGB?
    switch a["c"] {
    case .none: break
    case .str: color = try PyplotArgs.color(a["c"])
    case .tuple(let items) where items.count == 3 && x.count != 3: color = try PyplotArgs.color(a["c"])
    default:
      let v = try PyplotArgs.numbers(a["c"], "c")
      guard v.count == x.count else {
        throw ScriptError(
          .valueError,
          "'c' argument has \(v.count) elements, which is inconsistent with 'x' and 'y' with size \(x.count)."
        )
      }
      values = v
    }
    var s = Series(.scatter(x: x, y: y, values: values), color: color)
    try PyplotArgs.style(PyplotArgs.keywords(a, ["marker", "cmap", "alpha"]), into: &s, interp: interp)
    return s
  }

  /// `hist(x, bins=10, range=None, density=False)` with NumPy's binning (equal-width bins over
  /// the data's range, the last bin closed). Returns the series, the counts and the edges.
  static func histogram(_ a: BoundArguments, interp: Interpreter) throws -> (Series, [Double], [Double]) {
    let data = try PyplotArgs.numbers(a["x"], "x").filter { !$0.isNaN }
    var edges: [Double]
    var lo = data.filter(\.isFinite).min() ?? 0, hi = data.filter(\.isFinite).max() ?? 1
    if !a["range"].isNone {
      let r = try interp.elements(of: a["range"]).map(Convert.double)
      guard r.count == 2, r[0].isFinite, r[1].isFinite, r[0] <= r[1] else {
        throw ScriptError(.valueError, "max must be larger than min in range parameter.")
      }
      (lo, hi) = (r[0], r[1])
    }
    if lo == hi {
      lo -= 0.5
      hi += 0.5
    }
    switch a["bins"] {
    case .none, .int, .bool:
      let n = a["bins"].isNone ? 10 : try Convert.integer(a["bins"])
      guard n >= 1, n <= 100_000 else {
        throw ScriptError(.valueError, "`bins` must be positive, when an integer (at most 100000 here)")
      }
      edges = (0...n).map { lo + (hi - lo) * Double($0) / Double(n) }
    default:
      edges = try PyplotArgs.numbers(a["bins"], "bins")
      guard edges.count >= 2, edges.count <= 100_001, zip(edges, edges.dropFirst()).allSatisfy({ $0 <= $1 })
      else {
        throw ScriptError(.valueError, "`bins` must increase monotonically, when an array")
      }
    }
    var counts = Array(repeating: 0.0, count: edges.count - 1)
    let first = edges[0], last = edges[edges.count - 1]
    for v in data where v >= first && v <= last {
      // Binary search for the bin; the last bin includes its right edge.
      var l = 0, h = counts.count - 1
      while l < h {
        let m = (l + h + 1) / 2
        if edges[m] <= v { l = m } else { h = m - 1 }
      }
      counts[l] += 1
    }
    if try interp.truthy(a["density"]) {
      let total = counts.reduce(0, +)
      for i in counts.indices {
        let w = edges[i + 1] - edges[i]
        counts[i] = total > 0 && w > 0 ? counts[i] / (total * w) : 0
      }
    }
    let centers = (0..<counts.count).map { (edges[$0] + edges[$0 + 1]) / 2 }
    let width = (last - first) / Double(counts.count)
    let bottom = a["bottom"].isNone ? 0 : try Convert.double(a["bottom"])
    var s = Series(.bars(x: centers, heights: counts, width: width, bottom: bottom))
    try PyplotArgs.style(a.extraKeywords, into: &s, interp: interp)
    return (s, counts, edges)
  }

  /// `bar(x, height, width=0.8, bottom=0)`; string `x` values become categories at 0, 1, ….
  static func bars(_ a: BoundArguments, interp: Interpreter) throws -> (Series, [String]?) {
    var categories: [String]?
    var x: [Double]
    let items = (try? interp.elements(of: a["x"])) ?? []
    if !items.isEmpty, items.allSatisfy({ if case .str = $0 { return true } else { return false } }) {
      categories = items.map { interp.str($0) }
      x = items.indices.map(Double.init)
    } else {
      x = try PyplotArgs.numbers(a["x"], "x")
    }
    var heights = try PyplotArgs.numbers(a["height"], "height")
    if heights.count == 1, x.count > 1 { heights = Array(repeating: heights[0], count: x.count) }
    if x.count == 1, heights.count > 1 { x = Array(repeating: x[0], count: heights.count) }
    guard heights.count == x.count else {
      throw ScriptError(
        .valueError,
        "shape mismatch: objects cannot be broadcast to a single shape.  Mismatch is between arg 0 with shape (\(x.count),) and arg 1 with shape (\(heights.count),)."
      )
    }
    let width = try Convert.double(a["width"])
    let bottom = a["bottom"].isNone ? 0 : (try PyplotArgs.numbers(a["bottom"], "bottom").first ?? 0)
    var s = Series(.bars(x: x, heights: heights, width: width.isFinite ? width : 0.8, bottom: bottom))
    try PyplotArgs.style(a.extraKeywords, into: &s, interp: interp)
    return (s, categories)
  }

  /// `imshow(X, cmap=…, vmin=…, vmax=…)`: `X` is (rows, columns) values, or (rows, columns, 3|4)
  /// colours.
  static func image(_ a: BoundArguments, interp: Interpreter) throws -> Series {
    let (values, shape) = try PyplotArgs.array(a["X"], "X")
    var grid: ValueGrid
    switch shape.count {
    case 2: grid = ValueGrid(rows: shape[0], columns: shape[1], values: values)
    case 3 where shape[2] == 1: grid = ValueGrid(rows: shape[0], columns: shape[1], values: values)
    case 3 where shape[2] == 3 || shape[2] == 4:
      grid = ValueGrid(rows: shape[0], columns: shape[1], channels: shape[2], values: values)
    default:
      throw ScriptError(
        .typeError, "Invalid shape \(shapeText(shape)) for image data",
        hint: shape.count == 1 && shape[0] == 784
          ? "reshape it first: image.reshape(28, 28)"
          : "pass (rows, columns) values or (rows, columns, 3) colours")
    }
    let vmin = try PyplotArgs.optionalDouble(a["vmin"]), vmax = try PyplotArgs.optionalDouble(a["vmax"])
    var range: (Double, Double)?
    if vmin != nil || vmax != nil {
      let (lo, hi) = grid.finiteRange
      range = (vmin ?? lo, vmax ?? hi)
    }
    var s = Series(.image(grid, range: range))
    try PyplotArgs.style(PyplotArgs.keywords(a, ["cmap", "alpha"]), into: &s, interp: interp)
    return s
  }

  /// `contourf([X, Y,] Z)`: X and Y as the meshgrid matrices (or 1-D coordinates), Z with one
  /// row per y and one column per x — the decision-boundary plot.
  static func contour(_ a: BoundArguments, interp: Interpreter) throws -> Series {
    let args = a.extraPositional
    guard args.count == 1 || args.count >= 3 else {
      throw ScriptError(
        .typeError, "contourf() takes 1 or 3 positional arguments (Z or X, Y, Z) but \(args.count) were given"
      )
    }
    let z = try PyplotArgs.array(args.count == 1 ? args[0] : args[2], "Z")
    guard z.shape.count == 2, z.shape[0] >= 2, z.shape[1] >= 2 else {
      throw ScriptError(.typeError, "Input z must be 2D, not \(z.shape.count)D, and at least 2×2")
    }
    let (ny, nx) = (z.shape[0], z.shape[1])
    var xs = (0..<nx).map(Double.init), ys = (0..<ny).map(Double.init)
    if args.count >= 3 {
      let x = try PyplotArgs.array(args[0], "X"), y = try PyplotArgs.array(args[1], "Y")
      // Meshgrid matrices: x varies along a row, y down a column.
      xs = x.shape.count == 2 ? Array(x.values.prefix(x.shape[1])) : x.values
      ys =
        y.shape.count == 2
        ? stride(from: 0, to: y.values.count, by: max(1, y.shape[1])).map { y.values[$0] } : y.values
      if x.shape.count == 2, x.shape != z.shape || y.shape != z.shape {
        throw ScriptError(
          .typeError, "Shapes of x \(shapeText(x.shape)) and z \(shapeText(z.shape)) do not match")
      }
      guard xs.count == nx else {
        throw ScriptError(.typeError, "Length of x (\(xs.count)) must match number of columns in z (\(nx))")
      }
      guard ys.count == ny else {
        throw ScriptError(.typeError, "Length of y (\(ys.count)) must match number of rows in z (\(ny))")
      }
    }
    var s = Series(.filledContour(x: xs, y: ys, z: ValueGrid(rows: ny, columns: nx, values: z.values)))
    try PyplotArgs.style(PyplotArgs.keywords(a, ["cmap", "alpha"]), into: &s, interp: interp)
    return s
  }
}
