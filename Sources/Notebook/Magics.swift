import Foundation
import Script

/// IPython's line magics (`%whos`, `%time stmt`) and cell magics (`%%time`, `%%timeit`)
/// as the REPL understands them. Each gets an `In [n]` number, as in IPython; `%time`
/// runs its statement as that cell so `Out[n]` and `_` work.
enum Magics {
  static let names = [
    "autoreload", "cd", "config", "conda", "continue", "exit", "history", "hist", "load", "load_ext",
    "matplotlib",
    "pip", "pwd", "quickref", "quit", "reset", "run", "save", "time", "timeit", "who", "whos",
  ]

  static func run(_ text: String, repl: REPL) {
    let isCell = text.hasPrefix("%%")
    let body = text.drop { $0 == "%" }
    let firstLineEnd = body.firstIndex(of: "\n") ?? body.endIndex
    let header = body[..<firstLineEnd]
    let name = String(header.prefix { !$0.isWhitespace })
    let argument = String(header.dropFirst(name.count)).trimmingCharacters(in: .whitespaces)
    let cellBody = firstLineEnd < body.endIndex ? String(body[body.index(after: firstLineEnd)...]) : ""
    let console = repl.console

    if isCell {
      switch name {
      case "time": time(cellBody, repl: repl, recorded: text)
      case "timeit": timeit(cellBody, options: argument, repl: repl)
      default:
        // %%capture, %%writefile, and IPython's error for the rest: as in notebook cells.
        repl.runCode(text)
      }
      return
    }
    switch name {
    case "whos", "who":
      repl.runner.skipNumber()
      let types = argument.split(separator: " ").map(String.init)
      if name == "who" {
        let names = repl.runner.interpreter.userGlobalNames.filter { n in
          types.isEmpty || repl.runner.interpreter.global(n).map { types.contains(Whos.typeName($0)) } == true
        }
        console.out(
          names.isEmpty ? "Interactive namespace is empty.\n" : names.joined(separator: "\t") + "\t\n")
      } else {
        console.out(Whos.table(interpreter: repl.runner.interpreter, typeFilter: types))
      }
    case "time": time(argument, repl: repl, recorded: text)
    case "timeit": timeitLine(argument, repl: repl)
    case "history", "hist":
      repl.runner.skipNumber()
      console.out(history(argument, inputs: Array(repl.inputs.dropLast())))
    case "save":
      repl.runner.skipNumber()
      save(argument, repl: repl)
    case "run":
      repl.runner.skipNumber()
      runNotebook(argument, repl: repl)
    case "load":
      repl.runner.skipNumber()
      load(argument, repl: repl)
    case "reset":
      repl.runner.skipNumber()
      reset(argument, repl: repl)
    case "pwd":
      let n = repl.runner.skipNumber()
      console.out(
        console.style.outPrompt(n) + " " + pythonStringRepr(FileManager.default.currentDirectoryPath) + "\n")
    case "cd":
      repl.runner.skipNumber()
      let target =
        argument.isEmpty
        ? (ProcessInfo.processInfo.environment["HOME"] ?? ".")
        : NSString(string: argument).expandingTildeInPath
      if FileManager.default.changeCurrentDirectoryPath(target) {
        console.out(FileManager.default.currentDirectoryPath + "\n")
      } else {
        console.err(console.style.error("[Errno 2] No such file or directory: '\(argument)'") + "\n")
      }
    case "continue":
      repl.runner.skipNumber()
      if repl.isEmbedded {
        repl.pendingOutcome = .continueStepping
      } else {
        console.err("%continue: only in step mode (dnnlab step NOTEBOOK, then i); use Ctrl-D to leave.\n")
      }
    case "exit", "quit":
      repl.pendingOutcome = .exited
    case "quickref":
      repl.runner.skipNumber()
      console.out(Help.general + "\n")
    case _ where IPythonShell.lineMagicNames.contains(name):
      // %matplotlib, %pip, %config, …: what notebook cells do with them (see IPythonShell).
      repl.runCode(text)
    default:
      repl.runner.skipNumber()
      let suggestion =
        names.first { $0.hasPrefix(String(name.prefix(2))) }.map { " Did you mean %\($0)?" } ?? ""
      console.err(
        console.style.error("UsageError: Line magic function `%\(name)` not found.\(suggestion)") + "\n")
    }
  }

  // MARK: - %time, %timeit

