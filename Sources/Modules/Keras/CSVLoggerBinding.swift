import Foundation
import NN
import Script

/// The files behind `keras.callbacks.CSVLogger`: reading what an `append=True` logger continues,
/// and writing the whole log atomically (a temporary file in the same folder renamed over the
/// old one), with Python's errors for paths that cannot be opened.
enum CSVLoggerFiles {
  /// The file's text, or `nil` when there is no file (Keras then starts a new one).
  static func load(_ path: String) throws -> String? {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
    if isDirectory.boolValue {
      throw ScriptError(ErrorKind("IsADirectoryError"), "[Errno 21] Is a directory: '\(path)'")
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ScriptError(ErrorKind("PermissionError"), "[Errno 13] Permission denied: '\(path)'")
    }
    return String(decoding: data, as: UTF8.self)
  }

  /// Replaces the file's contents with `text` in one step.
  static func store(_ path: String, _ text: String) throws {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
      throw ScriptError(ErrorKind("IsADirectoryError"), "[Errno 21] Is a directory: '\(path)'")
    }
    let folder = (path as NSString).deletingLastPathComponent
    if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
      throw ScriptError(ErrorKind("FileNotFoundError"), "[Errno 2] No such file or directory: '\(path)'")
    }
    do {
      try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
      throw ScriptError(ErrorKind("OSError"), "cannot write '\(path)': \(error.localizedDescription)")
    }
  }
}
