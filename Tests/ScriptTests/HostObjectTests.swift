import Script
import Testing

/// A toy 1-D array standing in for a tensor, exercising every hook.
final class ToyArray: HostObject {
  var values: [Double]
  /// The last index `getItem` received, as repr (to check what the interpreter passes).
  nonisolated(unsafe) static var lastIndex = ""

  init(_ values: [Double]) { self.values = values }

  var typeName: String { "ndarray" }
  var qualifiedTypeName: String { "numpy.ndarray" }
  var attributeNames: [String] { ["shape", "sum", "reshape", "size"] }

  func getAttribute(_ name: String) throws -> Value? {
    switch name {
    case "shape": return .tuple([.int(values.count)])
    case "size": return .int(values.count)
    case "sum":
      return .builtin(BuiltinFunction("sum", signature: "axis=None", receiverTypeName: "numpy.ndarray") { _, _ in
        .float(self.values.reduce(0, +))
      })
    default: return nil
    }
  }

  func getItem(_ index: Value) throws -> Value? {
    ToyArray.lastIndex = reprValue(index)
    switch index {
    case .int(let i):
      guard i >= -values.count, i < values.count else {
        throw ScriptError(
          .indexError, "index \(i) is out of bounds for axis 0 with size \(values.count)")
      }
      return .float(values[i < 0 ? i + values.count : i])
    case .slice(let s):
      let r = try s.resolve(length: values.count)
      return .object(ToyArray((0..<r.count).map { values[r.start + $0 * r.step] }))
    default:
      return .object(self)
    }
  }

  func setItem(_ index: Value, _ value: Value) throws -> Bool {
    guard case .int(let i) = index, let v = value.doubleValue, values.indices.contains(i) else { return false }
    values[i] = v
    return true
  }

  func binaryOperation(_ op: BinaryOperator, _ other: Value, reflected: Bool) throws -> Value? {
    let rhs: [Double]
    if let d = other.doubleValue {
      rhs = Array(repeating: d, count: values.count)
    } else if case .object(let o) = other, let a = o as? ToyArray {
      guard a.values.count == values.count else {
        throw ScriptError(
          .valueError, "operands could not be broadcast together with shapes (\(values.count),) (\(a.values.count),)",
          hint: "reshape one operand")
      }
      rhs = a.values
    } else {
      return nil
    }
    let (x, y) = reflected ? (rhs, values) : (values, rhs)
    func map(_ f: (Double, Double) -> Double) -> Value { .object(ToyArray(zip(x, y).map(f))) }
    switch op {
    case .add: return map(+)
    case .subtract: return map(-)
    case .multiply: return map(*)
    case .divide: return map(/)
    case .power: return map { Foundation_pow($0, $1) }
    case .less: return .list(zip(x, y).map { .bool($0 < $1) })
    case .equal: return .list(zip(x, y).map { .bool($0 == $1) })
    default: return nil
    }
  }

  func inPlaceOperation(_ op: BinaryOperator, _ other: Value) throws -> Value? {
    guard op == .divide, let d = other.doubleValue else { return nil }
    values = values.map { $0 / d }
    return .object(self)
  }

  func unaryOperation(_ op: UnaryOperator) throws -> Value? {
    switch op {
    case .negate: return .object(ToyArray(values.map { -$0 }))
    case .absolute: return .object(ToyArray(values.map { abs($0) }))
    default: return nil
    }
  }

  func repr() -> String {
    "array([" + values.map { pythonFloatRepr($0) }.joined(separator: ", ") + "])"
  }

  func truthValue() throws -> Bool {
    guard values.count == 1 else {
      throw ScriptError(
        .valueError, "The truth value of an array with more than one element is ambiguous. Use a.any() or a.all()")
    }
    return values[0] != 0
  }

  func length() throws -> Int? { values.count }

  func makeIterator() throws -> (() throws -> Value?)? {
    var i = 0
    return {
      guard i < self.values.count else { return nil }
      defer { i += 1 }
      return .float(self.values[i])
    }
  }

  func scalarValue() throws -> Value? { values.count == 1 ? .float(values[0]) : nil }
}

func Foundation_pow(_ a: Double, _ b: Double) -> Double {
  var r = 1.0
  for _ in 0..<Int(b) { r *= a }
  return r
}

/// A host type object for `isinstance(x, np.ndarray)`.
final class ToyArrayType: HostObject {
  var typeName: String { "type" }
  func repr() -> String { "<class 'numpy.ndarray'>" }
  func instanceCheck(_ value: Value) -> Bool? {
    if case .object(let o) = value { return o is ToyArray }
    return false
  }
}

