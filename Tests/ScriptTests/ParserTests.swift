import Script
import Testing

func parseError(_ source: String) -> ScriptError? {
  do {
    _ = try Parser.parseModule(source)
    return nil
  } catch {
    return error as? ScriptError
  }
}

@Test func precedenceOfPowerAndUnaryMinus() throws {
  let e = try Parser.parseExpression("-2 ** 2")
  guard case .unary(.negate, let inner) = e.kind, case .binary(.power, _, _) = inner.kind else {
    Issue.record("expected -(2 ** 2)")
    return
  }
}

@Test func comparisonChainsAreOneNode() throws {
  let e = try Parser.parseExpression("a < b <= c != d")
  guard case .compare(_, let rest) = e.kind else {
    Issue.record("not a comparison")
    return
  }
  #expect(rest.count == 3)
}

@Test func notInAndIsNot() throws {
  guard case .compare(_, let rest) = try Parser.parseExpression("a not in b is not c").kind else {
    Issue.record("not a comparison")
    return
  }
  #expect(rest.map(\.0) == [.notContains, .isNotIdentical])
}

@Test func subscriptsWithSlicesAndTuples() throws {
  guard case .subscript(_, let index) = try Parser.parseExpression("x[:, 1]").kind,
    case .tuple(let items) = index.kind, case .slice(nil, nil, nil) = items[0].kind
  else {
    Issue.record("x[:, 1] shape")
    return
  }
  guard case .subscript(_, let i2) = try Parser.parseExpression("x[..., None]").kind,
    case .tuple(let t2) = i2.kind, case .ellipsis = t2[0].kind, case .none = t2[1].kind
  else {
    Issue.record("x[..., None] shape")
    return
  }
  guard case .subscript(_, let i3) = try Parser.parseExpression("x[::2, 1:3]").kind,
    case .tuple(let t3) = i3.kind, case .slice(nil, nil, let step?) = t3[0].kind, case .int(2) = step.kind,
    case .slice(let lo?, let hi?, nil) = t3[1].kind, case .int(1) = lo.kind, case .int(3) = hi.kind
  else {
    Issue.record("x[::2, 1:3] shape")
    return
  }
}

