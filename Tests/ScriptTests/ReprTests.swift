// Expected reprs were produced by CPython 3.11.
import Script
import Testing

let reprCases: [(String, String)] = [
  ("1e-05", "1e-05"),
  ("1e16", "1e+16"),
  ("1e15", "1000000000000000.0"),
  ("1e22", "1e+22"),
  ("123456789012345678.0", "1.2345678901234568e+17"),
  ("0.0001", "0.0001"),
  ("0.00001234", "1.234e-05"),
  ("1.5e-7", "1.5e-07"),
  ("-0.0", "-0.0"),
  ("100.0", "100.0"),
  ("3.0", "3.0"),
  ("2.5", "2.5"),
  ("1/7", "0.14285714285714285"),
  ("float('inf')", "inf"),
  ("-float('inf')", "-inf"),
  ("float('nan')", "nan"),
  ("5e-324", "5e-324"),
  ("1.7976931348623157e308", "1.7976931348623157e+308"),
  ("[1, 2.5, 'a', None, True, False]", "[1, 2.5, 'a', None, True, False]"),
  ("(1,)", "(1,)"),
  ("()", "()"),
  ("(1, 'x', [2])", "(1, 'x', [2])"),
  ("{}", "{}"),
  ("{'a': [1, (2,)], 3: None}", "{'a': [1, (2,)], 3: None}"),
  ("\"it's\"", "\"it's\""),
  ("'say \"hi\"'", "'say \"hi\"'"),
  ("'both \\' and \"'", "'both \\' and \"'"),
  ("'\\x00\\x7f\\xe9\\u200b\\n\\t\\r\\\\'", "'\\x00\\x7fé\\u200b\\n\\t\\r\\\\'"),
  ("'é漢字😀'", "'é漢字😀'"),
  ("[[]]", "[[]]"),
  ("[{}]", "[{}]"),
  ("range(3)", "range(0, 3)"),
  ("range(0, 10, 2)", "range(0, 10, 2)"),
  ("range(5, 0, -1)", "range(5, 0, -1)"),
  ("slice(1, 2)", "slice(1, 2, None)"),
  ("slice(None, None, -1)", "slice(None, None, -1)"),
  ("Ellipsis", "Ellipsis"),
  ("...", "Ellipsis"),
  ("None", ""),
  ("True", "True"),
  ("type(1)", "<class 'int'>"),
  ("type('a')", "<class 'str'>"),
  ("type([])", "<class 'list'>"),
  ("type(None)", "<class 'NoneType'>"),
  ("int", "<class 'int'>"),
  ("str", "<class 'str'>"),
  ("{'a': 1}.keys()", "dict_keys(['a'])"),
  ("{'a': 1}.values()", "dict_values([1])"),
  ("{'a': 1}.items()", "dict_items([('a', 1)])"),
  ("x = [1]; x.append(x); x", "[1, [...]]"),
  ("d = {}; d['self'] = d; d", "{'self': {...}}"),
  ("[0.1, 1e-10, 1e100]", "[0.1, 1e-10, 1e+100]"),
  ("(1.0, -2.0)", "(1.0, -2.0)"),
  ("{1: 'b', 1.0: 'c'}", "{1: 'c'}"),
  ("{True: 1, 1: 2}", "{True: 2}"),
]

@Test("repr matches CPython", arguments: reprCases)
func reprMatchesPython(_ source: String, _ expected: String) {
  #expect(outcome(source) == expected, "\(source)")
}

@Test func floatReprEdgeCases() {
  #expect(pythonFloatRepr(1e16) == "1e+16")
  #expect(pythonFloatRepr(9999999999999998.0) == "9999999999999998.0")
  #expect(pythonFloatRepr(0.0001) == "0.0001")
  #expect(pythonFloatRepr(0.00001) == "1e-05")
  #expect(pythonFloatRepr(-1.5e-300) == "-1.5e-300")
  #expect(pythonFloatRepr(123.456) == "123.456")
  #expect(pythonFloatRepr(1e100) == "1e+100")
}

@Test func stringReprQuoteChoice() {
  #expect(pythonStringRepr("a") == "'a'")
  #expect(pythonStringRepr("it's") == "\"it's\"")
  #expect(pythonStringRepr("\"'") == "'\"\\''")
  #expect(pythonStringRepr("tab\there") == "'tab\\there'")
}

@Test func strVersusRepr() throws {
  #expect(try printed("print('a', ['a'], 1.0, None, (1,), {'k': 'v'})") == "a ['a'] 1.0 None (1,) {'k': 'v'}\n")
  #expect(try eval("str('x') + repr('x')") == "\"x'x'\"")
}
