// Expected strings were produced by CPython 3.11.
import Script
import Testing

let formatCases: [(String, String)] = [
  ("f\"{12345.678:,.2f}\"", "'12,345.68'"),
  ("f\"{0.25:.1%}\"", "'25.0%'"),
  ("f\"{3:>5}|{'ab':^6}|{7:05d}|{-3.5:+.1e}\"", "'    3|  ab  |00007|-3.5e+00'"),
  ("f\"{1e-7:g} {123456789.0:g} {0.0001:g} {100000.0:g} {1e6:g}\"", "'1e-07 1.23457e+08 0.0001 100000 1e+06'"),
  ("x = 3.14159; f\"{x!r} {x=} {x:.2f} {{}}\"", "'3.14159 x=3.14159 3.14 {}'"),
  ("w = 10; p = 3; f\"{3.14159:{w}.{p}f}|\"", "'     3.142|'"),
  ("f\"{'a':>{3}}|{10:x}|{'q'!r:5}|\"", "\"  a|a|'q'  |\""),
  ("name = 'net'; f\"model {name!s}: {len(name)} chars, {name.upper()}\"", "'model net: 3 chars, NET'"),
  ("f\"{[1, 2]} {(1,)} {None} {True}\"", "'[1, 2] (1,) None True'"),
  ("f\"{1 + 1 = }\"", "'1 + 1 = 2'"),
  ("f\"{'nested ' + f'{1}'}\"", "'nested 1'"),
  ("f\"{3.0}\", f\"{1e16}\", f\"{0.1 + 0.2}\"", "('3.0', '1e+16', '0.30000000000000004')"),
  ("f\"{255:#x} {255:#o} {5:#b} {255:X}\"", "'0xff 0o377 0b101 FF'"),
  ("f\"{1234567:_}\", f\"{1234567:,}\", f\"{0.5:.0%}\", f\"{-0.0:z.2f}\"", "('1_234_567', '1,234,567', '50%', '0.00')"),
  ("f\"{42:*^10}\", f\"{42:<6}|\", f\"{'s':>3}\", f\"{-42:=8}\", f\"{42:+}\", f\"{42: }\"", "('****42****', '42    |', '  s', '-     42', '+42', ' 42')"),
  ("f\"{2.5:.0f} {3.5:.0f} {0.125:.2f} {1.005:.2f}\"", "'2 4 0.12 1.00'"),
  ("f\"{1e100:.3e} {12345.6789:.3g} {0.000012345:.2g} {1.0:g} {1.5:10.3}\"", "'1.000e+100 1.23e+04 1.2e-05 1        1.5'"),
  ("f\"{float('inf'):.2f} {float('nan'):f} {float('-inf'):e}\"", "'inf nan -inf'"),
  ("f\"{True:d} {True:>5} {False}\"", "'1     1 False'"),
  ("f\"{7:.2f}\", f\"{7:e}\", f\"{7:%}\"", "('7.00', '7.000000e+00', '700.000000%')"),
  ("f\"{'abc':.2}\", f\"{'abc':5}|\"", "('ab', 'abc  |')"),
  ("f\"{1:s}\"", "ValueError: Unknown format code 's' for object of type 'int'"),
  ("f\"{'a':d}\"", "ValueError: Unknown format code 'd' for object of type 'str'"),
  ("f\"{[1]:>5}\"", "TypeError: unsupported format string passed to list.__format__"),
  ("format(1234.5, ',.1f'), format(0.000123, '.2e'), format(123, '08.2f'), format(-5, '05d')", "('1,234.5', '1.23e-04', '00123.00', '-0005')"),
  ("format(1e16, ''), format(1.0, '.3'), format(0.0001, '.3'), format(123456.0, '.3'), format(1.5, '10')", "('1e+16', '1.0', '0.0001', '1.23e+05', '       1.5')"),
  ("\"{:>8.3f}\".format(3.14159)", "'   3.142'"),
  ("\"{0}{1}{0}\".format(1, 2)", "'121'"),
  ("\"{name}!\".format(name='x')", "'x!'"),
  ("\"{!r} {!s}\".format('a', 'b')", "\"'a' b\""),
  ("\"{0[1]} {1[k]}\".format([5, 6], {'k': 'v'})", "'6 v'"),
  ("\"{:,} {:_} {:.3e} {:g}\".format(10**9, 10**6, 123456, 1e-10)", "'1,000,000,000 1_000_000 1.235e+05 1e-10'"),
  ("\"{{literal}} {}\".format(1)", "'{literal} 1'"),
  ("\"{:{}}|\".format('x', 4)", "'x   |'"),
  ("\"{} {}\".format(1)", "IndexError: Replacement index 1 out of range for positional args tuple"),
  ("\"{0} {}\".format(1, 2)", "ValueError: cannot switch from manual field specification to automatic field numbering"),
  ("\"{x}\".format(y=1)", "KeyError: 'x'"),
  ("\"} oops\".format()", "ValueError: Single '}' encountered in format string"),
  ("\"%5.2f|%-4d|%s|%r\" % (3.14159, 7, 'a', 'b')", "\" 3.14|7   |a|'b'\""),
  ("\"%d%%\" % 5", "'5%'"),
  ("\"%(a)s-%(b)d\" % {'a': 1, 'b': 2}", "'1-2'"),
  ("\"%x %X %o %e %g %c\" % (255, 255, 8, 1234.5, 0.0001, 65)", "'ff FF 10 1.234500e+03 0.0001 A'"),
  ("\"%s\" % [1, 2], \"%s\" % (1,), \"%d items\" % 3.9, \"%+d\" % 5, \"% d\" % 5, \"%05.1f\" % 3.14159", "('[1, 2]', '1', '3 items', '+5', ' 5', '003.1')"),
  ("\"%.3s|%5s|%-5s|\" % ('abcdef', 'x', 'y')", "'abc|    x|y    |'"),
  ("\"%*d|\" % (5, 42)", "'   42|'"),
  ("\"%d %d\" % (1,)", "TypeError: not enough arguments for format string"),
  ("\"%d\" % (1, 2)", "TypeError: not all arguments converted during string formatting"),
  ("\"%d\" % 'x'", "TypeError: %d format: a real number is required, not str"),
  ("\"%s\" % {'k': 1}", "\"{'k': 1}\""),
  ("\"no args\" % ()", "'no args'"),
]

@Test("format specs, f-strings, str.format and % formatting match CPython", arguments: formatCases)
func formatting(_ source: String, _ expected: String) {
  #expect(outcome(source) == expected, "\(source)")
}

@Test func printUsesSepAndEnd() throws {
  #expect(try printed("print('a', 'b', sep='-', end='!\\n')") == "a-b!\n")
  #expect(try printed("print('a', end=''); print('b')") == "ab\n")
  #expect(try printed("print()") == "\n")
  #expect(try printed("print(1, None, sep=None, end=None)") == "1 None\n")
  #expect(try printed("print(*[1, 2, 3], sep=', ')") == "1, 2, 3\n")
}
