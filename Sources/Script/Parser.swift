/// Recursive-descent parser for the dnnlab Python subset. Produces `[Stmt]` for a cell
/// or `Expr` for an expression; every syntax error is a `ScriptError` of kind
/// `SyntaxError` (or `IndentationError`) with the range of the offending token.
///
/// Nesting is bounded (`maxNesting`) so that hostile input cannot overflow the stack.
public struct Parser {
  var tokens: [Token]
  var pos = 0
  /// How many enclosing `def`/`lambda` bodies; `return` needs one.
  var functionDepth = 0
  /// How many enclosing loops in the current function; `break`/`continue` need one.
  var loopDepth = 0
  /// Current recursion depth of the expression/block parser.
  var nesting = 0
  /// Recursion budget: deeper nesting is a SyntaxError instead of a stack overflow.
  static let maxNesting = 150
  /// Longest chain of one binary operator (`1+1+…`) accepted in one expression.
  static let maxChain = 2000

  public init(tokens: [Token]) {
    self.tokens = tokens.isEmpty ? [Token(.endOfInput, SourceRange(at: .start))] : tokens
  }

  /// Parses a whole cell or file.
  public static func parseModule(_ source: String) throws -> [Stmt] {
    var parser = Parser(tokens: try Lexer.tokenize(SourceFile.normalizeLineEnds(source)))
    return try parser.parseModule()
  }

  /// Parses a single expression (surrounding whitespace and newlines allowed).
  public static func parseExpression(_ source: String, start: SourceLocation = .start) throws -> Expr {
    var lexer = Lexer(SourceFile.normalizeLineEnds(source), start: start, embedded: true)
    var parser = Parser(tokens: try lexer.tokenize())
    let expr = try parser.parseExpressionList()
    guard parser.current.kind == .endOfInput else {
      throw parser.error("unexpected \(parser.current.displayName) after expression")
    }
    return expr
  }

  // MARK: - Token access

  var current: Token { pos < tokens.count ? tokens[pos] : tokens[tokens.count - 1] }
  var previous: Token { pos > 0 && pos - 1 < tokens.count ? tokens[pos - 1] : current }

  func peekKind(_ ahead: Int = 1) -> TokenKind {
    let index = pos + ahead
    return index < tokens.count ? tokens[index].kind : .endOfInput
  }

  mutating func advance() {
    if pos < tokens.count - 1 { pos += 1 }
  }

  func isOp(_ op: String) -> Bool { current.kind == .op(op) }
  func isKeyword(_ k: String) -> Bool { current.kind == .keyword(k) }

  /// Consumes `op` if it is next.
  mutating func accept(_ op: String) -> Bool {
    guard isOp(op) else { return false }
    advance()
    return true
  }

  mutating func acceptKeyword(_ k: String) -> Bool {
    guard isKeyword(k) else { return false }
    advance()
    return true
  }

  /// Consumes `op` or throws `message` at the current token.
  @discardableResult
  mutating func expect(_ op: String, _ message: @autoclosure () -> String) throws -> Token {
    guard isOp(op) else { throw error(message()) }
    let token = current
    advance()
    return token
  }

  mutating func expectName(_ message: @autoclosure () -> String) throws -> (String, SourceRange) {
    guard case .name(let n) = current.kind else {
      if case .keyword(let k) = current.kind {
        throw error("\(message()) ('\(k)' is a reserved word)")
      }
      throw error(message())
    }
    let range = current.range
    advance()
    return (n, range)
  }

  /// A syntax error at `token` (default: the current one). Messages written
  /// `"invalid syntax: why"` become CPython's bare "invalid syntax" with `why` as the hint,
  /// so the last line reads as Python's does and the explanation is not lost.
  func error(_ message: String, at token: Token? = nil) -> ScriptError {
    let token = token ?? current
    var range = token.range
    if range.start.offset == range.end.offset {
      range.end.column += 1
      range.end.offset += 1
    }
    let kind: ErrorKind = (token.kind == .indent || token.kind == .dedent) ? .indentationError : .syntaxError
    let prefix = "invalid syntax: "
    if message.hasPrefix(prefix) {
      return ScriptError(kind, "invalid syntax", hint: String(message.dropFirst(prefix.count)), range: range)
    }
    return ScriptError(kind, message, range: range)
  }

  /// The error for a token after a list item or argument where `,` or `close` was due:
  /// CPython's "Perhaps you forgot a comma?" over both items when another expression
  /// follows, plain "invalid syntax" otherwise.
  func missingComma(after item: Expr?, close: String) -> ScriptError {
    if let item, startsExpression {
      return ScriptError(
        .syntaxError, "invalid syntax. Perhaps you forgot a comma?",
        range: SourceRange(start: item.range.start, end: current.range.end))
    }
    return error("invalid syntax: expected ',' or '\(close)' (found \(current.displayName))")
  }

  func error(_ message: String, range: SourceRange) -> ScriptError {
    ScriptError(.syntaxError, message, range: range)
  }

  /// Counts one level of recursion; throws past `maxNesting`.
  mutating func enter() throws {
    nesting += 1
    if nesting > Parser.maxNesting {
      throw error("too many nested parentheses, blocks or operators (limit \(Parser.maxNesting))")
    }
  }

  mutating func leave() { nesting -= 1 }

  func range(from start: SourceRange) -> SourceRange {
    SourceRange(start: start.start, end: previous.range.end)
  }
}
