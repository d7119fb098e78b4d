import Foundation
import Testing

/// Drives the built `dnnlab` in a real terminal (a tmux pane): typing, TAB completion,
/// auto-indented multi-line input, history recall, Ctrl-C during a running cell, Ctrl-D.
/// Skipped when tmux or the executable is missing (build it with `swift build -c release`).
@Suite(.serialized) struct TerminalSessionTests {
  final class Pane {
    let socket = "dnnlab-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let tmux: String

    init?(command: String) {
      guard let tmux = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"].first(where: {
        FileManager.default.isExecutableFile(atPath: $0)
      }) else { return nil }
      self.tmux = tmux
      guard (try? runProcess(tmux, ["-L", socket, "new-session", "-d", "-s", "t", "-x", "120", "-y", "50", command]))?.status == 0
      else { return nil }
    }

    func send(_ keys: String...) {
      _ = try? runProcess(tmux, ["-L", socket, "send-keys", "-t", "t"] + keys)
    }

    /// Types text literally (no key-name interpretation).
    func type(_ text: String) {
      _ = try? runProcess(tmux, ["-L", socket, "send-keys", "-t", "t", "-l", text])
    }

    var screen: String {
      (try? runProcess(tmux, ["-L", socket, "capture-pane", "-p", "-t", "t", "-S", "-500"]))?.output ?? ""
    }

    /// Waits (up to `timeout` seconds; the machine may be busy) until the screen
    /// satisfies `condition`; returns whether it did.
    @discardableResult
    func wait(timeout: Double = 30, _ condition: (String) -> Bool) -> Bool {
      let deadline = Date().addingTimeInterval(timeout)
      while Date() < deadline {
        if condition(screen) { return true }
        Thread.sleep(forTimeInterval: 0.1)
      }
      return condition(screen)
    }

    func waitFor(_ text: String, timeout: Double = 30) -> Bool { wait(timeout: timeout) { $0.contains(text) } }

    var isRunning: Bool {
      (try? runProcess(tmux, ["-L", socket, "has-session", "-t", "t"]))?.status == 0
    }

    deinit { _ = try? runProcess(tmux, ["-L", socket, "kill-server"]) }
  }

  @Test func typingCompletionMultiLineHistoryAndCtrlC() throws {
    guard let binary = builtExecutable() else { return }
    let home = try makeTemporaryDirectory()
    // `; sleep 30` keeps the pane (and its text) after dnnlab exits.
    guard let pane = Pane(command: "env HOME=\(home) TERM=xterm NO_COLOR=1 \(binary); echo EXITED $?; sleep 30")
    else { return }
    #expect(pane.waitFor("In [1]:"))

    pane.type("import numpy as np")
    pane.send("Enter")
    #expect(pane.waitFor("In [2]:"))

    // TAB completes a module attribute, then an array attribute.
    pane.type("x = np.aran")
    pane.send("Tab")
    #expect(pane.waitFor("x = np.arange"))
    pane.type("(6)")
    pane.send("Enter")
    #expect(pane.waitFor("In [3]:"))
    pane.type("x.sh")
    pane.send("Tab")
    #expect(pane.waitFor("In [3]: x.shape"))
    pane.send("Enter")
    #expect(pane.waitFor("Out[3]: (6,)"))

    // A multi-line cell: auto-indent after ':', Backspace to dedent, blank line ends it.
    pane.type("def f(n):")
    pane.send("Enter")
    #expect(pane.waitFor("...:"))
    pane.type("total = 0")
    pane.send("Enter")
    pane.type("for i in range(n):")
    pane.send("Enter")
    pane.type("total += i")
    pane.send("Enter")
    pane.send("BSpace", "BSpace", "BSpace", "BSpace")
    pane.type("return total")
    pane.send("Enter")
    pane.send("Enter")
    #expect(pane.waitFor("In [5]:"))
    pane.type("f(5)")
    pane.send("Enter")
    #expect(pane.waitFor("Out[5]: 10"))

    // History recall: Up twice brings back the whole function as one entry.
    pane.send("Up", "Up")
    #expect(pane.wait { $0.components(separatedBy: "return total").count >= 3 })
    pane.send("Enter")
    #expect(pane.waitFor("In [7]:"))

    // Ctrl-C at the prompt discards the line.
    pane.type("this is not code")
    pane.send("C-c")
    pane.type("1 + 1")
    pane.send("Enter")
    #expect(pane.waitFor("Out[7]: 2"))

    // Ctrl-C interrupts a running cell; the session and its variables survive.
    pane.type("n = 0")
    pane.send("Enter")
    pane.type("while True:")
    pane.send("Enter")
    pane.type("n += 1")
    pane.send("Enter")
    pane.send("Enter")
    Thread.sleep(forTimeInterval: 1.0)
    pane.send("C-c")
    #expect(pane.waitFor("KeyboardInterrupt"))
    #expect(pane.waitFor("In [10]:"))
    pane.type("n > 0")
    pane.send("Enter")
    #expect(pane.waitFor("Out[10]: True"))

    // Ctrl-D leaves with status 0 and the history file holds whole cells.
    pane.send("C-d")
    #expect(pane.waitFor("EXITED 0"))
    let history = try String(contentsOfFile: home + "/.dnnlab_history", encoding: .utf8)
    #expect(history.contains("def f(n):\\n    total = 0\\n    for i in range(n):\\n        total += i\\n    return total\n"))
    #expect(!history.contains("this is not code"))
    if !pane.screen.contains("Out[10]: True") { print(pane.screen) }
  }

  @Test func runExitStatusFromTheExecutable() throws {
    guard let binary = builtExecutable() else { return }
    let failing = try runProcess(binary, ["run", fixturePath("broken.py")])
    #expect(failing.status == 1)
    #expect(failing.output.contains("Error in cell 3 (In [3]), line 2"))
    let allowed = try runProcess(binary, ["run", "--allow-errors", fixturePath("broken.py")])
    #expect(allowed.status == 1)
    #expect(allowed.output.contains("reached the end"))
    let fine = try runProcess(binary, ["run", fixturePath("lesson.py"), "-p", "rows", "2", "--code-only"])
    #expect(fine.status == 0)
    #expect(fine.output.hasPrefix("x has shape (2, 4)"))
    let missing = try runProcess(binary, ["run", "/nonexistent.ipynb"])
    #expect(missing.status == 2)
  }

  @Test func pipedSessionEchoesInputAndLeavesAtEndOfInput() throws {
    guard let binary = builtExecutable() else { return }
    let dir = try makeTemporaryDirectory()
    try "a = 6\na * 7\n".write(toFile: dir + "/in.txt", atomically: true, encoding: .utf8)
    let result = try runProcess("/bin/sh", ["-c", "\(binary) --no-history < in.txt"], directory: dir)
    #expect(result.status == 0)
    #expect(result.output.contains("In [1]: a = 6\n\nIn [2]: a * 7\nOut[2]: 42\n"))
  }
}