/// A callable host object (like a layer) that calls back into script code.
final class ToyLayer: HostObject {
  var typeName: String { "Dense" }
  var isCallable: Bool { true }
  func call(_ arguments: Arguments, _ interpreter: Interpreter) throws -> Value? {
    guard let first = arguments.positional.first else {
      throw ScriptError(.typeError, "Dense() needs an input", hint: "call the layer on a tensor")
    }
    if let activation = arguments.keyword("activation") {
      return try interpreter.call(activation, Arguments([first]))
    }
    return first
  }
}

func hostSession() -> Session {
  let s = Session()
  let interpreter = s.interpreter
  interpreter.modules.register("numpy") {
    let np = ModuleObject(name: "numpy")
    np.addFunction("array", signature: "object, dtype=None") { args, interp in
      .object(ToyArray(try interp.elements(of: args["object"]).map { try $0.asDouble(context: "array element") }))
    }
    np.attributes["ndarray"] = .object(ToyArrayType())
    np.addFunction("progress", signature: "n") { args, interp in
      for i in 0..<(try args.int("n")) {
        try interp.checkInterrupt()
        interp.write("step \(i)\n")
      }
      return .none
    }
    return .module(np)
  }
  let keras = ModuleObject(name: "tensorflow.keras")
  let layers = ModuleObject(name: "tensorflow.keras.layers")
  layers.attributes["Dense"] = .object(ToyLayer())
  keras.attributes["layers"] = .module(layers)
  interpreter.modules.register(ModuleObject(name: "tensorflow", attributes: ["keras": .module(keras)]))
  interpreter.modules.register("tensorflow.keras.datasets") {
    .module(ModuleObject(name: "tensorflow.keras.datasets", attributes: ["mnist": .str("mnist-module")]))
  }
  return s
}

@Test(arguments: [
  ("a = np.array([1, 2])\na", "array([1.0, 2.0])"),
  ("a = np.array([1, 2])\n2 * a", "array([2.0, 4.0])"),
  ("a = np.array([1, 2])\na - 1, 1 - a", "(array([0.0, 1.0]), array([0.0, -1.0]))"),
  ("a = np.array([1, 2])\na + a", "array([2.0, 4.0])"),
  ("a = np.array([1, 2])\n0 < a", "[True, True]"),
  ("a = np.array([1, 2])\na == np.array([1, 3])", "[True, False]"),
  ("a = np.array([1, 2])\n-a, abs(-a)", "(array([-1.0, -2.0]), array([1.0, 2.0]))"),
  ("a = np.array([1, 2, 3])\na[0], a[-1], a[1:]", "(1.0, 3.0, array([2.0, 3.0]))"),
  ("a = np.array([1, 2])\na[0] = 5\na", "array([5.0, 2.0])"),
  ("a = np.array([2, 4])\nb = a\na /= 2\nb", "array([1.0, 2.0])"),
  ("a = np.array([1, 2])\nlen(a), list(a), [x * 2 for x in a], a.shape, a.sum()", "(2, [1.0, 2.0], [2.0, 4.0], (2,), 3.0)"),
  ("a = np.array([2.5])\nfloat(a), int(a), round(a), f'{a:.2f}', bool(a)", "(2.5, 2, 2, '2.50', True)"),
  ("a = np.array([1])\nisinstance(a, np.ndarray), isinstance(1, np.ndarray), type(a)", "(True, False, <class 'numpy.ndarray'>)"),
  ("from tensorflow.keras import layers\nlayers.Dense(3)", "3"),
  ("from tensorflow.keras.layers import Dense\nDense(2, activation=lambda x: x * 10)", "20"),
  ("import tensorflow.keras.layers as L\ncallable(L.Dense)", "True"),
  ("import tensorflow as tf\ntf.keras.layers.Dense(1)", "1"),
  ("import tensorflow.keras.datasets as ds\nds.mnist", "'mnist-module'"),
  ("from tensorflow.keras.datasets import mnist\nmnist", "'mnist-module'"),
  ("import tensorflow.keras\ntensorflow.keras.layers.Dense(7)", "7"),
  ("a = np.array([1, 2])\na.shap", "AttributeError: 'ndarray' object has no attribute 'shap'. Did you mean: 'shape'?"),
  ("a = np.array([1, 2])\nif a: pass", "ValueError: The truth value of an array with more than one element is ambiguous. Use a.any() or a.all()"),
  ("a = np.array([1, 2])\na + np.array([1, 2, 3])", "ValueError: operands could not be broadcast together with shapes (2,) (3,)"),
  ("a = np.array([1, 2])\na @ a", "TypeError: unsupported operand type(s) for @: 'ndarray' and 'ndarray'"),
  ("a = np.array([1, 2])\na[5]", "IndexError: index 5 is out of bounds for axis 0 with size 2"),
  ("a = np.array([1, 2])\na('x')", "TypeError: 'ndarray' object is not callable"),
  ("a = np.array([1, 2])\na.size = 3", "AttributeError: attribute 'size' of 'ndarray' objects is not writable"),
  ("from tensorflow.keras import layer", "ImportError: cannot import name 'layer' from 'tensorflow.keras'. Did you mean: 'layers'?"),
  ("import torch", "ModuleNotFoundError: No module named 'torch'"),
  ("import numpy.linalg", "ModuleNotFoundError: No module named 'numpy.linalg'"),
])
func hostObjects(_ source: String, _ expected: String) {
  let s = hostSession()
  _ = try? s.run("import numpy as np")
  let result: String
  do { result = try s.run(source) } catch { result = (error as? ScriptError)?.summary ?? "\(error)" }
  #expect(result == expected, "\(source)")
}

