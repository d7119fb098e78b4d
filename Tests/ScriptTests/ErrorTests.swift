import Script
import Testing

@Test func renderedNameErrorShowsCellLineCaretsAndSuggestion() {
  let s = Session()
  _ = try? s.run("model = 1")
  let error = s.error("x = 2\nprint(modle)")
  #expect(
    error?.rendered() == """
      Cell In[2], line 2
          print(modle)
                ^^^^^
      NameError: name 'modle' is not defined. Did you mean: 'model'?
      """)
}

@Test func renderedErrorIncludesHintLine() {
  let error = Session().error("import nump")
  let text = error?.rendered() ?? ""
  #expect(text.hasSuffix("Hint: dnnlab has only built-in modules: math, os, random, sys, time, warnings"))
  #expect(text.contains("ModuleNotFoundError: No module named 'nump'"))
}

@Test func tracebackShowsCallSiteAndFunctionLineFromEarlierCell() {
  let s = Session()
  _ = try? s.run("def divide(a, b):\n    return a / b")
  let error = s.error("x = 1\ndivide(x, 0)")
  #expect(
    error?.rendered() == """
      Cell In[2], line 2
          divide(x, 0)
          ^^^^^^^^^^^^
      Cell In[1], line 2, in divide
          return a / b
                 ^^^^^
      ZeroDivisionError: division by zero
      """)
}

@Test func indentedLinesAreShownDedentedWithAlignedCarets() {
  let error = Session().error("if True:\n        y = undefined_name + 1")
  #expect(error?.rendered().contains("    y = undefined_name + 1\n        ^^^^^^^^^^^^^^") == true)
}

@Test func syntaxErrorRendering() {
  let error = Session().error("for i in range(3)\n    print(i)")
  #expect(
    error?.rendered() == """
      Cell In[1], line 1
          for i in range(3)
                           ^
      SyntaxError: expected ':'
      Hint: the 'for' clause ends with ':'
      """)
}

@Test(arguments: [
  ("model = 1\nprint(modle)", "NameError: name 'modle' is not defined. Did you mean: 'model'?"),
  ("prnt('x')", "NameError: name 'prnt' is not defined. Did you mean: 'print'?"),
  ("lenn([])", "NameError: name 'lenn' is not defined. Did you mean: 'len'?"),
  ("qqqqqq", "NameError: name 'qqqqqq' is not defined"),
  ("x = []\nx.apend(1)", "AttributeError: 'list' object has no attribute 'apend'. Did you mean: 'append'?"),
  ("'a'.uper()", "AttributeError: 'str' object has no attribute 'uper'. Did you mean: 'upper'?"),
  ("{}.item()", "AttributeError: 'dict' object has no attribute 'item'. Did you mean: 'items'?"),
  ("import math\nmath.sqr(2)", "AttributeError: module 'math' has no attribute 'sqr'. Did you mean: 'sqrt'?"),
  ("from math import sqt", "ImportError: cannot import name 'sqt' from 'math'. Did you mean: 'sqrt'?"),
  ("import randon", "ModuleNotFoundError: No module named 'randon'. Did you mean: 'random'?"),
  ("print(1, sepp=',')", "TypeError: print() got an unexpected keyword argument 'sepp'. Did you mean 'sep'?"),
  ("sorted([1], revers=True)", "TypeError: sorted() got an unexpected keyword argument 'revers'. Did you mean 'reverse'?"),
  ("def f(alpha): pass\nf(alpah=1)", "TypeError: f() got an unexpected keyword argument 'alpah'. Did you mean 'alpha'?"),
  ("def f(a, b): pass\nf(1)", "TypeError: f() missing 1 required positional argument: 'b'"),
  ("def f(a, b, c): pass\nf()", "TypeError: f() missing 3 required positional arguments: 'a', 'b', and 'c'"),
  ("def f(*, k): pass\nf()", "TypeError: f() missing 1 required keyword-only argument: 'k'"),
  ("def f(a): pass\nf(1, 2)", "TypeError: f() takes 1 positional argument but 2 were given"),
  ("def f(): pass\nf(1)", "TypeError: f() takes 0 positional arguments but 1 was given"),
  ("(lambda x: x)()", "TypeError: <lambda>() missing 1 required positional argument: 'x'"),
  ("{'a': 1}['b']", "KeyError: 'b'"),
  ("{}[(1, 'x')]", "KeyError: (1, 'x')"),
  ("[1][3]", "IndexError: list index out of range"),
  ("x = 1\nx.y = 2", "AttributeError: 'int' object has no attribute 'y'"),
  ("(1, 2)[0] = 1", "TypeError: 'tuple' object does not support item assignment"),
  ("'s'[0] = 'x'", "TypeError: 'str' object does not support item assignment"),
  ("1[0]", "TypeError: 'int' object is not subscriptable"),
  ("x = 5\nx()", "TypeError: 'int' object is not callable"),
  ("for x in 5: pass", "TypeError: 'int' object is not iterable"),
  ("a, b = 1", "TypeError: cannot unpack non-iterable int object"),
  ("a, b = [1, 2, 3]", "ValueError: too many values to unpack (expected 2)"),
  ("a, b, c = [1]", "ValueError: not enough values to unpack (expected 3, got 1)"),
  ("assert 1 == 2, 'numbers differ'", "AssertionError: numbers differ"),
  ("assert False", "AssertionError"),
  ("del nothing_here", "NameError: name 'nothing_here' is not defined"),
  ("next(iter([]))", "StopIteration"),
  ("import math\nmath.sqrt(-1)", "ValueError: math domain error"),
  ("int('abc')", "ValueError: invalid literal for int() with base 10: 'abc'"),
  ("[1, 2].index(3)", "ValueError: 3 is not in list"),
  ("f'{1:q}'", "ValueError: Unknown format code 'q' for object of type 'int'"),
  ("range(1, 2, 0)", "ValueError: range() arg 3 must not be zero"),
  ("range(1.5)", "TypeError: 'float' object cannot be interpreted as an integer"),
  ("isinstance(1, 2)", "TypeError: isinstance() arg 2 must be a type or tuple of types"),
  ("x = 10\ndef f():\n    x += 1\nf()", "UnboundLocalError: cannot access local variable 'x' where it is not associated with a value"),
])
func errorMessages(_ source: String, _ expected: String) {
  #expect(errorSummary(source) == expected, "\(source)")
}

