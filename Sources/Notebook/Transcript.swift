import Foundation

/// A session's cells with their outputs, saved to a file after every cell.
///
/// The format follows the file name: `.ipynb` gives an nbformat 4.5 notebook, anything
/// else Markdown. Each `append` rewrites the whole file atomically (see `AtomicFile`),
/// so an interrupt or a crash keeps everything shown so far and never leaves a torn file.
public final class TranscriptWriter {
  public enum Format: Sendable {
    case markdown, ipynb

    /// `.ipynb` → `.ipynb`; anything else (`.md`, `.txt`, …) → Markdown.
    public init(path: String) {
      self = path.lowercased().hasSuffix(".ipynb") ? .ipynb : .markdown
    }
  }

  public let path: String
  public let format: Format
  /// Shown at the top of a Markdown transcript (e.g. the notebook's file name).
  public let title: String?
  public private(set) var records: [CellRecord] = []

  /// A writer for `path`; nothing is written until the first `append` (or `flush`).
  public init(path: String, format: Format? = nil, title: String? = nil) {
    self.path = path
    self.format = format ?? Format(path: path)
    self.title = title
  }

  /// Adds a cell and rewrites the file.
  public func append(_ record: CellRecord) throws(AtomicFile.WriteError) {
    records.append(record)
    try flush()
  }

  /// Replaces the cell at `index` (a re-run, or a notebook cell that has now run) and
  /// rewrites the file; an index past the end appends.
  public func update(at index: Int, with record: CellRecord) throws(AtomicFile.WriteError) {
    if index >= 0 && index < records.count {
      records[index] = record
    } else {
      records.append(record)
    }
    try flush()
  }

  /// Replaces the cells and rewrites the file.
  public func replace(with records: [CellRecord]) throws(AtomicFile.WriteError) {
    self.records = records
    try flush()
  }

  /// Writes the current cells.
  public func flush() throws(AtomicFile.WriteError) {
    try AtomicFile.write(Self.render(records, format: format, title: title), to: path)
  }

  /// The file text for `records` in `format`.
  public static func render(_ records: [CellRecord], format: Format, title: String?) -> String {
    switch format {
    case .markdown: return MarkdownTranscript.render(records, title: title)
    case .ipynb: return IpynbTranscript.render(records)
    }
  }
}

/// Markdown transcripts: markdown cells as they are, each code cell's source in a
/// ```` ```python ```` block headed `In [n]:`, and its outputs together in one plain
/// fenced block (streams, then `Out[n]: …`, then the error).
public enum MarkdownTranscript {
  public static func render(_ records: [CellRecord], title: String?) -> String {
    var blocks: [String] = []
    if let title { blocks.append("# \(title)") }
    for record in records {
      switch record.kind {
      case .markdown:
        if !record.source.isEmpty { blocks.append(record.source) }
      case .code:
        let label = record.executionCount.map { "In [\($0)]:" } ?? "In [ ]: (not run)"
        blocks.append("**\(label)**\n\n" + fenced(record.source, language: "python"))
        let output = outputText(record)
        if !output.isEmpty { blocks.append(fenced(output, language: "text")) }
      }
    }
    return blocks.joined(separator: "\n\n") + "\n"
  }

  /// The outputs of a code cell as the terminal showed them.
  public static func outputText(_ record: CellRecord) -> String {
    var text = ""
    for output in record.outputs {
      switch output {
      case .stream(let s):
        text += s
      case .result(let r):
        if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" }
        text += OutputPrompt.text(count: record.executionCount ?? 0, repr: r) + "\n"
      case .error(_, _, let traceback):
        if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" }
        text += traceback + "\n"
      }
    }
    return text.trimmingTrailingNewlines
  }

  /// `text` in a fence longer than any backtick run inside it, so outputs containing
  /// ```` ``` ```` cannot end the block early.
  static func fenced(_ text: String, language: String) -> String {
    var longest = 0
    var run = 0
    for c in text {
      run = c == "`" ? run + 1 : 0
      longest = max(longest, run)
    }
    let fence = String(repeating: "`", count: max(3, longest + 1))
    return fence + language + "\n" + text + "\n" + fence
  }
}

/// How IPython shows a cell's value: `Out[3]: 42`, or `Out[3]:` followed by the repr on
/// its own lines when the repr spans several lines.
public enum OutputPrompt {
  public static func text(count: Int, repr: String) -> String {
    repr.contains("\n") ? "Out[\(count)]:\n\(repr)" : "Out[\(count)]: \(repr)"
  }
}
