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

/// The `dnnlab` executable built next to the tests, if there is one.
func builtExecutable() -> String? {
  if let path = ProcessInfo.processInfo.environment["DNNLAB_BIN"] { return path }
  let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  for configuration in ["release", "debug"] {
    let path = root.path + "/.build/\(configuration)/dnnlab"
    if FileManager.default.isExecutableFile(atPath: path) { return path }
  }
  return nil
}

/// Runs a process to completion and returns its status and combined output.
func runProcess(_ executable: String, _ arguments: [String], directory: String? = nil, environment: [String: String]? = nil)
  throws -> (status: Int32, output: String)
{
  let process = Process()
  process.executableURL = URL(fileURLWithPath: executable)
  process.arguments = arguments
  if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
  if let environment { process.environment = environment }
  let pipe = Pipe()
  process.standardOutput = pipe
  process.standardError = pipe
  process.standardInput = FileHandle.nullDevice
  try process.run()
  let data = pipe.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}
