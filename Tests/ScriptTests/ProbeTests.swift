import Foundation
import Script
import Testing

// Temporary: differential probe driven by /tmp/probe.txt.
@Test func probe() throws {
  guard let text = try? String(contentsOfFile: "/tmp/probe.txt", encoding: .utf8) else { return }
  var out = ""
  let s = Session()
  for snippet in text.components(separatedBy: "\n----\n") {
    do {
      let r = try s.run(snippet)
      out += s.output() + (r.isEmpty ? "" : r + "\n")
    } catch let e as ScriptError {
      out += s.output() + e.rendered() + "\n"
    }
    out += "====\n"
  }
  try out.write(toFile: "/tmp/probe.out", atomically: true, encoding: .utf8)
}