@Test func subscriptIndexArrivesAsScriptValues() throws {
  let s = hostSession()
  try s.run("import numpy as np\na = np.array([1, 2])")
  try s.run("a[..., None]")
  #expect(ToyArray.lastIndex == "(Ellipsis, None)")
  try s.run("a[:, 1]")
  #expect(ToyArray.lastIndex == "(slice(None, None, None), 1)")
  try s.run("a[::2, 1:3]")
  #expect(ToyArray.lastIndex == "(slice(None, None, 2), slice(1, 3, None))")
  try s.run("a[[0, 1]]")
  #expect(ToyArray.lastIndex == "[0, 1]")
}

@Test func hostErrorsGetTheCallRangeAndHint() {
  let s = hostSession()
  let error = s.error("from tensorflow.keras.layers import Dense\nx = 1\ny = Dense()")
  #expect(error?.summary == "TypeError: Dense() needs an input")
  #expect(error?.hint == "call the layer on a tensor")
  #expect(error?.range?.start.line == 3)
  #expect(error?.range?.start.column == 5)
  #expect(error?.rendered().contains("    y = Dense()\n        ^^^^^^^") == true)
}

@Test func moduleNotFoundListsRegisteredModules() {
  let error = hostSession().error("import torch")
  #expect(error?.hint?.contains("numpy") == true)
  #expect(error?.hint?.contains("tensorflow.keras.datasets") == true)
}

@Test func hostOutputGoesToTheSink() throws {
  let s = hostSession()
  try s.run("import numpy as np\nnp.progress(2)")
  #expect(s.output() == "step 0\nstep 1\n")
}

@Test func moduleLoadersRunOnceAndLazily() throws {
  let s = Session()
  let counter = OutputBox()
  s.interpreter.modules.register("lazy") {
    counter.text += "x"
    return .module(ModuleObject(name: "lazy", attributes: ["v": .int(1)]))
  }
  #expect(counter.text == "")
  try s.run("import lazy\nimport lazy as l2\nfrom lazy import v")
  #expect(counter.text == "x")
  #expect(try s.run("v + l2.v") == "2")
}

@Test func signatureBindingForHostFunctions() throws {
  let signature = Signature("fit", "x, y=None, *, epochs=1, batch_size=32, verbose='auto'")
  let bound = try signature.bind(Arguments([.int(1)], keywords: [("epochs", .int(5))]))
  #expect(try bound.int("epochs") == 5)
  #expect(try bound.int("batch_size") == 32)
  #expect(try bound.string("verbose") == "auto")
  #expect(bound["y"].isNone)
  #expect(signature.text == "(x, y=None, *, epochs=1, batch_size=32, verbose='auto')")
  #expect(throws: ScriptError.self) { try signature.bind(Arguments([.int(1), .int(2), .int(3)])) }
  do {
    _ = try signature.bind(Arguments([.int(1)], keywords: [("epoch", .int(5))]))
  } catch {
    #expect((error as? ScriptError)?.message == "fit() got an unexpected keyword argument 'epoch'. Did you mean 'epochs'?")
  }
  let broken = Signature("bad", "this is not ( valid")
  #expect(broken.varPositional != nil)
}
