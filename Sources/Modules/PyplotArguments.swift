import Plot
import Script
import Tensors

/// Turning pyplot's flexible arguments into plot data: arrays and lists as numbers, format
/// strings (`'r--'`, `'bo'`), colours, colour maps and line styles.
enum PyplotArgs {
  /// The values of an array-like, flattened (`np.asarray(x).ravel()`).
  static func numbers(_ v: Value, _ what: String) throws -> [Double] {
    do {
      return try Convert.tensor(v).toDoubles()
    } catch let e as ScriptError {
      throw ScriptError(
        .typeError, "\(what) must be numbers or an array of numbers: \(e.message)",
        hint: "pass a list, a range or a NumPy array")
    }
  }

  /// The array and its shape.
  static func array(_ v: Value, _ what: String) throws -> (values: [Double], shape: [Int]) {
    do {
      let t = try Convert.tensor(v)
      return (t.toDoubles(), t.shape)
    } catch let e as ScriptError {
      throw ScriptError(.typeError, "\(what) must be an array of numbers: \(e.message)")
    }
  }

  /// An optional float keyword (None or missing gives nil).
  static func optionalDouble(_ v: Value?) throws -> Double? {
    guard let v, !v.isNone else { return nil }
    return try Convert.double(v)
  }

  /// A colour argument: a name (`'red'`, `'r'`, `'C1'`, `'tab:blue'`), a hex string, a grey
  /// level string (`'0.5'`) or an RGB(A) tuple of floats in 0...1.
  static func color(_ v: Value?) throws -> RGB? {
    guard let v, !v.isNone else { return nil }
    switch v {
    case .str(let s):
      if let c = namedColor(s) { return c }
      if let g = Double(s), g >= 0, g <= 1 {
        let level = UInt8((g * 255).rounded())
        return RGB(level, level, level)
      }
      throw ScriptError(
        .valueError, "\(Script.reprValue(v)) is not a valid color value.",
        hint: "use a name like 'red' or 'tab:blue', a letter like 'r', or '#1f77b4'")
    case .tuple(let items) where items.count == 3 || items.count == 4:
      let parts = try items.prefix(3).map(Convert.double)
      guard parts.allSatisfy({ $0.isFinite && $0 >= 0 && $0 <= 1 }) else {
        throw ScriptError(.valueError, "RGBA values should be within 0-1 range")
      }
      return RGB(UInt8(parts[0] * 255), UInt8(parts[1] * 255), UInt8(parts[2] * 255))
    default:
      throw ScriptError(.valueError, "\(Script.reprValue(v)) is not a valid color value.")
    }
  }

  /// A colour map argument: a name (`'gray'`, `'RdYlBu_r'`) or `plt.cm.Blues`; nil keeps the default.
  static func colormap(_ v: Value?) throws -> Colormap? {
    guard let v, !v.isNone else { return nil }
    switch v {
    case .str(let s):
      if let m = Colormap.named(s) { return m }
      throw ScriptError(
        .valueError, "\(Script.reprValue(v)) is not a valid value for cmap",
        hint: "known: " + Colormap.all.map(\.name).joined(separator: ", ") + " (and _r reversed)")
    case .object(let o as ColormapObject): return o.colormap
    default: throw ScriptError(.typeError, "cmap must be a colour map name or plt.cm.<name>")
    }
  }

  /// `linestyle=`/`ls=`: `'-'`, `'--'`, `':'`, `'-.'`, names, or `'None'`/`''`.
  static func lineStyle(_ v: Value?) throws -> LineStyle? {
    guard let v, !v.isNone else { return nil }
    guard case .str(let s) = v else { throw ScriptError(.typeError, "linestyle must be a string") }
    switch s {
    case "-", "solid": return .solid
    case "--", "dashed": return .dashed
    case ":", "dotted": return .dotted
    case "-.", "dashdot": return .dashDot
    case "None", "none", "", " ": return LineStyle.none
    default:
      throw ScriptError(
        .valueError, "\(Script.reprValue(v)) is not a valid value for ls",
        hint: "use '-', '--', ':', '-.' or 'None'")
    }
  }

  /// A format string like `'r--'`, `'bo'`, `'g^-'`, `'k'` as (colour, marker, line style).
  /// Nil when `s` is not a format string (so `plot(x, 'label')` is reported, not misread).
  static func format(_ s: String) -> (RGB?, String?, LineStyle?)? {
    var rest = Substring(s)
    var color: RGB?, marker: String?, style: LineStyle?
    for (token, st) in [("--", LineStyle.dashed), ("-.", .dashDot), ("-", .solid), (":", .dotted)] {
      if let r = rest.range(of: token) {
        style = st
        rest.removeSubrange(r)
        break
      }
    }
    for ch in rest {
      if "bgrcmykw".contains(ch), color == nil {
        color = namedColor(String(ch))
      } else if ".,ov^<>1234sp*hH+xXDd|_P8".contains(ch), marker == nil {
        marker = String(ch)
      } else {
        return nil
      }
    }
    // A marker without a line style means markers only, as matplotlib.
    if marker != nil && style == nil { style = LineStyle.none }
    return (color, marker, style)
  }

  /// The common style keywords of `plot`, `scatter`, `bar`, `hist`: `label`, `color`/`c`,
  /// `marker`, `linestyle`/`ls`, `alpha`, `cmap`. Others (`linewidth`, `s`, `edgecolors`, …) are
  /// accepted and ignored.
  static func style(
    _ keywords: [(name: String, value: Value)], into series: inout Series, interp: Interpreter
  ) throws {
    for (name, value) in keywords {
      switch name {
      case "label": series.label = value.isNone ? nil : interp.str(value)
      case "color", "c": if let c = try color(value) { series.color = c }
      case "marker": if case .str(let m) = value { series.marker = m }
      case "linestyle", "ls": if let s = try lineStyle(value) { series.lineStyle = s }
      case "alpha": if let a = try optionalDouble(value), a.isFinite { series.alpha = min(max(a, 0), 1) }
      case "cmap": if let m = try colormap(value) { series.colormap = m }
      default: continue
      }
    }
  }

  /// Keyword arguments from bound arguments' named parameters (non-None) and `**kwargs`.
  static func keywords(_ a: BoundArguments, _ names: [String]) -> [(name: String, value: Value)] {
    names.compactMap { n in a[n].isNone ? nil : (n, a[n]) } + a.extraKeywords
  }
}

/// `plt.cm.<name>`: a colour map as a script value.
final class ColormapObject: HostObject {
  let colormap: Colormap
  init(_ colormap: Colormap) { self.colormap = colormap }
  var typeName: String { "ListedColormap" }
  var qualifiedTypeName: String { "matplotlib.colors.LinearSegmentedColormap" }
  func repr() -> String { "<matplotlib.colors.LinearSegmentedColormap object (\(colormap.name))>" }
  var attributeNames: [String] { ["name"] }
  func getAttribute(_ name: String) throws -> Value? { name == "name" ? .str(colormap.name) : nil }
}

/// `plt.figure()`'s return value: shown as matplotlib shows it.
final class FigureHandle: HostObject {
  let width: Double, height: Double
  init(width: Double, height: Double) {
    self.width = width
    self.height = height
  }
  var typeName: String { "Figure" }
  var qualifiedTypeName: String { "matplotlib.figure.Figure" }
  /// matplotlib formats the pixel size with `:g` (`640x480`, `1e+19x100`, `infx100`).
  func repr() -> String {
    "<Figure size \(String(format: "%g", width * 100))x\(String(format: "%g", height * 100)) with 0 Axes>"
  }
}
