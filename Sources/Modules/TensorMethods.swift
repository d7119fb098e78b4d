import Script
import Tensors

/// `ndarray` methods: `reshape astype sum mean max min std argmax argmin flatten ravel
/// copy tolist item transpose squeeze clip round dot nonzero fill any all prod var sort argsort
/// cumsum cumprod repeat tofile`.
extension TensorObject {
  static let methodNames = [
    "all", "any", "argmax", "argmin", "argsort", "astype", "clip", "copy", "cumprod", "cumsum", "dot", "fill",
    "flatten", "item", "max",
    "mean", "min", "nonzero", "prod", "ravel", "repeat", "reshape", "round", "sort", "squeeze", "std", "sum",
    "tofile", "tolist",
    "transpose", "var",
  ]

  private func bound(
    _ name: String, _ spec: String, _ body: @escaping (BoundArguments) throws -> Value
  ) -> Value {
    .builtin(
      BuiltinFunction(name, signature: spec, receiverTypeName: "numpy.ndarray") { args, _ in try body(args) })
  }

  private func raw(_ name: String, _ body: @escaping (Arguments) throws -> Value) -> Value {
    .builtin(BuiltinFunction(name, receiverTypeName: "numpy.ndarray") { args, _ in try body(args) })
  }

  func method(_ name: String) -> Value? {
    let t = tensor
    switch name {
    case "reshape":
      return raw(name) { args in
        // reshape(2, 3), reshape((2, 3)) and reshape([2, 3]) all work; keywords order= and copy=.
        for (key, _) in args.keywords where key != "order" && key != "copy" {
          throw ScriptError(.typeError, "'\(key)' is an invalid keyword argument for this function")
        }
        guard !args.positional.isEmpty else {
          throw ScriptError(.typeError, "reshape() takes exactly 1 argument (0 given)")
        }
        let shape: [Int]
        if args.positional.count == 1 {
          shape = try Convert.shape(args.positional[0])
        } else {
          shape = try args.positional.map(Convert.integer)
        }
        var order = "C"
        if let o = args.keyword("order"), !o.isNone {
          guard case .str(let text) = o, ["C", "F", "A", "K"].contains(text) else {
            throw ScriptError(
              .valueError, "order must be one of 'C', 'F', 'A', or 'K' (got \(Script.reprValue(o)))")
          }
          order = text
        }
        var copy = false
        if let c = args.keyword("copy"), !c.isNone { copy = try Convert.integer(c) != 0 }
        return Convert.value(
          try Convert.tensors {
            // Fortran order: fill the new shape first index fastest, i.e. reshape the reversed axes.
            let r =
              order == "F"
              ? try t.transpose().reshape(Array(shape.reversed())).transpose()
              : try t.reshape(shape)
            return copy ? try r.copy() : r
          })
      }
    case "transpose":
      return raw(name) { args in
        if args.positional.isEmpty { return Convert.value(t.T) }
        let axes =
          args.positional.count == 1
          ? try Convert.shape(args.positional[0]) : try args.positional.map(Convert.integer)
        return Convert.value(try Convert.tensors { try t.transpose(axes) })
      }
    case "astype":
      return bound(name, "dtype, order='K', casting='unsafe', subok=True, copy=True") { a in
        guard let d = try Convert.dtype(a["dtype"]) else {
          throw ScriptError(.typeError, "astype() needs a dtype")
        }
        return Convert.value(try Convert.tensors { try t.astype(d) })
      }
    case "sum", "mean", "max", "min", "prod", "any", "all":
      let op = ReduceOp(rawValue: name) ?? .sum
      return bound(name, "axis=None, dtype=None, out=None, keepdims=False") { a in
        try TensorObject.reduce(t, op, a)
      }
    case "std", "var":
      let op: ReduceOp = name == "std" ? .std : .var
      return bound(name, "axis=None, dtype=None, out=None, ddof=0, keepdims=False") { a in
        try TensorObject.reduce(t, op, a)
      }
    case "argmax", "argmin":
      let op: ReduceOp = name == "argmax" ? .argmax : .argmin
      return bound(name, "axis=None, out=None, *, keepdims=False") { a in
        let axis = try a.optionalInt("axis")
        return Convert.value(
          try Convert.tensors { try t.reduce(op, axes: axis.map { [$0] }, keepdims: try a.bool("keepdims")) })
      }
    case "flatten":
      return bound(name, "order='C'") { _ in Convert.value(try Convert.tensors { try t.flatten() }) }
    case "ravel":
      return bound(name, "order='C'") { _ in Convert.value(try Convert.tensors { try t.ravel() }) }
    case "copy":
      return bound(name, "order='C'") { _ in Convert.value(try Convert.tensors { try t.copy() }) }
    case "tolist":
      return bound(name, "") { _ in Convert.list(t.tolist()) }
    case "item":
      return raw(name) { args in
        if args.positional.isEmpty { return Convert.python(try Convert.tensors { try t.item() }) }
        let ix = try args.positional.flatMap { try Convert.index($0) }
        return Convert.python(try Convert.tensors { try t.get(ix).item() })
      }
    case "squeeze":
      return bound(name, "axis=None") { a in
        Convert.value(try Convert.tensors { try t.squeeze(try Convert.axes(a["axis"])) })
      }
    case "clip":
      return bound(name, "min=None, max=None") { a in
        Convert.value(
          try Convert.tensors {
            try Tensor.clip(.tensor(t), try Convert.operand(a["min"]), try Convert.operand(a["max"]))
          })
      }
    case "round":
      return bound(name, "decimals=0") { a in
        Convert.value(try Convert.tensors { try t.round(decimals: try a.int("decimals")) })
      }
    case "dot":
      return bound(name, "b") { a in
        let b = try Convert.tensor(a["b"])
        return Convert.value(try Convert.tensors { try Tensor.dot(t, b) })
      }
    case "sort":
      return bound(name, "axis=-1, kind=None, order=None") { a in
        let axis = try a.int("axis")
        try Convert.tensors { try t.sortInPlace(axis: axis) }
        return .none
      }
    case "argsort":
      return bound(name, "axis=-1, kind=None, order=None") { a in
        let axis = try a.optionalInt("axis")
        return Convert.value(try Convert.tensors { try t.argsort(axis: axis) })
      }
    case "cumsum", "cumprod":
      return bound(name, "axis=None, dtype=None, out=None") { a in
        let axis = try a.optionalInt("axis")
        let dtype = try Convert.dtype(a["dtype"])
        return Convert.value(
          try Convert.tensors { try t.cumulative(product: name == "cumprod", axis: axis, dtype: dtype) })
      }
    case "repeat":
      return bound(name, "repeats, axis=None") { a in
        try NumPyModule.repeatArray(t, repeats: a["repeats"], axis: try a.optionalInt("axis"))
      }
    case "tofile":
      return bound(name, "fid, sep='', format='%s'") { a in try NumPyModule.toFile(t, a) }
    case "nonzero":
      return bound(name, "") { _ in .tuple(try Convert.tensors { try t.nonzero() }.map(Convert.value)) }
    case "fill":
      return bound(name, "value") { a in
        let v = try Convert.requiredOperand(a["value"], "fill")
        try Convert.tensors { try t.set([.ellipsis], v) }
        return .none
      }
    default:
      return nil
    }
  }

  /// The shared body of reductions: `axis` (int or tuple), `keepdims`, `ddof`, `dtype`.
  static func reduce(_ t: Tensor, _ op: ReduceOp, _ a: BoundArguments) throws -> Value {
    let axes = try Convert.axes(a["axis"])
    let keepdims = try a.bool("keepdims")
    let ddof = a.signature.parameters.contains { $0.name == "ddof" } ? try a.int("ddof") : 0
    var source = t
    if let d = try Convert.dtype(a["dtype"]) { source = try Convert.tensors { try t.astype(d) } }
    return Convert.value(
      try Convert.tensors { try source.reduce(op, axes: axes, keepdims: keepdims, ddof: ddof) })
  }
}
