import Foundation

/// Rasterises a ``Figure`` the way matplotlib lays one out: `figsize × dpi` pixels (default dpi
/// 100, so 640 × 480), subplots inside the figure's margins (left 12.5%, right 90%, bottom 11%,
/// top 88%) with 20% gaps between them, spines on all four sides and tick marks pointing out.
/// Text (titles, labels, tick labels) is not drawn: the text renderer carries that; the PNG is
/// for the picture. Sizes are capped at 4096 pixels a side.
public struct PNGRenderer: Sendable {
  /// Pixels per inch (default 100, matplotlib's `figure.dpi`); clamped to 10...600.
  public var dpi: Double

  public init(dpi: Double = 100) {
    self.dpi = dpi.isFinite ? min(max(dpi, 10), 600) : 100
  }

  /// The pixel size of a figure at this dpi, scaled down to fit 4096 × 4096.
  public func pixelSize(of figure: Figure) -> (width: Int, height: Int) {
    var w = figure.width * dpi, h = figure.height * dpi
    let shrink = min(1, 4096 / max(w, h))
    w *= shrink
    h *= shrink
    return (max(1, Int(w.rounded())), max(1, Int(h.rounded())))
  }

  public func rasterize(_ figure: Figure) -> Raster {
    let (w, h) = pixelSize(of: figure)
    var raster = Raster(width: w, height: h)
    for a in figure.axes {
      let rect = axesRect(a, width: Double(w), height: Double(h))
      draw(a, in: rect, on: &raster)
    }
    return raster
  }

  /// The axes box in pixels (x, y of the top-left corner, width, height).
  func axesRect(_ a: Axes, width: Double, height: Double) -> (x: Double, y: Double, w: Double, h: Double) {
    let left = 0.125 * width, right = 0.9 * width, top = 0.12 * height, bottom = 0.89 * height
    let space = 0.2
    let cols = Double(a.gridColumns), rows = Double(a.gridRows)
    let cw = (right - left) / (cols + space * (cols - 1)), ch = (bottom - top) / (rows + space * (rows - 1))
    let (r, c) = a.cell
    return (left + Double(c) * cw * (1 + space), top + Double(r) * ch * (1 + space), cw, ch)
  }

