import Tensors

#if canImport(Glibc)
  import Glibc
#endif

/// A 64-byte-aligned float32 scratch array owned by a layer or the training loop.
/// Grows on demand and never shrinks, so the training step allocates nothing per batch.
final class FloatBuffer {
  private(set) var pointer: UnsafeMutablePointer<Float>
  private(set) var capacity: Int

  init(capacity: Int = 0) throws {
    pointer = try FloatBuffer.allocate(capacity)
    self.capacity = capacity
  }

  deinit { free(pointer) }

  /// Makes room for at least `count` floats; the contents are not preserved when it grows.
  func reserve(_ count: Int) throws {
    if count <= capacity { return }
    let p = try FloatBuffer.allocate(count)
    free(pointer)
    pointer = p
    capacity = count
  }

  /// Zeroes the first `count` floats.
  func zero(_ count: Int) {
    pointer.update(repeating: 0, count: min(count, capacity))
  }

  private static func allocate(_ count: Int) throws -> UnsafeMutablePointer<Float> {
    let (bytes, overflow) = max(count, 16).multipliedReportingOverflow(by: 4)
    if overflow || bytes > TensorStorage.allocationLimit {
      throw NNError(.memoryError, "Unable to allocate a buffer of \(count) float32 values")
    }
    var raw: UnsafeMutableRawPointer? = nil
    guard posix_memalign(&raw, 64, bytes) == 0, let r = raw else {
      throw NNError(.memoryError, "Unable to allocate a buffer of \(count) float32 values")
    }
    let p = r.bindMemory(to: Float.self, capacity: max(count, 16))
    p.initialize(repeating: 0, count: max(count, 16))
    return p
  }
}

/// `a * b`, or a MemoryError instead of an overflow trap for absurd sizes.
func checkedProduct(_ a: Int, _ b: Int) throws -> Int {
  let (p, overflow) = a.multipliedReportingOverflow(by: b)
  if overflow || p < 0 { throw NNError(.memoryError, "Unable to allocate buffers for \(a) × \(b) values") }
  return p
}

extension Tensor {
  /// A float32 contiguous tensor holding a copy of `count` floats from `source`.
  static func copying(_ source: UnsafePointer<Float>, shape: [Int]) throws -> Tensor {
    let t = try Tensor(zeros: shape, dtype: .float32)
    let n = t.count
    if n > 0 { (t.base(Float.self) + t.offset).update(from: source, count: n) }
    return t
  }

  /// `self` as a contiguous float32 tensor (no copy when it already is one).
  func float32Contiguous() throws -> Tensor {
    if dtype == .float32, isContiguous { return self }
    return try astype(.float32)
  }

  /// Pointer to element 0 of a contiguous float32 view.
  var floatPointer: UnsafeMutablePointer<Float> { base(Float.self) + offset }
}
