/// Row-by-row iteration over strided operands of one shape.
///
/// Kernels see each innermost row as (start offsets, length, inner strides), so their
/// inner loops stay tight. Axes that are laid out contiguously for every operand are
/// merged first, so a contiguous array is one long row.
struct StridedLoop {
  let shape: [Int]
  let strides: [[Int]]

  init(shape: [Int], strides: [[Int]]) {
    // Merge axis i into i+1 when every operand steps over axis i exactly one full row of i+1.
    var mergedShape: [Int] = []
    var mergedStrides: [[Int]] = Array(repeating: [], count: strides.count)
    for axis in 0..<shape.count {
      let d = shape[axis]
      if d == 1 { continue }
      if let last = mergedShape.last,
        strides.indices.allSatisfy({ k in
          mergedStrides[k].last == strides[k][axis] &* d
        })
      {
        mergedShape[mergedShape.count - 1] = last &* d
        for k in strides.indices { mergedStrides[k][mergedStrides[k].count - 1] = strides[k][axis] }
      } else {
        mergedShape.append(d)
        for k in strides.indices { mergedStrides[k].append(strides[k][axis]) }
      }
    }
    if shape.contains(0) {
      mergedShape = [0]
      mergedStrides = Array(repeating: [0], count: strides.count)
    }
    self.shape = mergedShape
    self.strides = mergedStrides
  }

  /// Calls `row(starts, n, innerStrides)` for every innermost row, in row-major order.
  @inline(__always)
  func forEachRow(offsets: [Int], _ row: (_ starts: [Int], _ n: Int, _ inner: [Int]) -> Void) {
    let k = offsets.count
    if shape.isEmpty {
      row(offsets, 1, Array(repeating: 0, count: k))
      return
    }
    if shape.contains(0) { return }
    let nd = shape.count
    let n = shape[nd - 1]
    let inner = strides.map { $0[nd - 1] }
    var index = [Int](repeating: 0, count: nd - 1)
    var starts = offsets
    while true {
      row(starts, n, inner)
      // Odometer over the outer axes.
      var axis = nd - 2
      while axis >= 0 {
        index[axis] += 1
        for j in 0..<k { starts[j] &+= strides[j][axis] }
        if index[axis] < shape[axis] { break }
        for j in 0..<k { starts[j] &-= strides[j][axis] &* shape[axis] }
        index[axis] = 0
        axis -= 1
      }
      if axis < 0 { return }
    }
  }
}
