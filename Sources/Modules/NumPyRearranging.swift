import Script
import Tensors

/// NumPy's rearranging functions: `repeat`, `tile`, `roll`, `split`/`array_split`,
/// `swapaxes`, `moveaxis`, and the triangle and diagonal ones (`diag`, `trace`, `tril`,
/// `triu`). Gathers go through integer-array indexing, so results are copies as in NumPy
/// (`split` gives views).
extension NumPyModule {
  static func addRearranging(_ np: ModuleObject) {
    np.addFunction("repeat", signature: "a, repeats, axis=None") { a, _ in
      try repeatArray(try Convert.tensor(a["a"]), repeats: a["repeats"], axis: try a.optionalInt("axis"))
    }
    np.addFunction("tile", signature: "A, reps") { a, interp in
      var x = try Convert.tensor(a["A"])
      let reps: [Int] =
        if case .int(let r) = a["reps"] { [r] } else {
          try interp.elements(of: a["reps"]).map { try Convert.integer($0) }
        }
      if reps.count > x.ndim {
        x = try Convert.tensors { try x.reshape([Int](repeating: 1, count: reps.count - x.ndim) + x.shape) }
      }
      let offset = x.ndim - reps.count
      for (j, r) in reps.enumerated() {
        guard r >= 0 else { throw ScriptError(.valueError, "negative dimensions are not allowed") }
        let k = offset + j
        let n = x.shape[k]
        let (total, overflow) = n.multipliedReportingOverflow(by: r)
        guard !overflow, total <= 1 << 31 else {
          throw ScriptError(.memoryError, "np.tile result is too large")
        }
        x = try gather(x, axis: k, (0..<total).map { Int64($0 % max(n, 1)) })
      }
      return Convert.value(try Convert.tensors { try x.copy() })
    }
    np.addFunction("roll", signature: "a, shift, axis=None") { a, _ in
      let original = try Convert.tensor(a["a"])
      let flat = a["axis"].isNone
      let x = flat ? try Convert.tensors { try original.reshape([-1]) } : original
      let k = flat ? 0 : try normalized(try a.int("axis"), x.ndim)
      let shift = try a.int("shift")
      let n = x.ndim == 0 ? 1 : x.shape[k]
      guard n > 0, x.ndim > 0 else { return Convert.value(try Convert.tensors { try original.copy() }) }
      let s = ((shift % n) + n) % n
      let rolled = try gather(x, axis: k, (0..<n).map { Int64(($0 - s + n) % n) })
      return Convert.value(try Convert.tensors { try rolled.reshape(original.shape) })
    }
    for name in ["split", "array_split"] {
      np.addFunction(name, signature: "ary, indices_or_sections, axis=0") { a, interp in
        let x = try Convert.tensor(a["ary"])
        let k = try normalized(try a.int("axis"), x.ndim)
        let n = x.shape[k]
        var bounds: [Int]
        if case .int(let sections) = a["indices_or_sections"] {
          guard sections > 0 else { throw ScriptError(.valueError, "number sections must be larger than 0.") }
          guard sections <= 1 << 20 else { throw ScriptError(.memoryError, "too many sections: \(sections)") }
          if name == "split" && n % sections != 0 {
            throw ScriptError(.valueError, "array split does not result in an equal division")
          }
          let (size, extra) = (n / sections, n % sections)
          bounds = [0]
          for i in 0..<sections { bounds.append(bounds[i] + size + (i < extra ? 1 : 0)) }
        } else {
          bounds =
            [0] + (try interp.elements(of: a["indices_or_sections"]).map { try Convert.integer($0) }) + [n]
        }
        var parts: [Value] = []
        for i in 0..<(bounds.count - 1) {
          var index = [TensorIndex](repeating: .all, count: x.ndim)
          // Python slice rules, as NumPy's ary[start:stop] (negative indices count from the end).
          index[k] = .slice(start: bounds[i], stop: bounds[i + 1], step: nil)
          parts.append(Convert.value(try Convert.tensors { try x.get(index) }))
        }
        return .list(ListObject(parts))
      }
    }
    np.addFunction("swapaxes", signature: "a, axis1, axis2") { a, _ in
      let x = try Convert.tensor(a["a"])
      let (i, j) = (try normalized(try a.int("axis1"), x.ndim), try normalized(try a.int("axis2"), x.ndim))
      return Convert.value(try Convert.tensors { try x.swapaxes(i, j) })
    }
    np.addFunction("moveaxis", signature: "a, source, destination") { a, interp in
      let x = try Convert.tensor(a["a"])
      func axes(_ v: Value, _ argument: String) throws -> [Int] {
        let raw =
          if case .int(let i) = v { [i] } else { try interp.elements(of: v).map { try Convert.integer($0) } }
        return try raw.map { try normalized($0, x.ndim, argument: argument) }
      }
      let (source, destination) = (try axes(a["source"], "source"), try axes(a["destination"], "destination"))
      guard source.count == destination.count else {
        throw ScriptError(
          .valueError, "`source` and `destination` arguments must have the same number of elements")
      }
      guard Set(source).count == source.count, Set(destination).count == destination.count else {
        throw ScriptError(.valueError, "repeated axis in `source` or `destination` argument")
      }
      var order = (0..<x.ndim).filter { !source.contains($0) }
      for (d, s) in zip(destination, source).sorted(by: { $0.0 < $1.0 }) { order.insert(s, at: d) }
      return Convert.value(try Convert.tensors { try x.transpose(order) })
    }
    np.addFunction("diag", signature: "v, k=0") { a, _ in
      let v = try Convert.tensor(a["v"])
      let k = try a.int("k")
      guard k.magnitude < 1 << 20 else { throw ScriptError(.valueError, "k is too large") }
      switch v.ndim {
      case 1:
        let n = v.shape[0] + Int(k.magnitude)
        guard n <= 1 << 15 else { throw ScriptError(.memoryError, "np.diag result is too large") }
        let values = try Convert.tensors { try v.astype(.float64).toDoubles() }
        var out = [Double](repeating: 0, count: n * n)
        for (i, value) in values.enumerated() { out[(k >= 0 ? i : i - k) * n + (k >= 0 ? i + k : i)] = value }
        return Convert.value(try Convert.tensors { try Tensor(out, shape: [n, n]).astype(v.dtype) })
      case 2:
        return Convert.value(try diagonal(v, k))
      default:
        throw ScriptError(.valueError, "Input must be 1- or 2-d.")
      }
    }
    np.addFunction("trace", signature: "a, offset=0") { a, _ in
      let v = try Convert.tensor(a["a"])
      guard v.ndim == 2 else {
        throw ScriptError(
          .valueError, "dnnlab's np.trace takes a 2-d array", hint: "np.trace(m) of a matrix m")
      }
      let d = try diagonal(v, try a.int("offset"))
      var sum = try Convert.tensors { try d.reduce(.sum) }
      sum.isScalar = true
      return Convert.value(sum)
    }
    for (name, keepsLower) in [("tril", true), ("triu", false)] {
      np.addFunction(name, signature: "m, k=0") { a, _ in
        let m = try Convert.tensor(a["m"])
        // NumPy's mask is `tri(*m.shape[-2:])`: a 1-d array of length n broadcasts over n rows.
        guard m.ndim >= 1 else {
          throw ScriptError(.typeError, "tri() missing 1 required positional argument: 'N'")
        }
        let k = try a.int("k")
        let cols = m.shape[m.ndim - 1]
        let rows = m.ndim >= 2 ? m.shape[m.ndim - 2] : cols
        if m.ndim == 1 { try Convert.tensors { try Tensor.checkAllocation([rows, cols], dtype: m.dtype) } }
        var keep = [Bool](repeating: false, count: rows * cols)
        for i in 0..<rows {
          for j in 0..<cols { keep[i * cols + j] = keepsLower ? j - i <= k : j - i >= k }
        }
        let r = try Convert.tensors {
          try Tensor.where(
            try Tensor(keep, shape: [rows, cols]), .tensor(m), .tensor(try Tensor(zeros: [], dtype: m.dtype)))
        }
        return Convert.value(r)
      }
    }
  }

