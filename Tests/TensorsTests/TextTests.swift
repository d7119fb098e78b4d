import Tensors
import Testing

// Tensors print through NumPyFormat: views, scalars and print options.
@Suite struct TextTests {
  @Test func scalarsFromReductionsAndIndexing() throws {
    let x = try Tensor.arange(stop: .int(6)).astype(.float32).reshape([2, 3])
    #expect(try x.sum().repr == "np.float32(15.0)")
    #expect(try x.mean(axis: 0).repr == "array([1.5, 2.5, 3.5], dtype=float32)")
    #expect(try x.get([.int(1)]).repr == "array([3., 4., 5.], dtype=float32)")
    #expect(try x.get([.int(1), .int(2)]).repr == "np.float32(5.0)")
    #expect(try x.get([.int(1), .int(2)]).str == "5.0")
    #expect(try x.argmax().repr == "np.int64(5)")
  }

  @Test func reshapedDatasetMatchesReference() throws {
    let ds = try Tensor(
      [0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 7, 8, 8, 9, 9, 4, 0, 0, 1, 0, 0] as [Int64], shape: [4, 3, 2])
    #expect(
      try ds.reshape([4, 6]).str == """
        [[0 0 0 0 0 0]
         [1 2 3 4 5 6]
         [7 7 8 8 9 9]
         [4 0 0 1 0 0]]
        """)
    #expect(
      try ds.reshape([4, 6]).repr == """
        array([[0, 0, 0, 0, 0, 0],
               [1, 2, 3, 4, 5, 6],
               [7, 7, 8, 8, 9, 9],
               [4, 0, 0, 1, 0, 0]])
        """)
  }

  @Test func transposedViewPrintsInLogicalOrder() throws {
    let x = try Tensor.arange(stop: .int(6)).reshape([2, 3])
    #expect(x.T.repr == "array([[0, 3],\n       [1, 4],\n       [2, 5]])")
  }

  @Test func printOptionsApply() throws {
    let saved = Tensor.printOptions
    defer { Tensor.printOptions = saved }
    Tensor.printOptions.precision = 3
    #expect(try Tensor([1.0 / 3.0]).repr == "array([0.333])")
  }
}
