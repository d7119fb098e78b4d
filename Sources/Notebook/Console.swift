import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// ANSI colours in IPython's scheme, or nothing when colour is off.
public struct Style: Sendable {
  /// Whether escape sequences are emitted.
  public var enabled: Bool

  public init(enabled: Bool) { self.enabled = enabled }

  public static let plain = Style(enabled: false)

  /// Colour only when `fd` is a terminal, `NO_COLOR` is unset or empty
  /// (https://no-color.org) and `TERM` is not `dumb`.
  public static func detect(fileDescriptor fd: Int32 = 1, environment: [String: String] = ProcessInfo.processInfo.environment)
    -> Style
  {
    if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .plain }
    if environment["TERM"] == "dumb" { return .plain }
    return Style(enabled: isatty(fd) == 1)
  }

  func wrap(_ text: String, _ code: String) -> String {
    enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
  }

  /// `In [n]: ` — green with a bold number, as IPython.
  public func inPrompt(_ count: Int) -> String {
    wrap("In [", "32") + wrap("\(count)", "1;32") + wrap("]: ", "32")
  }

  /// `   ...: ` aligned under the `In [n]: ` prompt.
  public func continuationPrompt(_ count: Int) -> String {
    let width = "In [\(count)]: ".count
    return wrap(String(repeating: " ", count: max(0, width - 5)) + "...: ", "32")
  }

  /// `Out[n]: ` — red with a bold number.
  public func outPrompt(_ count: Int) -> String {
    wrap("Out[", "31") + wrap("\(count)", "1;31") + wrap("]:", "31")
  }

  public func error(_ text: String) -> String { wrap(text, "1;31") }
  public func dim(_ text: String) -> String { wrap(text, "2") }
  public func bold(_ text: String) -> String { wrap(text, "1") }
  public func heading(_ text: String) -> String { wrap(text, "1;36") }
}

/// Where a command writes: normal output, diagnostics, and the colour style.
/// Tests pass closures that collect text.
public struct Console: @unchecked Sendable {
  // @unchecked: the closures are only called from the thread driving the command and
  // from the interpreter thread while that thread waits.
  public var out: (String) -> Void
  public var err: (String) -> Void
  public var style: Style

  public init(out: @escaping (String) -> Void, err: @escaping (String) -> Void, style: Style = .plain) {
    self.out = out
    self.err = err
    self.style = style
  }

  /// Standard output and standard error, coloured when standard output is a terminal.
  public static func standard() -> Console {
    Console(
      out: { FileHandle.standardOutput.write(Data($0.utf8)) },
      err: { FileHandle.standardError.write(Data($0.utf8)) },
      style: .detect())
  }

  /// A console that appends everything (output and diagnostics, in order) to one buffer.
  public static func collecting(into buffer: TextBuffer, style: Style = .plain) -> Console {
    Console(out: { buffer.append($0) }, err: { buffer.append($0) }, style: style)
  }
}

/// A thread-safe growing string (for tests and captured sessions).
public final class TextBuffer: @unchecked Sendable {
  // @unchecked: every access goes through the lock.
  private let lock = NSLock()
  private var storage = ""

  public init() {}

  public func append(_ text: String) {
    lock.lock()
    storage += text
    lock.unlock()
  }

  public var text: String {
    lock.lock()
    defer { lock.unlock() }
    return storage
  }

  public func clear() {
    lock.lock()
    storage = ""
    lock.unlock()
  }
}

/// The horizontal rule markdown cells are shown under.
enum Rule {
  static func line(width: Int = 72) -> String { String(repeating: "─", count: width) }
}
