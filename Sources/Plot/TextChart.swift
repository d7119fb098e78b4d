import Foundation

/// Draws one chart subplot (lines, scatters, bars, filled contours) as text: title, y label
/// above the axis, y tick labels on the left, the plot area, the x axis with tick marks and
/// labels, the x label, a colour-bar line and a legend box in the emptiest corner (matplotlib's
/// `loc='best'`, checking its corners in matplotlib's order: upper right, upper left, lower
/// left, lower right).
struct TextChart {
  let axes: Axes
  let mode: ColorMode

  /// The glyph for a matplotlib marker code.
  static func glyph(forMarker code: String?) -> Character? {
    guard let code, !code.isEmpty else { return nil }
    let map: [String: Character] = [
      "o": "•", ".": "·", ",": "·", "x": "×", "X": "×", "+": "+", "P": "+", "^": "▲", "v": "▼", "<": "◀",
      ">": "▶", "s": "■", "D": "◆", "d": "◆", "*": "*", "h": "⬢", "H": "⬢", "p": "⬟", "|": "|", "_": "_",
      "1": "Y", "2": "Y", "3": "Y", "4": "Y", "8": "●",
    ]
    if code == "None" || code == "none" || code == " " { return nil }
    return map[code] ?? code.first
  }

  private func dashPattern(_ s: LineStyle) -> [Int] {
    switch s {
    case .solid, .none: return []
    case .dashed: return [4, 3]
    case .dotted: return [1, 2]
    case .dashDot: return [4, 2, 1, 2]
    }
  }

  /// The plain-text glyph for line series `i`: braille for the first line, the series' marker
  /// for the others so that each stays recognisable without colour.
  private func plainLineGlyph(_ i: Int) -> Character? {
    guard i >= 0, i < axes.series.count else { return nil }
    let k = axes.cycleIndex(of: i)
    if k == 0 { return nil }
    return TextChart.glyph(forMarker: axes.series[i].marker) ?? seriesMarkers[k % seriesMarkers.count]
  }

  /// Distinct values of a scatter's `c=` when few enough to be classes (at most 10).
  private static func classes(_ values: [Double]?) -> [Double]? {
    guard let values else { return nil }
    let distinct = Array(Set(values.filter(\.isFinite))).sorted()
    return distinct.count <= seriesMarkers.count ? distinct : nil
  }

  func render(width: Int, height: Int) -> TextGrid {
    var grid = TextGrid(width: width, height: height)
    let ext = ChartGeometry(axes: axes)
    let showX = axes.axisVisible && axes.xTicks?.positions.isEmpty != true
    let showY = axes.axisVisible && axes.yTicks?.positions.isEmpty != true
    var top = 0
    if let t = axes.title {
      grid.putCentered(t, row: 0, column: 0, span: width)
      top += 1
    }
    let yLabelRow = axes.yLabel != nil && axes.axisVisible ? top : nil
    if yLabelRow != nil { top += 1 }
    let legend = legendEntries()
    let bottomRows =
      (axes.axisVisible ? 1 : 0) + (showX ? 1 : 0) + (axes.xLabel != nil && axes.axisVisible ? 1 : 0)
      + (axes.hasColorbar ? 1 : 0)
    let plotHeight = max(2, height - top - bottomRows)
    let ymap = AxisScaleBuilder.mapping(
      values: ext.ys, sticky: ext.stickyY, scale: axes.yScale, limits: axes.yLimits, ticks: axes.yTicks,
      maxTicks: max(2, min(6, plotHeight / 3 + 1)))
    let labelWidth = showY ? (ymap.tickLabels.map(\.count).max() ?? 0) : 0
    let left = axes.axisVisible ? labelWidth + (showY ? 2 : 1) : 0
    let plotWidth = max(2, width - left - 1)
    let xmap = AxisScaleBuilder.mapping(
      values: ext.xs, sticky: ext.stickyX, scale: axes.xScale, limits: axes.xLimits, ticks: axes.xTicks,
      maxTicks: max(2, min(8, plotWidth / 9)))

    var area = PlotArea(width: plotWidth, height: plotHeight)
    draw(into: &area, xmap: xmap, ymap: ymap)
    if axes.showsGrid {
      for t in ymap.ticks {
        let r = row(ymap.position(t), plotHeight)
        for c in stride(from: 0, to: plotWidth, by: 2) { area.setGridMark(row: r, column: c) }
      }
      for t in xmap.ticks {
        let c = column(xmap.position(t), plotWidth)
        for r in 0..<plotHeight { area.setGridMark(row: r, column: c) }
      }
    }
    let cells = area.cells(
      colorOf: { axes.color(ofSeries: $0) }, lineGlyph: plainLineGlyph, mode: mode)
    for (r, rowCells) in cells.enumerated() {
      for (c, cell) in rowCells.enumerated() { grid[top + r, left + c] = cell }
    }
    if !legend.isEmpty { placeLegend(legend, area: area, into: &grid, top: top, left: left) }

    var row0 = top + plotHeight
    if let yLabelRow, let label = axes.yLabel { grid.put(label, row: yLabelRow, column: 0) }
    if axes.axisVisible {
      // The frame: the y axis with tick marks, the x axis with tick marks.
      for r in 0..<plotHeight { grid.put("│", row: top + r, column: left - 1) }
      if showY {
        for (t, label) in zip(ymap.ticks, ymap.tickLabels) {
          let r = top + row(ymap.position(t), plotHeight)
          grid.put("┤", row: r, column: left - 1)
          grid.put(label, row: r, column: left - 2 - label.count)
        }
      }
      grid.put("└" + String(repeating: "─", count: plotWidth), row: row0, column: left - 1)
      if showX {
        var nextFree = 0
        for (t, label) in zip(xmap.ticks, xmap.tickLabels) {
          let c = left + column(xmap.position(t), plotWidth)
          grid.put("┬", row: row0, column: c)
          let start = max(0, min(c - label.count / 2, width - label.count))
          if start >= nextFree {
            grid.put(label, row: row0 + 1, column: start)
            nextFree = start + label.count + 1
          }
        }
        row0 += 1
      }
      row0 += 1
      if let label = axes.xLabel {
        grid.putCentered(label, row: row0, column: left, span: plotWidth)
        row0 += 1
      }
    }
    if axes.hasColorbar { putColorbar(into: &grid, row: row0, left: left, width: plotWidth) }
    return grid
  }

