import Foundation
import Script
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

// The signal handler may only do async-signal-safe things: it writes one byte to a pipe.
// These are plain globals with constant initialisers (statically initialised, so the
// handler never triggers Swift's lazy global initialisation).
nonisolated(unsafe) private var signalPipeWrite: Int32 = -1

private func handleSigint(_ signal: Int32) {
  var byte: UInt8 = 3
  _ = write(signalPipeWrite, &byte, 1)
}

/// Ctrl-C for the whole program.
///
/// SIGINT writes a byte to a pipe; a watcher thread reads it and (1) asks the current
/// interpreter to stop (`requestInterrupt()`: a running cell ends with
/// `KeyboardInterrupt` at its next loop iteration or batch boundary, and a stale request
/// is cleared when the next cell starts) and (2) wakes the line editor through a second
/// pipe, which cancels the line being typed. Nothing depends on which thread the signal
/// lands on.
enum Interrupts {
  private static let state = Mutex<State>(State())

  private struct State {
    var interpreter: Interpreter?
    var wakeRead: Int32 = -1
    var wakeWrite: Int32 = -1
    var installed = false
  }

  /// The read end of the pipe that becomes readable on Ctrl-C (for `poll` in the line
  /// editor); -1 before `install`.
  static var wakeDescriptor: Int32 { state.withLock { $0.wakeRead } }

  /// Installs the SIGINT handler and the watcher thread (once).
  static func install() {
    let alreadyInstalled = state.withLock { s -> Bool in
      if s.installed { return true }
      s.installed = true
      return false
    }
    if alreadyInstalled { return }
    var signalPipe: [Int32] = [-1, -1]
    var wakePipe: [Int32] = [-1, -1]
    guard pipe(&signalPipe) == 0, pipe(&wakePipe) == 0 else { return }
    for fd in signalPipe + wakePipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    // The wake pipe is drained without blocking.
    _ = fcntl(wakePipe[0], F_SETFL, fcntl(wakePipe[0], F_GETFL) | O_NONBLOCK)
    _ = fcntl(wakePipe[1], F_SETFL, fcntl(wakePipe[1], F_GETFL) | O_NONBLOCK)
    state.withLock {
      $0.wakeRead = wakePipe[0]
      $0.wakeWrite = wakePipe[1]
    }
    signalPipeWrite = signalPipe[1]
    let readEnd = signalPipe[0]
    let thread = Thread {
      var buffer = [UInt8](repeating: 0, count: 64)
      while true {
        let n = read(readEnd, &buffer, buffer.count)
        if n < 0 && errno == EINTR { continue }
        if n <= 0 { return }
        let (interpreter, wake) = state.withLock { ($0.interpreter, $0.wakeWrite) }
        interpreter?.requestInterrupt()
        var byte: UInt8 = 3
        _ = write(wake, &byte, 1)
      }
    }
    thread.name = "dnnlab-sigint"
    thread.start()

    // A parent may have started us with SIGINT blocked (test runners, some launchers);
    // blocked, Ctrl-C would never arrive. Threads created later inherit this mask.
    var unblock = sigset_t()
    sigemptyset(&unblock)
    sigaddset(&unblock, SIGINT)
    pthread_sigmask(SIG_UNBLOCK, &unblock, nil)

    var action = sigaction()
    action.__sigaction_handler.sa_handler = handleSigint
    sigemptyset(&action.sa_mask)
    // No SA_RESTART: a blocking poll/read returns EINTR, which the line editor retries.
    action.sa_flags = 0
    sigaction(SIGINT, &action, nil)
  }

  /// The interpreter Ctrl-C should interrupt.
  static func attach(_ interpreter: Interpreter) {
    state.withLock { $0.interpreter = interpreter }
  }

  /// Empties the wake pipe (Ctrl-Cs that arrived while a cell ran were already used).
  static func drainWake() {
    let fd = wakeDescriptor
    guard fd >= 0 else { return }
    var buffer = [UInt8](repeating: 0, count: 64)
    while read(fd, &buffer, buffer.count) > 0 {}
  }
}
