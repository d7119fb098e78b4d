/// `v` rounded down into `lo...hi` (NaN gives `lo`): converting a huge or non-finite Double
/// with `Int(_:)` traps, and plot coordinates come from user data.
func clampedInt(_ v: Double, _ lo: Int, _ hi: Int) -> Int {
  guard !v.isNaN else { return lo }
  if v <= Double(lo) { return lo }
  if v >= Double(hi) { return hi }
  return Int(v.rounded(.down))
}

/// A 24-bit colour.
public struct RGB: Equatable, Hashable, Sendable {
  public var r: UInt8
  public var g: UInt8
  public var b: UInt8
  public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
    self.r = r
    self.g = g
    self.b = b
  }

  /// `#1f77b4` or `1f77b4`; nil when malformed.
  public init?(hex: String) {
    var s = Substring(hex)
    if s.hasPrefix("#") { s = s.dropFirst() }
    guard s.count == 6, let v = UInt32(s, radix: 16) else { return nil }
    self.init(UInt8(v >> 16 & 0xff), UInt8(v >> 8 & 0xff), UInt8(v & 0xff))
  }

  public static let white = RGB(255, 255, 255)
  public static let black = RGB(0, 0, 0)
  public static let grey = RGB(128, 128, 128)
  public static let lightGrey = RGB(200, 200, 200)

  /// Perceived brightness in 0...1 (Rec. 601 weights), used to pick readable text on a
  /// coloured cell and to turn colours into ASCII shades.
  public var luminance: Double {
    (0.299 * Double(r) + 0.587 * Double(g) + 0.114 * Double(b)) / 255
  }

  /// Linear blend: `t` = 0 gives `self`, 1 gives `other`.
  public func mixed(with other: RGB, _ t: Double) -> RGB {
    let t = t.isFinite ? min(max(t, 0), 1) : 0
    func m(_ a: UInt8, _ b: UInt8) -> UInt8 { UInt8((Double(a) + (Double(b) - Double(a)) * t).rounded()) }
    return RGB(m(r, other.r), m(g, other.g), m(b, other.b))
  }

  /// The nearest entry of xterm's 256-colour palette (6×6×6 cube or the 24-step grey ramp),
  /// for terminals without 24-bit colour.
  public var ansi256: Int {
    func cube(_ v: UInt8) -> Int { v < 48 ? 0 : v < 115 ? 1 : (Int(v) - 35) / 40 }
    let levels = [0, 95, 135, 175, 215, 255]
    let (cr, cg, cb) = (cube(r), cube(g), cube(b))
    let cubeColor = (levels[cr], levels[cg], levels[cb])
    let average = (Int(r) + Int(g) + Int(b)) / 3
    let greyIndex = average > 238 ? 23 : max(0, (average - 3) / 10)
    let greyLevel = 8 + greyIndex * 10
    func distance(_ c: (Int, Int, Int)) -> Int {
      let dr = c.0 - Int(r), dg = c.1 - Int(g), db = c.2 - Int(b)
      return dr * dr + dg * dg + db * db
    }
    if distance((greyLevel, greyLevel, greyLevel)) < distance(cubeColor) { return 232 + greyIndex }
    return 16 + 36 * cr + 6 * cg + cb
  }
}

/// matplotlib's default colour cycle (`tab10`): series without an explicit colour take these in turn.
public let seriesPalette: [RGB] = [
  "1f77b4", "ff7f0e", "2ca02c", "d62728", "9467bd", "8c564b", "e377c2", "7f7f7f", "bcbd22", "17becf",
].compactMap { RGB(hex: $0) }

/// Marker glyphs for terminals without colour: series (and scatter classes) take these in turn
/// so they stay distinguishable in black and white.
public let seriesMarkers: [Character] = ["•", "×", "+", "▲", "■", "◆", "*", "○", "□", "△"]