  private func row(_ p: Double, _ h: Int) -> Int {
    guard p.isFinite else { return -1 }
    return clampedInt((1 - p) * Double(h), 0, h - 1)
  }

  private func column(_ p: Double, _ w: Int) -> Int {
    guard p.isFinite else { return -1 }
    return clampedInt(p * Double(w), 0, w - 1)
  }

  /// Renders the series in order (later ones on top, as matplotlib's default z-order for
  /// same-kind artists).
  private func draw(into area: inout PlotArea, xmap: AxisMapping, ymap: AxisMapping) {
    let w = Double(area.width), h = Double(area.height)
    func cellOf(_ x: Double, _ y: Double) -> (Int, Int)? {
      let px = xmap.position(x), py = ymap.position(y)
      guard px.isFinite, py.isFinite, px >= 0, px <= 1, py >= 0, py <= 1 else { return nil }
      return (min(area.height - 1, Int((1 - py) * h)), min(area.width - 1, Int(px * w)))
    }
    for (i, s) in axes.series.enumerated() {
      let color = axes.color(ofSeries: i)
      switch s.data {
      case .filledContour(let x, let y, let z):
        let (lo, hi) = z.finiteRange
        let bands: [Character] = [" ", "·", "░", "▒"]
        for r in 0..<area.height {
          for c in 0..<area.width {
            // Cell centre in data units, then the nearest grid node.
            let dx = inverse(xmap, (Double(c) + 0.5) / w), dy = inverse(ymap, 1 - (Double(r) + 0.5) / h)
            guard let gc = nearest(x, dx), let gr = nearest(y, dy), gr < z.rows, gc < z.columns else { continue }
            let v = z[gr, gc, 0]
            guard v.isFinite else { continue }
            let t = hi > lo ? (v - lo) / (hi - lo) : 0.5
            // Lightened so that markers drawn on top stay readable.
            let bg = s.colormap.color(t).mixed(with: .white, 0.35)
            let band = bands[min(bands.count - 1, Int(t * Double(bands.count)))]
            area.setBackground(bg, glyph: band == " " ? nil : band, row: r, column: c)
          }
        }
      case .bars(let x, let heights, let width, let bottom):
        let fills: [Character] = ["█", "▓", "▒", "░"]
        let k = axes.cycleIndex(of: i)
        let fillChar = mode == .none ? fills[k % fills.count] : "█"
        for (xi, hv) in zip(x, heights) {
          let a = xmap.position(xi - width / 2), b = xmap.position(xi + width / 2)
          let p0 = ymap.position(bottom), p1 = ymap.position(bottom + hv)
          guard a.isFinite, b.isFinite, p1.isFinite else { continue }
          let c0 = clampedInt(min(a, b) * w + 0.5, 0, area.width)
          let c1 = min(area.width - 1, max(c0, clampedInt(max(a, b) * w + 0.5, 0, area.width) - 1))
          let base = p0.isFinite ? min(max(p0, 0), 1) : 0
          let lo = min(base, min(max(p1, 0), 1)) * h, hiv = max(base, min(max(p1, 0), 1)) * h
          guard c0 <= c1 else { continue }
          let eighths: [Character] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
          for c in c0...c1 {
            var level = lo
            while level < hiv - 1e-9 {
              let cellIndex = Int(level.rounded(.down))
              let fillTop = min(hiv, Double(cellIndex + 1))
              let part = fillTop - Double(cellIndex)
              let ch: Character =
                part >= 0.999 || mode == .none || p1 < p0 ? fillChar : eighths[max(1, Int((part * 8).rounded()))]
              if part > 0.06 { area.setFill(ch, row: area.height - 1 - cellIndex, column: c, color: color) }
              level = Double(cellIndex + 1)
            }
          }
        }
      case .line(let x, let y):
        let n = min(x.count, y.count)
        let pattern = dashPattern(s.lineStyle)
        var phase = 0
        if s.lineStyle != .none {
          var previous: (Double, Double)?
          for j in 0..<n {
            let px = xmap.position(x[j]), py = ymap.position(y[j])
            guard px.isFinite, py.isFinite else {
              previous = nil
              continue
            }
            let p = (px * Double(area.dotWidth - 1), (1 - py) * Double(area.dotHeight - 1))
            if let q = previous {
              area.drawSegment(q.0, q.1, p.0, p.1, owner: i, pattern: pattern, phase: &phase)
            } else if n == 1 {
              area.drawSegment(p.0, p.1, p.0, p.1, owner: i, pattern: [], phase: &phase)
            }
            previous = p
          }
        }
        if let g = TextChart.glyph(forMarker: s.marker) {
          for j in 0..<n {
            if let (r, c) = cellOf(x[j], y[j]) { area.setGlyph(g, row: r, column: c, color: color) }
          }
        }
      case .scatter(let x, let y, let values):
        let n = min(x.count, y.count)
        let k = axes.cycleIndex(of: i)
        let own = TextChart.glyph(forMarker: s.marker)
        let classList = TextChart.classes(values)
        let finite = (values ?? []).filter(\.isFinite)
        let vlo = finite.min() ?? 0, vhi = finite.max() ?? 1
        for j in 0..<n {
          guard let (r, c) = cellOf(x[j], y[j]) else { continue }
          var g = own ?? seriesMarkers[k % seriesMarkers.count]
          var col = color
          if let values, j < values.count {
            let v = values[j]
            col = s.colormap.color(vhi > vlo ? (v - vlo) / (vhi - vlo) : 0.5)
            if let classList, let ci = classList.firstIndex(of: v) {
              g = seriesMarkers[(ci + (own == nil ? 0 : 1)) % seriesMarkers.count]
              if ci == 0, let own { g = own }
            }
          }
          area.setGlyph(g, row: r, column: c, color: col)
        }
      case .image, .matrix: break
      }
    }
  }

