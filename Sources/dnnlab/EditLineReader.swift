@preconcurrency import CLibEdit
import Foundation
import Notebook

#if canImport(Glibc)
  import Glibc
#endif

// libedit's callbacks are C function pointers that cannot capture context, so the
// reader's per-line state lives in globals. Only the main thread reads lines.
nonisolated(unsafe) private var receivedLine: String?
nonisolated(unsafe) private var lineDone = false
nonisolated(unsafe) private var activeCompleter: Completer?
nonisolated(unsafe) private var pendingMatches: [String] = []
nonisolated(unsafe) private var pendingInitialText: String?

private func lineHandler(_ line: UnsafeMutablePointer<CChar>?) {
  if let line {
    receivedLine = String(cString: line)
    free(line)
  } else {
    receivedLine = nil
  }
  lineDone = true
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
  pendingMatches = completion.candidates
  guard !pendingMatches.isEmpty, let text else { return nil }
  return rl_completion_matches(text, matchGenerator)
}

private func insertInitialText() -> Int32 {
  if let text = pendingInitialText {
    pendingInitialText = nil
    rl_insert_text(text)
  }
  return 0
}

/// The terminal line editor: libedit through its readline interface, in callback mode
/// so that Ctrl-C (delivered through `Interrupts`' wake pipe) can cancel the line while
/// `poll` waits for keys. Emacs keys, Up/Down history, Ctrl-R search, TAB completion.
final class EditLineReader: LineReader {
  var completer: Completer? {
    didSet { activeCompleter = completer }
  }

  /// Starts libedit with `history` (oldest first) as the recallable entries.
  init(history: [String]) {
    // libedit must not install its own SIGINT handler (it re-raises to the whole process
    // group); `Interrupts` owns Ctrl-C.
    rl_catch_signals = 0
    rl_readline_name = UnsafePointer(strdup("dnnlab"))
    rl_initialize()
    using_history()
    stifle_history(10_000)
    for entry in history { add_history(entry) }
    rl_attempted_completion_function = attemptCompletion
    rl_completer_word_break_characters = strdup(Completer.wordBreakCharacters)
    rl_completion_append_character = 0
    rl_startup_hook = insertInitialText
  }

  func readLine(prompt: String, initialText: String?) -> LineInput {
    Interrupts.drainWake()
    pendingInitialText = initialText
    lineDone = false
    receivedLine = nil
    let cPrompt = strdup(EditLineReader.markInvisible(prompt))
    defer { free(cPrompt) }
    rl_callback_handler_install(cPrompt, lineHandler)
    // In callback mode the startup hook may not run: insert pre-filled text directly.
    if pendingInitialText != nil {
      _ = insertInitialText()
      rl_redisplay()
    }
    let wake = Interrupts.wakeDescriptor
    while !lineDone {
      var fds = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)]
      if wake >= 0 { fds.append(pollfd(fd: wake, events: Int16(POLLIN), revents: 0)) }
      let ready = poll(&fds, nfds_t(fds.count), -1)
      if ready < 0 {
        if errno == EINTR { continue }
        break
      }
      if fds.count > 1, fds[1].revents & Int16(POLLIN) != 0 {
        Interrupts.drainWake()
        // Discard the typed text and leave the line as it was shown, like a shell.
        rl_replace_line("", 0)
        rl_callback_handler_remove()
        FileHandle.standardOutput.write(Data("^C\n".utf8))
        return .interrupt
      }
      if fds[0].revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 {
        rl_callback_read_char()
      }
    }
    rl_callback_handler_remove()
    guard let line = receivedLine else { return .endOfInput }
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
