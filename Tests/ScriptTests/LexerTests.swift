import Script
import Testing

func kinds(_ source: String) throws -> [TokenKind] {
  try Lexer.tokenize(source).map(\.kind)
}

func lexError(_ source: String) -> ScriptError? {
  do {
    _ = try Lexer.tokenize(source)
    return nil
  } catch {
    return error as? ScriptError
  }
}

@Test func indentAndDedent() throws {
  let k = try kinds("if x:\n    y\nz\n")
  #expect(k == [
    .keyword("if"), .name("x"), .op(":"), .newline, .indent, .name("y"), .newline, .dedent,
    .name("z"), .newline, .endOfInput,
  ])
}

@Test func blankLinesAndCommentsDoNotIndent() throws {
  let k = try kinds("a\n\n   # comment\n\nb  # trailing\n")
  #expect(k == [.name("a"), .newline, .name("b"), .newline, .endOfInput])
}

@Test func nestedDedentsAtEnd() throws {
  let k = try kinds("if a:\n  if b:\n    c")
  #expect(k.filter { $0 == .dedent }.count == 2)
  #expect(k.last == .endOfInput)
}

@Test func implicitLineJoiningInsideBrackets() throws {
  let k = try kinds("f(1,\n  2)\n")
  #expect(k == [.name("f"), .op("("), .int(1), .op(","), .int(2), .op(")"), .newline, .endOfInput])
}

@Test func backslashContinuation() throws {
  #expect(try kinds("x = 1 + \\\n    2") == [.name("x"), .op("="), .int(1), .op("+"), .int(2), .newline, .endOfInput])
}

@Test(arguments: [
  ("1_000_000", TokenKind.int(1_000_000)), ("0x1F", .int(31)), ("0o17", .int(15)), ("0b101", .int(5)),
  ("1e-4", .float(1e-4)), ("255.", .float(255)), (".5", .float(0.5)), ("1.5E+3", .float(1500)),
  ("0", .int(0)), ("00", .int(0)), ("3.", .float(3)), ("1_0.2_5", .float(10.25)),
])
func numbers(_ source: String, _ expected: TokenKind) throws {
  #expect(try kinds(source).first == expected)
}

@Test(arguments: [
  ("'a'", "a"), ("\"b\"", "b"), ("'''x\ny'''", "x\ny"), ("\"\"\"q\"\"\"", "q"),
  ("'tab\\there'", "tab\there"), ("'\\x41\\u00e9\\U0001F600'", "Aé😀"), ("r'\\n'", "\\n"),
  ("'it\\'s'", "it's"), ("'\\101'", "A"), ("'a\\\nb'", "ab"), ("R'\\d+'", "\\d+"), ("u'x'", "x"),
])
func strings(_ source: String, _ expected: String) throws {
  #expect(try kinds(source).first == .string(expected))
}

@Test func fStringSegments() throws {
  guard case .fstring(let segments)? = try kinds("f'a{x:.2f}b{{c}}{y!r}'").first else {
    Issue.record("not an f-string")
    return
  }
  #expect(segments.count == 4)
  #expect(segments[0] == .literal("a"))
  if case .field(let field) = segments[1] {
    #expect(field.expression == "x")
    #expect(field.spec == [.literal(".2f")])
    #expect(field.start.column == 5)
  } else {
    Issue.record("expected a field")
  }
  #expect(segments[2] == .literal("b{c}"))
  if case .field(let field) = segments[3] {
    #expect(field.conversion == "r")
  }
}

@Test func fStringDebugAndComparisonInside() throws {
  guard case .fstring(let segments)? = try kinds("f'{a == b} {x=}'").first else {
    Issue.record("not an f-string")
    return
  }
  if case .field(let f) = segments[0] { #expect(f.expression == "a == b" && f.debugText == nil) }
  if case .field(let f) = segments[2] { #expect(f.expression == "x" && f.debugText == "x=") }
}

@Test func tokenRangesHaveLinesAndColumns() throws {
  let tokens = try Lexer.tokenize("x = 1\n  \ny = foo(2)")
  let foo = tokens.first { $0.kind == .name("foo") }
  #expect(foo?.range.start.line == 3)
  #expect(foo?.range.start.column == 5)
  #expect(foo?.range.end.column == 8)
  #expect(foo?.range.start.offset == 13)
}

@Test func keywordsAreDistinctFromNames() throws {
  #expect(try kinds("lambda") .first == .keyword("lambda"))
  #expect(try kinds("lambda_") .first == .name("lambda_"))
  #expect(try kinds("café").first == .name("café"))
}

@Test(arguments: [
  ("'abc", "unterminated string literal (detected at line 1)"),
  ("'''abc\n", "unterminated triple-quoted string literal (detected at line 2)"),
  ("x = (1,\n2", "'(' was never closed"),
  ("x)", "unmatched ')'"),
  ("[1, 2)", "closing parenthesis ')' does not match opening parenthesis '['"),
  ("x = 1 $ 2", "invalid syntax"),
  ("012", "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers"),
  ("1j", "complex numbers are not supported"),
  ("b'x'", "bytes literals are not supported"),
  ("f'{}'", "f-string: empty expression not allowed"),
  ("f'{x'", "f-string: expecting '}'"),
  ("f'}'", "f-string: single '}' is not allowed"),
  ("if x:\n    a\n  b", "unindent does not match any outer indentation level"),
  ("99999999999999999999", "integer literal too large (dnnlab integers are 64-bit)"),
])
func lexerErrors(_ source: String, _ message: String) {
  let error = lexError(source)
  #expect(error?.message == message, "\(source)")
  #expect(error?.range != nil)
}

@Test func unclosedBracketPointsAtOpening() {
  let error = lexError("a = 1\nb = [1,\n 2,\n")
  #expect(error?.range?.start.line == 2)
  #expect(error?.range?.start.column == 5)
}

@Test func crlfLineEndsAreNormalized() throws {
  let s = Session()
  #expect(try s.run("x = 1\r\nif x:\r\n    x = 2\r\nx") == "2")
}
