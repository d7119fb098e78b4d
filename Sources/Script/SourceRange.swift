/// A position in source text. Lines and columns count from 1; columns and offsets count
/// Unicode scalars, so a caret drawn under column `c` lines up with the `c`-th scalar of the line.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
  /// 1-based line number.
  public var line: Int
  /// 1-based column, in Unicode scalars from the start of the line.
  public var column: Int
  /// 0-based offset, in Unicode scalars from the start of the source.
  public var offset: Int

  public init(line: Int, column: Int, offset: Int) {
    self.line = line
    self.column = column
    self.offset = offset
  }

  /// The start of a source text.
  public static let start = SourceLocation(line: 1, column: 1, offset: 0)

  public var description: String { "\(line):\(column)" }
}

/// A half-open span of source text: `start` is the first scalar, `end` the one just past the last.
public struct SourceRange: Hashable, Sendable, CustomStringConvertible {
  public var start: SourceLocation
  public var end: SourceLocation

  public init(start: SourceLocation, end: SourceLocation) {
    self.start = start
    self.end = end
  }

  /// An empty range at `location`.
  public init(at location: SourceLocation) {
    self.start = location
    self.end = location
  }

  /// The smallest range covering both `self` and `other`.
  public func union(_ other: SourceRange) -> SourceRange {
    SourceRange(
      start: other.start.offset < start.offset ? other.start : start,
      end: other.end.offset > end.offset ? other.end : end)
  }

  public var description: String { "\(start)-\(end)" }
}

/// A named piece of source text (a cell, a file) that ranges point into.
/// Functions remember the source they were defined in so errors inside them
/// show the right line even when they are called from a later cell.
public final class SourceFile: Sendable {
  /// Display name, e.g. `Cell In[3]` or a file path.
  public let name: String
  /// The full text.
  public let text: String
  /// The text split into lines (without line terminators).
  public let lines: [String]

  /// Creates a source file; `\r\n` and lone `\r` line ends are normalised to `\n`
  /// (the lexer sees the same normalised text, so offsets agree).
  public init(name: String, text: String) {
    let normalized = SourceFile.normalizeLineEnds(text)
    self.name = name
    self.text = normalized
    self.lines = normalized.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
  }

  /// `text` with `\r\n` and lone `\r` replaced by `\n`.
  public static func normalizeLineEnds(_ text: String) -> String {
    guard text.unicodeScalars.contains("\r") else { return text }
    var out = String.UnicodeScalarView()
    var previousWasCR = false
    for scalar in text.unicodeScalars {
      if scalar == "\r" {
        out.append("\n")
        previousWasCR = true
      } else {
        if !(scalar == "\n" && previousWasCR) { out.append(scalar) }
        previousWasCR = false
      }
    }
    return String(out)
  }

  /// The text of 1-based line `number`, or nil when out of range.
  public func line(_ number: Int) -> String? {
    number >= 1 && number <= lines.count ? lines[number - 1] : nil
  }
}