  private func draw(_ a: Axes, in rect: (x: Double, y: Double, w: Double, h: Double), on raster: inout Raster) {
    for s in a.series {
      switch s.data {
      case .image(let g, let range):
        drawImage(g, range: range, colormap: s.colormap, axes: a, in: rect, on: &raster)
        return
      case .matrix(let g, _, _, _):
        drawImage(g, range: nil, colormap: s.colormap, axes: a, in: rect, on: &raster)
        return
      default: continue
      }
    }
    let chart = ChartGeometry(axes: a)
    let xmap = chart.xMapping(maxTicks: 7), ymap = chart.yMapping(maxTicks: 7)
    func px(_ x: Double) -> Double { rect.x + xmap.position(x) * rect.w }
    func py(_ y: Double) -> Double { rect.y + (1 - ymap.position(y)) * rect.h }
    let scale = dpi / 72  // points to pixels
    if a.showsGrid {
      for t in xmap.ticks { raster.drawLine(x0: px(t), y0: rect.y, x1: px(t), y1: rect.y + rect.h, color: RGB(176, 176, 176)) }
      for t in ymap.ticks { raster.drawLine(x0: rect.x, y0: py(t), x1: rect.x + rect.w, y1: py(t), color: RGB(176, 176, 176)) }
    }
    for (i, s) in a.series.enumerated() {
      let color = a.color(ofSeries: i)
      switch s.data {
      case .filledContour(let x, let y, let z):
        let (lo, hi) = z.finiteRange
        // Each grid node paints the rectangle halfway to its neighbours.
        for r in 0..<min(z.rows, y.count) {
          let ya = py(r > 0 ? (y[r - 1] + y[r]) / 2 : y[r]), yb = py(r + 1 < y.count ? (y[r] + y[r + 1]) / 2 : y[r])
          for c in 0..<min(z.columns, x.count) {
            let v = z[r, c, 0]
            guard v.isFinite else { continue }
            let xa = px(c > 0 ? (x[c - 1] + x[c]) / 2 : x[c]), xb = px(c + 1 < x.count ? (x[c] + x[c + 1]) / 2 : x[c])
            let fill = s.colormap.color(hi > lo ? (v - lo) / (hi - lo) : 0.5)
            raster.fillRect(x0: xa, y0: ya, x1: xb, y1: yb, color: fill, alpha: s.alpha)
          }
        }
      case .bars(let x, let heights, let width, let bottom):
        for (xi, hv) in zip(x, heights) {
          raster.fillRect(
            x0: px(xi - width / 2), y0: py(bottom), x1: px(xi + width / 2), y1: py(bottom + hv), color: color,
            alpha: s.alpha)
        }
      case .line(let x, let y):
        let n = min(x.count, y.count)
        let dash: [Double] =
          switch s.lineStyle {
          case .solid, .none: []
          case .dashed: [7.4 * scale, 3.2 * scale]
          case .dotted: [1.5 * scale, 2.5 * scale]
          case .dashDot: [6.4 * scale, 1.6 * scale]
          }
        if s.lineStyle != .none, n > 1 {
          for j in 1..<n {
            raster.drawLine(
              x0: px(x[j - 1]), y0: py(y[j - 1]), x1: px(x[j]), y1: py(y[j]), color: color,
              thickness: 1.5 * scale, dash: dash, alpha: s.alpha)
          }
        }
        if s.marker != nil, n > 0 {
          for j in 0..<n { raster.fillCircle(cx: px(x[j]), cy: py(y[j]), radius: 3 * scale, color: color, alpha: s.alpha) }
        }
      case .scatter(let x, let y, let values):
        let finite = (values ?? []).filter(\.isFinite)
        let lo = finite.min() ?? 0, hi = finite.max() ?? 1
        for j in 0..<min(x.count, y.count) {
          var c = color
          if let values, j < values.count { c = s.colormap.color(hi > lo ? (values[j] - lo) / (hi - lo) : 0.5) }
          raster.fillCircle(cx: px(x[j]), cy: py(y[j]), radius: 3 * scale, color: c, alpha: s.alpha)
        }
      case .image, .matrix: break
      }
    }
    if a.axisVisible { drawFrame(in: rect, xmap: a.xTicks?.positions.isEmpty == true ? nil : xmap,
                                 ymap: a.yTicks?.positions.isEmpty == true ? nil : ymap, on: &raster) }
  }

  /// Spines and outward tick marks (3.5 points long, matplotlib's default).
  private func drawFrame(
    in rect: (x: Double, y: Double, w: Double, h: Double), xmap: AxisMapping?, ymap: AxisMapping?,
    on raster: inout Raster
  ) {
    let (x0, y0, x1, y1) = (rect.x.rounded(), rect.y.rounded(), (rect.x + rect.w).rounded(), (rect.y + rect.h).rounded())
    let t = max(1, (0.8 * dpi / 72).rounded())
    raster.fillRect(x0: x0, y0: y0, x1: x1 + t, y1: y0 + t, color: .black)
    raster.fillRect(x0: x0, y0: y1, x1: x1 + t, y1: y1 + t, color: .black)
    raster.fillRect(x0: x0, y0: y0, x1: x0 + t, y1: y1 + t, color: .black)
    raster.fillRect(x0: x1, y0: y0, x1: x1 + t, y1: y1 + t, color: .black)
    let tick = (3.5 * dpi / 72).rounded()
    if let xmap {
      for v in xmap.ticks {
        let x = (rect.x + xmap.position(v) * rect.w).rounded()
        raster.fillRect(x0: x, y0: y1, x1: x + t, y1: y1 + t + tick, color: .black)
      }
    }
    if let ymap {
      for v in ymap.ticks {
        let y = (rect.y + (1 - ymap.position(v)) * rect.h).rounded()
        raster.fillRect(x0: x0 - tick, y0: y, x1: x0, y1: y + t, color: .black)
      }
    }
  }

