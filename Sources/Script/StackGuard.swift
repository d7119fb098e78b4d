import Foundation

/// Guards the native stack: a tree-walking interpreter uses several Swift frames per
/// script call, and debug builds make them large, so counting script frames alone cannot
/// promise the process survives. `StackGuard` knows roughly where the current run's stack
/// ends and lets the interpreter raise `RecursionError` before it gets there.
struct StackGuard {
  /// Lowest address the stack may grow to before we refuse to go deeper (0 = no guard).
  var floor: UInt = 0

  /// A guard for a run starting here on a thread with about `available` bytes of stack left.
  /// Keeps a quarter of it (at most 8 MiB) in reserve for the work done between checks.
  static func starting(available: Int) -> StackGuard {
    let top = currentAddress()
    let reserve = min(available / 4, 8 << 20)
    let usable = UInt(max(0, available - reserve))
    return StackGuard(floor: top > usable ? top - usable : 0)
  }

  /// Stack assumed available when running inline on the caller's thread: the size
  /// Foundation reports for it minus 256 KiB already in use by callers, or a cautious
  /// 512 KiB when the size is unknown.
  static var inlineAvailable: Int {
    let size = Thread.current.stackSize
    return size > (1 << 20) ? size - (256 << 10) : 512 << 10
  }

  /// Whether the stack has grown past the reserve.
  @inline(__always)
  func isExhausted() -> Bool {
    floor != 0 && StackGuard.currentAddress() < floor
  }

  @inline(never)
  static func currentAddress() -> UInt {
    var marker: UInt8 = 0
    return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
  }
}
