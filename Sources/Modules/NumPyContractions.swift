import Script
import Tensors

/// NumPy's sums of products over chosen axes: `einsum` (explicit and implicit output, traces
/// and diagonals by repeated labels; no `...`), `tensordot` and `inner`.
enum NumPyContractions {
  static func install(_ np: ModuleObject) {
    np.addFunction("einsum", signature: "subscripts, *operands, optimize=False") { a, interp in
      guard case .str(let subscripts) = a["subscripts"] else {
        throw ScriptError(.typeError, "einsum() dnnlab takes the subscripts as a string first")
      }
      let operands = try a.extraPositional.map { try Convert.tensor($0) }
      return Convert.value(try Convert.tensors { try einsum(subscripts, operands) })
    }
    np.addFunction("tensordot", signature: "a, b, axes=2") { a, interp in
      let x = try Convert.tensor(a["a"])
      let y = try Convert.tensor(a["b"])
      let axesA: [Int]
      let axesB: [Int]
      if case .int(let n) = a["axes"] {
        guard n >= 0 else { throw ScriptError(.valueError, "negative axes are not supported by tensordot") }
        guard n <= x.ndim, n <= y.ndim else { throw ScriptError(.valueError, "shape-mismatch for sum") }
        axesA = Array((x.ndim - n)..<x.ndim)
        axesB = Array(0..<n)
      } else {
        let pair = try interp.elements(of: a["axes"])
        guard pair.count == 2 else {
          throw ScriptError(.valueError, "axes must be an integer or a pair of sequences of axes")
        }
        func list(_ v: Value) throws -> [Int] {
          if case .int(let n) = v { return [n] }
          return try interp.elements(of: v).map { try Convert.integer($0) }
        }
        axesA = try list(pair[0])
        axesB = try list(pair[1])
      }
      return Convert.value(try tensordot(x, y, axesA, axesB))
    }
    np.addFunction("inner", signature: "a, b") { a, _ in
      let x = try Convert.tensor(a["a"])
      let y = try Convert.tensor(a["b"])
      if x.ndim == 0 || y.ndim == 0 {
        return Convert.value(try Convert.tensors { try Tensor.binary(.multiply, .tensor(x), .tensor(y)) })
      }
      guard x.shape[x.ndim - 1] == y.shape[y.ndim - 1] else {
        throw ScriptError(
          .valueError,
          "shapes \(shapeText(x.shape)) and \(shapeText(y.shape)) not aligned: \(x.shape[x.ndim - 1]) "
            + "(dim \(x.ndim - 1)) != \(y.shape[y.ndim - 1]) (dim \(y.ndim - 1))")
      }
      var result = try tensordot(x, y, [x.ndim - 1], [y.ndim - 1])
      result.isScalar = result.ndim == 0  // two vectors give a NumPy scalar
      return Convert.value(result)
    }
  }