  /// The data value at position `p` in 0...1 of an axis.
  private func inverse(_ m: AxisMapping, _ p: Double) -> Double {
    switch m.scale {
    case .linear: return m.lower + p * (m.upper - m.lower)
    case .log:
      let a = m.lower > 0 ? log10(m.lower) : 0, b = m.upper > 0 ? log10(m.upper) : 1
      return pow(10, a + p * (b - a))
    }
  }

  /// The index of the grid coordinate nearest `v`, or nil if `v` lies outside the grid.
  private func nearest(_ coords: [Double], _ v: Double) -> Int? {
    guard let lo = coords.min(), let hi = coords.max(), v >= lo - 1e-12, v <= hi + 1e-12 else { return nil }
    var best = 0, bestDistance = Double.infinity
    for (j, c) in coords.enumerated() where abs(c - v) < bestDistance {
      bestDistance = abs(c - v)
      best = j
    }
    return best
  }

  struct LegendEntry {
    var key: String
    var color: RGB
    var label: String
  }

  private func legendEntries() -> [LegendEntry] {
    guard axes.showsLegend else { return [] }
    var out: [LegendEntry] = []
    for (i, s) in axes.series.enumerated() where s.isLabelled {
      let color = axes.color(ofSeries: i)
      let k = axes.cycleIndex(of: i)
      let own = TextChart.glyph(forMarker: s.marker)
      let key: String
      switch s.data {
      case .line:
        if mode == .none {
          key = plainLineGlyph(i).map { "─\($0)─" } ?? (own.map { "⠒\($0)⠒" } ?? "⠒⠒⠒")
        } else {
          key = own.map { "─\($0)─" } ?? "───"
        }
      case .scatter: key = " \(own ?? seriesMarkers[k % seriesMarkers.count]) "
      case .bars: key = mode == .none ? String(repeating: ["█", "▓", "▒", "░"][k % 4], count: 2) + " " : "██ "
      default: key = " ▒ "
      }
      out.append(LegendEntry(key: key, color: color, label: s.label ?? ""))
    }
    return out
  }

