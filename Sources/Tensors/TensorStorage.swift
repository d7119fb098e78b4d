import Foundation

/// The memory behind one or more tensors. Views (slices, transposes, reshapes of
/// contiguous data) share a storage, so writing through one view is seen by all,
/// as with NumPy.
public final class TensorStorage: @unchecked Sendable {
  public let bytes: UnsafeMutableRawPointer
  public let byteCount: Int
  /// Whether `bytes` came from Swift's allocator rather than `calloc`.
  private let swiftAllocated: Bool

  /// Allocates zeroed memory, refusing sizes beyond what this machine could hold
  /// with a NumPy-style `MemoryError` rather than letting the kernel kill the process.
  init(byteCount: Int, describing shape: [Int], dtype: DType) throws {
    if byteCount > TensorStorage.allocationLimit {
      throw TensorError(
        .memoryError,
        "Unable to allocate \(TensorStorage.humanBytes(byteCount)) for an array with shape "
          + "\(formatShape(shape)) and data type \(dtype.name)",
        hint: "this machine has \(TensorStorage.humanBytes(TensorStorage.physicalMemory)) of memory")
    }
    self.byteCount = byteCount
    // calloc gives zeroed pages lazily, so large zero arrays are cheap.
    guard let p = calloc(max(byteCount, 1), 1) else {
      throw TensorError(
        .memoryError,
        "Unable to allocate \(TensorStorage.humanBytes(byteCount)) for an array with shape "
          + "\(formatShape(shape)) and data type \(dtype.name)")
    }
    self.bytes = p
    self.swiftAllocated = false
  }

  /// A zeroed storage for a handful of bytes, which cannot fail for lack of a limit.
  init(smallByteCount n: Int) {
    if let p = calloc(max(n, 1), 1) {
      self.bytes = p
      self.swiftAllocated = false
    } else {
      let p = UnsafeMutableRawPointer.allocate(byteCount: max(n, 1), alignment: 16)
      p.initializeMemory(as: UInt8.self, repeating: 0, count: max(n, 1))
      self.bytes = p
      self.swiftAllocated = true
    }
    self.byteCount = n
  }

  deinit {
    if swiftAllocated { bytes.deallocate() } else { free(bytes) }
  }

  /// Total physical memory in bytes.
  public static let physicalMemory: Int = {
    let pages = sysconf(Int32(_SC_PHYS_PAGES))
    let size = sysconf(Int32(_SC_PAGESIZE))
    guard pages > 0, size > 0 else { return Int.max / 2 }
    let (product, overflow) = pages.multipliedReportingOverflow(by: size)
    return overflow ? Int.max / 2 : product
  }()

  /// The largest single allocation accepted: 80% of physical memory.
  public static var allocationLimit: Int { physicalMemory / 5 * 4 }

  /// `7.28 TiB`, `1.55 MiB`: NumPy's wording for allocation failures.
  static func humanBytes(_ n: Int) -> String {
    let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
    var value = Double(n)
    var unit = 0
    while value >= 1024, unit < units.count - 1 {
      value /= 1024
      unit += 1
    }
    if unit == 0 { return "\(n) B" }
    return String(format: "%.2f %@", value, units[unit])
  }
}

/// `(2, 3)`, `(5,)`, `()`: a shape as Python prints a tuple.
public func formatShape(_ shape: [Int]) -> String {
  if shape.count == 1 { return "(\(shape[0]),)" }
  return "(" + shape.map(String.init).joined(separator: ", ") + ")"
}
