import Foundation
import Notebook
import Testing

/// The directory holding this test target's fixtures.
let fixturesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
  .path

func fixturePath(_ name: String) -> String { fixturesDirectory + "/" + name }

/// A fresh empty directory under the system temporary directory.
func makeTemporaryDirectory() throws -> String {
  let path = NSTemporaryDirectory() + "dnnlab-notebook-tests-" + UUID().uuidString
  try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  return path
}

/// Compares `actual` with the golden file `name`; with `RECORD=1` in the environment it
/// rewrites the file and fails (so a recording is never mistaken for a pass). On a
/// mismatch the issue shows a line diff.
func expectGolden(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
  let path = fixturePath(name)
  if ProcessInfo.processInfo.environment["RECORD"] == "1" {
    try? actual.write(toFile: path, atomically: true, encoding: .utf8)
    Issue.record("recorded \(name); run again without RECORD=1", sourceLocation: sourceLocation)
    return
  }
  guard let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
    Issue.record("missing golden file \(name); run with RECORD=1 to create it", sourceLocation: sourceLocation)
    return
  }
  if expected != actual {
    let diff = lineDiff(expected: expected, actual: actual)
    Issue.record("\(name) differs:\n\(diff)", sourceLocation: sourceLocation)
  }
}

/// A minimal line diff: `-` expected lines missing, `+` actual lines added, with line numbers.
func lineDiff(expected: String, actual: String) -> String {
  let a = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
  let b = actual.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
  // Longest common subsequence table (inputs are small).
  var lcs = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
  for i in stride(from: a.count - 1, through: 0, by: -1) {
    for j in stride(from: b.count - 1, through: 0, by: -1) {
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
    }
  }
  var out: [String] = []
  var i = 0
  var j = 0
  while i < a.count || j < b.count {
    if i < a.count, j < b.count, a[i] == b[j] {
      i += 1
      j += 1
    } else if j < b.count, i == a.count || lcs[i][j + 1] >= lcs[i + 1][j] {
      out.append("+\(j + 1): \(b[j])")
      j += 1
    } else {
      out.append("-\(i + 1): \(a[i])")
      i += 1
    }
  }
  return out.joined(separator: "\n")
}

/// A REPL over a fresh interpreter, fed `lines` (`^C` = Ctrl-C, `^D` = Ctrl-D), with
/// prompts and typed lines echoed so the captured text reads like a terminal session.
func replSession(_ lines: [String], configure: (REPL) -> Void = { _ in }) -> (text: String, repl: REPL, reader: ScriptedLineReader) {
  let buffer = TextBuffer()
  let reader = ScriptedLineReader(lines: lines)
  reader.echo = { buffer.append($0) }
  let runner = CellRunner()
  let repl = REPL(runner: runner, reader: reader, console: .collecting(into: buffer))
  configure(repl)
  repl.run()
  return (buffer.text, repl, reader)
}

/// The `dnnlab` executable built next to the tests (or named by `$DNNLAB_BIN`), if there
/// is one.
func builtExecutable() -> String? {
  if let path = ProcessInfo.processInfo.environment["DNNLAB_BIN"] {
    return FileManager.default.isExecutableFile(atPath: path) ? path : nil
  }
  for configuration in ["release", "debug"] {
    let path = repositoryRoot + "/.build/\(configuration)/dnnlab"
    if FileManager.default.isExecutableFile(atPath: path) { return path }
  }
  return nil
}

/// The built `dnnlab`, or nil after recording a failure that says how to build it: a test
/// of the executable must not pass just because there is nothing to test.
func requireExecutable(sourceLocation: SourceLocation = #_sourceLocation) -> String? {
  if let path = builtExecutable() { return path }
  Issue.record(
    "no built dnnlab under .build/release or .build/debug (or $DNNLAB_BIN): run `swift build -c release` first",
    sourceLocation: sourceLocation)
  return nil
}

/// The `tmux` executable, or nil after recording a failure (scripts/setup.sh installs it:
/// run `make setup`).
func requireTmux(sourceLocation: SourceLocation = #_sourceLocation) -> String? {
  let candidates = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"]
  if let path = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) { return path }
  Issue.record("tmux is not installed, so the terminal tests cannot run: run `make setup`", sourceLocation: sourceLocation)
  return nil
}

/// The repository's root directory (where `notebooks/` and `.build/` live).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().path

/// Runs a process to completion and returns its status and combined output.
///
/// Uses `posix_spawn` and `waitpid` directly: Foundation's `Process` sometimes never
/// notices the exit of a client that daemonises a server (tmux) inside the test runner.
/// Output goes through a temporary file, not a pipe, because such a daemon inherits the
/// descriptor and would keep a pipe open forever.
func runProcess(_ executable: String, _ arguments: [String], directory: String? = nil) throws -> (
  status: Int32, output: String
) {
  var program = executable
  var argv = [executable] + arguments
  if let directory {
    // posix_spawn has no portable chdir: let the shell change directory, then exec.
    program = "/bin/sh"
    argv = ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", directory, executable] + arguments
  }
  let outputPath = NSTemporaryDirectory() + "dnnlab-process-\(UUID().uuidString)"
  defer { unlink(outputPath) }
  var actions = posix_spawn_file_actions_t()
  posix_spawn_file_actions_init(&actions)
  defer { posix_spawn_file_actions_destroy(&actions) }
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
  posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
  posix_spawn_file_actions_adddup2(&actions, 1, 2)
  // Children start with no blocked signals and default dispositions: the test runner
  // blocks some (SIGINT, SIGCHLD) and a terminal test needs Ctrl-C to arrive.
  var attributes = posix_spawnattr_t()
  posix_spawnattr_init(&attributes)
  defer { posix_spawnattr_destroy(&attributes) }
  var emptyMask = sigset_t()
  sigemptyset(&emptyMask)
  var defaults = sigset_t()
  sigemptyset(&defaults)
  for signal in [SIGINT, SIGCHLD, SIGPIPE, SIGTERM, SIGQUIT] { sigaddset(&defaults, signal) }
  posix_spawnattr_setsigmask(&attributes, &emptyMask)
  posix_spawnattr_setsigdefault(&attributes, &defaults)
  posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
  var cArguments = argv.map { strdup($0) } + [nil]
  defer { for a in cArguments { free(a) } }
  var pid: pid_t = 0
  let spawned = posix_spawn(&pid, program, &actions, &attributes, &cArguments, environ)
  guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
  var status: Int32 = 0
  while waitpid(pid, &status, 0) < 0 {
    if errno != EINTR { break }
  }
  let data = FileManager.default.contents(atPath: outputPath) ?? Data()
  // WIFEXITED / WEXITSTATUS by hand (the macros are not imported into Swift).
  let exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
  return (exitStatus, String(decoding: data, as: UTF8.self))
}
