import Foundation
import Script
import Testing

@Test func interruptStopsAnEndlessLoop() throws {
  let interpreter = Interpreter(output: { _ in })
  let start = Date()
  DispatchQueue.global().asyncAfter(deadline: .now() + 0.1) { interpreter.requestInterrupt() }
  do {
    _ = try interpreter.run("while True:\n    pass", cell: 1)
    Issue.record("expected KeyboardInterrupt")
  } catch {
    #expect(error.kind == .keyboardInterrupt)
    #expect(error.rendered().hasSuffix("KeyboardInterrupt"))
    #expect(error.range?.start.line == 1)
  }
  #expect(Date().timeIntervalSince(start) < 5)
  // The flag is consumed: the next cell runs normally.
  #expect(try interpreter.run("1 + 1", cell: 2).map(interpreter.repr) == "2")
}

@Test func interruptStopsRecursionAndSleep() throws {
  let interpreter = Interpreter(output: { _ in })
  DispatchQueue.global().asyncAfter(deadline: .now() + 0.1) { interpreter.requestInterrupt() }
  let start = Date()
  do {
    _ = try interpreter.run("import time\ntime.sleep(30)", cell: 1)
    Issue.record("expected KeyboardInterrupt")
  } catch {
    #expect(error.kind == .keyboardInterrupt)
  }
  #expect(Date().timeIntervalSince(start) < 5)
}

@Test func staleInterruptDoesNotKillTheNextCell() throws {
  let interpreter = Interpreter(output: { _ in })
  interpreter.requestInterrupt()
  #expect(interpreter.isInterruptRequested)
  #expect(try interpreter.run("sum(range(1000))", cell: 1).map(interpreter.repr) == "499500")
}

@Test func recursionIsBounded() {
  #expect(
    errorSummary("def f(n):\n    return f(n + 1)\nf(0)") == "RecursionError: maximum recursion depth exceeded"
  )
  #expect(errorSummary("f = lambda n: f(n + 1)\nf(0)") == "RecursionError: maximum recursion depth exceeded")
  #expect(
    errorSummary("def a(n):\n    return b(n)\ndef b(n):\n    return a(n)\na(0)")
      == "RecursionError: maximum recursion depth exceeded")
  #expect(
    errorSummary("def f(n):\n    return [f(n + 1) for _ in range(1)]\nf(0)")
      == "RecursionError: maximum recursion depth exceeded")
}

@Test func recursionBelowTheLimitWorks() throws {
  #expect(try eval("def depth(n):\n    return 0 if n == 0 else 1 + depth(n - 1)\ndepth(900)") == "900")
}

@Test func stepLimitStopsRunawayCode() {
  let interpreter = Interpreter(output: { _ in })
  interpreter.stepLimit = 10_000
  do {
    _ = try interpreter.run("x = 0\nwhile True:\n    x += 1", cell: 1)
    Issue.record("expected the step limit")
  } catch {
    #expect(error.summary == "RuntimeError: step limit of 10000 exceeded")
  }
}

@Test(arguments: [
  ("[0] * 10**12", ErrorKind.memoryError), ("'ab' * 10**12", .memoryError),
  ("list(range(10**12))", .memoryError), ("10**10**10", .overflowError), ("2**64", .overflowError),
  ("9223372036854775807 + 1", .overflowError), ("-(-9223372036854775807 - 1)", .overflowError),
  ("(-9223372036854775807 - 1) // -1", .overflowError), ("abs(-9223372036854775807 - 1)", .overflowError),
  ("1 << 64", .overflowError), ("f'{1:999999999}'", .valueError), ("'{:.100000f}'.format(1.0)", .valueError),
  ("int(1e300)", .overflowError), ("int(float('inf'))", .overflowError), ("round(float('nan'))", .valueError),
  ("x = []\nx.append(x)\ny = []\ny.append(y)\nx == y", .recursionError),
  ("'x'.center(10**12)", .memoryError), ("range(10**18)[10**17]", nil), ("len(range(-2**62, 2**62))", nil),
  ("(-9223372036854775807 - 1) % -1", nil), ("[1, 2, 3][::9223372036854775807]", nil),
  ("[1, 2, 3][::-9223372036854775807 - 1]", nil), ("list(range(0, -5, -9223372036854775807 - 1))", nil),
  ("x = [1, 2, 3]\nx[::9223372036854775807] = [0]\ndel x[::-9223372036854775807 - 1]", nil),
  ("'abc'[::9223372036854775807]", nil), ("range(5)[::9223372036854775807]", nil),
  ("import math\nmath.gcd(-9223372036854775807 - 1, 0)", .overflowError),
  ("pow(-3, 3, -7), pow(5, 10**18, 9223372036854775807)", nil), ("x = [1]\nx.append(x)\nx == x", nil),
  // Found by fuzzing: these trapped on overflow.
  ("round(-9223372036854775807, -1)", .overflowError), ("round(-9223372036854775807 - 1, -18)", nil),
  ("'abc'.center(-9223372036854775807 - 1)", nil), ("'abc'.ljust(-9223372036854775807)", nil),
  ("'abc'.rjust(-9223372036854775807)", nil), ("'-5'.zfill(-9223372036854775807)", nil),
  ("import time\ntime.sleep(1e308)", .overflowError), ("import time\ntime.sleep(float('nan'))", .valueError),
])
func absurdRequestsFailCleanly(_ source: String, _ kind: ErrorKind?) {
  let error = Session().error(source)
  #expect(error?.kind == kind, "\(source): \(error?.summary ?? "no error")")
}