/// A named colour the way matplotlib spells it: single letters (`'r'`), CSS-like names, `tab:`
/// names and hex codes. Nil when unknown.
public func namedColor(_ name: String) -> RGB? {
  if name.hasPrefix("#") { return RGB(hex: name) }
  let names: [String: String] = [
    "b": "0000ff", "g": "008000", "r": "ff0000", "c": "00bfbf", "m": "bf00bf", "y": "bfbf00", "k": "000000",
    "w": "ffffff", "blue": "0000ff", "green": "008000", "red": "ff0000", "cyan": "00ffff",
    "magenta": "ff00ff", "yellow": "ffff00", "black": "000000", "white": "ffffff", "orange": "ffa500",
    "purple": "800080", "grey": "808080", "gray": "808080", "brown": "a52a2a", "pink": "ffc0cb",
    "navy": "000080", "lightblue": "add8e6", "darkblue": "00008b", "darkgreen": "006400",
    "lightgreen": "90ee90", "gold": "ffd700", "olive": "808000", "teal": "008080", "salmon": "fa8072",
    "tab:blue": "1f77b4", "tab:orange": "ff7f0e", "tab:green": "2ca02c", "tab:red": "d62728",
    "tab:purple": "9467bd", "tab:brown": "8c564b", "tab:pink": "e377c2", "tab:gray": "7f7f7f",
    "tab:olive": "bcbd22", "tab:cyan": "17becf",
  ]
  if let hex = names[name.lowercased()] { return RGB(hex: hex) }
  // "C0"…"C9": the default cycle.
  if name.count == 2, name.first == "C", let i = Int(name.dropFirst()) { return seriesPalette[i] }
  return nil
}

/// A colour map: a value in 0...1 to a colour, by linear interpolation between anchors sampled
/// from matplotlib's maps (close enough to tell classes and intensities apart, not exact).
public struct Colormap: Equatable, Sendable {
  public let name: String
  let anchors: [RGB]

  init(_ name: String, _ hex: [String]) {
    self.name = name
    anchors = hex.compactMap { RGB(hex: $0) }
  }

  public static let viridis = Colormap(
    "viridis", ["440154", "482878", "3e4989", "31688e", "26828e", "1f9e89", "35b779", "6ece58", "fde725"])
  public static let gray = Colormap("gray", ["000000", "ffffff"])
  public static let binary = Colormap("binary", ["ffffff", "000000"])
  public static let blues = Colormap("Blues", ["f7fbff", "c6dbef", "6baed6", "2171b5", "08306b"])
  public static let reds = Colormap("Reds", ["fff5f0", "fcbba1", "fb6a4a", "cb181d", "67000d"])
  public static let greens = Colormap("Greens", ["f7fcf5", "c7e9c0", "74c476", "238b45", "00441b"])
  public static let rdYlBu = Colormap("RdYlBu", ["a50026", "f46d43", "ffffbf", "74add1", "313695"])
  public static let rdBu = Colormap("RdBu", ["67001f", "f4a582", "f7f7f7", "92c5de", "053061"])
  public static let coolwarm = Colormap("coolwarm", ["3b4cc0", "8db0fe", "dddddd", "f49a7b", "b40426"])
  public static let spectral = Colormap("Spectral", ["9e0142", "f46d43", "ffffbf", "66c2a5", "5e4fa2"])
  public static let jet = Colormap("jet", ["00007f", "0000ff", "00ffff", "7fff7f", "ffff00", "ff0000", "7f0000"])
  public static let plasma = Colormap("plasma", ["0d0887", "6a00a8", "b12a90", "e16462", "fca636", "f0f921"])
  public static let tab10 = Colormap("tab10", seriesPalette.map { String(format: $0) })

  /// Every map by name; `<name>_r` reverses one (`gray_r`, `Blues_r`).
  public static let all: [Colormap] = [
    viridis, gray, binary, blues, reds, greens, rdYlBu, rdBu, coolwarm, spectral, jet, plasma, tab10,
  ]

  public static func named(_ name: String) -> Colormap? {
    if let m = all.first(where: { $0.name == name }) { return m }
    if name == "Greys" { return binary }
    if name == "grey" { return gray }
    if name.hasSuffix("_r"), let base = named(String(name.dropLast(2))) {
      return Colormap(name + "", base.anchors.reversed().map { String(format: $0) })
    }
    return nil
  }

  /// The colour for `t` in 0...1 (clamped; NaN gives the low end).
  public func color(_ t: Double) -> RGB {
    guard anchors.count > 1 else { return anchors.first ?? .black }
    let t = t.isFinite ? min(max(t, 0), 1) : 0
    let x = t * Double(anchors.count - 1)
    let i = min(Int(x), anchors.count - 2)
    return anchors[i].mixed(with: anchors[i + 1], x - Double(i))
  }

  /// Whether low values are dark (gray, viridis) rather than light (binary, Blues): decides
  /// which end of a colour map reads as "ink" in the ASCII fallback.
  public var lowIsDark: Bool { color(0).luminance < color(1).luminance }
}

extension String {
  /// `rrggbb` for an RGB (used to build reversed maps).
  init(format c: RGB) {
    let digits = Array("0123456789abcdef")
    var s = ""
    for v in [c.r, c.g, c.b] {
      s.append(digits[Int(v >> 4)])
      s.append(digits[Int(v & 15)])
    }
    self = s
  }
}
