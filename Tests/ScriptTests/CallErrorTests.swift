import Script
import Testing

// Calls with the wrong keywords or the wrong number of arguments. Functions defined in a
// cell get CPython 3.13's messages word for word; built-in functions get the same wording
// (CPython's C functions word theirs differently, e.g. "'sepp' is an invalid keyword
// argument for print()", but a suggestion helps more than the variation).

let callErrorCases: [BadInput] = [
  BadInput(
    "def f(alpha):\n    pass\nf(alpah=1)",
    "TypeError: f() got an unexpected keyword argument 'alpah'. Did you mean 'alpha'?",
    line: 3, column: 1),
  BadInput(
    "def f(x):\n    return x\nf(y=1)", "TypeError: f() got an unexpected keyword argument 'y'", line: 3,
    column: 1),
  BadInput(
    "def f(a, b):\n    pass\nf(1)", "TypeError: f() missing 1 required positional argument: 'b'", line: 3,
    column: 1),
  BadInput(
    "def f(a, b, c):\n    pass\nf()",
    "TypeError: f() missing 3 required positional arguments: 'a', 'b', and 'c'",
    line: 3, column: 1),
  BadInput(
    "def f(*, k):\n    pass\nf()", "TypeError: f() missing 1 required keyword-only argument: 'k'", line: 3,
    column: 1),
  BadInput(
    "def f(a):\n    pass\nf(1, 2)", "TypeError: f() takes 1 positional argument but 2 were given", line: 3,
    column: 1),
  BadInput(
    "def f(a, b=2):\n    pass\nresult = f(1, 2, 3)",
    "TypeError: f() takes from 1 to 2 positional arguments but 3 were given", line: 3, column: 10),
  BadInput(
    "def f(a):\n    pass\nf(1, a=2)", "TypeError: f() got multiple values for argument 'a'", line: 3,
    column: 1),
  BadInput(
    "square = lambda x: x * x\nsquare()", "TypeError: <lambda>() missing 1 required positional argument: 'x'",
    line: 2, column: 1),
  BadInput(
    "print(1, sepp=',')", "TypeError: print() got an unexpected keyword argument 'sepp'. Did you mean 'sep'?",
    line: 1, column: 1),
  BadInput(
    "sorted([3, 1], revers=True)",
    "TypeError: sorted() got an unexpected keyword argument 'revers'. Did you mean 'reverse'?",
    line: 1, column: 1),
  BadInput("r = range()", "TypeError: range expected at least 1 argument, got 0", line: 1, column: 5),
  BadInput(
    "'{} {}'.format(1)", "IndexError: Replacement index 1 out of range for positional args tuple", line: 1,
    column: 1),
]

@Test(arguments: callErrorCases)
func badCallsSayWhatTheFunctionTakes(_ bad: BadInput) {
  expectFailure(bad)
}
