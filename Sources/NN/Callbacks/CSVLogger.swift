import Foundation

/// `CSVLogger(filename, separator=",", append=False)`: writes each epoch's logs as a CSV row,
/// as Keras 3.15 does — a header `epoch` then the log keys in sorted order (with `val_` copies
/// of each key, filled with `NA`, when the first epoch had no validation keys), Python's
/// `repr` of each float, and the `excel` dialect's `\r\n` line ends and minimal quoting.
///
/// Keras opens the file when training begins (emptying it unless `append`) and adds a row at
/// each epoch's end. dnnlab writes the whole file each time through `store`, which the host
/// makes atomic (a temporary file renamed over the old one), so an error or an interrupt never
/// leaves half a row. NN knows nothing of files: `load` reads a file (`nil` when missing) and
/// `store` writes one; both throw the host's errors (`FileNotFoundError`, ...).
public final class CSVLogger: Callback {
  public typealias Load = (_ path: String) throws -> String?
  public typealias Store = (_ path: String, _ contents: String) throws -> Void

  public let filename: String
  /// The field separator; Keras's `sep`. Defaults to `,`. Python's csv module refuses any
  /// string that is not one character when the first row is written.
  public let separator: String
  /// Whether rows go after what the file already holds. Defaults to `false`.
  public let append: Bool
  /// The columns after `epoch`, fixed by the first epoch of each `fit`; `nil` before it.
  public private(set) var keys: [String]?

  private let load: Load
  private let store: Store
  /// What the file holds so far.
  private var contents = ""
  private var appendHeader = true
  private var headerDone = false

  public init(
    filename: String, separator: String = ",", append: Bool = false, load: @escaping Load,
    store: @escaping Store
  ) {
    self.filename = filename
    self.separator = separator
    self.append = append
    self.load = load
    self.store = store
    super.init()
  }

  override func onTrainBegin(_ logs: Logs) {
    failure = nil
    keys = nil
    headerDone = false
    do {
      if append {
        if let existing = try load(filename) {
          // Keras: `not bool(len(f.readline()))`, a header only for an empty file.
          appendHeader = existing.isEmpty
          contents = existing
        } else {
          contents = ""
        }
      } else {
        contents = ""
      }
      try store(filename, contents)
    } catch {
      fail(error)
    }
  }

  override func onEpochEnd(_ epoch: Int, _ logs: inout Logs) {
    guard failure == nil else { return }
    if keys == nil {
      var sorted = logs.keys.sorted {
        Array($0.unicodeScalars.map(\.value)).lexicographicallyPrecedes($1.unicodeScalars.map(\.value))
      }
      if !sorted.isEmpty, !sorted.contains(where: { $0.hasPrefix("val_") }) {
        sorted += sorted.map { "val_" + $0 }
      }
      keys = sorted
    }
    let columns = keys ?? []
    if !headerDone {
      guard separator.unicodeScalars.count == 1 else {
        fail(NNError.type("\"delimiter\" must be a 1-character string"))
        return
      }
      if appendHeader { contents += line(["epoch"] + columns) }
      headerDone = true
    }
    contents += line([String(epoch)] + columns.map { key in logs[key].map(pythonFloat) ?? "NA" })
    do { try store(filename, contents) } catch { fail(error) }
  }

  /// One row in the `excel` dialect: fields holding the separator, a quote or a line break are
  /// quoted (quotes doubled); `\r\n` at the end.
  private func line(_ fields: [String]) -> String {
    let quoted = fields.map { field -> String in
      let needsQuotes =
        field.contains(separator) || field.contains("\"") || field.contains("\r")
        || field.contains("\n")
      guard needsQuotes else { return field }
      return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    return quoted.joined(separator: separator) + "\r\n"
  }
}
