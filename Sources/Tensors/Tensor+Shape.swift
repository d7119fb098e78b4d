/// Shape manipulation: views where NumPy gives views, copies where it must copy.
extension Tensor {
  /// The same elements in a new shape; one dimension may be `-1` to be inferred.
  /// A view when the data is contiguous, else a copy.
  public func reshape(_ newShape: [Int]) throws -> Tensor {
    let resolved = try resolveReshape(newShape)
    let source = try contiguous()
    var out = Tensor(
      storage: source.storage, dtype: dtype, shape: resolved,
      strides: Tensor.contiguousStrides(resolved), offset: source.offset)
    out.isScalar = false
    return out
  }

  /// `newShape` with any `-1` replaced, checked against `count`.
  func resolveReshape(_ newShape: [Int]) throws -> [Int] {
    // Any negative size means "infer this one", as in NumPy.
    let unknown = newShape.indices.filter { newShape[$0] < 0 }
    if unknown.count > 1 { throw TensorError.value("can only specify one unknown dimension") }
    let known = try Tensor.checkedCount(newShape.map { $0 < 0 ? 1 : $0 })
    var resolved = newShape
    if let u = unknown.first {
      if known == 0 || count % known != 0 {
        throw reshapeError(newShape)
      }
      resolved[u] = count / known
    } else if known != count {
      throw reshapeError(newShape)
    }
    return resolved
  }

  private func reshapeError(_ newShape: [Int]) -> TensorError {
    // NumPy drops leading unknown sizes and shows later ones as `newaxis`.
    let shown = newShape.drop { $0 < 0 }.map { $0 < 0 ? "newaxis" : String($0) }
    let text = shown.isEmpty ? "()" : "(" + shown.joined(separator: ",") + (newShape.count == 1 ? ",)" : ")")
    return TensorError.value(
      "cannot reshape array of size \(count) into shape \(text)",
      hint: "the new shape must hold exactly \(count) elements; use -1 for one dimension to have it inferred")
  }

  /// A flat contiguous copy (NumPy's `flatten`).
  public func flatten() throws -> Tensor { try copy().reshape([count]) }

  /// A flat view when possible, else a copy (NumPy's `ravel`).
  public func ravel() throws -> Tensor { try reshape([count]) }

  /// Axes reversed (`a.T`).
  public var T: Tensor {
    var out = Tensor(
      storage: storage, dtype: dtype, shape: shape.reversed(), strides: strides.reversed(), offset: offset)
    out.isScalar = isScalar
    return out
  }

  /// Axes permuted; `nil` reverses them. A view.
  public func transpose(_ axes: [Int]? = nil) throws -> Tensor {
    guard let axes else { return T }
    guard axes.count == ndim else { throw TensorError.value("axes don't match array") }
    var seen = [Bool](repeating: false, count: ndim)
    var normalized: [Int] = []
    for a in axes {
      let n = try Tensor.normalizeAxis(a, ndim: ndim)
      if seen[n] { throw TensorError.value("repeated axis in transpose") }
      seen[n] = true
      normalized.append(n)
    }
    return Tensor(
      storage: storage, dtype: dtype, shape: normalized.map { shape[$0] },
      strides: normalized.map { strides[$0] }, offset: offset)
  }

  /// Swaps two axes. A view.
  public func swapaxes(_ a: Int, _ b: Int) throws -> Tensor {
    var axes = Array(0..<ndim)
    let x = try Tensor.normalizeAxis(a, ndim: ndim)
    let y = try Tensor.normalizeAxis(b, ndim: ndim)
    axes.swapAt(x, y)
    return try transpose(axes)
  }

  /// A new axis of length 1 inserted at each of `axes` (positions in the result). A view.
  public func expandDims(_ axes: [Int]) throws -> Tensor {
    let outDims = ndim + axes.count
    var positions = Set<Int>()
    for a in axes {
      let n = try Tensor.normalizeAxis(a, ndim: outDims)
      if !positions.insert(n).inserted { throw TensorError.value("repeated axis") }
    }
    var newShape: [Int] = []
    var newStrides: [Int] = []
    var src = 0
    for i in 0..<outDims {
      if positions.contains(i) {
        newShape.append(1)
        newStrides.append(0)
      } else {
        newShape.append(shape[src])
        newStrides.append(strides[src])
        src += 1
      }
    }
    return Tensor(storage: storage, dtype: dtype, shape: newShape, strides: newStrides, offset: offset)
  }

  public func expandDims(_ axis: Int) throws -> Tensor { try expandDims([axis]) }

  /// Length-1 axes removed: all of them, or those in `axes` (each must have length 1). A view.
  public func squeeze(_ axes: [Int]? = nil) throws -> Tensor {
    var drop = Set<Int>()
    if let axes {
      for a in axes {
        let n = try Tensor.normalizeAxis(a, ndim: ndim)
        guard shape[n] == 1 else {
          throw TensorError.value("cannot select an axis to squeeze out which has size not equal to one")
        }
        drop.insert(n)
      }
    } else {
      drop = Set(shape.indices.filter { shape[$0] == 1 })
    }
    let keep = shape.indices.filter { !drop.contains($0) }
    return Tensor(
      storage: storage, dtype: dtype, shape: keep.map { shape[$0] }, strides: keep.map { strides[$0] },
      offset: offset)
  }

