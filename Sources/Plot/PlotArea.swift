/// The inside of a chart's frame as character cells, before it is framed: braille dots for
/// lines (2×4 dots per cell), marker glyphs for points, block characters for bars and a
/// coloured or shaded background for filled contours. Each layer keeps which series drew it,
/// so the cell takes that series' colour. Writes outside the area are dropped.
struct PlotArea {
  let width: Int
  let height: Int
  private var dots: [UInt8]
  private var dotOwner: [Int]
  private var glyph: [Character?]
  private var glyphColor: [RGB?]
  private var fill: [Character?]
  private var fillColor: [RGB?]
  private var background: [RGB?]
  private var backgroundGlyph: [Character?]

  init(width: Int, height: Int) {
    self.width = max(1, width)
    self.height = max(1, height)
    let n = self.width * self.height
    dots = Array(repeating: 0, count: n)
    dotOwner = Array(repeating: -1, count: n)
    glyph = Array(repeating: nil, count: n)
    glyphColor = Array(repeating: nil, count: n)
    fill = Array(repeating: nil, count: n)
    fillColor = Array(repeating: nil, count: n)
    background = Array(repeating: nil, count: n)
    backgroundGlyph = Array(repeating: nil, count: n)
  }

  /// Dots across and down.
  var dotWidth: Int { width * 2 }
  var dotHeight: Int { height * 4 }

  private func index(_ row: Int, _ column: Int) -> Int? {
    guard row >= 0, row < height, column >= 0, column < width else { return nil }
    return row * width + column
  }

  /// Whether anything but the background occupies the cell (for placing the legend).
  func isOccupied(row: Int, column: Int) -> Bool {
    guard let i = index(row, column) else { return false }
    return dots[i] != 0 || glyph[i] != nil || fill[i] != nil
  }

  /// Sets one braille dot; `x` counts dots from the left, `y` from the top.
  mutating func setDot(x: Int, y: Int, owner: Int) {
    guard x >= 0, y >= 0, let i = index(y / 4, x / 2) else { return }
    // Braille numbering: dots 1-3 and 7 in the left column, 4-6 and 8 in the right.
    let bits: [[UInt8]] = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]]
    dots[i] |= bits[y % 4][x % 2]
    dotOwner[i] = owner
  }

  /// A marker glyph in a cell (drawn over everything else).
  mutating func setGlyph(_ ch: Character, row: Int, column: Int, color: RGB?) {
    guard let i = index(row, column) else { return }
    glyph[i] = ch
    glyphColor[i] = color
  }

  /// A bar's block character (drawn over lines' background, under markers).
  mutating func setFill(_ ch: Character, row: Int, column: Int, color: RGB?) {
    guard let i = index(row, column) else { return }
    fill[i] = ch
    fillColor[i] = color
  }

  /// A contour's colour (colour terminals) or shade character (plain text).
  mutating func setBackground(_ color: RGB?, glyph ch: Character?, row: Int, column: Int) {
    guard let i = index(row, column) else { return }
    background[i] = color
    backgroundGlyph[i] = ch
  }

  /// Grid dots where nothing else is drawn.
  mutating func setGridMark(row: Int, column: Int) {
    guard let i = index(row, column), backgroundGlyph[i] == nil, background[i] == nil else { return }
    backgroundGlyph[i] = "·"
  }

  /// Draws a straight segment between two dot positions (clipped to the area first, so
  /// far-away points cost nothing). `pattern` lists on/off run lengths for dashes.
  mutating func drawSegment(
    _ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, owner: Int, pattern: [Int], phase: inout Int
  ) {
    guard
      let (a, b) = PlotArea.clip(
        x0, y0, x1, y1, maxX: Double(dotWidth) - 0.5, maxY: Double(dotHeight) - 0.5)
    else { return }
    let dx = b.0 - a.0, dy = b.1 - a.1
    let steps = Int(max(abs(dx), abs(dy)).rounded(.up))
    let period = pattern.reduce(0, +)
    for s in 0...max(0, steps) {
      let t = steps == 0 ? 0 : Double(s) / Double(steps)
      phase += 1
      if period > 0, (phase % period) >= pattern[0] { continue }
      setDot(x: Int((a.0 + dx * t).rounded()), y: Int((a.1 + dy * t).rounded()), owner: owner)
    }
  }

  /// Liang–Barsky: the part of a segment inside [-0.5, maxX] × [-0.5, maxY], or nil.
  static func clip(
    _ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, maxX: Double, maxY: Double
  ) -> ((Double, Double), (Double, Double))? {
    guard x0.isFinite, y0.isFinite, x1.isFinite, y1.isFinite else { return nil }
    let dx = x1 - x0, dy = y1 - y0
    var t0 = 0.0, t1 = 1.0
    for (p, q) in [(-dx, x0 + 0.5), (dx, maxX - x0), (-dy, y0 + 0.5), (dy, maxY - y0)] {
      if p == 0 {
        if q < 0 { return nil }
      } else {
        let r = q / p
        if p < 0 {
          if r > t1 { return nil }
          t0 = max(t0, r)
        } else {
          if r < t0 { return nil }
          t1 = min(t1, r)
        }
      }
    }
    return ((x0 + t0 * dx, y0 + t0 * dy), (x0 + t1 * dx, y0 + t1 * dy))
  }

  /// The cells, top row first; `colorOf` gives a series' colour, `lineGlyph` the character a
  /// line series draws with instead of braille (plain text, second and later lines).
  func cells(colorOf: (Int) -> RGB, lineGlyph: (Int) -> Character?, mode: ColorMode) -> [[TextCell]] {
    var rows: [[TextCell]] = []
    for r in 0..<height {
      var row: [TextCell] = []
      for c in 0..<width {
        let i = r * width + c
        var cell = TextCell()
        if mode != .none { cell.background = background[i] }
        if let g = glyph[i] {
          cell.text = g
          cell.foreground = glyphColor[i]
        } else if let f = fill[i] {
          cell.text = f
          cell.foreground = fillColor[i]
        } else if dots[i] != 0 {
          let owner = dotOwner[i]
          if mode == .none, let g = lineGlyph(owner) {
            cell.text = g
          } else {
            cell.text = Character(Unicode.Scalar(0x2800 + UInt32(dots[i])) ?? " ")
            cell.foreground = owner >= 0 ? colorOf(owner) : nil
          }
        } else if let g = backgroundGlyph[i], mode == .none || background[i] == nil {
          cell.text = g
          cell.foreground = g == "·" ? RGB.grey : nil
        }
        row.append(cell)
      }
      rows.append(row)
    }
    return rows
  }
}
