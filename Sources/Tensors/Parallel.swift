import CBLAS

/// Fork-join parallelism for element-wise loops that are too large for one core
/// (optimizer updates, batch gathers): one part per CPU, part 0 on the calling thread.
/// Matrix products are parallelised by OpenBLAS itself.
public enum Parallel {
  /// Parts ``run(_:)`` splits work into (the CPUs online). Setting 1 keeps all work on the caller.
  public static var width: Int {
    get { Int(dnnpool_width()) }
    set { dnnpool_set_width(Int32(clamping: newValue)) }
  }

  /// Calls `body(part, parts)` for every part and returns when all have finished. Safe from
  /// any thread: nested or concurrent calls run their parts one after another on the caller.
  public static func run(_ body: (_ part: Int, _ parts: Int) -> Void) {
    withoutActuallyEscaping(body) { escapable in
      let box = Box(escapable)
      withExtendedLifetime(box) {
        dnnpool_run(
          { context, part, parts in
            guard let context else { return }
            Unmanaged<Box>.fromOpaque(context).takeUnretainedValue().body(Int(part), Int(parts))
          }, Unmanaged.passUnretained(box).toOpaque())
      }
    }
  }

  /// The half-open range of `0..<count` that part `part` of `parts` handles, with every
  /// boundary a multiple of `alignment` (so vector loops keep whole vectors).
  public static func range(of count: Int, part: Int, parts: Int, alignment: Int = 16) -> Range<Int> {
    guard parts > 1, count > 0 else { return 0..<max(count, 0) }
    let blocks = (count + alignment - 1) / alignment
    let lo = min(count, blocks * part / parts * alignment)
    let hi = part == parts - 1 ? count : min(count, blocks * (part + 1) / parts * alignment)
    return lo..<max(lo, hi)
  }

  private final class Box {
    let body: (Int, Int) -> Void
    init(_ body: @escaping (Int, Int) -> Void) { self.body = body }
  }
}
