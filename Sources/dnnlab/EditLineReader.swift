@preconcurrency import CLibEdit
import Foundation
import Notebook

#if canImport(Glibc)
  import Glibc
#endif

// libedit's callbacks are C function pointers that cannot capture context, so the
// reader's state lives in globals. Only the main thread reads lines.
nonisolated(unsafe) private var activeCompleter: Completer?
nonisolated(unsafe) private var pendingMatches: [String] = []
/// Bytes fed to the editor as if typed before the keyboard is read (pre-filled text).
nonisolated(unsafe) private var typeahead: [UInt8] = []
nonisolated(unsafe) private var typeaheadPosition = 0
/// Set when Ctrl-C arrived while reading: the line being returned is to be discarded.
nonisolated(unsafe) private var interruptedWhileReading = false
nonisolated(unsafe) private var wakeDescriptor: Int32 = -1

/// libedit's character source: pre-filled text first, then the keyboard. Ctrl-C comes
/// either as the byte 0x03 (the terminal is in raw mode while editing) or through the
/// wake pipe (a signal from elsewhere); either way it answers with a newline, which ends
/// the line at once, and flags it so the reader discards that line.
private func readCharacter(_ stream: UnsafeMutablePointer<FILE>?) -> Int32 {
  if typeaheadPosition < typeahead.count {
    let byte = typeahead[typeaheadPosition]
    typeaheadPosition += 1
    return Int32(byte)
  }
  while true {
    var fds = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)]
    if wakeDescriptor >= 0 { fds.append(pollfd(fd: wakeDescriptor, events: Int16(POLLIN), revents: 0)) }
    let ready = poll(&fds, nfds_t(fds.count), -1)
    if ready < 0 {
      if errno == EINTR { continue }
      return -1  // EOF
    }
    if fds.count > 1, fds[1].revents & Int16(POLLIN) != 0 {
      Interrupts.drainWake()
      interruptedWhileReading = true
      return Int32(UInt8(ascii: "\n"))
    }
    if fds[0].revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 {
      var byte: UInt8 = 0
      let n = read(STDIN_FILENO, &byte, 1)
      // While editing, libedit's raw mode delivers Ctrl-C as a byte, not a signal.
      if n == 1 && byte == 0x03 {
        interruptedWhileReading = true
        return Int32(UInt8(ascii: "\n"))
      }
      if n == 1 { return Int32(byte) }
      if n < 0 && errno == EINTR { continue }
      return -1  // EOF (-1 is readline's EOF)
    }
  }
}

/// Yields the prepared matches one by one (readline's generator protocol: `state` 0
/// starts over; each returned string is malloc'ed and freed by the library).
private func matchGenerator(_ text: UnsafePointer<CChar>?, _ state: Int32) -> UnsafeMutablePointer<CChar>? {
  let index = Int(state)
  guard index >= 0, index < pendingMatches.count else { return nil }
  return strdup(pendingMatches[index])
}

private func attemptCompletion(_ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32)
  -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
{
  // Never fall back to libedit's file-name completion: the completer knows when files
  // make sense (after %run, %load, %save).
  rl_attempted_completion_over = 1
  guard let completer = activeCompleter, let buffer = rl_line_buffer else { return nil }
  let line = String(cString: buffer)
  let completion = completer.complete(line: line, cursor: Int(rl_point))
  guard let text else { return nil }
  // libedit replaces only its own word (`text`), which may be a suffix of the completer's
  // (a path broken at `-`): drop the extra leading part from every candidate.
  let extra = completion.word.utf8.count - strlen(text)
  pendingMatches = completion.candidates.compactMap { candidate in
    guard extra > 0 else { return candidate }
    let bytes = Array(candidate.utf8)
    return bytes.count >= extra ? String(decoding: bytes[extra...], as: UTF8.self) : nil
  }
  guard !pendingMatches.isEmpty else { return nil }
  return rl_completion_matches(text, matchGenerator)
}

/// The terminal line editor: libedit through its readline interface. Emacs keys,
/// Up/Down history (multi-line cells are one entry), Ctrl-R search, TAB completion.
/// Ctrl-C reaches it through `Interrupts`' wake pipe (libedit's own signal handling is
/// off), and pre-filled text (auto-indent, `%load`) is fed in as typed keys, since
/// libedit clears its buffer when a line starts.
final class EditLineReader: LineReader {
  var completer: Completer? {
    didSet { activeCompleter = completer }
  }

  /// Starts libedit with `history` (oldest first) as the recallable entries.
  init(history: [String]) {
    // libedit must not install its own SIGINT handler (it re-raises to the whole process
    // group); `Interrupts` owns Ctrl-C. The character source must be set before init.
    rl_catch_signals = 0
    rl_getc_function = readCharacter
    rl_readline_name = UnsafePointer(strdup("dnnlab"))
    rl_initialize()
    using_history()
    stifle_history(10_000)
    for entry in history { add_history(entry) }
    rl_attempted_completion_function = attemptCompletion
    rl_completer_word_break_characters = strdup(Completer.wordBreakCharacters)
    rl_completion_append_character = 0
    // Keep the completer's order (keyword arguments first).
    rl_sort_completion_matches = 0
  }

  func readLine(prompt: String, initialText: String?) -> LineInput {
    Interrupts.drainWake()
    wakeDescriptor = Interrupts.wakeDescriptor
    interruptedWhileReading = false
    // A newline in pre-filled text must not end the line: ^V (quoted insert) before it
    // inserts it literally.
    var bytes: [UInt8] = []
    for byte in (initialText ?? "").utf8 {
      if byte == UInt8(ascii: "\n") { bytes.append(0x16) }
      bytes.append(byte)
    }
    typeahead = bytes
    typeaheadPosition = 0
    let line = Notebook_readline(EditLineReader.markInvisible(prompt))
    typeahead = []
    if interruptedWhileReading {
      // The injected newline already moved to a fresh line; the REPL prompts again.
      return .interrupt
    }
    guard let line else { return .endOfInput }
    return .line(line)
  }

  func addHistory(_ entry: String) {
    add_history(entry)
  }

  /// Wraps ANSI colour sequences in readline's "invisible" markers (\001 … \002) so the
  /// editor measures the prompt's width correctly.
  static func markInvisible(_ prompt: String) -> String {
    var out = ""
    var inEscape = false
    for scalar in prompt.unicodeScalars {
      if scalar == "\u{1B}" {
        out += "\u{01}"
        inEscape = true
      }
      out.unicodeScalars.append(scalar)
      if inEscape && scalar == "m" {
        out += "\u{02}"
        inEscape = false
      }
    }
    return out
  }
}

/// `readline(prompt)` as a Swift string (nil at end of input).
private func Notebook_readline(_ prompt: String) -> String? {
  guard let raw = readline(prompt) else { return nil }
  defer { free(raw) }
  return String(cString: raw)
}

/// Reads lines from a pipe or file (`dnnlab < session.py`): prompts are printed, each
/// line is echoed after its prompt so the output reads like a terminal session.
final class PipedLineReader: LineReader {
  var completer: Completer?

  func readLine(prompt: String, initialText: String?) -> LineInput {
    FileHandle.standardOutput.write(Data(prompt.utf8))
    if let initialText {
      FileHandle.standardOutput.write(Data((initialText + "\n").utf8))
      return .line(initialText)
    }
    guard let line = Swift.readLine(strippingNewline: true) else {
      FileHandle.standardOutput.write(Data("\n".utf8))
      return .endOfInput
    }
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
    return .line(line)
  }

  func addHistory(_ entry: String) {}
}

