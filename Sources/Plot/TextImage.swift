/// Images and annotated matrices as text.
///
/// Images: on a colour terminal each character is two pixels stacked, drawn as `▀` with the
/// upper pixel as foreground and the lower as background colour; without colour each pixel is
/// two characters of an ASCII shade ramp (` .:-=+*#%@`), two because a character cell is about
/// twice as tall as wide. Denser characters mean higher values (or brighter colours), so a
/// white-on-black MNIST digit (`cmap='gray'`) and a black-on-white one (`'binary'`) both read
/// as strokes. Images larger than the space are averaged down; small ones are enlarged by whole
/// pixels (to about 32 columns) so that an 8×8 digit is still legible.
struct TextImage {
  let grid: ValueGrid
  let range: (Double, Double)?
  let colormap: Colormap
  let mode: ColorMode

  static let ramp: [Character] = Array(" .:-=+*#%@")

  /// Characters per pixel across and down for `mode` (down < 1: half blocks).
  private func factors(width: Int) -> (Double, Double) {
    if mode != .none { return (1, 0.5) }
    return 2 * grid.columns <= width ? (2, 1) : (1, 1)
  }

  /// The pixel scale that fits `width` × `height` characters.
  private func scale(width: Int, height: Int) -> Double {
    guard !grid.isEmpty else { return 1 }
    let (fx, fy) = factors(width: width)
    var s = min(Double(width) / (fx * Double(grid.columns)), Double(height) / (fy * Double(grid.rows)))
    s = min(s, max(1, (32 / (fx * Double(grid.columns))).rounded(.down)))
    return s >= 1 ? s.rounded(.down) : max(s, 1e-6)
  }

  /// Rows the image wants at its natural size (capped), for the figure layout.
  func naturalHeight(width: Int) -> Int {
    guard !grid.isEmpty else { return 1 }
    let (fx, fy) = factors(width: width)
    let s = min(scale(width: width, height: 40), Double(width) / (fx * Double(grid.columns)))
    return max(1, Int((Double(grid.rows) * s * fy).rounded(.up)))
  }

  /// Samples of the picture, `sampleRows` × `sampleColumns`, each the average colour of the
  /// pixels it covers, with the value it stands for in 0...1 for the ASCII ramp.
  private func samples(rows sampleRows: Int, columns sampleColumns: Int) -> [[(RGB, Double)]] {
    let (lo, hi) = range ?? grid.finiteRange
    let isColor = grid.channels >= 3
    // Colour images come as 0...1 floats or 0...255 integers, as matplotlib accepts.
    let colorScale = isColor && grid.values.contains(where: { $0 > 1 }) ? 255.0 : 1.0
    var out: [[(RGB, Double)]] = []
    for sr in 0..<sampleRows {
      let r0 = sr * grid.rows / sampleRows, r1 = max(r0 + 1, (sr + 1) * grid.rows / sampleRows)
      var line: [(RGB, Double)] = []
      for sc in 0..<sampleColumns {
        let c0 = sc * grid.columns / sampleColumns, c1 = max(c0 + 1, (sc + 1) * grid.columns / sampleColumns)
        var acc = [0.0, 0.0, 0.0, 0.0], n = 0.0
        for r in r0..<min(r1, grid.rows) {
          for c in c0..<min(c1, grid.columns) {
            if isColor {
              for k in 0..<3 { acc[k] += min(max(grid[r, c, k] / colorScale, 0), 1) }
              n += 1
            } else {
              let v = grid[r, c, 0]
              guard v.isFinite else { continue }
              acc[3] += v
              n += 1
            }
          }
        }
        if n == 0 {
          line.append((.white, 0))
        } else if isColor {
          let rgb = RGB(UInt8(acc[0] / n * 255), UInt8(acc[1] / n * 255), UInt8(acc[2] / n * 255))
          line.append((rgb, rgb.luminance))
        } else {
          let v = acc[3] / n
          let t = hi > lo ? min(max((v - lo) / (hi - lo), 0), 1) : 0
          line.append((colormap.color(t), t))
        }
      }
      out.append(line)
    }
    return out
  }