  /// `axis` counted from the front, or NumPy's AxisError.
  private static func normalized(_ axis: Int, _ ndim: Int, argument: String? = nil) throws -> Int {
    guard axis >= -ndim, axis < ndim else {
      let prefix = argument.map { "\($0): " } ?? ""
      throw ScriptError("AxisError", "\(prefix)axis \(axis) is out of bounds for array of dimension \(ndim)")
    }
    return axis < 0 ? axis + ndim : axis
  }

  /// `x` with entries `indices` taken along `axis` (a copy).
  private static func gather(_ x: Tensor, axis: Int, _ indices: [Int64]) throws -> Tensor {
    var index = [TensorIndex](repeating: .all, count: x.ndim)
    index[axis] = .array(try Convert.tensors { try Tensor(indices, shape: [indices.count]) })
    return try Convert.tensors { try x.get(index) }
  }

  /// The `k`-th diagonal of a matrix (above the main one for k > 0), as a new 1-d array.
  private static func diagonal(_ m: Tensor, _ k: Int) throws -> Tensor {
    let (rows, cols) = (m.shape[0], m.shape[1])
    var flat: [Int64] = []
    var i = max(0, -k)
    while i < rows, i + k < cols, i + k >= 0 {
      flat.append(Int64(i * cols + i + k))
      i += 1
    }
    return try gather(try Convert.tensors { try m.reshape([-1]) }, axis: 0, flat)
  }
}

extension NumPyModule {
  /// `np.repeat(a, repeats, axis)` and `a.repeat(repeats, axis)`.
  static func repeatArray(_ a: Tensor, repeats: Value, axis: Int?) throws -> Value {
    var x = a
    var axis = axis
    if axis == nil { x = try Convert.tensors { try x.reshape([-1]) } }
    let k = try normalized(axis ?? 0, x.ndim)
    axis = k
    let n = x.shape[k]
    let counts: [Int]
    if case .int(let r) = repeats {
      guard r >= 0 else { throw ScriptError(.valueError, "negative dimensions are not allowed") }
      counts = [Int](repeating: r, count: n)
    } else {
      let r = try Convert.tensor(repeats)
      guard !r.dtype.isFloatingPoint else {
        throw ScriptError(
          .typeError,
          "Cannot cast array data from dtype('\(r.dtype.name)') to dtype('int64') according to the rule 'safe'"
        )
      }
      counts = try Convert.tensors { try r.reshape([-1]).astype(.int64).toArray(Int64.self) }.map {
        Int($0)
      }
    }
    guard counts.count == n || counts.count == 1 else {
      throw ScriptError(
        .valueError, "operands could not be broadcast together with shape (\(n),) (\(counts.count),)")
    }
    var indices: [Int64] = []
    for i in 0..<n {
      let c = counts.count == 1 ? counts[0] : counts[i]
      guard c >= 0 else {
        // NumPy words a broadcast single count differently from a per-element one.
        throw ScriptError(
          .valueError,
          counts.count == 1
            ? "negative dimensions are not allowed" : "repeats may not contain negative values.")
      }
      guard c <= 1 << 31, indices.count + c <= 1 << 31 else {
        throw ScriptError(.memoryError, "np.repeat result is too large")
      }
      indices += [Int64](repeating: Int64(i), count: c)
    }
    return Convert.value(try gather(x, axis: k, indices))
  }
}
