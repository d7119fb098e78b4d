/// Turning a `ScriptError` into the text a learner sees.
extension ScriptError {
  /// The error as a traceback-like text block:
  ///
  ///     Cell In[4], line 1
  ///         f(0)
  ///         ^^^^
  ///     Cell In[3], line 2, in f
  ///         return 1 / x
  ///                ^^^^^
  ///     ZeroDivisionError: division by zero
  ///     Hint: …
  ///
  /// Call sites come first (outermost first), then the culprit. Long chains (deep
  /// recursion) are shortened. The result ends without a newline.
  public func rendered() -> String {
    var lines: [String] = []
    var frames: [(SourceFile?, SourceRange?, String?)] = callers.reversed().map { ($0.file, $0.range, $0.function) }
    frames.append((file, range, function))
    if frames.count > 8 {
      let skipped = frames.count - 6
      frames = Array(frames.prefix(3)) + [(nil, nil, "[... \(skipped) more calls ...]")] + Array(frames.suffix(3))
    }
    for (file, range, function) in frames {
      if file == nil && range == nil {
        if let function, function.hasPrefix("[") { lines.append(function) }
        continue
      }
      lines += ScriptError.excerpt(file: file, range: range, function: function)
    }
    lines.append(summary)
    if let hint { lines.append("Hint: " + hint) }
    return lines.joined(separator: "\n")
  }

  /// Location header, the source line, and carets under `range`.
  static func excerpt(file: SourceFile?, range: SourceRange?, function: String?) -> [String] {
    guard let range else { return file.map { [$0.name] } ?? [] }
    var header = "\(file?.name ?? "<input>"), line \(range.start.line)"
    if let function { header += ", in \(function)" }
    var lines = [header]
    guard let text = file?.line(range.start.line) else { return lines }
    let scalars = Array(text.unicodeScalars)
    var indent = 0
    while indent < scalars.count, scalars[indent] == " " || scalars[indent] == "\t" { indent += 1 }
    let shown = String(String.UnicodeScalarView(scalars[indent...]))
    lines.append("    " + shown)
    let startColumn = max(range.start.column - 1, indent)
    let endColumn =
      range.end.line == range.start.line ? max(range.end.column - 1, startColumn + 1) : max(scalars.count, startColumn + 1)
    let caretStart = startColumn - indent
    let caretCount = max(1, min(endColumn, max(scalars.count, startColumn + 1)) - startColumn)
    lines.append("    " + String(repeating: " ", count: max(0, caretStart)) + String(repeating: "^", count: caretCount))
    return lines
  }
}
