/// The figure model both renderers draw: what matplotlib's pyplot state machine builds up
/// between `figure()` and `show()`/`savefig()`. Plain values, so a renderer can never see a
/// half-built figure, and nothing here can trap on odd data (NaN, empty arrays): renderers
/// skip what cannot be drawn.

/// How an axis maps data to position.
public enum AxisScale: Sendable, Equatable {
  case linear
  /// Base-10 logarithm; non-positive values are not drawn (matplotlib masks them too).
  case log
}

/// How a line is stroked.
public enum LineStyle: Sendable, Equatable {
  case solid, dashed, dotted, dashDot
  /// `linestyle='None'` or `''`: markers only.
  case none
}

/// A grid of values with its size, row-major, row 0 at the top (images) or at the lowest y
/// (contours, as matplotlib's `contourf` places `z[0]` at `y[0]`).
public struct ValueGrid: Sendable, Equatable {
  public var rows: Int
  public var columns: Int
  /// `rows * columns * channels` values: one channel for scalar data mapped through a colour
  /// map, three (RGB) or four (RGBA) for colour images with values in 0...1.
  public var values: [Double]
  public var channels: Int

  public init(rows: Int, columns: Int, channels: Int = 1, values: [Double]) {
    self.rows = max(0, rows)
    self.columns = max(0, columns)
    self.channels = max(1, channels)
    // A mismatched buffer is padded or cut so that indexing can never go out of range.
    let needed = self.rows * self.columns * self.channels
    if values.count >= needed {
      self.values = Array(values.prefix(needed))
    } else {
      self.values = values + Array(repeating: .nan, count: needed - values.count)
    }
  }

  public subscript(row: Int, column: Int, channel: Int) -> Double {
    values[(row * columns + column) * channels + channel]
  }

  public var isEmpty: Bool { rows == 0 || columns == 0 }

  /// The finite minimum and maximum (0, 1 when there are none).
  public var finiteRange: (Double, Double) {
    var lo = Double.infinity, hi = -Double.infinity
    for v in values where v.isFinite {
      lo = min(lo, v)
      hi = max(hi, v)
    }
    return lo <= hi ? (lo, hi) : (0, 1)
  }
}

/// What one series draws.
public enum SeriesData: Sendable, Equatable {
  /// `plot`: points joined in order; NaN breaks the line.
  case line(x: [Double], y: [Double])
  /// `scatter`: points; `values` (from `c=`) pick colours through the colour map and, without
  /// colour, markers per distinct value.
  case scatter(x: [Double], y: [Double], values: [Double]?)
  /// `bar` and `hist`: rectangles from `bottom` to `bottom + height` centred on `x`.
  case bars(x: [Double], heights: [Double], width: Double, bottom: Double)
  /// `imshow`: pixels, row 0 at the top; `range` is the value span mapped to the colour map.
  case image(ValueGrid, range: (Double, Double)?)
  /// `contourf`: a filled field over grid coordinates `x` (columns) and `y` (rows).
  case filledContour(x: [Double], y: [Double], z: ValueGrid)
  /// A confusion matrix as a labelled grid of annotated cells (`ConfusionMatrixDisplay`).
  case matrix(ValueGrid, annotations: [String], rowLabels: [String], columnLabels: [String])

  public static func == (a: SeriesData, b: SeriesData) -> Bool {
    switch (a, b) {
    case let (.line(x1, y1), .line(x2, y2)): return x1 == x2 && y1 == y2
    case let (.scatter(x1, y1, v1), .scatter(x2, y2, v2)): return x1 == x2 && y1 == y2 && v1 == v2
    case let (.bars(x1, h1, w1, b1), .bars(x2, h2, w2, b2)): return x1 == x2 && h1 == h2 && w1 == w2 && b1 == b2
    case let (.image(g1, r1), .image(g2, r2)): return g1 == g2 && r1?.0 == r2?.0 && r1?.1 == r2?.1
    case let (.filledContour(x1, y1, z1), .filledContour(x2, y2, z2)): return x1 == x2 && y1 == y2 && z1 == z2
    case let (.matrix(g1, a1, r1, c1), .matrix(g2, a2, r2, c2)): return g1 == g2 && a1 == a2 && r1 == r2 && c1 == c2
    default: return false
    }
  }
}

/// One plotted thing with its style.
public struct Series: Sendable, Equatable {
  public var data: SeriesData
  /// Shown in the legend; nil (or a name starting with `_`) leaves the series out, as matplotlib.
  public var label: String?
  /// Nil takes the next colour of the default cycle.
  public var color: RGB?
  /// A matplotlib marker code (`'o'`, `'x'`, `'^'`, …); nil uses the series' default glyph.
  public var marker: String?
  public var lineStyle: LineStyle
  /// Used for scatter `c=`, images and contours. Default viridis.
  public var colormap: Colormap
  /// Accepted for compatibility; the text renderer ignores it, the PNG renderer blends.
  public var alpha: Double

