import Foundation
import Testing

/// Drives the built `dnnlab` in a real terminal (a tmux pane): typing, TAB completion,
/// auto-indented multi-line input, history recall, Ctrl-C during a running cell and during
/// `fit`, Ctrl-D. A missing tmux (`make setup` installs it) or executable (`swift build -c
/// release`) is a recorded failure, not a silent pass.
@Suite(.serialized) struct TerminalSessionTests {
  final class Pane {
    let socket = "dnnlab-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let tmux: String

    /// A detached 120×50 tmux session running `command`; nil if tmux could not start it.
    init?(tmux: String, command: String) {
      self.tmux = tmux
      guard
        (try? runProcess(
          tmux, ["-L", socket, "new-session", "-d", "-s", "t", "-x", "120", "-y", "50", command]))?.status
          == 0
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

    func waitFor(_ text: String, timeout: Double = 30) -> Bool {
      wait(timeout: timeout) { $0.contains(text) }
    }

    var isRunning: Bool {
      (try? runProcess(tmux, ["-L", socket, "has-session", "-t", "t"]))?.status == 0
    }

    /// Types `line`, presses Enter and waits for `prompt` (the next cell's prompt).
    @discardableResult
    func enter(_ line: String, thenWaitFor prompt: String, timeout: Double = 30) -> Bool {
      type(line)
      send("Enter")
      return waitFor(prompt, timeout: timeout)
    }

    deinit { _ = try? runProcess(tmux, ["-L", socket, "kill-server"]) }
  }

  /// The REPL in a fresh pane with its own HOME (so the history file is the test's own);
  /// records a failure and returns nil when tmux, the executable or the pane is missing.
  /// `; sleep 30` keeps the pane (and its text) after dnnlab exits.
  static func startREPL(sourceLocation: SourceLocation = #_sourceLocation) throws -> (
    pane: Pane, home: String
  )? {
    guard let binary = requireExecutable(sourceLocation: sourceLocation),
      let tmux = requireTmux(sourceLocation: sourceLocation)
    else { return nil }
    let home = try makeTemporaryDirectory()
    guard
      let pane = Pane(
        tmux: tmux, command: "env HOME=\(home) TERM=xterm NO_COLOR=1 \(binary); echo EXITED $?; sleep 30")
    else {
      Issue.record("tmux could not start a session", sourceLocation: sourceLocation)
      return nil
    }
    return (pane, home)
  }

  @Test func typingCompletionMultiLineHistoryAndCtrlC() throws {
    guard let (pane, home) = try Self.startREPL() else { return }
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
    // Wait for the echo first: Ctrl-C raises SIGINT at once, and the terminal flushes input
    // the REPL has not read yet, so on a busy machine the keys could race.
    pane.type("this is not code")
    #expect(pane.waitFor("this is not code"))
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
    pane.type("if n == 1: print('looping')")
    pane.send("Enter")
    pane.send("Enter")
    // Interrupt only once the cell runs (a Ctrl-C still at the prompt would discard it).
    #expect(pane.wait { $0.components(separatedBy: "looping").count >= 3 })  // typed, then printed
    Thread.sleep(forTimeInterval: 0.2)
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
    #expect(
      history.contains(
        "def f(n):\\n    total = 0\\n    for i in range(n):\\n        total += i\\n    return total\n"))
    #expect(!history.contains("this is not code"))
    if !pane.screen.contains("Out[10]: True") { print(pane.screen) }
  }

  /// Ctrl-C during `model.fit`: training stops at the next batch boundary, the cell ends
  /// with `KeyboardInterrupt`, and the model keeps what it learned (weights changed from
  /// their initial values, `model.history` holds the finished epochs, `predict` and another
  /// `fit` work). 100,000 epochs would take about half an hour, so only the interrupt can end this cell.
  @Test func ctrlCDuringFitKeepsTheWeights() throws {
    guard let (pane, _) = try Self.startREPL() else { return }
    #expect(pane.waitFor("In [1]:"))
    pane.enter("import numpy as np", thenWaitFor: "In [2]:")
    pane.enter("from tensorflow import keras", thenWaitFor: "In [3]:")
    pane.enter("x = np.random.rand(20000, 50).astype('float32')", thenWaitFor: "In [4]:")
    pane.enter("y = (x.sum(axis=1) > 25).astype('int64')", thenWaitFor: "In [5]:")
    pane.enter(
      "model = keras.Sequential([keras.Input(shape=(50,)), keras.layers.Dense(64, activation='relu')])",
      thenWaitFor: "In [6]:")
    pane.enter("model.add(keras.layers.Dense(2, activation='softmax'))", thenWaitFor: "In [7]:")
    pane.enter(
      "model.compile(optimizer='sgd', loss='sparse_categorical_crossentropy')", thenWaitFor: "In [8]:")
    pane.enter("w0 = model.get_weights()[0].copy()", thenWaitFor: "In [9]:")
    #expect(!pane.screen.contains("Error"), "\(pane.screen)")

    pane.type("h = model.fit(x, y, epochs=100000, verbose=1)")
    pane.send("Enter")
    // Let at least one epoch finish, so weights have changed and the history is not empty.
    #expect(pane.waitFor("Epoch 2/100000", timeout: 120))
    pane.send("C-c")
    #expect(pane.waitFor("In [10]:", timeout: 60), "the prompt did not come back:\n\(pane.screen)")
    let screen = pane.screen
    #expect(screen.contains("Training interrupted in epoch"), "\(screen)")
    #expect(screen.contains("the model keeps the weights learned so far"))
    #expect(screen.contains("KeyboardInterrupt"))

    pane.enter("not np.array_equal(w0, model.get_weights()[0])", thenWaitFor: "In [11]:")
    #expect(pane.waitFor("Out[10]: True"), "\(pane.screen)")
    pane.enter("model.predict(x[:3], verbose=0).shape", thenWaitFor: "In [12]:")
    #expect(pane.waitFor("Out[11]: (3, 2)"), "\(pane.screen)")
    pane.enter("0 < len(model.history.epoch) < 100000", thenWaitFor: "In [13]:")
    #expect(pane.waitFor("Out[12]: True"), "\(pane.screen)")
    // The interrupt was used up: the next fit runs to its end.
    pane.enter("model.fit(x[:64], y[:64], epochs=2, verbose=0).epoch", thenWaitFor: "In [14]:", timeout: 60)
    #expect(pane.waitFor("Out[13]: [0, 1]"), "\(pane.screen)")

    pane.send("C-d")
    #expect(pane.waitFor("EXITED 0"), "\(pane.screen)")
  }

  @Test func runExitStatusFromTheExecutable() throws {
    guard let binary = requireExecutable() else { return }
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
    guard let binary = requireExecutable() else { return }
    let dir = try makeTemporaryDirectory()
    try "a = 6\na * 7\n".write(toFile: dir + "/in.txt", atomically: true, encoding: .utf8)
    let result = try runProcess("/bin/sh", ["-c", "\(binary) --no-history < in.txt"], directory: dir)
    #expect(result.status == 0)
    #expect(result.output.contains("In [1]: a = 6\n\nIn [2]: a * 7\nOut[2]: 42\n"))
  }
}