  private func placeLegend(_ entries: [LegendEntry], area: PlotArea, into grid: inout TextGrid, top: Int, left: Int) {
    let inner = (entries.map { $0.key.count + 1 + $0.label.count }.max() ?? 0)
    let boxWidth = min(area.width, inner + 4), boxHeight = min(area.height, entries.count + 2)
    guard boxWidth >= 5, boxHeight >= 3 else { return }
    let corners = [
      (0, area.width - boxWidth), (0, 0), (area.height - boxHeight, 0),
      (area.height - boxHeight, area.width - boxWidth),
    ]
    var best = corners[0], bestCount = Int.max
    for (r0, c0) in corners {
      var count = 0
      for r in r0..<(r0 + boxHeight) {
        for c in c0..<(c0 + boxWidth) where area.isOccupied(row: r, column: c) { count += 1 }
      }
      if count < bestCount {
        best = (r0, c0)
        bestCount = count
      }
    }
    let (r0, c0) = (top + best.0, left + best.1)
    let frame: RGB? = mode == .none ? nil : .grey
    for r in r0..<(r0 + boxHeight) {
      for c in c0..<(c0 + boxWidth) { grid[r, c] = TextCell() }
    }
    grid.put("┌" + String(repeating: "─", count: boxWidth - 2) + "┐", row: r0, column: c0, color: frame)
    grid.put("└" + String(repeating: "─", count: boxWidth - 2) + "┘", row: r0 + boxHeight - 1, column: c0, color: frame)
    for (j, e) in entries.prefix(boxHeight - 2).enumerated() {
      let r = r0 + 1 + j
      grid.put("│", row: r, column: c0, color: frame)
      grid.put("│", row: r, column: c0 + boxWidth - 1, color: frame)
      grid.put(e.key, row: r, column: c0 + 1, color: mode == .none ? nil : e.color)
      grid.put(String(e.label.prefix(boxWidth - 3 - e.key.count)), row: r, column: c0 + 2 + e.key.count)
    }
  }

  /// `colorbar()`: the colour map's span as a strip between the low and high values.
  private func putColorbar(into grid: inout TextGrid, row: Int, left: Int, width: Int) {
    guard let s = axes.series.last(where: {
      switch $0.data {
      case .scatter(_, _, let v): return v != nil
      case .filledContour, .image: return true
      default: return false
      }
    }) else { return }
    var lo = 0.0, hi = 1.0
    switch s.data {
    case .scatter(_, _, let v?):
      let f = v.filter(\.isFinite)
      lo = f.min() ?? 0
      hi = f.max() ?? 1
    case .filledContour(_, _, let z): (lo, hi) = z.finiteRange
    case .image(let g, let r): (lo, hi) = r ?? g.finiteRange
    default: break
    }
    let a = AxisScaleBuilder.format([lo], scale: .linear)[0], b = AxisScaleBuilder.format([hi], scale: .linear)[0]
    let strip = max(4, min(20, width - a.count - b.count - 2))
    grid.put(a, row: row, column: left)
    let ramp = Array(" .:-=+*#%@")
    for j in 0..<strip {
      let t = Double(j) / Double(max(1, strip - 1))
      let c = left + a.count + 1 + j
      if mode == .none {
        grid.put(String(ramp[min(ramp.count - 1, Int(t * Double(ramp.count - 1)))]), row: row, column: c)
      } else {
        grid.put("█", row: row, column: c, color: s.colormap.color(t))
      }
    }
    grid.put(b, row: row, column: left + a.count + 2 + strip)
  }
}