  /// An image fitted into the axes with square pixels (matplotlib's `aspect='equal'`),
  /// nearest-neighbour, centred.
  private func drawImage(
    _ g: ValueGrid, range: (Double, Double)?, colormap: Colormap, axes a: Axes,
    in rect: (x: Double, y: Double, w: Double, h: Double), on raster: inout Raster
  ) {
    guard !g.isEmpty else { return }
    let scale = min(rect.w / Double(g.columns), rect.h / Double(g.rows))
    guard scale > 0, scale.isFinite else { return }
    let w = Double(g.columns) * scale, h = Double(g.rows) * scale
    let ox = rect.x + (rect.w - w) / 2, oy = rect.y + (rect.h - h) / 2
    let (lo, hi) = range ?? g.finiteRange
    let colorScale = g.channels >= 3 && g.values.contains(where: { $0 > 1 }) ? 255.0 : 1.0
    let (xa, xb) = (max(0, Int(ox.rounded())), min(raster.width, Int((ox + w).rounded())))
    let (ya, yb) = (max(0, Int(oy.rounded())), min(raster.height, Int((oy + h).rounded())))
    guard xa < xb, ya < yb else { return }
    for y in ya..<yb {
      let r = min(g.rows - 1, max(0, Int((Double(y) + 0.5 - oy) / scale)))
      for x in xa..<xb {
        let c = min(g.columns - 1, max(0, Int((Double(x) + 0.5 - ox) / scale)))
        let color: RGB
        if g.channels >= 3 {
          func ch(_ k: Int) -> UInt8 {
            let v = g[r, c, k] / colorScale
            return UInt8((v.isFinite ? min(max(v, 0), 1) : 0) * 255)
          }
          color = RGB(ch(0), ch(1), ch(2))
        } else {
          let v = g[r, c, 0]
          guard v.isFinite else { continue }
          color = colormap.color(hi > lo ? (v - lo) / (hi - lo) : 0)
        }
        raster.plot(x: x, y: y, color: color)
      }
    }
    if a.axisVisible {
      drawFrame(in: (ox, oy, w, h), xmap: nil, ymap: nil, on: &raster)
    }
  }
}

/// The data extents of a chart and its axis mappings, shared by both renderers.
struct ChartGeometry {
  let axes: Axes
  var xs: [Double] = [], ys: [Double] = [], stickyX: [Double] = [], stickyY: [Double] = []

  init(axes: Axes) {
    self.axes = axes
    for s in axes.series {
      switch s.data {
      case .line(let x, let y), .scatter(let x, let y, _):
        let n = min(x.count, y.count)
        xs += x.prefix(n)
        ys += y.prefix(n)
      case .bars(let x, let h, let w, let bottom):
        for (xi, hi) in zip(x, h) {
          xs += [xi - w / 2, xi + w / 2]
          ys += [bottom, bottom + hi]
        }
        stickyY.append(bottom)
      case .filledContour(let x, let y, _):
        for v in [x.min(), x.max()].compactMap({ $0 }) {
          xs.append(v)
          stickyX.append(v)
        }
        for v in [y.min(), y.max()].compactMap({ $0 }) {
          ys.append(v)
          stickyY.append(v)
        }
      case .image, .matrix: break
      }
    }
  }

  func xMapping(maxTicks: Int) -> AxisMapping {
    AxisScaleBuilder.mapping(
      values: xs, sticky: stickyX, scale: axes.xScale, limits: axes.xLimits, ticks: axes.xTicks, maxTicks: maxTicks)
  }

  func yMapping(maxTicks: Int) -> AxisMapping {
    AxisScaleBuilder.mapping(
      values: ys, sticky: stickyY, scale: axes.yScale, limits: axes.yLimits, ticks: axes.yTicks, maxTicks: maxTicks)
  }
}

extension Axes {
  /// The view limits both renderers use: the fixed ones, or the data with matplotlib's margins
  /// (what `plt.xlim()` returns).
  public var viewLimits: (x: (Double, Double), y: (Double, Double)) {
    let g = ChartGeometry(axes: self)
    let x = g.xMapping(maxTicks: 6), y = g.yMapping(maxTicks: 6)
    return ((x.lower, x.upper), (y.lower, y.upper))
  }
}
