import Script
import Tensors

/// `numpy` sorting, searching and statistics: `sort argsort searchsorted argwhere
/// flatnonzero median quantile percentile cumsum cumprod diff bincount histogram ptp average`.
extension NumPyModule {
  static func addSorting(_ np: ModuleObject) {
    func result(_ body: () throws -> Tensor) throws -> Value { Convert.value(try Convert.tensors(body)) }
    func axis(_ v: Value) throws -> Int? { v.isNone ? nil : try Convert.integer(v) }

    np.addFunction("sort", signature: "a, axis=-1, kind=None, order=None") { a, _ in
      let t = try Convert.tensor(a["a"])
      let ax = try axis(a["axis"])
      return try result { try t.sorted(axis: ax) }
    }
    np.addFunction("argsort", signature: "a, axis=-1, kind=None, order=None") { a, _ in
      let t = try Convert.tensor(a["a"])
      let ax = try axis(a["axis"])
      return try result { try t.argsort(axis: ax) }
    }
    np.addFunction("searchsorted", signature: "a, v, side='left', sorter=None") { a, _ in
      let t = try Convert.tensor(a["a"])
      let v = try Convert.requiredOperand(a["v"], "searchsorted")
      let side = try a.string("side")
      guard side == "left" || side == "right" else {
        throw ScriptError(
          .valueError, "search side must be 'left' or 'right' (got \(pythonStringRepr(side)))")
      }
      guard a["sorter"].isNone else {
        throw ScriptError(.notImplementedError, "dnnlab's searchsorted does not take sorter=")
      }
      return try result { try t.searchsorted(v, right: side == "right") }
    }
    np.addFunction("argwhere", signature: "a") { a, _ in
      let t = try Convert.tensor(a["a"])
      return try result { try t.argwhere() }
    }
    np.addFunction("flatnonzero", signature: "a") { a, _ in
      let t = try Convert.tensor(a["a"])
      return try result { try t.flatnonzero() }
    }
    np.addFunction("median", signature: "a, axis=None, out=None, overwrite_input=False, keepdims=False") {
      a, _ in
      let t = try Convert.tensor(a["a"])
      let axes = try Convert.axes(a["axis"])
      let keepdims = try a.bool("keepdims")
      return try result { try t.median(axes: axes, keepdims: keepdims) }
    }
    for (name, scale) in [("quantile", 1.0), ("percentile", 100.0)] {
      np.addFunction(
        name, signature: "a, q, axis=None, out=None, overwrite_input=False, method='linear', keepdims=False"
      ) { a, _ in
        let t = try Convert.tensor(a["a"])
        guard try a.string("method") == "linear" else {
          throw ScriptError(
            .notImplementedError, "dnnlab's \(name) only has method='linear'", hint: "leave out method=")
        }
        let qt = try Convert.tensor(a["q"])
        var weak = false
        switch a["q"] {
        case .int, .float: weak = true
        default: break
        }
        let q = qt.toDoubles().map { $0 / scale }
        guard q.allSatisfy({ $0 >= 0 && $0 <= 1 }) else {
          throw ScriptError(
            .valueError,
            name == "quantile"
              ? "Quantiles must be in the range [0, 1]" : "Percentiles must be in the range [0, 100]")
        }
        let axes = try Convert.axes(a["axis"])
        let keepdims = try a.bool("keepdims")
        return try result {
          try t.quantile(
            q, qShape: qt.shape, axes: axes, keepdims: keepdims, weakQ: weak,
            integerQ: name == "quantile" && qt.dtype.isInteger)
        }
      }
    }
    for name in ["cumsum", "cumprod"] {
      np.addFunction(name, signature: "a, axis=None, dtype=None, out=None") { a, _ in
        let t = try Convert.tensor(a["a"])
        let ax = try axis(a["axis"])
        let dtype = try Convert.dtype(a["dtype"])
        return try result { try t.cumulative(product: name == "cumprod", axis: ax, dtype: dtype) }
      }
    }
    np.addFunction("diff", signature: "a, n=1, axis=-1") { a, _ in
      let t = try Convert.tensor(a["a"])
      let n = try a.int("n")
      let ax = try a.int("axis")
      return try result { try t.diff(n: n, axis: ax) }
    }
    np.addFunction("bincount", signature: "x, weights=None, minlength=0") { a, _ in
      let t = try Convert.tensor(a["x"])
      // `np.bincount([])` counts nothing: an empty list is float64 but means no integers.
      let x = t.count == 0 && t.ndim == 1 ? try Convert.tensors { try t.astype(.int64) } : t
      let w = a["weights"].isNone ? nil : try Convert.tensor(a["weights"])
      let minlength = try a.int("minlength")
      return try result { try x.bincount(weights: w, minlength: minlength) }
    }
    np.addFunction("histogram", signature: "a, bins=10, range=None, density=None, weights=None") {
      a, interp in
      let t = try Convert.tensor(a["a"])
      var plainCounts = a["density"].isNone
      if case .bool(false) = a["density"] { plainCounts = true }
      guard plainCounts, a["weights"].isNone else {
        throw ScriptError(.notImplementedError, "dnnlab's histogram does not take density= or weights=")
      }
      var range: (Double, Double)?
      if !a["range"].isNone {
        let bounds = try interp.elements(of: a["range"]).map(Convert.double)
        guard bounds.count == 2 else {
          throw ScriptError(.valueError, "too many values to unpack (expected 2)")
        }
        range = (bounds[0], bounds[1])
      }
      let bins = try a.int("bins")
      let (counts, edges) = try Convert.tensors { try t.histogram(bins: bins, range: range) }
      return .tuple([Convert.value(counts), Convert.value(edges)])
    }
    np.addFunction("ptp", signature: "a, axis=None, out=None, keepdims=False") { a, _ in
      let t = try Convert.tensor(a["a"])
      let axes = try Convert.axes(a["axis"])
      let keepdims = try a.bool("keepdims")
      return try result { try t.ptp(axes: axes, keepdims: keepdims) }
    }
    np.addFunction("average", signature: "a, axis=None, weights=None, returned=False, *, keepdims=False") {
      a, _ in
      let t = try Convert.tensor(a["a"])
      let ax = try axis(a["axis"])
      let w = a["weights"].isNone ? nil : try Convert.tensor(a["weights"])
      let keepdims = try a.bool("keepdims")
      let (avg, total) = try Convert.tensors { try t.average(axis: ax, weights: w, keepdims: keepdims) }
      if let total, total.toDoubles().contains(0) {
        throw ScriptError(.zeroDivisionError, "Weights sum to zero, can't be normalized")
      }
      guard try a.bool("returned") else { return Convert.value(avg) }
      let scale = try Convert.tensors {
        var s =
          try total
          ?? Tensor.full(
            avg.shape, .float(Double(Swift.max(t.count / Swift.max(avg.count, 1), 1))), dtype: avg.dtype)
        s.isScalar = avg.isScalar
        return s
      }
      return .tuple([Convert.value(avg), Convert.value(scale)])
    }
  }
}
