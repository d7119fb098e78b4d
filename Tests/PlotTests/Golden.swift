import Foundation
import Testing

/// Compares a drawing with its golden file in `Fixtures/`; with `RECORD=1` in the environment it
/// writes the file instead and fails, so a re-recording is never mistaken for a pass.
func assertGolden(_ name: String, _ actual: String, sourceLocation: SourceLocation = #_sourceLocation) {
  let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures").appendingPathComponent(name + ".txt")
  let text = actual + "\n"
  if ProcessInfo.processInfo.environment["RECORD"] == "1" {
    try? FileManager.default.createDirectory(
      at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try? text.write(to: url, atomically: true, encoding: .utf8)
    Issue.record("recorded \(name).txt; run again without RECORD=1", sourceLocation: sourceLocation)
    return
  }
  guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
    Issue.record("no golden file \(name).txt: run with RECORD=1 to record it\n\(text)", sourceLocation: sourceLocation)
    return
  }
  guard expected != text else { return }
  Issue.record("\(name) differs from its golden file:\n\(lineDiff(expected, text))", sourceLocation: sourceLocation)
}

/// The differing lines, numbered, expected (`-`) above actual (`+`); at most 12 of them.
func lineDiff(_ expected: String, _ actual: String) -> String {
  let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
  let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
  var out: [String] = []
  for i in 0..<max(e.count, a.count) {
    let x = i < e.count ? String(e[i]) : "<missing>", y = i < a.count ? String(a[i]) : "<missing>"
    if x != y {
      out.append(String(format: "%4d - ", i + 1) + x)
      out.append(String(format: "%4d + ", i + 1) + y)
    }
    if out.count >= 24 { break }
  }
  return out.joined(separator: "\n")
}
