/// Turns text written for a terminal into what a reader of a file should see.
///
/// Progress bars redraw in place with `\r` and backspaces and may be coloured; a
/// transcript keeps only what was left on screen: the final state of each line, without
/// control characters or ANSI escape sequences. The rules follow Jupyter's stream
/// rendering (`fixCarriageReturn`, `fixBackspace`), so a transcript reads like the
/// notebook would:
/// - `\r\n` is a newline; a lone `\r` returns to the line start and later text overwrites;
/// - `\b` erases the character before the cursor;
/// - `ESC [ … K` clears to the end of the line (`2K` the whole line); other CSI and OSC
///   sequences (colours, cursor moves, titles) are dropped;
/// - other control characters except `\n` and `\t` are dropped.
public enum TerminalText {
  public static func clean(_ text: String) -> String {
    // Fast path: nothing to interpret.
    if !text.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" && $0 != "\t" || $0.value == 0x7F }) {
      return text
    }
    var done = String.UnicodeScalarView()
    var line: [Unicode.Scalar] = []
    var cursor = 0
    let scalars = Array(text.unicodeScalars)
    var i = 0

    func put(_ s: Unicode.Scalar) {
      // After an erase the cursor may sit past the text: fill the gap with spaces.
      while line.count < cursor { line.append(" ") }
      if cursor < line.count {
        line[cursor] = s
      } else {
        line.append(s)
      }
      cursor += 1
    }

    while i < scalars.count {
      let s = scalars[i]
      i += 1
      switch s {
      case "\n":
        done.append(contentsOf: line)
        done.append("\n")
        line.removeAll(keepingCapacity: true)
        cursor = 0
      case "\r":
        if i < scalars.count, scalars[i] == "\n" { continue }  // \r\n is a newline
        cursor = 0
      case "\u{08}":
        if cursor > 0 {
          if cursor - 1 < line.count { line.remove(at: cursor - 1) }
          cursor -= 1
        }
      case "\t":
        put(s)
      case "\u{1B}":
        i = skipEscape(scalars, from: i, line: &line, cursor: cursor)
      default:
        if s.value < 0x20 || s.value == 0x7F { continue }
        put(s)
      }
    }
    done.append(contentsOf: line)
    return String(done)
  }

  /// Skips the escape sequence starting after an ESC at `start`; applies erase-in-line.
  /// Returns the index after the sequence.
  static func skipEscape(_ scalars: [Unicode.Scalar], from start: Int, line: inout [Unicode.Scalar], cursor: Int)
    -> Int
  {
    guard start < scalars.count else { return start }
    var i = start
    switch scalars[i] {
    case "[":
      // CSI: parameters and intermediates, then one final byte in @…~.
      i += 1
      var parameters = ""
      while i < scalars.count, !(0x40...0x7E).contains(scalars[i].value) {
        parameters.unicodeScalars.append(scalars[i])
        i += 1
      }
      guard i < scalars.count else { return i }
      if scalars[i] == "K" {
        switch parameters {
        case "", "0": if cursor < line.count { line.removeSubrange(cursor...) }
        case "2": line.removeAll()
        default: break
        }
      }
      return i + 1
    case "]":
      // OSC: until BEL or ESC \.
      i += 1
      while i < scalars.count {
        if scalars[i] == "\u{07}" { return i + 1 }
        if scalars[i] == "\u{1B}", i + 1 < scalars.count, scalars[i + 1] == "\\" { return i + 2 }
        i += 1
      }
      return i
    default:
      // Two-character escapes (ESC 7, ESC =, …).
      return i + 1
    }
  }
}
