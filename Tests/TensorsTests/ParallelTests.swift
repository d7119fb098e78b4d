import Foundation
import Tensors
import TestSupport
import Testing

/// The fork-join pool and the products it splits.
@Suite struct ParallelTests {
  @Test(arguments: [0, 1, 7, 16, 17, 100, 1000, 65_537])
  func rangesCoverEveryIndexOnce(count: Int) {
    for parts in 1...5 {
      for alignment in [1, 8, 16] {
        var seen = [Int](repeating: 0, count: count)
        var last = 0
        for part in 0..<parts {
          let r = Parallel.range(of: count, part: part, parts: parts, alignment: alignment)
          #expect(r.lowerBound == last, "parts must be contiguous and in order")
          if part < parts - 1 { #expect(r.upperBound % alignment == 0 || r.upperBound == count) }
          for i in r { seen[i] += 1 }
          last = r.upperBound
        }
        #expect(last == count)
        #expect(seen.allSatisfy { $0 == 1 }, "count \(count), parts \(parts), alignment \(alignment)")
      }
    }
  }

  @Test func everyPartRunsOnceAndNestedCallsWork() {
    let parts = Parallel.width
    #expect(parts >= 1)
    let counts = UnsafeMutablePointer<Int>.allocate(capacity: parts * parts)
    counts.initialize(repeating: 0, count: parts * parts)
    defer { counts.deallocate() }
    Parallel.run { part, n in
      #expect(n == parts)
      // A nested run cannot use the busy pool: its parts run on this thread, all of them.
      Parallel.run { inner, m in counts[part * parts + inner] += m == n ? 1 : 100 }
    }
    #expect((0..<parts * parts).allSatisfy { counts[$0] == 1 })
  }

  @Test func concurrentCallersEachGetAllTheirParts() async {
    let totals = await withTaskGroup(of: Int.self) { group in
      for caller in 0..<8 {
        group.addTask {
          var sum = 0
          for _ in 0..<200 {
            let n = 10_000 + caller
            let buffer = UnsafeMutablePointer<Int>.allocate(capacity: n)
            buffer.initialize(repeating: 0, count: n)
            Parallel.run { part, parts in
              for i in Parallel.range(of: n, part: part, parts: parts, alignment: 1) { buffer[i] += 1 }
            }
            sum += (0..<n).reduce(0) { $0 + buffer[$1] } - n
            buffer.deallocate()
          }
          return sum
        }
      }
      var all: [Int] = []
      for await t in group { all.append(t) }
      return all
    }
    #expect(totals == [Int](repeating: 0, count: 8))
  }

  /// Products big enough to be split give what a plain triple loop gives, for every
  /// transposition and both split directions (tall and wide results).
  @Test(arguments: [(300, 70, 129), (64, 513, 200), (1024, 256, 64)])
  func splitProductsMatchTheDefinition(m: Int, n: Int, k: Int) throws {
    var rng = SystemRandomNumberGenerator()
    let a = (0..<m * k).map { _ in Float.random(in: -1...1, using: &rng) }
    let b = (0..<k * n).map { _ in Float.random(in: -1...1, using: &rng) }
    var expected = [Double](repeating: 0, count: m * n)
    for i in 0..<m {
      for j in 0..<n {
        var s = 0.0
        for p in 0..<k { s += Double(a[i * k + p]) * Double(b[p * n + j]) }
        expected[i * n + j] = s
      }
    }
    // The same matrices stored transposed, for op(A) = Aᵀ and op(B) = Bᵀ.
    let at = (0..<k * m).map { a[($0 % m) * k + $0 / m] }
    let bt = (0..<n * k).map { b[($0 % k) * n + $0 / k] }
    for (transA, transB) in [(false, false), (true, false), (false, true), (true, true)] {
      var c = [Float](repeating: .nan, count: m * n)
      let left = transA ? at : a, right = transB ? bt : b
      left.withUnsafeBufferPointer { pa in
        right.withUnsafeBufferPointer { pb in
          c.withUnsafeMutableBufferPointer { pc in
            BLAS.sgemm(
              transA: transA, transB: transB, m: m, n: n, k: k, a: pa.baseAddress!, lda: transA ? m : k,
              b: pb.baseAddress!, ldb: transB ? k : n, c: pc.baseAddress!, ldc: n)
          }
        }
      }
      assertClose(
        c.map(Double.init), expected, rtol: 1e-4, atol: 1e-4, "sgemm \(m)×\(n)×\(k) \(transA) \(transB)")
    }
  }
}
