import Tensors
import Testing

// np.random through tensors: seeded results equal NumPy 2.4's (values from real NumPy).
@Suite struct RandomGeneratorTests {
  @Test func seededRandMatchesNumPy() throws {
    let g = RandomGenerator()
    try g.seed(42)
    #expect(try g.rand([3]).repr == "array([0.37454012, 0.95071431, 0.73199394])")
    #expect(
      try g.randn([2, 2]).repr == """
        array([[-1.11188012,  0.31890218],
               [ 0.27904129,  1.01051528]])
        """)
    #expect(try g.randint(low: 0, high: 10, size: [5]).repr == "array([7, 2, 5, 4, 1])")
  }

  @Test func shuffleMovesRowsLikeNumPy() throws {
    let g = RandomGenerator()
    try g.seed(0)
    let a = try Tensor.arange(stop: .int(10))
    try g.shuffle(a)
    #expect(a.repr == "array([2, 8, 4, 9, 1, 6, 7, 3, 0, 5])")
    try g.seed(1)
    let b = try Tensor.arange(stop: .int(12)).reshape([4, 3])
    try g.shuffle(b)
    #expect(try b.toArray(Int64.self) == [9, 10, 11, 6, 7, 8, 0, 1, 2, 3, 4, 5])
  }

  @Test func choiceAndPermutation() throws {
    let g = RandomGenerator()
    try g.seed(3)
    let pool = try Tensor([1.5, 2.5, 3.5])
    #expect(try g.choice(pool, size: [4]).repr == "array([3.5, 1.5, 2.5, 1.5])")
    try g.seed(7)
    #expect(try g.permutation(6).repr == "array([3, 5, 0, 2, 1, 4])")
  }

  @Test func sameSeedSameNumbers() throws {
    let a = RandomGenerator(seed: 5)
    let b = RandomGenerator(seed: 5)
    #expect(
      try a.normal(loc: 1, scale: 2, size: [100]).toDoubles()
        == b.normal(loc: 1, scale: 2, size: [100]).toDoubles())
  }

  @Test func badArgumentsThrow() throws {
    let g = RandomGenerator()
    #expect(throws: TensorError.self) { try g.seed(-1) }
    #expect(throws: TensorError.self) { try g.randint(low: 5, high: 5, size: [2]) }
    #expect(throws: TensorError.self) { try g.choice(3, size: [5], replace: false) }
    #expect(throws: TensorError.self) { try g.rand([-1]) }
    #expect(throws: TensorError.self) { try g.shuffle(Tensor(scalar: 1.0)) }
  }
}
