#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where progress bars, summaries and warnings go. A notebook session installs its own
/// sink to capture the text; the default writes to standard output.
public protocol OutputSink: AnyObject, Sendable {
  /// Writes `text` exactly (no newline is added).
  func write(_ text: String)
  /// Whether the text goes to a terminal: progress bars then redraw in place with `\r`
  /// and carry colour codes; otherwise only each epoch's final bar line is written.
  var isTerminal: Bool { get }
  /// Width of the display in columns (Keras sizes `summary()` from it); 80 when unknown.
  var columns: Int { get }
  /// Shows a warning through the host's warning filters (Python's `warnings`), returning
  /// false when the sink has none; `place` identifies where it comes from.
  func showWarning(_ text: String, category: String, place: String) -> Bool
}

extension OutputSink {
  public var columns: Int { 80 }
  public func showWarning(_ text: String, category: String, place: String) -> Bool { false }
}

/// Standard output, unbuffered per write; a terminal when stdout is a TTY.
public final class StandardOutputSink: OutputSink, @unchecked Sendable {
  public let isTerminal: Bool

  public init() { isTerminal = isatty(1) != 0 }

  public var columns: Int {
    guard isTerminal else { return 80 }
    var ws = winsize()
    if ioctl(1, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0 { return Int(ws.ws_col) }
    return 80
  }

  public func write(_ text: String) {
    var t = text
    t.withUTF8 { buf in
      var p = buf.baseAddress
      var left = buf.count
      while left > 0, let base = p {
        let n = Glibc.write(1, base, left)
        if n <= 0 { break }
        left -= n
        p = base + n
      }
    }
  }
}

/// Collects everything written, for tests and transcripts.
public final class StringSink: OutputSink, @unchecked Sendable {
  public private(set) var text = ""
  public let isTerminal: Bool
  public let columns: Int

  public init(isTerminal: Bool = false, columns: Int = 80) {
    self.isTerminal = isTerminal
    self.columns = columns
  }

  public func write(_ text: String) { self.text += text }

  /// Empties the collected text.
  public func clear() { text = "" }
}
