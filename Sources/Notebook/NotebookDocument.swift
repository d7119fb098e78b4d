import Foundation

/// One cell of a notebook: code to run, or markdown to show.
public struct NotebookCell: Equatable, Sendable {
  public enum Kind: String, Equatable, Sendable {
    case code, markdown
  }

  public var kind: Kind
  /// The cell's text without the percent-format marker line or the markdown `# ` prefixes;
  /// no trailing newline.
  public var source: String
  /// The title after `# %%` (`# %% Load the data`), if any.
  public var title: String?
  /// The 1-based line in the file where the cell starts (the marker line, or the cell's
  /// position in an `.ipynb`), for messages.
  public var line: Int
  /// Cell tags (`parameters` marks the cell after which `-p` values are applied again).
  public var tags: [String]

  public init(kind: Kind, source: String, title: String? = nil, line: Int = 1, tags: [String] = []) {
    self.kind = kind
    self.source = source
    self.title = title
    self.line = line
    self.tags = tags
  }

  /// Whether the cell has nothing to run or show (only blank lines).
  public var isBlank: Bool { source.allSatisfy { $0.isWhitespace } }
}

/// A notebook file's cells in order.
public struct NotebookDocument: Equatable, Sendable {
  /// The file the cells came from (for messages and the transcript's name).
  public var path: String
  public var cells: [NotebookCell]

  public init(path: String, cells: [NotebookCell]) {
    self.path = path
    self.cells = cells
  }

  /// The code cells, in order.
  public var codeCells: [NotebookCell] { cells.filter { $0.kind == .code } }

  /// Reads a notebook: `.ipynb` as nbformat 4 JSON, anything else as a Jupytext
  /// percent-format script (a script without `# %%` markers is one code cell).
  public static func load(path: String) throws(NotebookError) -> NotebookDocument {
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "does not exist"
      throw NotebookError(file: path, line: nil, message: "the file \(reason)")
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw NotebookError(file: path, line: nil, message: "the file is not UTF-8 text")
    }
    return try parse(text, path: path)
  }

  /// Parses notebook text, choosing the format from `path`'s extension.
  public static func parse(_ text: String, path: String) throws(NotebookError) -> NotebookDocument {
    if path.lowercased().hasSuffix(".ipynb") {
      return NotebookDocument(path: path, cells: try IpynbReader.cells(from: text, file: path))
    }
    return NotebookDocument(path: path, cells: PercentFormat.cells(from: text))
  }
}

/// A notebook that cannot be read: the file, the line when known, and what is wrong.
public struct NotebookError: Error, Equatable, Sendable, CustomStringConvertible {
  public var file: String
  public var line: Int?
  public var message: String

  public init(file: String, line: Int?, message: String) {
    self.file = file
    self.line = line
    self.message = message
  }

  /// `lesson.ipynb, line 12: expected ',' or '}' in an object`.
  public var description: String {
    if let line { return "\(file), line \(line): \(message)" }
    return "\(file): \(message)"
  }
}
