/// `Generator.shuffle`, `permutation` and `choice` as NumPy 2 runs them: shuffles draw
/// `random_interval` (masked rejection), `choice` draws Lemire's bounded integers, and sampling
/// without replacement uses Floyd's algorithm with a hash set, or a partial tail shuffle for large
/// populations.
extension NumPyGenerator {
  /// The in-place Fisher–Yates shuffle of `Generator.shuffle`: for `i` from `count - 1` down to 1,
  /// swap element `i` with element `randomInterval(i)`. `swap` is called for every step, `i == j`
  /// included.
  public mutating func shuffle(count: Int, swap: (Int, Int) -> Void) {
    var i = count - 1
    while i >= 1 {
      swap(i, Int(randomInterval(UInt64(i))))
      i -= 1
    }
  }

  /// `shuffle(list)` for a Swift array.
  public mutating func shuffle<T>(_ x: inout [T]) {
    shuffle(count: x.count) { x.swapAt($0, $1) }
  }

  /// The row order `shuffle` gives `count` rows: row `k` of the result is row `order[k]` before.
  public mutating func shuffledOrder(_ count: Int) -> [Int] {
    guard count > 0 else { return [] }
    var order = Array(0..<count)
    shuffle(&order)
    return order
  }

  /// The checks of `choice(a, size, replace, p)` and the indices it picks from a population of
  /// `populationSize`: `a` an integer when `fromArray` is false, else an array's first-axis length
  /// (which changes the messages). `count` is the number of samples (`np.prod(size)`, 1 for
  /// `size=None`), `sizeGiven` whether `size` was given. `pIsFloat32` widens the tolerance on
  /// `sum(p) == 1` as NumPy does for float32 probabilities. Defaults: replace, no p, shuffle.
  public mutating func choiceIndices(
    populationSize popSize: Int, fromArray: Bool, count: Int, sizeGiven: Bool, replace: Bool = true,
    p: [Double]? = nil, pIsFloat32: Bool = false, shuffle: Bool = true
  ) throws -> [Int] {
    let takesSamples = !sizeGiven || count != 0
    if fromArray {
      if popSize == 0 && takesSamples {
        throw RandomStateError.value("a cannot be empty unless no samples are taken")
      }
    } else if popSize <= 0 && takesSamples {
      throw RandomStateError.value("a must be a positive integer unless no samples are taken")
    }
    if let p {
      if p.count != popSize { throw RandomStateError.value("a and p must have same size") }
      var atol = Double.ulpOfOne.squareRoot()
      if pIsFloat32 { atol = max(atol, Double(Float.ulpOfOne).squareRoot()) }
      let pSum = RandomState.kahanSum(p)
      if pSum.isNaN { throw RandomStateError.value("Probabilities contain NaN") }
      if p.contains(where: { $0 < 0 }) {
        throw RandomStateError.value("Probabilities are not non-negative")
      }
      if abs(pSum - 1.0) > atol {
        throw RandomStateError.value(
          "Probabilities do not sum to 1. See Notes section of docstring for more information.")
      }
    }
    if replace {
      if let p {
        let cdf = RandomState.normalizedCumsum(p)
        return (0..<count).map { _ in RandomState.searchsortedRight(cdf, random()) }
      }
      // NumPy's integers returns an empty array for an empty size before checking the bounds.
      if count == 0 { return [] }
      return try integers(low: 0, high: Int64(popSize), count: count).map { Int($0) }
    }
    if count > popSize {
      throw RandomStateError.value("Cannot take a larger sample than population when replace is False")
    }
    if count < 0 { throw RandomStateError.value("negative dimensions are not allowed") }
    if var p {
      if p.filter({ $0 > 0 }).count < count {
        throw RandomStateError.value("Fewer non-zero entries in p than size")
      }
      var found = [Int]()
      found.reserveCapacity(count)
      while found.count < count {
        let x = (0..<(count - found.count)).map { _ in random() }
        for f in found { p[f] = 0 }
        let cdf = RandomState.normalizedCumsum(p)
        var seen = Set<Int>()
        for u in x {
          let k = RandomState.searchsortedRight(cdf, u)
          if seen.insert(k).inserted { found.append(k) }
        }
      }
      return found
    }
    let cutoff = shuffle ? 50 : 20
    if popSize > 10000 && count > popSize / cutoff {
      // Shuffle the last `count` places of 0..<popSize and take them.
      var idx = Array(0..<popSize)
      var i = popSize - 1
      let first = max(popSize - count, 1)
      while i >= first {
        idx.swapAt(i, Int(boundedLemire(UInt64(i))))
        i -= 1
      }
      return Array(idx[(popSize - count)...])
    }
    return floyd(popSize: popSize, count: count, shuffle: shuffle)
  }

  /// Floyd's sampling of `count` distinct values of 0..<popSize: for `j` from `popSize - count` to
  /// `popSize - 1`, take a draw in [0, j] unless it was taken already, then `j` itself. A linear
  /// probing hash set of the smallest power of two above 1.2 * count remembers the values, and
  /// with `shuffle` the sample is then shuffled with Lemire draws.
  mutating func floyd(popSize: Int, count: Int, shuffle: Bool) -> [Int] {
    guard count > 0 else { return [] }
    let mask = Int(RandomState.mask(UInt64(1.2 * Double(count))))
    let empty = Int64(-1)
    var set = [Int64](repeating: empty, count: mask + 1)
    var out = [Int]()
    out.reserveCapacity(count)
    for j in (popSize - count)..<popSize {
      let val = Int64(bitPattern: boundedLemire(UInt64(j)))
      var loc = Int(val) & mask
      while set[loc] != empty && set[loc] != val { loc = (loc + 1) & mask }
      if set[loc] == empty {
        set[loc] = val
        out.append(Int(val))
      } else {
        loc = j & mask
        while set[loc] != empty { loc = (loc + 1) & mask }
        set[loc] = Int64(j)
        out.append(j)
      }
    }
    if shuffle {
      var i = count - 1
      while i >= 1 {
        out.swapAt(i, Int(boundedLemire(UInt64(i))))
        i -= 1
      }
    }
    return out
  }
}
