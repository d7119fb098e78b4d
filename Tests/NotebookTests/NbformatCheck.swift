import Foundation
import Notebook
import Testing

/// Checks a notebook file against the nbformat 4.5 schema's rules for what dnnlab writes
/// (top level, cells with ids, the output types), then, where a Python with the `nbformat`
/// package is found, with `nbformat.validate` itself. Failures are recorded as issues.
///
/// The structural part always runs, so a missing Python never leaves a transcript unchecked.
func expectValidNbformat45(at path: String, sourceLocation: SourceLocation = #_sourceLocation) {
  let problems: [String]
  do {
    let json = try JSON.parse(String(contentsOfFile: path, encoding: .utf8))
    problems = NbformatCheck.problems(in: json)
  } catch {
    Issue.record("\(path) is not JSON: \(error)", sourceLocation: sourceLocation)
    return
  }
  if !problems.isEmpty {
    let list = problems.joined(separator: "\n")
    Issue.record("\(path) breaks nbformat 4.5:\n\(list)", sourceLocation: sourceLocation)
  }
  guard let (status, output) = NbformatCheck.validateWithPython(path) else { return }
  #expect(status == 0, "nbformat.validate rejected \(path):\n\(output)", sourceLocation: sourceLocation)
  #expect(output.hasSuffix("4 5\n"), "\(output)", sourceLocation: sourceLocation)
}

