/// Draws a ``Figure`` as text for a notebook cell's output: charts with braille lines and
/// marker glyphs, images as half blocks or ASCII shades, confusion matrices as labelled grids.
///
/// Size: about 11 columns and 5 rows per inch of `figsize` (so matplotlib's default 6.4 × 4.8
/// becomes 70 × 24), at most `maxColumns` wide and 200 rows tall; every subplot gets at least
/// 8 rows, and images may grow the figure to show their pixels.
public struct TextRenderer: Sendable {
  /// Escape codes to use (default none: plain text with distinct markers).
  public var mode: ColorMode
  /// The widest a drawing may be (default 80, a terminal's usual width).
  public var maxColumns: Int

  public init(mode: ColorMode = .none, maxColumns: Int = 80) {
    self.mode = mode
    self.maxColumns = min(max(maxColumns, 20), 1000)
  }

  /// The drawing, lines joined by newlines, without a final newline; empty for an empty figure.
  public func render(_ figure: Figure) -> String {
    let width = min(maxColumns, max(20, Int((figure.width * 11).rounded())))
    var height = min(200, max(8, Int((figure.height * 5).rounded())))
    let gridRows = figure.axes.map(\.gridRows).max() ?? 1
    height = max(height, min(200, gridRows * 8))
    // Images and matrices may need more rows than the figure size gives them.
    for a in figure.axes {
      let panelWidth = panelRect(a, width: width, height: height).width
      if let want = preferredHeight(a, width: panelWidth) {
        height = max(height, min(200, want * a.gridRows))
      }
    }
    let top = figure.title == nil ? 0 : 1
    var canvas = TextGrid(width: width, height: height + top)
    if let t = figure.title { canvas.putCentered(t, row: 0, column: 0, span: width) }
    for a in figure.axes {
      let rect = panelRect(a, width: width, height: height)
      let panel = renderPanel(a, width: rect.width, height: rect.height)
      canvas.blit(panel, row: top + rect.y, column: rect.x)
    }
    return canvas.render(mode)
  }

  private func panelRect(_ a: Axes, width: Int, height: Int) -> (x: Int, y: Int, width: Int, height: Int) {
    let (r, c) = a.cell
    let x0 = c * width / a.gridColumns, x1 = (c + 1) * width / a.gridColumns
    let y0 = r * height / a.gridRows, y1 = (r + 1) * height / a.gridRows
    // A gap between subplots side by side and one above the next, as matplotlib's wspace/hspace.
    let gapX = c < a.gridColumns - 1 ? 2 : 0, gapY = r < a.gridRows - 1 ? 1 : 0
    return (x0, y0, max(1, x1 - x0 - gapX), max(1, y1 - y0 - gapY))
  }

  /// The rows an image or matrix subplot wants; nil for charts (they fill what they get).
  private func preferredHeight(_ a: Axes, width: Int) -> Int? {
    let title = a.title == nil ? 0 : 1
    for s in a.series {
      switch s.data {
      case .image(let g, let range):
        let img = TextImage(grid: g, range: range, colormap: s.colormap, mode: mode)
        return img.naturalHeight(width: width) + title + 1
      case .matrix(let g, let ann, let rl, let cl):
        return TextMatrix(
          values: g, annotations: ann, rowLabels: rl, columnLabels: cl, axes: a, colormap: s.colormap, mode: mode
        ).height + 1
      default: continue
      }
    }
    return nil
  }

  private func renderPanel(_ a: Axes, width: Int, height: Int) -> TextGrid {
    for s in a.series {
      switch s.data {
      case .image(let g, let range):
        var panel = TextGrid(width: width, height: height)
        var row = 0
        if let t = a.title {
          panel.putCentered(t, row: 0, column: 0, span: width)
          row = 1
        }
        let img = TextImage(grid: g, range: range, colormap: s.colormap, mode: mode)
        panel.blit(img.render(width: width, height: max(1, height - row)), row: row, column: 0)
        return panel
      case .matrix(let g, let ann, let rl, let cl):
        let m = TextMatrix(
          values: g, annotations: ann, rowLabels: rl, columnLabels: cl, axes: a, colormap: s.colormap, mode: mode)
        var panel = TextGrid(width: width, height: height)
        panel.blit(m.render(width: width), row: 0, column: 0)
        return panel
      default: continue
      }
    }
    return TextChart(axes: a, mode: mode).render(width: width, height: height)
  }
}
