/// How floats are given digits, NumPy's `floatmode` print option.
public enum FloatMode: String, Sendable, CaseIterable {
  /// Always `precision` fractional digits, even where fewer would identify the value.
  case fixed
  /// The fewest digits that identify each value; `precision` is ignored.
  case unique
  /// At most `precision` digits, fewer where fewer identify the value (NumPy's default).
  case maxprec
  /// At most `precision` digits, but every element gets as many as the longest one needs.
  case maxprecEqual = "maxprec_equal"
}

/// How the sign of positive values is shown, NumPy's `sign` print option.
public enum SignMode: String, Sendable, CaseIterable {
  /// Only negative values carry a sign (NumPy's default).
  case minus = "-"
  /// Positive values get a `+`.
  case plus = "+"
  /// Positive values get a space where the sign would be.
  case space = " "
}

/// The subset of `np.set_printoptions` that changes how arrays print. The defaults are NumPy 2's.
///
/// Out-of-range values are tolerated rather than rejected: a negative `precision` or `edgeitems`
/// counts as 0, and a tiny `linewidth` just puts every element on its own line.
public struct PrintOptions: Sendable, Equatable {
  /// Digits after the decimal point (or after the first digit in scientific notation); default 8.
  public var precision: Int
  /// Arrays with more elements than this are summarised with `...`; default 1000.
  public var threshold: Int
  /// Items kept at the start and end of each summarised axis; default 3.
  public var edgeitems: Int
  /// Characters per line before wrapping; default 75.
  public var linewidth: Int
  /// When true, never switch to scientific notation because of small values; default false.
  public var suppress: Bool
  /// Text for not-a-number; default `nan`.
  public var nanstr: String
  /// Text for infinity; default `inf`.
  public var infstr: String
  /// Sign of positive values; default `.minus` (none).
  public var sign: SignMode
  /// Digit selection for floats; default `.maxprec`.
  public var floatmode: FloatMode

  public init(
    precision: Int = 8, threshold: Int = 1000, edgeitems: Int = 3, linewidth: Int = 75,
    suppress: Bool = false, nanstr: String = "nan", infstr: String = "inf",
    sign: SignMode = .minus, floatmode: FloatMode = .maxprec
  ) {
    self.precision = precision
    self.threshold = threshold
    self.edgeitems = edgeitems
    self.linewidth = linewidth
    self.suppress = suppress
    self.nanstr = nanstr
    self.infstr = infstr
    self.sign = sign
    self.floatmode = floatmode
  }

  /// `precision` clamped to what the digit generator accepts (0 ... 16 000).
  var effectivePrecision: Int { min(max(precision, 0), Dragon4.maxDigits - 384) }
  /// `edgeitems` with negatives treated as 0.
  var effectiveEdgeItems: Int { max(edgeitems, 0) }
  /// `linewidth` kept within ±10^9 so width arithmetic cannot overflow; wider changes nothing.
  var effectiveLinewidth: Int { min(max(linewidth, -1_000_000_000), 1_000_000_000) }
}
