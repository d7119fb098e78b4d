/// An error reading or writing a model file. It names the file and the part of it at fault
/// (`config.json: layers[2]`, `model.weights.h5: layers/dense/vars/0`) and carries the Python
/// exception Keras raises for the same problem, so the script layer can show the familiar name.
public struct ModelFileError: Error, CustomStringConvertible, Equatable, Sendable {
  public enum Kind: String, Sendable {
    /// A file that exists but whose content is wrong (bad shape, unknown class, broken JSON).
    case valueError = "ValueError"
    /// The file cannot be opened, read or written (missing, truncated, not a zip).
    case osError = "OSError"
    /// A missing file, as Python reports it.
    case fileNotFoundError = "FileNotFoundError"
    /// A feature Keras has and dnnlab does not (regularizers, EMA, custom layers).
    case notImplementedError = "NotImplementedError"
    case typeError = "TypeError"
  }

  public let kind: Kind
  /// The whole message, already prefixed with the file and part.
  public let message: String
  /// How to fix it; `nil` when nothing useful can be said.
  public let hint: String?

  public init(_ kind: Kind, _ message: String, hint: String? = nil) {
    self.kind = kind
    self.message = message
    self.hint = hint
  }

  public var description: String {
    if let hint { return "\(kind.rawValue): \(message)\nHint: \(hint)" }
    return "\(kind.rawValue): \(message)"
  }

  /// An error about `part` of `file`: "`file` (part): message".
  static func at(
    _ file: String, _ part: String?, _ kind: Kind = .valueError, _ message: String, hint: String? = nil
  ) -> ModelFileError {
    let place = part.map { "\(file) [\($0)]" } ?? file
    return ModelFileError(kind, "\(place): \(message)", hint: hint)
  }
}

/// Where an error is: the file on disk, and the member of the archive being read. Readers
/// pass one down so every message names both without threading two strings everywhere.
struct FilePlace: Sendable {
  /// The path the user gave (`model.keras`).
  var file: String
  /// The member inside it (`config.json`, `model.weights.h5`), or `nil` for a bare `.weights.h5`.
  var member: String?

  /// An error about `part` (a JSON path or HDF5 path) of this place.
  func error(
    _ part: String?, _ message: String, kind: ModelFileError.Kind = .valueError, hint: String? = nil
  ) -> ModelFileError {
    let inside = [member, part].compactMap { $0 }.joined(separator: ": ")
    return ModelFileError.at(file, inside.isEmpty ? nil : inside, kind, message, hint: hint)
  }
}