  /// Runs `code` as the numbered cell, then prints CPU and wall time like IPython.
  static func time(_ code: String, repl: REPL, recorded: String) {
    guard !code.allSatisfy(\.isWhitespace) else {
      repl.runner.skipNumber()
      repl.console.err("UsageError: %time needs a statement, e.g. %time model.fit(x, y)\n")
      return
    }
    let cpu0 = Timing.cpuTimes()
    let wall0 = Timing.now()
    // Printed output appears live; the value comes after the timing lines, as in IPython.
    let result = repl.runner.run(code)
    let wall = Timing.now() - wall0
    let cpu1 = Timing.cpuTimes()
    repl.console.out(
      Timing.timeReport(user: cpu1.user - cpu0.user, system: cpu1.system - cpu0.system, wall: wall))
    repl.show(result)
    repl.record(
      CellRecord(
        kind: .code, source: recorded, executionCount: result.executionCount, outputs: result.outputs))
  }

  static func timeitLine(_ argument: String, repl: REPL) {
    // Options come first: -n N, -r R (IPython's spelling).
    var rest = Substring(argument)
    var options: [String] = []
    while true {
      rest = rest.drop { $0 == " " }
      guard rest.hasPrefix("-n ") || rest.hasPrefix("-r ") else { break }
      let flag = String(rest.prefix(2))
      rest = rest.dropFirst(3).drop { $0 == " " }
      let number = rest.prefix { !$0.isWhitespace }
      options += [flag, String(number)]
      rest = rest.dropFirst(number.count)
    }
    timeit(String(rest), options: options.joined(separator: " "), repl: repl)
  }

  /// Times `code` in a loop: 7 runs (`-r`) of N loops (`-n`, else 1, 10, 100, … until a
  /// run takes 0.2 s), and prints `mean ± std. dev. …` as IPython does.
  static func timeit(_ code: String, options: String, repl: REPL) {
    repl.runner.skipNumber()
    let console = repl.console
    guard !code.allSatisfy(\.isWhitespace) else {
      console.err("UsageError: %timeit needs a statement, e.g. %timeit np.dot(a, b)\n")
      return
    }
    let words = options.split(separator: " ").map(String.init)
    func option(_ flag: String) -> Int? {
      guard let k = words.firstIndex(of: flag), k + 1 < words.count, let n = Int(words[k + 1]), n > 0 else {
        return nil
      }
      return n
    }
    let repeats = min(option("-r") ?? 7, 1000)
    // The statement runs inside a loop; a hidden loop variable keeps the user's names clean.
    let indented = code.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(
      separator: "\n")
    var failure: ScriptError?
    func measure(_ loops: Int) -> Double? {
      let source = "for __dnnlab_timeit in range(\(loops)):\n" + indented + "\n"
      let start = Timing.now()
      let outcome = repl.runner.runUnnumbered(source, fileName: "<timeit>", quiet: true)
      let elapsed = Timing.now() - start
      if let error = outcome.error {
        failure = error
        return nil
      }
      return elapsed
    }
    defer { repl.runner.interpreter.setGlobal("__dnnlab_timeit", nil) }
    let loops: Int
    if let n = option("-n") {
      loops = n
    } else if let n = Timing.chooseLoops(measure) {
      loops = n
    } else {
      if let failure { repl.showError(failure) }
      return
    }
    var runs: [Double] = []
    for _ in 0..<repeats {
      guard let t = measure(loops) else {
        if let failure { repl.showError(failure) }
        return
      }
      runs.append(t)
    }
    let result = Timing.TimeitResult(loops: loops, runs: runs)
    if let warning = result.cachingWarning { console.out(warning + "\n") }
    console.out(result.text + "\n")
  }

  // MARK: - %history

  /// This session's inputs; `-n` numbers them; `N` or `N-M` picks a range (1-based).
  static func history(_ argument: String, inputs: [String]) -> String {
    var numbered = false
    var range: ClosedRange<Int>?
    for word in argument.split(separator: " ") {
      if word == "-n" {
        numbered = true
      } else if let n = Int(word) {
        range = n...n
      } else if let dash = word.firstIndex(of: "-"), let a = Int(word[..<dash]),
        let b = Int(word[word.index(after: dash)...]), a <= b
      {
        range = a...b
      }
    }
    var out = ""
    for (k, input) in inputs.enumerated() {
      let n = k + 1
      if let range, !range.contains(n) { continue }
      if numbered {
        let lines = input.split(separator: "\n", omittingEmptySubsequences: false)
        out += String(format: "%3d: ", n) + lines.joined(separator: "\n     ") + "\n"
      } else {
        out += input + "\n"
      }
    }
    return out
  }
}
