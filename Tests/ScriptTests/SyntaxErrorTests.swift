import Script
import Testing

// Syntax errors: CPython 3.12's message and the place it reports, checked by running each
// program as a cell. Where dnnlab points elsewhere than CPython, the case says why.

let syntaxErrorCases: [BadInput] = [
  BadInput("for i in range(3)\n    print(i)", "SyntaxError: expected ':'", line: 1, column: 18),
  BadInput("if x == 1\n    pass", "SyntaxError: expected ':'", line: 1, column: 10),
  BadInput("def f(x)\n    return x", "SyntaxError: expected ':'", line: 1, column: 9),
  BadInput("while True\n    pass", "SyntaxError: expected ':'", line: 1, column: 11),
  BadInput("print('hello'", "SyntaxError: '(' was never closed", line: 1, column: 6),
  BadInput("x = [1, 2, 3", "SyntaxError: '[' was never closed", line: 1, column: 5),
  BadInput(
    "model = Sequential([Dense(10), Dense(1)]])",
    "SyntaxError: closing parenthesis ']' does not match opening parenthesis '('", line: 1, column: 41),
  BadInput(
    "model = Sequential(\n    [Dense(10),\n     Dense(1)]])",
    "SyntaxError: closing parenthesis ']' does not match opening parenthesis '(' on line 1", line: 3,
    column: 15),
  BadInput("x = 1 +", "SyntaxError: invalid syntax", line: 1, column: 8),
  BadInput("y = 2 3", "SyntaxError: invalid syntax", line: 1, column: 7),
  BadInput("x = 5 $ 3", "SyntaxError: invalid syntax", line: 1, column: 7),
  BadInput("else:\n    pass", "SyntaxError: invalid syntax", line: 1, column: 1),
  BadInput(
    "model.fit(x_train y_train)", "SyntaxError: invalid syntax. Perhaps you forgot a comma?", line: 1,
    column: 11),
  BadInput(
    "layers = [Dense(10) Dense(1)]", "SyntaxError: invalid syntax. Perhaps you forgot a comma?", line: 1,
    column: 11),
  BadInput(
    "print 'hello'", "SyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?", line: 1,
    column: 1),
  BadInput("x = 1 → 2", "SyntaxError: invalid character '→' (U+2192)", line: 1, column: 7),
  BadInput(
    "if True:\nprint('x')", "IndentationError: expected an indented block after 'if' statement on line 1",
    line: 2,
    column: 1),
  // CPython reports the end of the indentation (column 4); dnnlab points at the token.
  BadInput("x = 1\n    y = 2", "IndentationError: unexpected indent", line: 2, column: 5),
  // CPython reports the end of the line; dnnlab points at the misaligned token.
  BadInput(
    "if True:\n        a = 1\n    b = 2",
    "IndentationError: unindent does not match any outer indentation level",
    line: 3, column: 5),
  // CPython 3.11 reports the closing parenthesis; dnnlab points at the positional argument.
  BadInput("f(a=1, 2)", "SyntaxError: positional argument follows keyword argument", line: 1, column: 8),
  BadInput(
    "f(x for x in y, 1)", "SyntaxError: Generator expression must be parenthesized", line: 1, column: 3),
  BadInput(
    "def f(a=1, b):\n    pass", "SyntaxError: parameter without a default follows parameter with a default",
    line: 1, column: 12),
  BadInput(
    "def f(x, x):\n    pass", "SyntaxError: duplicate argument 'x' in function definition", line: 1,
    column: 10),
  BadInput(
    "1 = x", "SyntaxError: cannot assign to literal here. Maybe you meant '==' instead of '='?", line: 1,
    column: 1),
  BadInput(
    "f() = 3", "SyntaxError: cannot assign to function call here. Maybe you meant '==' instead of '='?",
    line: 1,
    column: 1),
  BadInput(
    "a, b += 1", "SyntaxError: 'tuple' is an illegal expression for augmented assignment", line: 1, column: 1),
  BadInput("x = 'abc", "SyntaxError: unterminated string literal (detected at line 1)", line: 1, column: 5),
  BadInput(
    "x = 0777",
    "SyntaxError: leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
    line: 1, column: 5),
  BadInput("x = {1: 2, 3}", "SyntaxError: ':' expected after dictionary key", line: 1, column: 12),
  BadInput("f(a=1, a=2)", "SyntaxError: keyword argument repeated: a", line: 1, column: 8),
  BadInput("return 5", "SyntaxError: 'return' outside function", line: 1, column: 1),
  BadInput("for i in range(3):\n    pass\nbreak", "SyntaxError: 'break' outside loop", line: 3, column: 1),
  // Not Python errors: the language has no classes or exception handling, and says so.
  BadInput(
    "class Net:\n    pass", "SyntaxError: 'class' is not supported: dnnlab scripts have no classes", line: 1,
    column: 1),
  BadInput(
    "try:\n    x = 1\nexcept:\n    pass",
    "SyntaxError: 'try' is not supported: dnnlab scripts have no exception handling", line: 1, column: 1),
]

@Test(arguments: syntaxErrorCases)
func syntaxErrorsReadAsCPythonsAndPointAtTheCulprit(_ bad: BadInput) {
  expectFailure(bad)
}

@Test func missingColonHintNamesTheHeader() {
  #expect(Session().error("for i in range(3)\n    print(i)")?.hint == "the 'for' clause ends with ':'")
  #expect(Session().error("x = 1 +")?.hint == "expected an expression")
  #expect(Session().error("x = 5 $ 3")?.hint == "'$' is not a Python operator")
}