@Test func callArgumentsOfEveryKind() throws {
  guard case .call(_, let args) = try Parser.parseExpression("f(1, *a, k=2, **kw)").kind else {
    Issue.record("not a call")
    return
  }
  #expect(args.count == 4)
  if case .keyword(let name, _) = args[2] { #expect(name == "k") } else { Issue.record("keyword") }
  if case .doubleStar = args[3] {} else { Issue.record("**kw") }
}

@Test func generatorAsSoleArgument() throws {
  guard case .call(_, let args) = try Parser.parseExpression("sum(x for x in y)").kind,
    case .positional(let g) = args.first, case .generator = g.kind
  else {
    Issue.record("generator argument")
    return
  }
}

@Test func statementsOfEveryKind() throws {
  let source = """
    import a.b as c
    from a.b import c, d as e
    from __future__ import annotations
    x = y = 1
    (a, b), (c, d) = t
    x += 1
    x[0] = 1
    x.y = 2
    del x[0], y
    global g
    def f(a, b=1, *args, c, **kw):
        return a
    for i, j in z:
        if i: break
        elif j: continue
        else: pass
    while x: x -= 1
    assert x, 'msg'
    x: int = 3
    """
  let statements = try Parser.parseModule(source)
  #expect(statements.count == 15)
}

@Test func trailingSemicolonSuppressesDisplay() throws {
  let statements = try Parser.parseModule("x = 1; x;")
  guard case .expression(_, let suppressed)? = statements.last?.kind else {
    Issue.record("expected expression")
    return
  }
  #expect(suppressed)
}

@Test func expressionRangesCoverTheirText() throws {
  let e = try Parser.parseExpression("foo(1, 2) + bar")
  #expect(e.range.start.column == 1)
  #expect(e.range.end.column == 16)
  guard case .binary(_, let left, _) = e.kind else { return }
  #expect(left.range.end.column == 10)
}

@Test func fStringFieldsAreParsedWithPositions() throws {
  let e = try Parser.parseExpression("f'x={x + 1}'")
  guard case .fstring(let parts) = e.kind, case .field(let inner, _, _, _) = parts[1] else {
    Issue.record("f-string field")
    return
  }
  #expect(inner.range.start.column == 6)
}

@Test(arguments: [
  ("if x\n    pass", "expected ':'"),
  ("while x\n  pass", "expected ':'"),
  ("for x in y\n  pass", "expected ':'"),
  ("def f()\n  pass", "expected ':'"),
  ("if x:\npass", "expected an indented block after 'if' statement on line 1"),
  ("def f():\n", "expected an indented block after function definition on line 1"),
  ("  x = 1", "unexpected indent"),
  ("x = 1 +", "invalid syntax"),
  ("1 = x", "cannot assign to literal here. Maybe you meant '==' instead of '='?"),
  ("f() = 1", "cannot assign to function call here. Maybe you meant '==' instead of '='?"),
  ("return 1", "'return' outside function"),
  ("break", "'break' outside loop"),
  ("class A: pass", "'class' is not supported: dnnlab scripts have no classes"),
  ("try:\n  x\nexcept: pass", "'try' is not supported: dnnlab scripts have no exception handling"),
  ("f(a=1, 2)", "positional argument follows keyword argument"),
  ("f(a=1, a=2)", "keyword argument repeated: a"),
  ("def f(a=1, b): pass", "parameter without a default follows parameter with a default"),
  ("def f(a, a): pass", "duplicate argument 'a' in function definition"),
  ("x = {*a for a in b}", "iterable unpacking cannot be used in comprehension"),
  ("from . import x", "relative imports are not supported"),
  ("from m import *", "'from m import *' is not supported: import the names you need"),
  ("x = 1 if y", "expected 'else' after 'if' expression"),
  ("a b", "invalid syntax"),
  ("elif x: pass", "invalid syntax"),
  ("if x = 1: pass", "invalid syntax. Maybe you meant '==' instead of '='?"),
  ("x = (1 for", "'(' was never closed"),
  ("lambda x: (yield)", "'yield' is not supported"),
  ("x +=", "invalid syntax"),
  ("[1, 2", "'[' was never closed"),
])
func syntaxErrors(_ source: String, _ message: String) {
  let error = parseError(source)
  #expect(error?.message == message, "\(source)")
  #expect(error?.kind == .syntaxError || error?.kind == .indentationError)
  #expect(error?.range != nil)
}

@Test func syntaxErrorRangePointsAtCulprit() {
  let error = parseError("x = 1\nif x\n  pass")
  #expect(error?.range?.start.line == 2)
  #expect(error?.range?.start.column == 5)
}

@Test func deepNestingIsASyntaxErrorNotACrash() {
  let deep = String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000)
  #expect(parseError(deep)?.message.contains("too many nested") == true)
  let unary = String(repeating: "-", count: 5000) + "1"
  #expect(parseError(unary)?.message.contains("too many nested") == true)
  let nots = String(repeating: "not ", count: 5000) + "x"
  #expect(parseError(nots)?.message.contains("too many nested") == true)
  let lists = String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)
  #expect(parseError(lists) != nil)
}

@Test func longFlatChainsStillParse() throws {
  let sum = (0..<1500).map(String.init).joined(separator: " + ")
  #expect(try eval(sum) == String((0..<1500).reduce(0, +)))
}

@Test(arguments: [
  ("x = 1", true), ("if x:", false), ("if x:\n    y = 1", false), ("if x:\n    y = 1\n", true),
  ("f(1,", false), ("'''doc", false), ("x = 1 + \\", false), ("d = {'a': 1}", true),
  ("for i in range(3):\n    print(i)\n\n", true), ("x = [1,\n  2]", true), ("x = )", true),
])
func inputCompleteness(_ source: String, _ complete: Bool) {
  #expect(inputIsComplete(source) == complete, "\(source)")
}
