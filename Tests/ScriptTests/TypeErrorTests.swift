import Script
import Testing

// Operations on values of the wrong type: CPython 3.12's messages, and the place of the
// failing expression (not of the statement), as CPython's traceback carets show it.

let typeErrorCases: [BadInput] = [
  BadInput(
    "total = 1 + 'a'", "TypeError: unsupported operand type(s) for +: 'int' and 'str'", line: 1, column: 9),
  BadInput(
    "label = 'class ' + 3", "TypeError: can only concatenate str (not \"int\") to str", line: 1, column: 9),
  BadInput(
    "x = [1, 2]\nx + (3,)", "TypeError: can only concatenate list (not \"tuple\") to list", line: 2, column: 1
  ),
  BadInput(
    "value = None + 1", "TypeError: unsupported operand type(s) for +: 'NoneType' and 'int'", line: 1,
    column: 9),
  BadInput("'abc' * 'd'", "TypeError: can't multiply sequence by non-int of type 'str'", line: 1, column: 1),
  BadInput(
    "[1, 2] * 2.5", "TypeError: can't multiply sequence by non-int of type 'float'", line: 1, column: 1),
  BadInput("-'a'", "TypeError: bad operand type for unary -: 'str'", line: 1, column: 1),
  BadInput(
    "ok = 1 < 'a'", "TypeError: '<' not supported between instances of 'int' and 'str'", line: 1, column: 6),
  BadInput("x = 5\nx()", "TypeError: 'int' object is not callable", line: 2, column: 1),
  BadInput("first = 1[0]", "TypeError: 'int' object is not subscriptable", line: 1, column: 9),
  BadInput("n = len(5)", "TypeError: object of type 'int' has no len()", line: 1, column: 5),
  BadInput("for x in 5:\n    pass", "TypeError: 'int' object is not iterable", line: 1, column: 1),
  BadInput("x = {}\nx[[1]] = 2", "TypeError: unhashable type: 'list'", line: 2, column: 1),
  BadInput(
    "int([1])",
    "TypeError: int() argument must be a string, a bytes-like object or a real number, not 'list'",
    line: 1, column: 1),
  BadInput("(1, 2)[0] = 5", "TypeError: 'tuple' object does not support item assignment", line: 1, column: 1),
  BadInput("a, b = 1", "TypeError: cannot unpack non-iterable int object", line: 1, column: 1),
  BadInput("[1, 2]['a']", "TypeError: list indices must be integers or slices, not str", line: 1, column: 1),
  BadInput(
    "sum(['a', 'b'])", "TypeError: unsupported operand type(s) for +: 'int' and 'str'", line: 1, column: 1),
]

@Test(arguments: typeErrorCases)
func typeErrorsNameBothTypes(_ bad: BadInput) {
  expectFailure(bad)
}

@Test func addingANumberToAStringSuggestsConverting() {
  #expect(Session().error("1 + 'a'")?.hint == "convert the number with str(…) or use an f-string")
}
