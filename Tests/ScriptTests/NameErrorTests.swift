import Script
import Testing

// Unknown names, attributes and imports: CPython 3.12's last traceback line, suggestion
// included ("Did you mean: 'model'?", chosen by CPython's rule), and the culprit's place.

let nameErrorCases: [BadInput] = [
  BadInput(
    "model = 1\nprint(modle)", "NameError: name 'modle' is not defined. Did you mean: 'model'?", line: 2,
    column: 7),
  BadInput("prnt('x')", "NameError: name 'prnt' is not defined. Did you mean: 'print'?", line: 1, column: 1),
  BadInput(
    "x = lenn([1])", "NameError: name 'lenn' is not defined. Did you mean: 'len'?", line: 1, column: 5),
  BadInput("undefined_thing + 1", "NameError: name 'undefined_thing' is not defined", line: 1, column: 1),
  BadInput("for i in range(3):\n    totl += i", "NameError: name 'totl' is not defined", line: 2, column: 5),
  BadInput("del nothing_here", "NameError: name 'nothing_here' is not defined", line: 1, column: 5),
  // Inside a function the innermost place is the name in the function's body.
  BadInput(
    "def f():\n    return valu\nvalue = 1\nf()",
    "NameError: name 'valu' is not defined. Did you mean: 'value'?",
    line: 2, column: 12),
  BadInput(
    "x = 10\ndef f():\n    x += 1\nf()",
    "UnboundLocalError: cannot access local variable 'x' where it is not associated with a value", line: 3,
    column: 5),
  BadInput(
    "x = [1]\nx.apend(2)", "AttributeError: 'list' object has no attribute 'apend'. Did you mean: 'append'?",
    line: 2,
    column: 1),
  BadInput(
    "'a'.uper()", "AttributeError: 'str' object has no attribute 'uper'. Did you mean: 'upper'?", line: 1,
    column: 1),
  BadInput(
    "d = {'a': 1}\nd.item()", "AttributeError: 'dict' object has no attribute 'item'. Did you mean: 'items'?",
    line: 2,
    column: 1),
  BadInput(
    "import math\nmath.sqr(2)", "AttributeError: module 'math' has no attribute 'sqr'. Did you mean: 'sqrt'?",
    line: 2,
    column: 1),
  // CPython adds the module's file in parentheses; built-in modules have none. dnnlab points
  // at the name rather than the whole statement.
  BadInput(
    "from math import sqt", "ImportError: cannot import name 'sqt' from 'math'. Did you mean: 'sqrt'?",
    line: 1, column: 18),
  // CPython suggests nothing for modules; dnnlab's modules are few, so it does.
  BadInput(
    "import randon", "ModuleNotFoundError: No module named 'randon'. Did you mean: 'random'?", line: 1,
    column: 8),
]

@Test(arguments: nameErrorCases)
func unknownNamesAreReportedAsCPythonDoes(_ bad: BadInput) {
  expectFailure(bad)
}

@Test func suggestionsFollowCPythonsRule() {
  // CPython: within (len(a) + len(b) + 3) * 2 // 6 weighted edits, closer than the name's length.
  #expect(closestName(to: "modle", among: ["model", "xyz"]) == "model")
  #expect(closestName(to: "modle", among: ["mode", "model"]) == "mode")
  #expect(closestName(to: "x", among: ["y"]) == nil)
  #expect(closestName(to: "abc", among: ["xyz"]) == nil)
  #expect(closestName(to: "Print", among: ["print"]) == "print")
  #expect(closestName(to: "", among: ["a"]) == nil)
  #expect(closestName(to: "test_labels", among: ["val_labels"]) == "val_labels")
  #expect(closestName(to: "shap", among: ["__shape__", "shape"]) == "shape")
  #expect(closestName(to: "x", among: ["_x"]) == nil)
}

@Test func missingImportsGetAHint() {
  #expect(Session().error("np.zeros(3)")?.hint == "did you forget to run the cell with the imports?")
}
