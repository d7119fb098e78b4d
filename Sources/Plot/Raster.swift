/// An RGBA pixel buffer with the few drawing primitives the PNG renderer needs. Every write is
/// bounds-checked, so shapes may extend past the edges (they are clipped).
public struct Raster: Sendable, Equatable {
  public let width: Int
  public let height: Int
  /// Row-major RGBA, 4 bytes per pixel, row 0 at the top.
  public private(set) var pixels: [UInt8]

  /// A raster filled with `color` (default white). Sizes are clamped to 1...8192.
  public init(width: Int, height: Int, fill color: RGB = .white) {
    self.width = min(max(width, 1), 8192)
    self.height = min(max(height, 1), 8192)
    pixels = [UInt8](repeating: 255, count: self.width * self.height * 4)
    if color != .white { fillRect(x0: 0, y0: 0, x1: Double(self.width), y1: Double(self.height), color: color) }
  }

  mutating func setPixels(_ new: [UInt8]) { pixels = new }

  /// The colour at a pixel (white outside the raster).
  public func color(x: Int, y: Int) -> RGB {
    guard x >= 0, y >= 0, x < width, y < height else { return .white }
    let i = (y * width + x) * 4
    return RGB(pixels[i], pixels[i + 1], pixels[i + 2])
  }

  /// Paints one pixel, blending with `alpha` (0...1) over what is there.
  public mutating func plot(x: Int, y: Int, color c: RGB, alpha: Double = 1) {
    guard x >= 0, y >= 0, x < width, y < height else { return }
    let i = (y * width + x) * 4
    if alpha >= 1 {
      pixels[i] = c.r
      pixels[i + 1] = c.g
      pixels[i + 2] = c.b
    } else {
      let old = RGB(pixels[i], pixels[i + 1], pixels[i + 2]).mixed(with: c, alpha)
      pixels[i] = old.r
      pixels[i + 1] = old.g
      pixels[i + 2] = old.b
    }
    pixels[i + 3] = 255
  }

  /// Fills the pixels whose centres lie in [x0, x1) × [y0, y1) (corners in any order).
  public mutating func fillRect(x0: Double, y0: Double, x1: Double, y1: Double, color: RGB, alpha: Double = 1) {
    guard x0.isFinite, x1.isFinite, y0.isFinite, y1.isFinite else { return }
    let xa = clampedInt(min(x0, x1) + 0.5, 0, width), xb = clampedInt(max(x0, x1) + 0.5, 0, width)
    let ya = clampedInt(min(y0, y1) + 0.5, 0, height), yb = clampedInt(max(y0, y1) + 0.5, 0, height)
    guard xa < xb, ya < yb else { return }
    for y in ya..<yb {
      for x in xa..<xb { plot(x: x, y: y, color: color, alpha: alpha) }
    }
  }

  /// A filled disc of `radius` pixels centred at (cx, cy).
  public mutating func fillCircle(cx: Double, cy: Double, radius: Double, color: RGB, alpha: Double = 1) {
    guard cx.isFinite, cy.isFinite, radius.isFinite, radius > 0, radius < 1000 else { return }
    // Wholly outside: nothing to paint (and no huge coordinates to convert).
    guard cx > -radius - 1, cy > -radius - 1, cx < Double(width) + radius + 1, cy < Double(height) + radius + 1
    else { return }
    let r2 = radius * radius
    for y in Int((cy - radius).rounded(.down))...Int((cy + radius).rounded(.up)) {
      for x in Int((cx - radius).rounded(.down))...Int((cx + radius).rounded(.up)) {
        let dx = Double(x) + 0.5 - cx, dy = Double(y) + 0.5 - cy
        if dx * dx + dy * dy <= r2 { plot(x: x, y: y, color: color, alpha: alpha) }
      }
    }
  }

  /// A straight line `thickness` pixels wide, clipped to the raster first; `dash` lists on/off
  /// lengths in pixels (empty: solid).
  public mutating func drawLine(
    x0: Double, y0: Double, x1: Double, y1: Double, color: RGB, thickness: Double = 1, dash: [Double] = [],
    alpha: Double = 1
  ) {
    let pad = thickness + 1
    guard
      let (a, b) = PlotArea.clip(
        x0 + pad, y0 + pad, x1 + pad, y1 + pad, maxX: Double(width) + 2 * pad, maxY: Double(height) + 2 * pad)
    else { return }
    let (ax, ay, bx, by) = (a.0 - pad, a.1 - pad, b.0 - pad, b.1 - pad)
    let length = ((bx - ax) * (bx - ax) + (by - ay) * (by - ay)).squareRoot()
    let steps = max(1, Int((length * 2).rounded(.up)))
    let period = dash.reduce(0, +)
    for s in 0...steps {
      let t = Double(s) / Double(steps)
      if period > 0, (t * length).truncatingRemainder(dividingBy: period) >= dash[0] { continue }
      let x = ax + (bx - ax) * t, y = ay + (by - ay) * t
      if thickness <= 1.2 {
        plot(x: Int(x.rounded(.down)), y: Int(y.rounded(.down)), color: color, alpha: alpha)
      } else {
        fillCircle(cx: x, cy: y, radius: thickness / 2, color: color, alpha: alpha)
      }
    }
  }
}