  /// A read-only view with `shape`, repeating along broadcast axes (stride 0).
  public func broadcast(to target: [Int]) throws -> Tensor {
    if target == shape { return self }
    guard target.count >= ndim else {
      throw TensorError.value(
        "input operand has more dimensions than allowed by the axis remapping")
    }
    let lead = target.count - ndim
    var newStrides = [Int](repeating: 0, count: target.count)
    for i in 0..<ndim {
      let d = shape[i]
      let t = target[lead + i]
      if d == t {
        newStrides[lead + i] = strides[i]
      } else if d == 1 {
        newStrides[lead + i] = 0
      } else {
        throw TensorError.value(
          "operands could not be broadcast together with remapped shapes [original->remapped]: "
            + "\(formatShape(shape).replacingOccurrences(of: " ", with: "")) and requested shape "
            + "\(formatShape(target).replacingOccurrences(of: " ", with: ""))")
      }
    }
    return Tensor(storage: storage, dtype: dtype, shape: target, strides: newStrides, offset: offset)
  }

  /// The shape NumPy's broadcasting rules give for operands of these shapes.
  public static func broadcastShapes(_ shapes: [[Int]]) throws -> [Int] {
    let nd = shapes.map(\.count).max() ?? 0
    var out = [Int](repeating: 1, count: nd)
    for s in shapes {
      let lead = nd - s.count
      for (i, d) in s.enumerated() {
        let cur = out[lead + i]
        if cur == 1 {
          out[lead + i] = d
        } else if d != 1 && d != cur {
          let listed = shapes.map { formatShape($0).replacingOccurrences(of: " ", with: "") + " " }.joined()
          throw TensorError.value("operands could not be broadcast together with shapes \(listed)")
        }
      }
    }
    return out
  }

  /// Joins tensors along an existing axis (NumPy's `concatenate`), promoting dtypes.
  public static func concatenate(_ tensors: [Tensor], axis: Int? = 0) throws -> Tensor {
    guard let axis else { return try concatenate(tensors.map { try $0.flatten() }, axis: 0) }
    guard let first = tensors.first else {
      throw TensorError.value("need at least one array to concatenate")
    }
    guard first.ndim > 0 else {
      throw TensorError.value("zero-dimensional arrays cannot be concatenated")
    }
    let ax = try normalizeAxis(axis, ndim: first.ndim)
    var total = 0
    for (i, t) in tensors.enumerated() {
      guard t.ndim == first.ndim else {
        throw TensorError.value(
          "all the input arrays must have same number of dimensions, but the array at index 0 has "
            + "\(first.ndim) dimension(s) and the array at index \(i) has \(t.ndim) dimension(s)")
      }
      for d in 0..<t.ndim where d != ax && t.shape[d] != first.shape[d] {
        throw TensorError.value(
          "all the input array dimensions except for the concatenation axis must match exactly, but "
            + "along dimension \(d), the array at index 0 has size \(first.shape[d]) and the array at "
            + "index \(i) has size \(t.shape[d])")
      }
      let (sum, overflow) = total.addingReportingOverflow(t.shape[ax])
      if overflow {
        throw TensorError.value(
          "array is too big; `arr.size * arr.dtype.itemsize` is larger than the maximum possible size.")
      }
      total = sum
    }
    let dtype = DType.promote(tensors.map(\.dtype))
    var outShape = first.shape
    outShape[ax] = total
    let out = try Tensor(zeros: outShape, dtype: dtype)
    var start = 0
    for t in tensors {
      let n = t.shape[ax]
      let dest = try out.slice(axis: ax, start: start, count: n)
      dest.assign(from: t)
      start += n
    }
    return out
  }

  /// Joins tensors of one shape along a new axis (NumPy's `stack`).
  public static func stack(_ tensors: [Tensor], axis: Int = 0) throws -> Tensor {
    guard let first = tensors.first else { throw TensorError.value("need at least one array to stack") }
    for t in tensors where t.shape != first.shape {
      throw TensorError.value("all input arrays must have the same shape")
    }
    let ax = try normalizeAxis(axis, ndim: first.ndim + 1)
    return try concatenate(tensors.map { try $0.expandDims(ax) }, axis: ax)
  }

  /// The view `start..<start+count` along one axis.
  func slice(axis: Int, start: Int, count n: Int) throws -> Tensor {
    guard axis >= 0, axis < ndim, start >= 0, n >= 0, start + n <= shape[axis] else {
      throw TensorError.index("slice \(start)..<\(start + n) is out of bounds for axis \(axis)")
    }
    var newShape = shape
    newShape[axis] = n
    return Tensor(
      storage: storage, dtype: dtype, shape: newShape, strides: strides,
      offset: n == 0 ? offset : offset + start * strides[axis])
  }
}
