/// One piece of an f-string as the lexer sees it: literal text, or a `{…}` replacement field
/// whose expression is kept as source text (with its position) for the parser to parse.
public indirect enum FStringSegment: Sendable, Equatable {
  case literal(String)
  case field(FStringFieldSource)
}

/// A `{expr!conv:spec}` replacement field in an f-string, before parsing.
public struct FStringFieldSource: Sendable, Equatable {
  /// The expression text between `{` and `!`/`:`/`=`/`}`.
  public var expression: String
  /// Where `expression` starts in the enclosing source.
  public var start: SourceLocation
  /// `r`, `s` or `a` after `!`, if present.
  public var conversion: Character?
  /// The format spec after `:`, which may itself contain fields.
  public var spec: [FStringSegment]
  /// For `{x=}`: the text `x=` (with its spacing) to print before the value.
  public var debugText: String?
}

/// What kind of token, with its payload.
public enum TokenKind: Sendable, Equatable {
  case name(String)
  case keyword(String)
  case int(Int)
  case float(Double)
  case string(String)
  case fstring([FStringSegment])
  /// Operators and delimiters, e.g. `+`, `**=`, `(`, `->`, `...`.
  case op(String)
  case newline
  case indent
  case dedent
  case endOfInput
}

/// A lexical token and where it is in the source.
public struct Token: Sendable, Equatable {
  public var kind: TokenKind
  public var range: SourceRange

  public init(_ kind: TokenKind, _ range: SourceRange) {
    self.kind = kind
    self.range = range
  }

  /// A short description for error messages, e.g. `'if'`, `'('`, `newline`.
  public var displayName: String {
    switch kind {
    case .name(let n): return "name '\(n)'"
    case .keyword(let k): return "'\(k)'"
    case .int, .float: return "number"
    case .string, .fstring: return "string"
    case .op(let o): return "'\(o)'"
    case .newline: return "end of line"
    case .indent: return "indent"
    case .dedent: return "dedent"
    case .endOfInput: return "end of input"
    }
  }
}

/// Python's reserved words. Those dnnlab does not support still lex as keywords so the
/// parser can say so instead of treating them as names.
let pythonKeywords: Set<String> = [
  "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
  "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
  "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return",
  "try", "while", "with", "yield",
]
