import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The persistent REPL history, `~/.dnnlab_history` by default: one entry per line, a
/// multi-line cell kept as one entry by writing its newlines as `\n` (and backslashes
/// as `\\`).
///
/// Entries are appended with `O_APPEND`, so two sessions writing at once interleave
/// whole entries instead of overwriting each other; the file is trimmed to
/// `maximumEntries` (default 10,000) when loaded, by an atomic rewrite.
public final class HistoryFile {
  public let path: String
  public let maximumEntries: Int

  public init(path: String, maximumEntries: Int = 10_000) {
    self.path = path
    self.maximumEntries = maximumEntries
  }

  /// `~/.dnnlab_history` (or under `$HOME`); nil when there is no home directory.
  public static func standardPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
    if let home = environment["HOME"], !home.isEmpty { return home + "/.dnnlab_history" }
    return nil
  }

  /// The stored entries, oldest first; empty when the file does not exist or is unreadable.
  public func load() -> [String] {
    guard let data = FileManager.default.contents(atPath: path) else { return [] }
    let text = String(decoding: data, as: UTF8.self)
    var entries = text.split(separator: "\n", omittingEmptySubsequences: true).map { HistoryFile.decode(String($0)) }
    if entries.count > maximumEntries {
      entries.removeFirst(entries.count - maximumEntries)
      try? AtomicFile.write(entries.map { HistoryFile.encode($0) + "\n" }.joined(), to: path)
    }
    return entries
  }

  /// Appends one entry (best effort: history is a convenience, never an error).
  public func append(_ entry: String) {
    guard !entry.isEmpty else { return }
    let line = Array((HistoryFile.encode(entry) + "\n").utf8)
    let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
    guard fd >= 0 else { return }
    line.withUnsafeBytes { buffer in
      if let base = buffer.baseAddress { _ = AtomicFile.systemWrite(fd, base, buffer.count) }
    }
    close(fd)
  }

  /// One entry as one line.
  public static func encode(_ entry: String) -> String {
    var out = ""
    for c in entry.unicodeScalars {
      switch c {
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      default: out.unicodeScalars.append(c)
      }
    }
    return out
  }

  /// The entry a line stands for (unknown escapes are kept as written).
  public static func decode(_ line: String) -> String {
    var out = String.UnicodeScalarView()
    var escaped = false
    for c in line.unicodeScalars {
      if escaped {
        switch c {
        case "n": out.append("\n")
        case "r": out.append("\r")
        case "\\": out.append("\\")
        default:
          out.append("\\")
          out.append(c)
        }
        escaped = false
      } else if c == "\\" {
        escaped = true
      } else {
        out.append(c)
      }
    }
    if escaped { out.append("\\") }
    return String(out)
  }
}
