/// What a line editor returns for one prompt.
public enum LineInput: Equatable, Sendable {
  /// A line the user entered (without its newline; may contain newlines when a
  /// multi-line history entry was recalled or text was pre-filled).
  case line(String)
  /// Ctrl-C: discard what is being typed.
  case interrupt
  /// Ctrl-D on an empty line, or the end of piped input.
  case endOfInput
}

/// The line editor the REPL and step mode read from. The executable implements it on
/// libedit (history, Ctrl-R, TAB completion); tests use `ScriptedLineReader`, so the
/// whole interactive behaviour is exercised without a terminal.
public protocol LineReader: AnyObject {
  /// Shows `prompt` and reads one line. `initialText` is placed in the editing buffer
  /// first, if the editor supports that: code for `%load`, or whitespace for auto-indent
  /// (the line then arrives with that indentation unless the user deleted it).
  func readLine(prompt: String, initialText: String?) -> LineInput
  /// Records a whole cell (possibly several lines) as one history entry.
  func addHistory(_ entry: String)
  /// Called for TAB: the REPL's completer, which the reader asks with the line and the
  /// cursor position. Set by the REPL.
  var completer: Completer? { get set }
}

extension LineReader {
  public func readLine(prompt: String) -> LineInput { readLine(prompt: prompt, initialText: nil) }
}

/// A `LineReader` that replays prepared input and records what it was asked, for tests
/// and for piping a session into `dnnlab` (`dnnlab < session.txt`).
public final class ScriptedLineReader: LineReader {
  private var inputs: [LineInput]
  private var position = 0
  /// Every prompt shown, in order.
  public private(set) var prompts: [String] = []
  /// Every history entry added.
  public private(set) var history: [String] = []
  /// Text offered through `initialText`, in order (what `%load` placed in the buffer).
  public private(set) var initialTexts: [String] = []
  /// Whether a pre-filled buffer is accepted as typed (default true, like pressing Enter
  /// at once); when false, the next scripted input is used instead.
  public var acceptsInitialText = true
  /// Whether each prompt and the line typed at it are written to `echo` (default nil:
  /// off), so a captured session reads like a terminal.
  public var echo: ((String) -> Void)?
  public var completer: Completer?

  /// Replays `inputs`, then reports end of input.
  public init(_ inputs: [LineInput]) { self.inputs = inputs }

  /// Replays `lines`; a line that is exactly `^C` stands for Ctrl-C and `^D` for Ctrl-D.
  public convenience init(lines: [String]) {
    self.init(
      lines.map { line in
        switch line {
        case "^C": return .interrupt
        case "^D": return .endOfInput
        default: return .line(line)
        }
      })
  }

  public func readLine(prompt: String, initialText: String?) -> LineInput {
    prompts.append(prompt)
    // Whitespace-only text is an auto-indent offer; scripted lines carry their own indentation.
    if let initialText, !initialText.allSatisfy(\.isWhitespace) {
      initialTexts.append(initialText)
      if acceptsInitialText {
        echo?(prompt + initialText + "\n")
        return .line(initialText)
      }
    }
    guard position < inputs.count else {
      echo?(prompt + "\n")
      return .endOfInput
    }
    let input = inputs[position]
    position += 1
    switch input {
    case .line(let text): echo?(prompt + text + "\n")
    case .interrupt: echo?(prompt + "^C\n")
    case .endOfInput: echo?(prompt + "\n")
    }
    return input
  }

  public func addHistory(_ entry: String) { history.append(entry) }

  /// What TAB would offer after `text` (the cursor at its end), for tests.
  public func complete(_ text: String) -> Completion? {
    completer?.complete(line: text, cursor: text.utf8.count)
  }
}
