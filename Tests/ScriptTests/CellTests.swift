import Script
import Testing

@Test func cellDisplayValueRules() throws {
  let s = Session()
  #expect(try s.run("x = 1") == "")
  #expect(try s.run("x") == "1")
  #expect(try s.run("x;") == "")
  #expect(try s.run("None") == "")
  #expect(try s.run("print('p')") == "")
  #expect(try s.run("x + 1\n# trailing comment\n") == "2")
  #expect(try s.run("if x:\n    x") == "")
  #expect(try s.run("1; 2") == "2")
}

@Test func historyVariables() throws {
  let s = Session()
  try s.run("10")
  try s.run("20")
  try s.run("y = 5")
  try s.run("30")
  #expect(try s.run("(_, __, ___)") == "(30, 20, 10)")
  #expect(try s.run("Out[2], _1, In[3]") == "(20, 10, 'y = 5')")
  #expect(try s.run("len(Out)") == "5")
}

@Test func globalsPersistAcrossCells() throws {
  let s = Session()
  try s.run("def square(v):\n    return v * v")
  try s.run("data = [1, 2, 3]")
  #expect(try s.run("[square(v) for v in data]") == "[1, 4, 9]")
  #expect(s.interpreter.userGlobalNames == ["data", "square"])
  s.interpreter.resetGlobals()
  #expect(s.error("data")?.kind == .nameError)
}

@Test func outputSinkCapturesPrint() throws {
  let box = OutputBox()
  let interpreter = Interpreter(output: { box.text += $0 })
  _ = try interpreter.run("for i in range(3):\n    print(i, end=' ')", cell: 1)
  #expect(box.text == "0 1 2 ")
}

@Test func executeAndEvaluate() throws {
  let interpreter = Interpreter(output: { _ in })
  try interpreter.execute("a = 2\nb = a ** 3", fileName: "setup.py")
  #expect(interpreter.repr(try interpreter.evaluate("b + 1")) == "9")
  interpreter.setGlobal("c", .int(4))
  #expect(interpreter.global("c").map(interpreter.repr) == "4")
  do {
    try interpreter.execute("1 +", fileName: "bad.py")
    Issue.record("expected a syntax error")
  } catch {
    #expect(error.file?.name == "bad.py")
  }
}

@Test func completionsAndAttributeNames() throws {
  let s = Session()
  try s.run("my_model = 1\nmy_data = []")
  #expect(s.interpreter.completions(forName: "my_") == ["my_data", "my_model"])
  #expect(s.interpreter.completions(forName: "pri") == ["print"])
  #expect(s.interpreter.attributeNames(of: .list([])).contains("append"))
  #expect(s.interpreter.attributeNames(of: .str("")).contains("format"))
}

@Test func helpAndDir() throws {
  let s = Session()
  try s.run("def f(a, b=2, *args, c=None, **kw): pass\nhelp(f)\nhelp(len)")
  #expect(s.output() == "f(a, b=2, *args, c=None, **kw)\nlen(obj)\n")
  #expect(try s.run("'append' in dir([])") == "True")
}

@Test func functionsAndBuiltinsRepr() throws {
  #expect(try eval("print").hasPrefix("<built-in function print>"))
  #expect(try eval("def f(): pass\nf").hasPrefix("<function f at 0x"))
  #expect(try eval("[].append").hasPrefix("<built-in method append of list object at 0x"))
  #expect(try eval("import math\nmath") == "<module 'math' (built-in)>")
  #expect(try eval("zip([], [])").hasPrefix("<zip object at 0x"))
}
