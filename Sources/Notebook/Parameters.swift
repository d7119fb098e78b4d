import Foundation
import Script

/// Papermill-style notebook parameters: `-p NAME VALUE` on the command line.
public enum Parameters {
  /// The script value for a command-line `VALUE`, read as a Python literal:
  /// `1`, `-3`, `0.5`, `1e-3`, `'text'`/`"text"` (with escapes), `True`, `False`, `None`.
  /// Like papermill, anything else is taken as a plain string (`-p name mnist` gives
  /// `'mnist'`), so nothing typed on the command line is ever executed.
  public static func value(fromLiteral text: String) -> Value {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    switch trimmed {
    case "True", "true": return .bool(true)
    case "False", "false": return .bool(false)
    case "None": return .none
    default: break
    }
    guard let tokens = try? Lexer.tokenize(trimmed) else { return .str(text) }
    let significant = tokens.filter {
      switch $0.kind {
      case .newline, .endOfInput, .indent, .dedent: return false
      default: return true
      }
    }
    var sign = 1
    var kinds = significant.map(\.kind)
    if kinds.count == 2, kinds[0] == .op("-") || kinds[0] == .op("+") {
      if kinds[0] == .op("-") { sign = -1 }
      kinds.removeFirst()
      switch kinds[0] {
      case .int, .float: break
      default: return .str(text)
      }
    }
    guard kinds.count == 1 else { return .str(text) }
    switch kinds[0] {
    case .int(let i): return .int(sign * i)
    case .float(let d): return .float(Double(sign) * d)
    case .string(let s): return .str(s)
    default: return .str(text)
    }
  }

  /// Whether `name` can be a Python variable name (letters, digits, `_`, not starting
  /// with a digit, not a keyword).
  public static func isValidName(_ name: String) -> Bool {
    guard let first = name.unicodeScalars.first,
      first == "_" || first.properties.isXIDStart
    else { return false }
    guard name.unicodeScalars.allSatisfy({ $0 == "_" || $0.properties.isXIDContinue }) else { return false }
    return !pythonKeywordSet.contains(name)
  }

  static let pythonKeywordSet: Set<String> = [
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def",
    "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is",
    "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
  ]
}