  static func shapeText(_ shape: [Int]) -> String {
    shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ",") + ")"
  }

  /// `np.tensordot`: sums over `axesA` of `a` paired with `axesB` of `b`, as one matrix product.
  static func tensordot(_ a: Tensor, _ b: Tensor, _ axesA: [Int], _ axesB: [Int]) throws -> Tensor {
    guard axesA.count == axesB.count else { throw ScriptError(.valueError, "shape-mismatch for sum") }
    let sumA = try axesA.map { axis in try Convert.tensors { try Tensor.normalizeAxis(axis, ndim: a.ndim) } }
    let sumB = try axesB.map { axis in try Convert.tensors { try Tensor.normalizeAxis(axis, ndim: b.ndim) } }
    for (i, j) in zip(sumA, sumB) where a.shape[i] != b.shape[j] {
      throw ScriptError(.valueError, "shape-mismatch for sum")
    }
    let freeA = (0..<a.ndim).filter { !sumA.contains($0) }
    let freeB = (0..<b.ndim).filter { !sumB.contains($0) }
    let summedLength = sumA.map { a.shape[$0] }.reduce(1, *)
    let rowsA = freeA.map { a.shape[$0] }.reduce(1, *)
    let colsB = freeB.map { b.shape[$0] }.reduce(1, *)
    let orderA: [Int] = freeA + sumA
    let orderB: [Int] = sumB + freeB
    let resultShape: [Int] = freeA.map { a.shape[$0] } + freeB.map { b.shape[$0] }
    return try Convert.tensors {
      let left = try a.transpose(orderA).reshape([rowsA, summedLength])
      let right = try b.transpose(orderB).reshape([summedLength, colsB])
      return try Tensor.matmul(left, right).reshape(resultShape)
    }
  }

  /// The most index combinations `einsum` visits before refusing.
  private static let maxSteps = 2_000_000_000

  /// `np.einsum(subscripts, *operands)` by visiting every combination of the labels' indices.
  static func einsum(_ subscripts: String, _ operands: [Tensor]) throws -> Tensor {
    let text = subscripts.filter { $0 != " " }
    guard !text.contains(".") else {
      throw ScriptError(.notImplementedError, "dnnlab's einsum does not take '...' in the subscripts")
    }
    let parts = text.components(separatedBy: "->")
    guard parts.count <= 2 else {
      throw ScriptError(
        .valueError, "einstein sum subscript string does not contain proper '->' output specified")
    }
    let inputs = parts[0].split(separator: ",", omittingEmptySubsequences: false).map { Array($0) }
    // NumPy words these two the other way round from the mistake; kept as NumPy has them.
    guard inputs.count <= operands.count else {
      throw ScriptError(
        .valueError,
        "more operands provided to einstein sum function than specified in the subscripts string")
    }
    guard inputs.count == operands.count else {
      throw ScriptError(
        .valueError,
        "fewer operands provided to einstein sum function than specified in the subscripts string"
      )
    }
    var sizes: [Character: Int] = [:]
    var counts: [Character: Int] = [:]
    for (k, (labels, t)) in zip(inputs, operands).enumerated() {
      for c in labels where !c.isLetter {
        throw ScriptError(
          .valueError,
          "invalid subscript '\(c)' in einstein sum subscripts string, subscripts must be letters")
      }
      guard labels.count <= t.ndim else {
        throw ScriptError(
          .valueError, "einstein sum subscripts string contains too many subscripts for operand \(k)")
      }
      guard labels.count == t.ndim else {
        throw ScriptError(
          .valueError,
          "operand has more dimensions than subscripts given in einstein sum, but no '...' ellipsis provided to "
            + "broadcast the extra dimensions.")
      }
      for (axis, c) in labels.enumerated() {
        counts[c, default: 0] += 1
        let n = t.shape[axis]
        if let known = sizes[c], known != n {
          throw ScriptError(
            .valueError,
            "size of label '\(c)' for operand \(k) (\(n)) does not match previous terms (\(known)).")
        }
        sizes[c] = n
      }
    }
    let output: [Character]
    if parts.count == 2 {
      output = Array(parts[1])
      for (i, c) in output.enumerated() {
        guard sizes[c] != nil else {
          throw ScriptError(
            .valueError,
            "einstein sum subscripts string included output subscript '\(c)' which never appeared in an input"
          )
        }
        guard !output[..<i].contains(c) else {
          throw ScriptError(
            .valueError, "einstein sum subscripts string includes output subscript '\(c)' multiple times")
        }
      }
    } else {
      output = counts.filter { $0.value == 1 }.map(\.key).sorted()
    }
    let summed = sizes.keys.filter { !output.contains($0) }.sorted()
    let labels = output + summed
    let extents = labels.map { sizes[$0] ?? 1 }
    var steps = 1
    for e in extents {
      let (p, overflow) = steps.multipliedReportingOverflow(by: max(e, 1))
      guard !overflow, p <= maxSteps else {
        throw ScriptError(
          .memoryError, "this einsum is too large for dnnlab (more than \(maxSteps) products)")
      }
      steps = p
    }
    let dtype = operands.isEmpty ? DType.float64 : DType.promote(operands.map(\.dtype))
    let outShape = output.map { sizes[$0] ?? 1 }
    // Each operand's element offset moves by these strides per label (repeated labels add up,
    // which walks a diagonal).
    let strides: [[Int]] = zip(inputs, operands).map { labels0, t in
      var own = [Int](repeating: 0, count: t.ndim)
      var s = 1
      for axis in stride(from: t.ndim - 1, through: 0, by: -1) {
        own[axis] = s
        s *= t.shape[axis]
      }
      return labels.map { c in labels0.indices.filter { labels0[$0] == c }.reduce(0) { $0 + own[$1] } }
    }
    let outCount = outShape.reduce(1, *)
    let inner = summed.map { sizes[$0] ?? 1 }.reduce(1, *)
    if dtype.isFloatingPoint {
      let values = try operands.map { try $0.astype(.float64).toArray(Double.self) }
      var result = [Double](repeating: 0, count: outCount)
      walk(extents, strides, outCount: outCount, inner: inner) { slot, offsets in
        var p = 1.0
        for (k, o) in offsets.enumerated() { p *= values[k][o] }
        result[slot] += p
      }
      return scalarIfEmpty(try Tensor(result, shape: outShape).astype(dtype))
    }
    let values = try operands.map { try $0.astype(.int64).toArray(Int64.self) }
    var result = [Int64](repeating: 0, count: outCount)
    walk(extents, strides, outCount: outCount, inner: inner) { slot, offsets in
      var p: Int64 = 1
      for (k, o) in offsets.enumerated() { p = p &* values[k][o] }
      result[slot] = result[slot] &+ p
    }
    return scalarIfEmpty(try Tensor(result, shape: outShape).astype(dtype))
  }

  /// A 0-d result is a NumPy scalar (`np.float64(12.0)`), as einsum returns it.
  private static func scalarIfEmpty(_ t: Tensor) -> Tensor {
    var t = t
    t.isScalar = t.ndim == 0
    return t
  }

  /// Visits every index combination in row-major order of `extents`, passing the output slot
  /// (the combination of the leading output labels) and each operand's element offset.
  private static func walk(
    _ extents: [Int], _ strides: [[Int]], outCount: Int, inner: Int, _ visit: (Int, [Int]) -> Void
  ) {
    guard !extents.contains(0) else { return }
    var index = [Int](repeating: 0, count: extents.count)
    var offsets = [Int](repeating: 0, count: strides.count)
    var step = 0
    while true {
      visit(step / max(inner, 1), offsets)
      step += 1
      var axis = extents.count - 1
      while axis >= 0 {
        index[axis] += 1
        for k in offsets.indices { offsets[k] += strides[k][axis] }
        if index[axis] < extents[axis] { break }
        for k in offsets.indices { offsets[k] -= strides[k][axis] * extents[axis] }
        index[axis] = 0
        axis -= 1
      }
      if axis < 0 { return }
    }
  }
}
