/// How much colour the text renderer may use.
public enum ColorMode: Sendable, Equatable {
  /// No escape codes: distinct markers per series, ASCII shades for images (transcripts,
  /// pipes, `NO_COLOR`).
  case none
  /// xterm's 256-colour palette.
  case ansi256
  /// 24-bit colour escape codes.
  case trueColor

  /// The mode for a terminal: none unless `isTerminal`; none when `NO_COLOR` is set and
  /// non-empty; 24-bit when `COLORTERM` says `truecolor`/`24bit`; 256 colours otherwise.
  public static func detect(isTerminal: Bool, environment: [String: String]) -> ColorMode {
    guard isTerminal else { return .none }
    if let v = environment["NO_COLOR"], !v.isEmpty { return .none }
    if let v = environment["COLORTERM"]?.lowercased(), v == "truecolor" || v == "24bit" { return .trueColor }
    return .ansi256
  }
}

/// One character cell with optional colours.
struct TextCell: Equatable {
  var text: Character = " "
  var foreground: RGB?
  var background: RGB?
}

/// A rectangle of styled character cells that panels are drawn into and then stitched into a
/// figure. Writes outside the rectangle are dropped, so layout arithmetic can never index out of
/// range.
struct TextGrid {
  let width: Int
  let height: Int
  private(set) var cells: [TextCell]

  init(width: Int, height: Int) {
    self.width = max(0, width)
    self.height = max(0, height)
    cells = Array(repeating: TextCell(), count: self.width * self.height)
  }

  subscript(row: Int, column: Int) -> TextCell {
    get {
      guard row >= 0, row < height, column >= 0, column < width else { return TextCell() }
      return cells[row * width + column]
    }
    set {
      guard row >= 0, row < height, column >= 0, column < width else { return }
      cells[row * width + column] = newValue
    }
  }

  /// Writes `text` from `column`, one cell per character (clipped at the edges).
  mutating func put(_ text: String, row: Int, column: Int, color: RGB? = nil) {
    var c = column
    for ch in text {
      if c >= width { break }
      if c >= 0 {
        var cell = self[row, c]
        cell.text = ch
        cell.foreground = color
        self[row, c] = cell
      }
      c += 1
    }
  }

  /// Writes `text` centred on the span `[column, column + span)`.
  mutating func putCentered(_ text: String, row: Int, column: Int, span: Int, color: RGB? = nil) {
    let clipped = String(text.prefix(max(0, span)))
    put(clipped, row: row, column: column + max(0, (span - clipped.count) / 2), color: color)
  }

  /// Copies `other` with its top-left corner at (`row`, `column`).
  mutating func blit(_ other: TextGrid, row: Int, column: Int) {
    for r in 0..<other.height {
      for c in 0..<other.width { self[row + r, column + c] = other[r, c] }
    }
  }

  /// The text, trailing spaces trimmed per line, with escape codes for `mode`.
  func render(_ mode: ColorMode) -> String {
    var lines: [String] = []
    for r in 0..<height {
      var line = ""
      var lastFg: RGB?, lastBg: RGB?
      var styled = false
      // Trim unstyled trailing blanks so transcripts carry no invisible padding.
      var end = width
      while end > 0, cells[r * width + end - 1].text == " ", mode == .none || cells[r * width + end - 1].background == nil {
        end -= 1
      }
      for c in 0..<end {
        let cell = cells[r * width + c]
        if mode != .none {
          let fg = cell.text == " " ? nil : cell.foreground
          if fg != lastFg || cell.background != lastBg {
            line += TextGrid.escape(fg: fg, bg: cell.background, mode: mode)
            styled = fg != nil || cell.background != nil
            lastFg = fg
            lastBg = cell.background
          }
        }
        line.append(cell.text)
      }
      if styled { line += "\u{1b}[0m" }
      lines.append(line)
    }
    while let last = lines.last, last.isEmpty { lines.removeLast() }
    return lines.joined(separator: "\n")
  }

  static func escape(fg: RGB?, bg: RGB?, mode: ColorMode) -> String {
    var codes = ["0"]
    func code(_ c: RGB, _ base: Int) -> String {
      mode == .trueColor ? "\(base);2;\(c.r);\(c.g);\(c.b)" : "\(base);5;\(c.ansi256)"
    }
    if let fg { codes.append(code(fg, 38)) }
    if let bg { codes.append(code(bg, 48)) }
    return "\u{1b}[" + codes.joined(separator: ";") + "m"
  }
}
