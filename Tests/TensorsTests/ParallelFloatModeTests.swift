import Foundation
import Tensors
import XCTest

/// The pool's floating-point modes. An XCTest case rather than a Swift Testing one: `swift test`
/// runs XCTest cases one at a time before the Swift Testing suites, which run side by side and
/// keep the shared pool busy (a busy pool runs every part on the caller, hiding the workers).
final class ParallelFloatModeTests: XCTestCase {
  /// Every part runs with the caller's floating-point modes: with flush-to-zero set by the
  /// caller, a product that underflows gives 0 on the pool's threads too (they used to keep
  /// their own modes and return a denormal, slower and different from the caller's part).
  func testPartsRunWithTheCallersFloatModes() {
    #if arch(x86_64) && canImport(Glibc)
      let parts = Parallel.width
      guard parts > 1 else { return }
      let results = UnsafeMutablePointer<Float>.allocate(capacity: parts)
      let threads = UnsafeMutablePointer<pthread_t>.allocate(capacity: parts)
      // Through memory, so the compiler cannot fold the product at compile time.
      let operands = UnsafeMutablePointer<Float>.allocate(capacity: 2)
      operands[0] = Float.leastNormalMagnitude
      operands[1] = 0.25
      defer {
        results.deallocate()
        threads.deallocate()
        operands.deallocate()
      }
      /// Runs the product on every part until a pool thread (not the caller) took part; other
      /// tests running at the same time can keep the pool busy, and then all parts run here.
      func productsOnWorkers() -> [Float]? {
        for _ in 0..<5_000 {
          Parallel.run { part, _ in
            threads[part] = pthread_self()
            results[part] = operands[0] * operands[1]
          }
          if (1..<parts).contains(where: { pthread_equal(threads[$0], pthread_self()) == 0 }) {
            return (0..<parts).map { results[$0] }
          }
        }
        return nil
      }
      var env = fenv_t()
      fegetenv(&env)
      var saved = env
      env.__mxcsr |= 0x8040  // FTZ and DAZ
      fesetenv(&env)
      let flushed = productsOnWorkers()
      fesetenv(&saved)
      let gradual = productsOnWorkers()
      XCTAssertEqual(flushed, [Float](repeating: 0, count: parts))
      XCTAssertEqual(gradual, [Float](repeating: Float.leastNormalMagnitude / 4, count: parts))
    #endif
  }
}