@Test func deeplyNestedDataPrintsAndFrees() throws {
  let s = Session()
  try s.run("a = []\nfor i in range(200000):\n    a = [a]")
  let text = try s.run("a")
  #expect(text.hasPrefix("[[[[") && text.contains("..."))
  #expect(
    s.error("b = []\nfor i in range(2000):\n    b = [b]\nc = []\nfor i in range(2000):\n    c = [c]\nb == c")?
      .kind == .recursionError)
  try s.run("a = None")
  try s.run("d = []\nfor i in range(300000):\n    d = [d]")
  // `s` (and `d`) are released when the test ends, on the interpreter's big-stack thread.
}

/// A deterministic pseudo-random generator for the fuzz tests.
struct FuzzRandom {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
  mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
}

let fuzzSeeds = [
  "x = [1, 2, 3]\nfor i, v in enumerate(x):\n    x[i] = v * 2\nprint(x, sum(x))",
  "def f(a, b=2, *args, **kw):\n    return a + b\nf(1, b=3)",
  "d = {'a': [1, (2, 3)], 'b': f'{1.5:.2f}'}\n[k for k in d if k != 'a']",
  "(a, b), c = (1, 2), 3\nwhile a < 10:\n    a += b if c else 1\nelse:\n    pass",
  "import math\nvalues = [math.sqrt(v) for v in range(10) if v % 2]\n'%5.2f|%s' % (values[0], 'x')",
  "s = 'Hello, {}!'.format('world')\ns.upper().split(',')[0][::-1]",
  "lambda x, *y: (x, y)\nsorted([3, 1, 2], key=lambda v: -v)[1:]",
  "x = 1\ndel x\ntry_this = not None is None and 1 in [1] or 2 ** -1",
]

@Test func randomBytesNeverTrap() {
  var rng = FuzzRandom(state: 42)
  let interpreter = Interpreter(output: { _ in })
  interpreter.stepLimit = 2_000
  let alphabet = Array("abcxyz019_ ()[]{}:;,.=+-*/%<>!@'\"\\#\n\t fdeilnorw".unicodeScalars)
  for cell in 0..<1500 {
    var text = String.UnicodeScalarView()
    for _ in 0..<rng.below(60) {
      if rng.below(10) == 0, let scalar = Unicode.Scalar(UInt32(rng.below(0x3000))) {
        text.append(scalar)
      } else {
        text.append(alphabet[rng.below(alphabet.count)])
      }
    }
    do {
      _ = try interpreter.run(String(text), cell: cell)
    } catch {
      _ = error.rendered()
    }
  }
}

@Test func mutatedProgramsNeverTrap() {
  var rng = FuzzRandom(state: 7)
  let interpreter = Interpreter(output: { _ in })
  interpreter.stepLimit = 5_000
  let tokens = [
    "(", ")", "[", "]", ":", ",", "*", "**", "=", "\n", "    ", "if ", "for ", " in ", "lambda ", "'",
    "\"\"\"", "{", "}", "...", "None", "-", "0", "f'{", "not ", "def ", "return ", "import ", "from ",
  ]
  for cell in 0..<2500 {
    var scalars = Array(fuzzSeeds[rng.below(fuzzSeeds.count)].unicodeScalars)
    for _ in 0..<(1 + rng.below(4)) {
      let position = rng.below(scalars.count + 1)
      switch rng.below(3) {
      case 0 where !scalars.isEmpty:
        scalars.remove(at: min(position, scalars.count - 1))
      case 1:
        scalars.insert(contentsOf: tokens[rng.below(tokens.count)].unicodeScalars, at: position)
      default:
        if !scalars.isEmpty, let c = scalars.randomElementSeeded(&rng) {
          scalars.insert(c, at: position)
        }
      }
    }
    do {
      _ = try interpreter.run(String(String.UnicodeScalarView(scalars)), cell: cell)
    } catch {
      _ = error.rendered()
    }
  }
}

extension Array {
  func randomElementSeeded(_ rng: inout FuzzRandom) -> Element? {
    isEmpty ? nil : self[rng.below(count)]
  }
}

@Test func lexerAndParserSurviveGarbage() {
  var rng = FuzzRandom(state: 99)
  for _ in 0..<3000 {
    var bytes: [UInt8] = []
    for _ in 0..<rng.below(80) { bytes.append(UInt8(truncatingIfNeeded: rng.next())) }
    let text = String(decoding: bytes, as: UTF8.self)
    _ = try? Parser.parseModule(text)
    _ = inputIsComplete(text)
  }
}

@Test func nativeStackGuardBeatsSmallStacks() {
  let interpreter = Interpreter(output: { _ in })
  interpreter.stackSize = 8 << 20
  let nested = String(repeating: "[", count: 45) + "f(n - 1)" + String(repeating: "]", count: 45)
  for source in [
    "def f(n):\n    return 0 if n == 0 else 1 + f(n - 1)\nf(990)",
    "def f(n):\n    return 0 if n == 0 else \(nested)\nf(990)",
    "def f(n):\n    return sorted([n], key=lambda v: f(v - 1))\nf(990)",
  ] {
    do {
      _ = try interpreter.run(source, cell: 1)
    } catch {
      #expect(error.kind == .recursionError)
    }
  }
}

@Test func interpreterThreadIsOptional() throws {
  let interpreter = Interpreter(output: { _ in })
  interpreter.usesDedicatedThread = false
  #expect(
    try interpreter.run("def f(n):\n    return n if n == 0 else f(n - 1)\nf(50)", cell: 1).map(
      interpreter.repr) == "0")
}
