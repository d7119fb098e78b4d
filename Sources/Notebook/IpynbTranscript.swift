/// `.ipynb` transcripts: nbformat 4.5 JSON as Jupyter writes it (keys sorted, one-space
/// indent, `source` and `text` split into lines that keep their `\n`), with cell ids,
/// execution counts and outputs as `stream`, `execute_result` and `error`.
///
/// The kernelspec names Python 3, so the transcript opens in Jupyter and can be re-run
/// there under real TensorFlow.
public enum IpynbTranscript {
  public static func render(_ records: [CellRecord]) -> String {
    document(records).serialized(indent: 1) + "\n"
  }

  /// The notebook as a JSON value.
  public static func document(_ records: [CellRecord]) -> JSON {
    .object([
      ("cells", .array(records.enumerated().map { cell($1, index: $0) })),
      (
        "metadata",
        .object([
          (
            "kernelspec",
            .object([
              ("display_name", .string("Python 3")), ("language", .string("python")), ("name", .string("python3")),
            ])
          ),
          ("language_info", .object([("name", .string("python"))])),
        ])
      ),
      ("nbformat", .int(4)),
      ("nbformat_minor", .int(5)),
    ])
  }

  static func cell(_ record: CellRecord, index: Int) -> JSON {
    // Ids must be unique and match ^[a-zA-Z0-9-_]+$ (1–64 characters); position-based
    // ids are stable across rewrites of the same transcript.
    let id = JSON.string("cell-\(index + 1)")
    switch record.kind {
    case .markdown:
      return .object([
        ("cell_type", .string("markdown")), ("id", id), ("metadata", .object([])),
        ("source", lines(record.source)),
      ])
    case .code:
      return .object([
        ("cell_type", .string("code")),
        ("execution_count", record.executionCount.map(JSON.int) ?? .null),
        ("id", id),
        ("metadata", .object([])),
        ("outputs", .array(record.outputs.map { output($0, count: record.executionCount) })),
        ("source", lines(record.source)),
      ])
    }
  }

  static func output(_ output: CellOutput, count: Int?) -> JSON {
    switch output {
    case .stream(let text):
      return .object([("name", .string("stdout")), ("output_type", .string("stream")), ("text", lines(text))])
    case .result(let repr):
      return .object([
        ("data", .object([("text/plain", lines(repr))])),
        ("execution_count", count.map(JSON.int) ?? .null),
        ("metadata", .object([])),
        ("output_type", .string("execute_result")),
      ])
    case .error(let name, let message, let traceback):
      // Jupyter joins traceback entries with newlines: one entry per line.
      let entries = traceback.split(separator: "\n", omittingEmptySubsequences: false).map { JSON.string(String($0)) }
      return .object([
        ("ename", .string(name)), ("evalue", .string(message)), ("output_type", .string("error")),
        ("traceback", .array(entries)),
      ])
    }
  }

  /// Text as nbformat's multiline-string list: each line keeps its `\n`, the last may lack one.
  static func lines(_ text: String) -> JSON {
    var parts: [JSON] = []
    var current = ""
    for c in text.unicodeScalars {
      current.unicodeScalars.append(c)
      if c == "\n" {
        parts.append(.string(current))
        current = ""
      }
    }
    if !current.isEmpty { parts.append(.string(current)) }
    return .array(parts)
  }
}