  public init(
    _ data: SeriesData, label: String? = nil, color: RGB? = nil, marker: String? = nil,
    lineStyle: LineStyle = .solid, colormap: Colormap = .viridis, alpha: Double = 1
  ) {
    self.data = data
    self.label = label
    self.color = color
    self.marker = marker
    self.lineStyle = lineStyle
    self.colormap = colormap
    self.alpha = alpha.isFinite ? min(max(alpha, 0), 1) : 1
  }

  /// Whether the legend lists this series.
  public var isLabelled: Bool {
    guard let label, !label.isEmpty else { return false }
    return !label.hasPrefix("_")
  }
}

/// Optional fixed tick positions and labels for one axis.
public struct TickSpec: Sendable, Equatable {
  public var positions: [Double]
  /// Nil: format the positions.
  public var labels: [String]?
  public init(positions: [Double], labels: [String]? = nil) {
    self.positions = positions
    self.labels = labels
  }
}

/// One subplot: its place in the figure's grid and everything drawn in it.
public struct Axes: Sendable, Equatable {
  /// `subplot(rows, columns, index)`, index counting from 1 in reading order.
  public var gridRows: Int
  public var gridColumns: Int
  public var index: Int
  public var series: [Series] = []
  public var title: String?
  public var xLabel: String?
  public var yLabel: String?
  /// Fixed view limits; nil fits the data with matplotlib's 5% margins.
  public var xLimits: (Double, Double)?
  public var yLimits: (Double, Double)?
  public var xScale: AxisScale = .linear
  public var yScale: AxisScale = .linear
  /// Fixed ticks; an empty list hides the axis' ticks and labels (`xticks([])`).
  public var xTicks: TickSpec?
  public var yTicks: TickSpec?
  public var showsGrid = false
  /// False after `axis('off')`: no frame, ticks or labels.
  public var axisVisible = true
  public var showsLegend = false
  /// `colorbar()`: the text renderer notes the value range under the plot.
  public var hasColorbar = false

  public init(gridRows: Int = 1, gridColumns: Int = 1, index: Int = 1) {
    self.gridRows = max(1, gridRows)
    self.gridColumns = max(1, gridColumns)
    self.index = min(max(1, index), self.gridRows * self.gridColumns)
  }

  /// The (row, column) cell of the figure grid this subplot occupies.
  public var cell: (row: Int, column: Int) { ((index - 1) / gridColumns, (index - 1) % gridColumns) }

  /// The number of series that draw in the default colour cycle before `series[i]`.
  func cycleIndex(of i: Int) -> Int {
    series[..<i].filter { s in
      switch s.data {
      case .line, .scatter, .bars: return true
      default: return false
      }
    }.count
  }

  /// The colour a series is drawn in: its own, or the cycle's.
  public func color(ofSeries i: Int) -> RGB {
    series[i].color ?? seriesPalette[cycleIndex(of: i) % seriesPalette.count]
  }

  public static func == (a: Axes, b: Axes) -> Bool {
    a.gridRows == b.gridRows && a.gridColumns == b.gridColumns && a.index == b.index && a.series == b.series
      && a.title == b.title && a.xLabel == b.xLabel && a.yLabel == b.yLabel
      && a.xLimits?.0 == b.xLimits?.0 && a.xLimits?.1 == b.xLimits?.1
      && a.yLimits?.0 == b.yLimits?.0 && a.yLimits?.1 == b.yLimits?.1 && a.xScale == b.xScale
      && a.yScale == b.yScale && a.xTicks == b.xTicks && a.yTicks == b.yTicks && a.showsGrid == b.showsGrid
      && a.axisVisible == b.axisVisible && a.showsLegend == b.showsLegend && a.hasColorbar == b.hasColorbar
  }
}

/// A figure: a size in inches (matplotlib's default 6.4 × 4.8) and its subplots.
public struct Figure: Sendable, Equatable {
  /// Width and height in inches; `init` clamps them to 0.5...100 so that a huge or odd
  /// `figsize` cannot ask a renderer for absurd sizes.
  public private(set) var width: Double
  public private(set) var height: Double
  public var axes: [Axes] = []
  public var title: String?

  public init(width: Double = 6.4, height: Double = 4.8) {
    self.width = Figure.clampInches(width, default: 6.4)
    self.height = Figure.clampInches(height, default: 4.8)
  }

  static func clampInches(_ v: Double, default d: Double) -> Double {
    v.isFinite && v > 0 ? min(max(v, 0.5), 100) : d
  }

  /// The subplot at `(rows, columns, index)`, created if missing; returns its position in
  /// `axes`. A subplot whose grid cell overlaps a different grid's replaces it, as matplotlib
  /// does when a new layout is started.
  public mutating func selectAxes(rows: Int = 1, columns: Int = 1, index: Int = 1) -> Int {
    let wanted = Axes(gridRows: rows, gridColumns: columns, index: index)
    if let i = axes.firstIndex(where: {
      $0.gridRows == wanted.gridRows && $0.gridColumns == wanted.gridColumns && $0.index == wanted.index
    }) {
      return i
    }
    axes.append(wanted)
    return axes.count - 1
  }

  /// Whether nothing has been drawn: `show()` of an empty figure prints nothing.
  public var isEmpty: Bool { axes.allSatisfy { $0.series.isEmpty && $0.title == nil } }
}
