import Tensors

/// Training data cast once to float32, with the per-sample sizes the loop needs.
struct PreparedData {
  let x: Tensor
  let y: Tensor?
  let count: Int
  let xPerSample: Int
  let yPerSample: Int

  init(x: Tensor, y: Tensor?) throws {
    self.x = try x.float32Contiguous()
    self.y = try y?.float32Contiguous()
    count = x.shape.first ?? 0
    xPerSample = count > 0 ? x.count / count : Array(x.shape.dropFirst()).reduce(1, *)
    if let y {
      yPerSample = count > 0 ? y.count / count : Array(y.shape.dropFirst()).reduce(1, *)
    } else {
      yPerSample = 0
    }
  }

  /// Rows `start..<end` as a view (no copy).
  func slice(_ start: Int, _ end: Int) throws -> PreparedData {
    let xs = try x.get([.slice(start: start, stop: end, step: nil)])
    let ys = try y?.get([.slice(start: start, stop: end, step: nil)])
    return try PreparedData(x: xs, y: ys)
  }
}

/// Hands out batches: pointers straight into the data when in order, or rows gathered into
/// preallocated buffers when shuffled. Allocates nothing per batch.
final class BatchFeeder {
  let data: PreparedData
  let batchSize: Int
  private let xBuffer: FloatBuffer
  private let yBuffer: FloatBuffer
  private(set) var order: [Int] = []
  private var shuffled = false

  init(_ data: PreparedData, batchSize: Int) throws {
    self.data = data
    self.batchSize = batchSize
    xBuffer = try FloatBuffer(capacity: 0)
    yBuffer = try FloatBuffer(capacity: 0)
  }

  var steps: Int { (data.count + batchSize - 1) / batchSize }

  /// Draws a new order for this epoch from the session generator (Keras shuffles every epoch).
  func shuffle() throws {
    if !shuffled {
      try xBuffer.reserve(try checkedProduct(batchSize, data.xPerSample))
      try yBuffer.reserve(try checkedProduct(batchSize, max(data.yPerSample, 1)))
      order = Array(0..<data.count)
      shuffled = true
    }
    let n = order.count
    NNSession.current.withRandom { r in
      r.shuffle(count: n) { i, j in order.swapAt(i, j) }
    }
  }

  /// Batch `index`: sample count and pointers to its inputs and labels.
  func batch(_ index: Int) -> (count: Int, x: UnsafeMutablePointer<Float>, y: UnsafeMutablePointer<Float>?) {
    let start = index * batchSize
    let n = max(0, min(batchSize, data.count - start))
    let xs = data.xPerSample, ys = data.yPerSample
    let xBase = data.x.floatPointer
    let yBase = data.y?.floatPointer
    guard shuffled else {
      return (n, xBase + start * xs, yBase.map { $0 + start * ys })
    }
    let xb = xBuffer.pointer, yb = yBuffer.pointer
    order.withUnsafeBufferPointer { idx in
      for i in 0..<n {
        let row = idx[start + i]
        (xb + i * xs).update(from: xBase + row * xs, count: xs)
        if let yBase, ys > 0 { (yb + i * ys).update(from: yBase + row * ys, count: ys) }
      }
    }
    return (n, xb, yBase == nil ? nil : yb)
  }
}
