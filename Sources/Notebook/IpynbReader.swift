/// Reads the cells of a Jupyter notebook (nbformat 4 JSON). Code and markdown cells are
/// kept, raw cells become markdown (shown, never run); outputs stored in the file are
/// ignored because dnnlab produces its own.
///
/// Every problem is reported with the file and the line: JSON syntax errors at the
/// offending character, structural ones (a cell without `source`) at the cell's `{`.
enum IpynbReader {
  static func cells(from text: String, file: String) throws(NotebookError) -> [NotebookCell] {
    let parsed: (value: JSON, objectLines: [Int])
    do {
      parsed = try JSON.parseLocated(text)
    } catch {
      throw NotebookError(file: file, line: error.line, message: "invalid JSON: \(error.message) (column \(error.column))")
    }
    let root = parsed.value
    guard case .object(let members) = root else {
      throw NotebookError(file: file, line: 1, message: "expected a notebook object at the top, found \(root.kindDescription)")
    }
    if let version = root["nbformat"] {
      guard let major = version.intValue else {
        throw NotebookError(file: file, line: 1, message: "'nbformat' should be a number, found \(version.kindDescription)")
      }
      if major != 4 {
        throw NotebookError(
          file: file, line: 1,
          message: "nbformat \(major) is not supported; dnnlab reads nbformat 4 (re-save the notebook with Jupyter 4.0 or later)")
      }
    }
    // Find the `cells` member and the pre-order index of its first object.
    var objectIndex = 1
    var cellsValue: JSON?
    for (key, value) in members {
      if key == "cells" {
        cellsValue = value
        break
      }
      objectIndex += value.objectCount
    }
    guard let cellsValue else {
      throw NotebookError(file: file, line: 1, message: "the notebook has no 'cells' list (is it an nbformat 4 notebook?)")
    }
    guard case .array(let items) = cellsValue else {
      throw NotebookError(file: file, line: nil, message: "'cells' should be a list, found \(cellsValue.kindDescription)")
    }
    var cells: [NotebookCell] = []
    for (number, item) in items.enumerated() {
      let line = objectIndex < parsed.objectLines.count ? parsed.objectLines[objectIndex] : nil
      objectIndex += item.objectCount
      func fail(_ message: String) -> NotebookError {
        NotebookError(file: file, line: line, message: "cell \(number + 1): \(message)")
      }
      guard case .object = item else { throw fail("expected a cell object, found \(item.kindDescription)") }
      guard let type = item["cell_type"] else { throw fail("missing 'cell_type'") }
      guard let typeName = type.stringValue else { throw fail("'cell_type' should be a string, found \(type.kindDescription)") }
      let kind: NotebookCell.Kind
      switch typeName {
      case "code": kind = .code
      case "markdown", "raw": kind = .markdown
      default: throw fail("unknown cell_type '\(typeName)' (expected code, markdown or raw)")
      }
      guard let source = item["source"] else { throw fail("missing 'source'") }
      let text: String
      switch source {
      case .string(let s): text = s
      case .array(let parts):
        var joined = ""
        for (k, part) in parts.enumerated() {
          guard let s = part.stringValue else {
            throw fail("'source' line \(k + 1) should be a string, found \(part.kindDescription)")
          }
          joined += s
        }
        text = joined
      default: throw fail("'source' should be a string or a list of strings, found \(source.kindDescription)")
      }
      let normalized = text.replacingOccurrences(of: "\r\n", with: "\n")
      let tags = item["metadata"]?["tags"]?.arrayValue?.compactMap(\.stringValue) ?? []
      cells.append(NotebookCell(kind: kind, source: normalized.trimmingTrailingNewlines, line: line ?? 1, tags: tags))
    }
    return cells
  }
}

extension String {
  var trimmingTrailingNewlines: String {
    var s = Substring(self)
    while s.last == "\n" { s = s.dropLast() }
    return String(s)
  }
}
