/// IPython's auto-indent: the indentation offered for the next line of a cell.
///
/// After a line ending in `:` the next line is indented four more spaces; after
/// `return`, `pass`, `break`, `continue` or `raise` four fewer; otherwise it keeps the
/// previous line's indentation. Inside open brackets nothing is offered (the user
/// aligns continuation lines). Whitespace-only text is offered, which the line editor
/// pre-fills and the user can delete; a whitespace-only line ends the block.
public enum AutoIndent {
  public static func indentation(after lines: [String]) -> String? {
    guard let last = lines.last else { return nil }
    let leading = last.prefix { $0 == " " || $0 == "\t" }
    let code = stripComment(String(last.dropFirst(leading.count))).trimmingTrailingSpaces
    if code.isEmpty { return nil }
    if bracketDepth(lines.joined(separator: "\n")) > 0 { return nil }
    var width = leading.reduce(0) { $0 + ($1 == "\t" ? 4 : 1) }
    if code.hasSuffix(":") {
      width += 4
    } else if let first = code.split(separator: " ").first,
      ["return", "pass", "break", "continue", "raise"].contains(String(first))
    {
      width = max(0, width - 4)
    }
    return width > 0 ? String(repeating: " ", count: width) : nil
  }

  /// The line without a trailing `# comment` (quotes respected).
  static func stripComment(_ line: String) -> String {
    var quote: Character?
    var escaped = false
    for (offset, c) in line.enumerated() {
      if escaped {
        escaped = false
        continue
      }
      if quote != nil && c == "\\" {
        escaped = true
      } else if let q = quote {
        if c == q { quote = nil }
      } else if c == "'" || c == "\"" {
        quote = c
      } else if c == "#" {
        return String(line.prefix(offset))
      }
    }
    return line
  }

  /// Open brackets at the end of `text`, ignoring those in strings and comments.
  static func bracketDepth(_ text: String) -> Int {
    var depth = 0
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      var quote: Character?
      var escaped = false
      for c in stripComment(String(line)) {
        if escaped {
          escaped = false
          continue
        }
        if quote != nil && c == "\\" {
          escaped = true
        } else if let q = quote {
          if c == q { quote = nil }
        } else if c == "'" || c == "\"" {
          quote = c
        } else if "([{".contains(c) {
          depth += 1
        } else if ")]}".contains(c) {
          depth = max(0, depth - 1)
        }
      }
    }
    return depth
  }
}
