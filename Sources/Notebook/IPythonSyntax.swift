/// IPython's additions to Python syntax in notebook cells, rewritten the way IPython's input
/// transformers rewrite them before Python sees the code:
///
/// - a line magic at the start of a logical line, `%matplotlib inline`, becomes
///   `get_ipython().run_line_magic('matplotlib', 'inline')`;
/// - a shell escape, `!pip install numpy`, becomes `get_ipython().system('pip install numpy')`;
/// - a cell magic, `%%time` on the cell's first line, applies to the rest of the cell (see
///   ``cellMagic(in:)``).
///
/// Lines inside brackets, after a backslash continuation or inside a triple-quoted string are
/// left alone (there `%` is the modulo operator or text), so ordinary Python is unchanged.
public enum IPythonSyntax {
  /// A `%%name arguments` first line and the cell body below it.
  public struct CellMagic: Equatable, Sendable {
    public var name: String
    public var arguments: String
    public var body: String

    public init(name: String, arguments: String, body: String) {
      self.name = name
      self.arguments = arguments
      self.body = body
    }
  }

  /// The cell magic that starts `source` (after blank lines), or nil.
  public static func cellMagic(in source: String) -> CellMagic? {
    let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
    guard let first = lines.firstIndex(where: { !$0.allSatisfy(\.isWhitespace) }) else { return nil }
    let header = lines[first].drop { $0 == " " || $0 == "\t" }
    guard header.hasPrefix("%%") else { return nil }
    let words = header.dropFirst(2)
    let name = String(words.prefix { !$0.isWhitespace })
    guard !name.isEmpty else { return nil }
    let arguments = words.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
    let body = lines[(first + 1)...].joined(separator: "\n")
    return CellMagic(name: name, arguments: arguments, body: body)
  }

  /// `source` with line magics and shell escapes turned into `get_ipython()` calls. Returns
  /// `source` itself when it has none.
  public static func transform(_ source: String) -> String {
    guard source.contains("%") || source.contains("!") else { return source }
    var scanner = LogicalLineScanner()
    var changed = false
    var out: [String] = []
    for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
      if scanner.atLogicalLineStart, let call = rewrite(line) {
        out.append(call)
        changed = true
        continue
      }
      scanner.scan(line)
      out.append(String(line))
    }
    return changed ? out.joined(separator: "\n") : source
  }

  /// The `get_ipython()` call for a magic or shell-escape line, or nil for Python code.
  static func rewrite(_ line: Substring) -> String? {
    let indent = line.prefix { $0 == " " || $0 == "\t" }
    let text = line.dropFirst(indent.count)
    if text.hasPrefix("%"), !text.hasPrefix("%%") {
      let words = text.dropFirst()
      let name = String(words.prefix { !$0.isWhitespace })
      guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return nil }
      let arguments = words.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
      return "\(indent)get_ipython().run_line_magic(\(literal(name)), \(literal(arguments)))"
    }
    if text.hasPrefix("!"), !text.hasPrefix("!=") {
      let command = text.dropFirst().trimmingCharacters(in: .whitespaces)
      return "\(indent)get_ipython().system(\(literal(command)))"
    }
    return nil
  }

  /// A single-quoted Python string literal holding `text`.
  static func literal(_ text: String) -> String {
    var s = "'"
    for c in text.unicodeScalars {
      switch c {
      case "\\": s += "\\\\"
      case "'": s += "\\'"
      case "\n": s += "\\n"
      case "\t": s += "\\t"
      case "\r": s += "\\r"
      default: s.unicodeScalars.append(c)
      }
    }
    return s + "'"
  }
}

/// Follows brackets, strings, comments and backslash continuations line by line, to know
/// whether the next physical line starts a new logical line (the only place a magic may be).
struct LogicalLineScanner {
  private var depth = 0
  /// The closing quote of an open triple-quoted string (`'''` or `"""`).
  private var openTriple: String?
  private var continued = false

  var atLogicalLineStart: Bool { depth == 0 && openTriple == nil && !continued }

  mutating func scan(_ line: Substring) {
    continued = false
    let chars = Array(line)
    var i = 0
    while i < chars.count {
      if let close = openTriple {
        if chars[i] == "\\" {
          i += 2
          continue
        }
        if matches(chars, at: i, close) {
          openTriple = nil
          i += 3
        } else {
          i += 1
        }
        continue
      }
      let c = chars[i]
      switch c {
      case "#":
        return
      case "(", "[", "{":
        depth += 1
      case ")", "]", "}":
        depth = max(0, depth - 1)
      case "'", "\"":
        let triple = String(repeating: c, count: 3)
        if matches(chars, at: i, triple) {
          openTriple = triple
          i += 3
          continue
        }
        // A one-line string: skip to its closing quote (an unterminated one ends the line).
        i += 1
        while i < chars.count, chars[i] != c {
          i += chars[i] == "\\" ? 2 : 1
        }
      case "\\" where i == chars.count - 1:
        continued = true
      default:
        break
      }
      i += 1
    }
  }

  private func matches(_ chars: [Character], at i: Int, _ text: String) -> Bool {
    var k = i
    for t in text {
      guard k < chars.count, chars[k] == t else { return false }
      k += 1
    }
    return true
  }
}