@Test func errorRangesPointAtTheFailingSubexpression() {
  let error = Session().error("y = 1 + (2 / 0) + 3")
  #expect(error?.range?.start.column == 10)
  #expect(error?.range?.end.column == 15)
  let attribute = Session().error("z = [1].nope")
  #expect(attribute?.range?.start.column == 5)
}

@Test func errorsInsideComprehensionsAndFStringsAreLocated() {
  let inComprehension = Session().error("xs = [1, 0]\n[1 / x for x in xs]")
  #expect(inComprehension?.kind == .zeroDivisionError)
  #expect(inComprehension?.range?.start.line == 2)
  #expect(inComprehension?.range?.start.column == 2)
  let inFString = Session().error("f'{1 + None}'")
  #expect(inFString?.range?.start.column == 4)
}

@Test func errorsInCallbacksCarryTheirFrames() {
  let error = Session().error("def key(x):\n    return x.missing\nsorted([1, 2], key=key)")
  #expect(error?.kind == .attributeError)
  #expect(error?.function == "key")
  #expect(error?.range?.start.line == 2)
}

@Test func unboundLocalHasHint() {
  let error = Session().error("n = 0\ndef bump():\n    n += 1\nbump()")
  #expect(error?.hint?.contains("global n") == true)
}

@Test func recursionTracebackIsShortened() {
  let error = Session().error("def f(n):\n    return f(n + 1)\nf(0)")
  #expect(error?.kind == .recursionError)
  let text = error?.rendered() ?? ""
  #expect(text.contains("more calls ..."))
  #expect(text.split(separator: "\n").count < 40)
}

@Test func printedOutputBeforeAnErrorIsKept() {
  let s = Session()
  #expect(s.error("print('before')\n1 / 0")?.kind == .zeroDivisionError)
  #expect(s.output() == "before\n")
}

@Test func summaryOfMessagelessErrorIsJustTheKind() {
  #expect(ScriptError(.keyboardInterrupt, "").summary == "KeyboardInterrupt")
  #expect(ScriptError("CustomError", "boom", hint: "try again").rendered() == "CustomError: boom\nHint: try again")
}

@Test func closestNameThresholds() {
  #expect(closestName(to: "modle", among: ["model", "xyz"]) == "model")
  // As CPython: a deletion (cost 2) beats a transposition (two substitutions, cost 4).
  #expect(closestName(to: "modle", among: ["model", "mode", "xyz"]) == "mode")
  #expect(closestName(to: "x", among: ["y"]) == nil)
  #expect(closestName(to: "abc", among: ["xyz"]) == nil)
  #expect(closestName(to: "Print", among: ["print"]) == "print")
  #expect(closestName(to: "", among: ["a"]) == nil)
}
