import Script
import Testing

/// `with` statements over host context managers: enter and exit order, exits on every way out
/// of the block, `as` targets, and the errors for what is not a context manager.
@Suite struct WithStatementTests {
  /// A session with `manager(name)`, whose enter and exit append to `log`.
  private func session() -> (Session, () -> [String]) {
    let s = Session()
    let log = LogBox()
    s.interpreter.setGlobal(
      "manager",
      .builtin(
        BuiltinFunction("manager", signature: "name") { a, _ in
          let name = try a.string("name")
          return .object(
            ContextManagerObject(
              typeName: "manager",
              enter: {
                log.items.append("enter \(name)")
                return .tuple([.str(name), .int(name.count)])
              },
              exit: { log.items.append("exit \(name)") }))
        }))
    return (
      s,
      {
        defer { log.items = [] }; return log.items
      }
    )
  }

  @Test func entersInOrderAndExitsInReverse() throws {
    let (s, log) = session()
    try s.run("with manager('a') as (name, n), manager('bb') as second:\n    got = name, n, second")
    #expect(log() == ["enter a", "enter bb", "exit bb", "exit a"])
    #expect(try s.run("got") == "('a', 1, ('bb', 2))")
  }

  @Test func exitsOnBreakReturnAndErrors() throws {
    let (s, log) = session()
    try s.run("for i in range(3):\n    with manager('loop'):\n        if i == 1:\n            break")
    #expect(log() == ["enter loop", "exit loop", "enter loop", "exit loop"])
    try s.run("def f():\n    with manager('f') as m:\n        return m[1]\nr = f()")
    #expect(log() == ["enter f", "exit f"])
    #expect(try s.run("r") == "1")
    #expect(s.error("with manager('e'):\n    1 / 0")?.summary == "ZeroDivisionError: division by zero")
    #expect(log() == ["enter e", "exit e"])
  }

  @Test func targetsInFunctionsAreLocal() throws {
    let (s, _) = session()
    try s.run("m = 'global'\ndef f():\n    with manager('x') as m:\n        pass\n    return m\nr = f()")
    #expect(try s.run("m, r") == "('global', ('x', 1))")
  }

  @Test func errorsForNonManagersAndBadSyntax() {
    #expect(
      errorSummary("with 3:\n    pass")
        == "TypeError: 'int' object does not support the context manager protocol")
    #expect(
      errorSummary("with manager('a') as 1:\n    pass").hasPrefix("SyntaxError: cannot assign to literal"))
    #expect(errorSummary("with:\n    pass").hasPrefix("SyntaxError"))
    #expect(errorSummary("with 3\n    pass").hasPrefix("SyntaxError"))
  }

  @Test func catchWarningsRestoresTheFilters() throws {
    let s = Session()
    try s.run(
      "import warnings\nwith warnings.catch_warnings():\n    warnings.simplefilter('ignore')\n    warnings.warn('a')\nwarnings.warn('b')"
    )
    #expect(s.output() == "UserWarning: b\n")
    try s.run("with warnings.catch_warnings(action='ignore'):\n    warnings.warn('c')\nwarnings.warn('d')")
    #expect(s.output() == "UserWarning: d\n")
    #expect(s.error("warnings.catch_warnings(record=True)")?.kind == .notImplementedError)
  }
}

private final class LogBox: @unchecked Sendable {
  var items: [String] = []
}