enum NbformatCheck {
  /// A `python3` that can `import nbformat` — the system ones, then every one on `PATH`
  /// (a pyenv or venv Python may have it when /usr/bin/python3 does not) — or nil when
  /// there is none; found once per test run.
  static let pythonWithNbformat: String? = {
    var candidates = ["/usr/bin/python3", "/usr/local/bin/python3"]
    for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
      candidates.append("\(dir)/python3")
    }
    return candidates.first { path in
      FileManager.default.isExecutableFile(atPath: path)
        && (try? runProcess(path, ["-c", "import nbformat"]))?.status == 0
    }
  }()

  /// Runs `nbformat.read` and `nbformat.validate` on `path`: the exit status and output
  /// (`4 5` when valid), or nil when no Python has the package.
  static func validateWithPython(_ path: String) -> (status: Int32, output: String)? {
    guard let python = pythonWithNbformat else { return nil }
    let script =
      "import nbformat, sys; nb = nbformat.read(sys.argv[1], as_version=4); nbformat.validate(nb); "
      + "print(nb.nbformat, nb.nbformat_minor)"
    do {
      return try runProcess(python, ["-c", script, path])
    } catch {
      return (-1, "could not run \(python): \(error)")
    }
  }

  /// Every rule of the nbformat 4.5 schema that `json` breaks (empty when valid), for
  /// the parts dnnlab writes: no unknown keys, required keys present with the right types.
  static func problems(in json: JSON) -> [String] {
    var out: [String] = []
    guard case .object(let top) = json else { return ["the top level is not an object"] }
    out += unexpectedKeys(top, allowed: ["nbformat", "nbformat_minor", "metadata", "cells"], at: "notebook")
    if json["nbformat"]?.intValue != 4 { out.append("nbformat is not 4") }
    if json["nbformat_minor"]?.intValue != 5 { out.append("nbformat_minor is not 5") }
    if !isObject(json["metadata"]) { out.append("metadata is not an object") }
    guard let cells = json["cells"]?.arrayValue else { return out + ["cells is not an array"] }
    var ids = Set<String>()
    for (i, cell) in cells.enumerated() {
      let at = "cells[\(i)]"
      guard case .object(let members) = cell else {
        out.append("\(at) is not an object")
        continue
      }
      if let id = cell["id"]?.stringValue {
        let allowed = id.unicodeScalars.allSatisfy {
          $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_")
        }
        if id.isEmpty || id.count > 64 || !allowed {
          out.append("\(at).id \(id) is not 1-64 of [a-zA-Z0-9-_]")
        }
        if !ids.insert(id).inserted { out.append("\(at).id \(id) is not unique") }
      } else {
        out.append("\(at) has no string id (required since 4.5)")
      }
      if !isObject(cell["metadata"]) { out.append("\(at).metadata is not an object") }
      if !isMultilineString(cell["source"]) { out.append("\(at).source is not a string or list of strings") }
      switch cell["cell_type"]?.stringValue {
      case "code":
        out += unexpectedKeys(
          members, allowed: ["id", "cell_type", "metadata", "source", "outputs", "execution_count"], at: at)
        if !isCount(cell["execution_count"]) { out.append("\(at).execution_count is not an integer or null") }
        guard let outputs = cell["outputs"]?.arrayValue else {
          out.append("\(at).outputs is not an array")
          continue
        }
        for (j, output) in outputs.enumerated() {
          out += problems(inOutput: output, at: "\(at).outputs[\(j)]")
        }
      case "markdown", "raw":
        out += unexpectedKeys(
          members, allowed: ["id", "cell_type", "metadata", "source", "attachments"], at: at)
      default:
        out.append("\(at).cell_type is not code, markdown or raw")
      }
    }
    return out
  }

  private static func problems(inOutput output: JSON, at: String) -> [String] {
    guard case .object(let members) = output else { return ["\(at) is not an object"] }
    var out: [String] = []
    switch output["output_type"]?.stringValue {
    case "stream":
      out += unexpectedKeys(members, allowed: ["output_type", "name", "text"], at: at)
      if !["stdout", "stderr"].contains(output["name"]?.stringValue ?? "") {
        out.append("\(at).name is not stdout/stderr")
      }
      if !isMultilineString(output["text"]) { out.append("\(at).text is not a string or list of strings") }
    case "execute_result":
      out += unexpectedKeys(members, allowed: ["output_type", "execution_count", "data", "metadata"], at: at)
      if !isCount(output["execution_count"]) { out.append("\(at).execution_count is not an integer or null") }
      out += problems(inBundle: output, at: at)
    case "display_data":
      out += unexpectedKeys(members, allowed: ["output_type", "data", "metadata", "transient"], at: at)
      out += problems(inBundle: output, at: at)
    case "error":
      out += unexpectedKeys(members, allowed: ["output_type", "ename", "evalue", "traceback"], at: at)
      if output["ename"]?.stringValue == nil { out.append("\(at).ename is not a string") }
      if output["evalue"]?.stringValue == nil { out.append("\(at).evalue is not a string") }
      if output["traceback"]?.arrayValue?.allSatisfy({ $0.stringValue != nil }) != true {
        out.append("\(at).traceback is not a list of strings")
      }
    default:
      out.append("\(at).output_type is not stream, execute_result, display_data or error")
    }
    return out
  }

  /// `data` is a MIME bundle: text types hold (lists of) strings; `metadata` is an object.
  private static func problems(inBundle output: JSON, at: String) -> [String] {
    var out: [String] = []
    if !isObject(output["metadata"]) { out.append("\(at).metadata is not an object") }
    guard case .object(let bundle)? = output["data"] else { return out + ["\(at).data is not an object"] }
    for (mime, value) in bundle where mime.hasPrefix("text/") || mime == "image/png" {
      if !isMultilineString(value) { out.append("\(at).data[\(mime)] is not a string or list of strings") }
    }
    return out
  }

  private static func unexpectedKeys(_ members: [(String, JSON)], allowed: Set<String>, at: String)
    -> [String]
  {
    members.map(\.0).filter { !allowed.contains($0) }.map { "\(at) has an unexpected key \($0)" }
  }

  private static func isObject(_ value: JSON?) -> Bool {
    if case .object? = value { return true }
    return false
  }

  private static func isCount(_ value: JSON?) -> Bool {
    if value == .null { return true }
    return (value?.intValue).map { $0 >= 0 } ?? false
  }

  private static func isMultilineString(_ value: JSON?) -> Bool {
    if value?.stringValue != nil { return true }
    return value?.arrayValue?.allSatisfy { $0.stringValue != nil } ?? false
  }
}