  func render(width: Int, height: Int) -> TextGrid {
    guard !grid.isEmpty, width > 0, height > 0 else { return TextGrid(width: width, height: 0) }
    let s = scale(width: width, height: height)
    let (fx, fy) = factors(width: width)
    let pixelColumns = max(1, min(width, Int((Double(grid.columns) * s).rounded())))
    let pixelRows = max(1, Int((Double(grid.rows) * s).rounded()))
    let charColumns = min(width, Int(Double(pixelColumns) * fx))
    let charRows = min(height, Int((Double(pixelRows) * fy).rounded(.up)))
    var out = TextGrid(width: width, height: charRows)
    let left = max(0, (width - charColumns) / 2)
    if mode == .none {
      let px = samples(rows: charRows, columns: pixelColumns)
      for r in 0..<charRows {
        for c in 0..<pixelColumns {
          let ch = TextImage.ramp[min(TextImage.ramp.count - 1, Int(px[r][c].1 * Double(TextImage.ramp.count - 1) + 0.5))]
          for k in 0..<Int(fx) { out[r, left + c * Int(fx) + k] = TextCell(text: ch) }
        }
      }
    } else {
      let px = samples(rows: charRows * 2, columns: pixelColumns)
      for r in 0..<charRows {
        for c in 0..<pixelColumns {
          out[r, left + c] = TextCell(text: "▀", foreground: px[2 * r][c].0, background: px[2 * r + 1][c].0)
        }
      }
    }
    return out
  }
}

/// A confusion matrix as a labelled grid: the x label over the column labels, the y label's
/// words down the left, one right-aligned count per cell; on a colour terminal each cell is
/// shaded through the colour map with black or white text, whichever reads better (as
/// `ConfusionMatrixDisplay` does).
struct TextMatrix {
  let values: ValueGrid
  let annotations: [String]
  let rowLabels: [String]
  let columnLabels: [String]
  let axes: Axes
  let colormap: Colormap
  let mode: ColorMode

  var height: Int { (axes.title == nil ? 0 : 1) + (axes.xLabel == nil ? 0 : 1) + 1 + values.rows }

  func render(width: Int) -> TextGrid {
    var grid = TextGrid(width: width, height: height)
    var row = 0
    let n = values.rows, m = values.columns
    func annotation(_ r: Int, _ c: Int) -> String {
      let i = r * m + c
      return i < annotations.count ? annotations[i] : ""
    }
    let rowLabel = { (r: Int) in r < rowLabels.count ? rowLabels[r] : String(r) }
    let colLabel = { (c: Int) in c < columnLabels.count ? columnLabels[c] : String(c) }
    let yWords = TextMatrix.spread(axes.yLabel ?? "", over: n)
    let yWidth = yWords.map(\.count).max() ?? 0
    let labelWidth = (0..<n).map { rowLabel($0).count }.max() ?? 0
    var cellWidth = 0
    for c in 0..<m { cellWidth = max(cellWidth, colLabel(c).count) }
    for r in 0..<n { for c in 0..<m { cellWidth = max(cellWidth, annotation(r, c).count) } }
    cellWidth += 2
    let left = (yWidth > 0 ? yWidth + 2 : 0) + labelWidth + 3
    if let t = axes.title {
      grid.putCentered(t, row: row, column: 0, span: width)
      row += 1
    }
    if let x = axes.xLabel {
      // Centred over the cells, spilling to the left when wider than them.
      let span = cellWidth * m
      grid.put(x, row: row, column: max(0, left + (span - x.count) / 2))
      row += 1
    }
    for c in 0..<m {
      let label = String(colLabel(c).suffix(cellWidth - 1))
      grid.put(label, row: row, column: left + (c + 1) * cellWidth - label.count)
    }
    row += 1
    let (lo, hi) = values.finiteRange
    for r in 0..<n {
      if r < yWords.count { grid.put(yWords[r], row: row + r, column: 0) }
      let label = rowLabel(r)
      grid.put(label, row: row + r, column: left - 3 - label.count)
      grid.put("│", row: row + r, column: left - 1)
      for c in 0..<m {
        let text = annotation(r, c)
        let x0 = left + c * cellWidth
        if mode != .none {
          let v = values[r, c, 0]
          let bg = colormap.color(hi > lo && v.isFinite ? (v - lo) / (hi - lo) : 0)
          let fg: RGB = bg.luminance < 0.5 ? .white : .black
          for k in 0..<cellWidth { grid[row + r, x0 + k] = TextCell(text: " ", foreground: fg, background: bg) }
          for (k, ch) in text.enumerated() {
            grid[row + r, x0 + cellWidth - 1 - text.count + k] = TextCell(text: ch, foreground: fg, background: bg)
          }
        } else {
          grid.put(text, row: row + r, column: x0 + cellWidth - text.count)
        }
      }
    }
    return grid
  }

  /// The label's words over `rows` lines, centred vertically; extra words share the last line.
  static func spread(_ label: String, over rows: Int) -> [String] {
    let words = label.split(separator: " ").map(String.init)
    guard !words.isEmpty, rows > 0 else { return [] }
    var lines = Array(words.prefix(rows))
    if words.count > rows { lines[rows - 1] = words[(rows - 1)...].joined(separator: " ") }
    let pad = (rows - lines.count) / 2
    return Array(repeating: "", count: pad) + lines
  }
}
