import Script
import Tensors

/// NumPy's helpers that call a Python function over an array: `np.vectorize(f)` (element by
/// element, broadcasting its arguments) and `np.apply_along_axis(f, axis, arr)` (on each 1-d
/// slice).
enum NumPyFunctional {
  static func install(_ np: ModuleObject) {
    np.addFunction("vectorize", signature: "pyfunc, otypes=None") { a, _ in
      .object(VectorizedFunction(a["pyfunc"]))
    }
    np.addFunction("apply_along_axis", signature: "func1d, axis, arr, *args") { a, interp in
      let x = try Convert.tensor(a["arr"])
      let extra = a.extraPositional
      let axis = try Convert.tensors { try Tensor.normalizeAxis(try a.int("axis"), ndim: x.ndim) }
      return Convert.value(try applyAlongAxis(a["func1d"], axis: axis, x, extra, interp))
    }
  }

  private static func applyAlongAxis(
    _ f: Value, axis: Int, _ x: Tensor, _ extra: [Value], _ interp: Interpreter
  )
    throws -> Tensor
  {
    let outer = (0..<x.ndim).filter { $0 != axis }
    let outerShape = outer.map { x.shape[$0] }
    let count = outerShape.reduce(1, *)
    guard count > 0 else {
      throw ScriptError(.valueError, "Cannot apply_along_axis when any iteration dimensions are 0")
    }
    var results: [Tensor] = []
    var position = [Int](repeating: 0, count: outer.count)
    for _ in 0..<count {
      var index = [TensorIndex](repeating: .all, count: x.ndim)
      for (k, d) in outer.enumerated() { index[d] = .int(position[k]) }
      let slice = try Convert.tensors { try x.get(index) }
      let value = try interp.call(f, Arguments([Convert.value(slice)] + extra))
      var r = try Convert.tensor(value)
      r.isScalar = false
      if let first = results.first, first.shape != r.shape {
        throw ScriptError(
          .valueError,
          "could not broadcast input array from shape \(NumPyContractions.shapeText(r.shape)) into shape "
            + NumPyContractions.shapeText(first.shape))
      }
      results.append(r)
      for k in stride(from: outer.count - 1, through: 0, by: -1) {
        position[k] += 1
        if position[k] < outerShape[k] { break }
        position[k] = 0
      }
    }
    let resultShape = results[0].shape
    return try Convert.tensors {
      let stacked = try Tensor.concatenate(results.map { try $0.reshape([1] + resultShape) }, axis: 0)
      let buffer = try stacked.reshape(outerShape + resultShape)
      // The function's output axes take the place of `axis`, as in NumPy.
      let n = buffer.ndim
      let r = resultShape.count
      let order = Array(0..<axis) + Array((n - r)..<n) + Array(axis..<(n - r))
      return try buffer.transpose(order).copy()
    }
  }
}

/// `np.vectorize(f)`: calls `f` on each element of its broadcast arguments; the first result
/// decides the output dtype, as NumPy's does without `otypes`.
final class VectorizedFunction: HostObject {
  let function: Value
  init(_ function: Value) { self.function = function }

  var typeName: String { "vectorize" }
  var qualifiedTypeName: String { "numpy.vectorize" }
  var attributeNames: [String] { ["pyfunc"] }
  func getAttribute(_ name: String) throws -> Value? { name == "pyfunc" ? function : nil }

  var isCallable: Bool { true }

  func call(_ arguments: Arguments, _ interpreter: Interpreter) throws -> Value? {
    let inputs = try arguments.positional.map { try Convert.tensor($0) }
    guard !inputs.isEmpty else {
      throw ScriptError(.valueError, "args can not be empty")
    }
    let shape = try Convert.tensors { try Tensor.broadcastShapes(inputs.map(\.shape)) }
    let spread = try Convert.tensors { try inputs.map { try $0.broadcast(to: shape).copy().reshape([-1]) } }
    let count = shape.reduce(1, *)
    guard count > 0 else {
      throw ScriptError(.valueError, "cannot call `vectorize` on size 0 inputs unless `otypes` is set")
    }
    var outputs: [Value] = []
    outputs.reserveCapacity(count)
    for i in 0..<count {
      let args = try spread.map { t -> Value in
        var element = try Convert.tensors { try t.get([.int(i)]) }
        element.isScalar = true
        return Convert.value(element)
      }
      outputs.append(try interpreter.call(function, Arguments(args, keywords: arguments.keywords)))
    }
    let firstType = try Convert.tensor(outputs[0]).dtype
    var result = try Convert.tensors {
      try Convert.tensor(.list(ListObject(outputs))).astype(firstType).reshape(shape)
    }
    result.isScalar = false  // NumPy gives a 0-d array for scalar arguments
    return Convert.value(result)
  }
}
