/// Jupytext's percent format: a Python script whose cells start at `# %%` lines.
///
///     # %% [markdown]
///     # # Lesson 1
///     # Load the data.
///
///     # %% Load
///     from keras.datasets import mnist
///
/// - `# %%` (or `#%%`) starts a code cell; text after it is the title, and a `[markdown]`
///   (or `[md]`) tag makes a markdown cell whose lines drop their `# ` (or `#`) prefix.
///   `[raw]` cells are kept as markdown text (shown, never run).
/// - `key=value` cell metadata after the marker (`tags=["parameters"]`) is not part of the title.
/// - Text before the first marker is a code cell, except Jupytext's `# ---` YAML header;
///   a file without any marker is one code cell.
/// - Blank lines at the start and end of each cell are dropped (Jupytext separates cells
///   with one blank line).
public enum PercentFormat {
  /// The cells of a percent-format script. Never fails: any text is a valid script.
  public static func cells(from text: String) -> [NotebookCell] {
    let lines = normalizedLines(text)
    var cells: [NotebookCell] = []
    var current: PendingCell?
    var index = 0
    if let headerEnd = jupytextHeaderEnd(lines) { index = headerEnd }
    // Text before the first marker is an unnamed code cell.
    current = PendingCell(kind: .code, title: nil, tags: [], line: index + 1)

    func finish(_ cell: PendingCell?, isFirst: Bool) {
      guard let cell else { return }
      var body = cell.body
      if cell.kind == .markdown { body = body.map(uncomment) }
      var firstKept = 0
      while firstKept < body.count, body[firstKept].allSatisfy(\.isWhitespace) { firstKept += 1 }
      var end = body.count
      while end > firstKept, body[end - 1].allSatisfy(\.isWhitespace) { end -= 1 }
      // The implicit cell before the first marker only exists if it has content.
      if isFirst && firstKept == end { return }
      cells.append(
        NotebookCell(
          kind: cell.kind, source: body[firstKept..<end].joined(separator: "\n"), title: cell.title,
          line: cell.line + (isFirst ? firstKept : 0), tags: cell.tags))
    }

    var sawMarker = false
    while index < lines.count {
      let line = lines[index]
      if let marker = parseMarker(line) {
        finish(current, isFirst: !sawMarker)
        sawMarker = true
        current = PendingCell(kind: marker.kind, title: marker.title, tags: marker.tags, line: index + 1)
      } else {
        current?.body.append(line)
      }
      index += 1
    }
    finish(current, isFirst: !sawMarker)
    return cells
  }

  /// Lines with `\r\n` and `\r` line ends normalised and a final newline ignored.
  static func normalizedLines(_ text: String) -> [String] {
    let unified = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    var lines = unified.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if lines.last == "" { lines.removeLast() }
    return lines
  }

  /// The index of the first line after a Jupytext YAML header (`# ---` … `# ---` at the
  /// very top), or nil when there is none.
  static func jupytextHeaderEnd(_ lines: [String]) -> Int? {
    guard let first = lines.first, first.trimmingTrailingSpaces == "# ---" else { return nil }
    for k in 1..<max(1, lines.count) where lines[k].trimmingTrailingSpaces == "# ---" {
      return k + 1
    }
    return nil
  }

  /// A cell being collected.
  struct PendingCell {
    var kind: NotebookCell.Kind
    var title: String?
    var tags: [String]
    var line: Int
    var body: [String] = []
  }

  /// The cell kind, title and tags of a `# %%` line, or nil for any other line.
  static func parseMarker(_ line: String) -> (kind: NotebookCell.Kind, title: String?, tags: [String])? {
    var rest: Substring
    if line.hasPrefix("# %%") {
      rest = line.dropFirst(4)
    } else if line.hasPrefix("#%%") {
      rest = line.dropFirst(3)
    } else {
      return nil
    }
    // `# %%%` or `# %%foo` are ordinary comments.
    if let c = rest.first, !c.isWhitespace { return nil }
    // `tags=["parameters", "x"]` may contain spaces: cut it out before splitting words.
    var tags: [String] = []
    if let start = rest.range(of: "tags=["), let close = rest[start.upperBound...].firstIndex(of: "]") {
      let list = rest[rest.index(before: start.upperBound)...close]
      if case .array(let items)? = try? JSON.parse(String(list)) { tags = items.compactMap(\.stringValue) }
      rest = rest[..<start.lowerBound] + rest[rest.index(after: close)...]
    }
    var kind = NotebookCell.Kind.code
    var words: [Substring] = []
    for word in rest.split(whereSeparator: \.isWhitespace) {
      let lower = word.lowercased()
      if lower == "[markdown]" || lower == "[md]" || lower == "[raw]" {
        kind = .markdown
      } else if word.contains("=") && !word.hasPrefix("=") {
        continue  // cell metadata such as tags=["parameters"]
      } else {
        words.append(word)
      }
    }
    let title = words.joined(separator: " ")
    return (kind, title.isEmpty ? nil : title, tags)
  }

  /// A markdown line without its comment prefix: `# text` → `text`, `#` → ``.
  static func uncomment(_ line: String) -> String {
    if line.hasPrefix("# ") { return String(line.dropFirst(2)) }
    if line.hasPrefix("#") { return String(line.dropFirst(1)) }
    return line
  }

  /// A percent-format script for `cells` (used by `%save FILE.py`).
  public static func text(for cells: [NotebookCell]) -> String {
    var parts: [String] = []
    for cell in cells {
      switch cell.kind {
      case .code:
        var header = cell.title.map { "# %% \($0)" } ?? "# %%"
        if !cell.tags.isEmpty {
          header += " tags=" + JSON.array(cell.tags.map(JSON.string)).compactText
        }
        parts.append(header + "\n" + cell.source)
      case .markdown:
        let body = cell.source.split(separator: "\n", omittingEmptySubsequences: false)
          .map { $0.isEmpty ? "#" : "# " + $0 }.joined(separator: "\n")
        parts.append("# %% [markdown]\n" + body)
      }
    }
    return parts.joined(separator: "\n\n") + "\n"
  }
}

extension String {
  var trimmingTrailingSpaces: String {
    var s = Substring(self)
    while let last = s.last, last.isWhitespace { s = s.dropLast() }
    return String(s)
  }
}
