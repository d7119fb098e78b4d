import Tensors
import Testing

// Bad shapes, dtypes, axes and indices are thrown errors with NumPy's words, never traps.
@Suite struct BadInputTests {
  let m: Tensor
  let u8: Tensor

  init() throws {
    m = try Tensor.arange(stop: .int(6)).reshape([2, 3])
    u8 = try Tensor([1, 2, 3] as [UInt8])
  }

  func expectError(
    _ kind: TensorError.Kind, _ message: String? = nil, sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws -> Any
  ) {
    do {
      _ = try body()
      Issue.record("expected \(kind.rawValue)", sourceLocation: sourceLocation)
    } catch let e as TensorError {
      #expect(e.kind == kind, sourceLocation: sourceLocation)
      if let message { #expect(e.message == message, sourceLocation: sourceLocation) }
    } catch {
      Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
    }
  }

  @Test func shapes() {
    expectError(.valueError, "cannot reshape array of size 6 into shape (4,)") { try m.reshape([4]) }
    expectError(.valueError, "can only specify one unknown dimension") { try m.reshape([-1, -1]) }
    expectError(.valueError, "negative dimensions are not allowed") { try Tensor(zeros: [-3]) }
    expectError(.valueError) { try m.transpose([0, 0]) }
    expectError(.valueError, "axes don't match array") { try m.transpose([0]) }
    expectError(.valueError) { try m.squeeze([0]) }
    expectError(.valueError, "need at least one array to concatenate") { try Tensor.concatenate([]) }
    expectError(.valueError) { try Tensor.stack([m, u8]) }
    expectError(.valueError) { try Tensor.concatenate([Tensor(scalar: 1.0)]) }
    expectError(.valueError) { try m.broadcast(to: [3, 3]) }
  }

  @Test func sizesBeyondMemoryAreRefused() {
    expectError(.memoryError) { try Tensor(zeros: [1_000_000, 1_000_000]) }
    expectError(.valueError) { try Tensor(zeros: [Int.max, 4]) }
    expectError(.memoryError) { try Tensor.ones([100_000, 100_000, 10], dtype: .uint8) }
    expectError(.valueError) { try Tensor.arange(start: .int(0), stop: .int(10), step: .int(0)) }
    expectError(.memoryError) { try Tensor.linspace(0, 1, num: 1 << 50) }
    expectError(.memoryError) { try RandomGenerator(seed: 1).rand([100_000, 100_000]) }
    expectError(.memoryError) { try RandomGenerator(seed: 1).permutation(1 << 60) }
    expectError(.valueError) { try Tensor.arange(start: .int(0), stop: .int(1 << 62)) }
    // Empty arrays whose lengths along the axis add past Int.max (it trapped).
    expectError(
      .valueError,
      "array is too big; `arr.size * arr.dtype.itemsize` is larger than the maximum possible size."
    ) {
      try Tensor.concatenate([Tensor(zeros: [Int.max, 0]), Tensor(zeros: [Int.max, 0])])
    }
  }

  @Test func axes() {
    expectError(.axisError, "axis 2 is out of bounds for array of dimension 2") { try m.sum(axis: 2) }
    expectError(.axisError) { try m.mean(axis: -3) }
    expectError(.axisError) { try m.expandDims(4) }
    expectError(.axisError) { try Tensor.concatenate([m, m], axis: 5) }
    expectError(.valueError, "duplicate value in 'axis'") { try m.reduce(.sum, axes: [0, 0]) }
    expectError(.valueError) { try Tensor(zeros: [0]).max() }
    expectError(.valueError) { try Tensor(zeros: [0, 2]).argmax() }
  }

  @Test func indices() {
    expectError(.indexError, "index 5 is out of bounds for axis 0 with size 2") { try m.get([.int(5)]) }
    expectError(.indexError) { try m.get([.int(-3)]) }
    expectError(.indexError, "too many indices for array: array is 2-dimensional, but 3 were indexed") {
      try m.get([.int(0), .int(0), .int(0)])
    }
    expectError(.indexError) { try m.get([.ellipsis, .ellipsis]) }
    expectError(.valueError, "slice step cannot be zero") {
      try m.get([.slice(start: nil, stop: nil, step: 0)])
    }
    expectError(.indexError) { try m.get([.array(try Tensor([0, 7] as [Int64]))]) }
    expectError(.indexError) { try m.get([.array(try Tensor([true, false, true]))]) }
    expectError(.indexError) { try m.get([.array(try Tensor([0.5]))]) }
    expectError(.indexError) {
      try m.get([.array(try Tensor([0, 1] as [Int64])), .array(try Tensor([0, 1, 2] as [Int64]))])
    }
    expectError(.valueError) { try m.set([.int(0)], .tensor(try Tensor([1.0, 2.0]))) }
    // Huge steps and decimals are clamped, not overflowed.
    #expect((try? m.get([.slice(start: nil, stop: nil, step: Int.max)]).shape) == [1, 3])
    #expect((try? m.get([.slice(start: nil, stop: nil, step: Int.min)]).shape) == [1, 3])
    #expect((try? m.round(decimals: Int.min).shape) == [2, 3])
    expectError(.overflowError, "Python integer 256 out of bounds for uint8") {
      try u8.set([.int(0)], .pyInt(256))
    }
  }

  @Test func dtypesAndArithmetic() {
    expectError(.typeError, "data type 'floot32' not understood") { try DType.parse("floot32") }
    expectError(.overflowError, "Python integer 300 out of bounds for uint8") {
      try Tensor.binary(.add, .tensor(u8), .pyInt(300))
    }
    expectError(.castingError) { try u8.binaryInPlace(.trueDivide, .pyInt(255)) }
    expectError(.valueError) {
      try m.astype(.float64).binaryInPlace(.add, .tensor(try Tensor.ones([4, 2, 3])))
    }
    expectError(.typeError) { try Tensor.binary(.subtract, .tensor(try Tensor([true])), .pyBool(true)) }
    expectError(.typeError) { try Tensor([true]).unary(.negative) }
    expectError(.valueError, "Integers to negative integer powers are not allowed.") {
      try Tensor.binary(.power, .tensor(m), .pyInt(-1))
    }
    expectError(.valueError) { try m + (try Tensor.ones([3, 2])) }
    expectError(.typeError) { try Tensor.binary(.bitwiseAnd, .tensor(try Tensor([1.5])), .pyInt(1)) }
    expectError(.typeError) { try Tensor([1.5]).unary(.invert) }
    expectError(.valueError) { try Tensor.clip(.tensor(m), nil, nil) }
  }

  @Test func products() {
    expectError(.valueError) { try Tensor.matmul(m, m) }
    expectError(.valueError) { try Tensor.matmul(Tensor(scalar: 2.0), m) }
    expectError(.valueError, "shapes (2,3) and (2,3) not aligned: 3 (dim 1) != 2 (dim 0)") {
      try Tensor.dot(m, m)
    }
    expectError(.valueError) { try Tensor.matmul(try Tensor.ones([2, 2, 3]), try Tensor.ones([3, 3, 2])) }
  }

  @Test func items() {
    expectError(.valueError, "can only convert an array of size 1 to a Python scalar") { try m.item() }
    expectError(.valueError) { try Tensor(scalar: true).nonzero() }
  }

  /// Random subscripts and shapes against random arrays: every outcome is a value or a thrown error.
  @Test func randomSubscriptsNeverTrap() throws {
    var rng = SystemRandomNumberGenerator()
    for _ in 0..<3000 {
      let shape = (0..<Int.random(in: 0...3, using: &rng)).map { _ in Int.random(in: 0...4, using: &rng) }
      let t = try Tensor.arange(stop: .int(Int64(shape.reduce(1, *)))).reshape(shape)
      var index: [TensorIndex] = []
      for _ in 0..<Int.random(in: 0...4, using: &rng) {
        switch Int.random(in: 0...5, using: &rng) {
        case 0: index.append(.int(Int.random(in: -6...6, using: &rng)))
        case 1:
          index.append(
            .slice(
              start: Bool.random() ? nil : Int.random(in: -7...7),
              stop: Bool.random() ? nil : Int.random(in: -7...7),
              step: Bool.random() ? nil : Int.random(in: -3...3)))
        case 2: index.append(.newAxis)
        case 3: index.append(.ellipsis)
        case 4:
          let n = Int.random(in: 0...4, using: &rng)
          index.append(.array(try Tensor((0..<n).map { _ in Int64.random(in: -5...5) })))
        default:
          let n = Int.random(in: 0...4, using: &rng)
          index.append(.array(try Tensor((0..<n).map { _ in Bool.random() })))
        }
      }
      if let picked = try? t.get(index) { _ = picked.repr }
      try? t.set(index, .pyInt(1))
      _ = try? t.reshape((0..<Int.random(in: 0...3)).map { _ in Int.random(in: -2...5) })
      _ = try? t.reduce(
        ReduceOp.allCases.randomElement() ?? .sum, axes: [Int.random(in: -4...4)], keepdims: Bool.random())
    }
  }
}
