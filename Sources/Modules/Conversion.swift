import Datasets
import NN
import Script
import Tensors

/// A script object that stands for a tensor's values: NumPy's `ndarray` and TensorFlow's
/// `tf.Tensor`. NumPy functions and Keras methods accept either, as `__array__` makes them do.
protocol TensorBacked: AnyObject {
  var tensor: Tensor { get }
}

/// Conversions between script values and tensors, and of tensor errors into script errors.
enum Convert {
  /// A tensor error as the script error NumPy users know (`ValueError: cannot reshape …`).
  static func scriptError(_ e: TensorError) -> ScriptError {
    ScriptError(ErrorKind(e.kind.rawValue), e.message, hint: e.hint)
  }

  /// Runs library code (Tensors, NN, Datasets), translating its errors into script errors.
  static func tensors<R>(_ body: () throws -> R) throws -> R {
    do { return try body() } catch let e as TensorError {
      throw scriptError(e)
    } catch let e as NNError {
      throw ScriptError(ErrorKind(e.kind.rawValue), e.message, hint: e.hint)
    } catch let e as DatasetError {
      throw ScriptError(ErrorKind(e.kind.rawValue), e.message, hint: e.hint)
    }
  }

  /// Wraps a tensor for the script.
  static func value(_ t: Tensor) -> Value { .object(TensorObject(t)) }

  /// The tensor a script value stands for (`np.asarray` semantics): arrays as they are,
  /// Python scalars as 0-d arrays, nested lists and tuples as stacked arrays.
  static func tensor(_ v: Value, dtype: DType? = nil) throws -> Tensor {
    let t = try tensorNoCast(v)
    guard let dtype, dtype != t.dtype else { return t }
    if t.dtype == .int64, dtype == .uint8 || dtype == .int32 {
      try checkPythonIntegers(v, fit: dtype)
    }
    return try tensors { try t.astype(dtype) }
  }

  /// NumPy 2 refuses Python ints that do not fit the requested integer dtype
  /// (`np.array([300], dtype=np.uint8)`); values from arrays are cast as they are.
  private static func checkPythonIntegers(_ v: Value, fit dtype: DType) throws {
    let range: ClosedRange<Int> = dtype == .uint8 ? 0...255 : Int(Int32.min)...Int(Int32.max)
    func check(_ v: Value) throws {
      switch v {
      case .int(let i) where !range.contains(i):
        throw ScriptError(.overflowError, "Python integer \(i) out of bounds for \(dtype.name)")
      case .list(let l): for item in l.items { try check(item) }
      case .tuple(let items): for item in items { try check(item) }
      default: break
      }
    }
    try check(v)
  }

  private static func tensorNoCast(_ v: Value) throws -> Tensor {
    switch v {
    case .object(let o as TensorBacked): return o.tensor
    case .bool(let b): return Tensor(scalar: b, isScalar: false)
    case .int(let i): return Tensor(scalar: Int64(i), isScalar: false)
    case .float(let d): return Tensor(scalar: d, isScalar: false)
    case .list(let l): return try fromSequence(l.items)
    case .tuple(let items): return try fromSequence(items)
    case .range(let r):
      return try tensors {
        try Tensor.arange(start: .int(Int64(r.start)), stop: .int(Int64(r.stop)), step: .int(Int64(r.step)))
      }
    default:
      throw ScriptError(
        .typeError, "cannot convert \(typeName(v)) to an array",
        hint: "pass numbers, nested lists of numbers, or arrays")
    }
  }

  /// `np.array([[1, 2], [3, 4]])`: the shape from the nesting, the dtype from the elements
  /// (bool < int64 < float64, or the promoted dtype of any arrays inside).
  private static func fromSequence(_ items: [Value]) throws -> Tensor {
    let parts = try items.map(tensorNoCast)
    guard let first = parts.first else { return try tensors { try Tensor(zeros: [0], dtype: .float64) } }
    for p in parts where p.shape != first.shape {
      throw ScriptError(
        .valueError,
        "setting an array element with a sequence. The requested array has an inhomogeneous shape after "
          + "1 dimensions. The detected shape was (\(parts.count),) + inhomogeneous part.")
    }
    return try tensors {
      try Tensor.stack(
        parts.map { p in
          var q = p; q.isScalar = false; return q
        })
    }
  }

  /// An operand for element-wise arithmetic: arrays are strong, Python scalars weak (NEP 50).
  static func operand(_ v: Value) throws -> Operand? {
    switch v {
    case .object(let o as TensorBacked): return .tensor(o.tensor)
    case .bool(let b): return .pyBool(b)
    case .int(let i): return .pyInt(Int64(i))
    case .float(let d): return .pyFloat(d)
    case .list, .tuple, .range: return .tensor(try tensor(v))
    default: return nil
    }
  }

  /// A required operand, with a TypeError naming the function otherwise.
  static func requiredOperand(_ v: Value, _ function: String) throws -> Operand {
    guard let o = try operand(v) else {
      throw ScriptError(.typeError, "\(function)() got an unsupported operand of type '\(typeName(v))'")
    }
    return o
  }

  /// NumPy's subscript forms: ints, slices, `None`, `...`, tuples of them, lists and arrays.
  static func index(_ v: Value) throws -> [TensorIndex] {
    if case .tuple(let items) = v { return try items.map(indexItem) }
    return [try indexItem(v)]
  }

  private static func indexItem(_ v: Value) throws -> TensorIndex {
    switch v {
    case .int(let i): return .int(i)
    case .bool(let b): return .array(Tensor(scalar: b, isScalar: false))
    case .none: return .newAxis
    case .ellipsis: return .ellipsis
    case .slice(let s):
      return .slice(
        start: try sliceBound(s.start), stop: try sliceBound(s.stop), step: try sliceBound(s.step))
    case .object(let o as TensorBacked):
      if o.tensor.ndim == 0 && o.tensor.dtype.isInteger, case .int(let i) = o.tensor.scalarValue(atFlat: 0) {
        return .int(Int(i))
      }
      return .array(o.tensor)
    case .list, .tuple, .range: return .array(try tensor(v))
    case .float:
      throw ScriptError(
        .indexError,
        "only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer or boolean arrays "
          + "are valid indices", hint: "convert with int(...) first")
    default:
      throw ScriptError(
        .indexError,
        "only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer or boolean arrays "
          + "are valid indices")
    }
  }

  private static func sliceBound(_ v: Value) throws -> Int? {
    switch v {
    case .none: return nil
    case .int(let i): return i
    case .bool(let b): return b ? 1 : 0
    case .object(let o as TensorBacked) where o.tensor.count == 1 && o.tensor.dtype.isInteger:
      if case .int(let i) = o.tensor.scalarValue(atFlat: 0) { return Int(i) }
      return nil
    default:
      throw ScriptError(
        .typeError, "slice indices must be integers or None or have an __index__ method")
    }
  }

  /// A shape argument: an int, a tuple/list of ints, or NumPy integer scalars.
  static func shape(_ v: Value) throws -> [Int] {
    switch v {
    case .tuple(let items): return try items.map(integer)
    case .list(let l): return try l.items.map(integer)
    default: return [try integer(v)]
    }
  }

  static func integer(_ v: Value) throws -> Int {
    switch v {
    case .int(let i): return i
    case .bool(let b): return b ? 1 : 0
    case .object(let o as TensorBacked) where o.tensor.count == 1 && o.tensor.dtype.isInteger:
      if case .int(let i) = o.tensor.scalarValue(atFlat: 0) { return Int(i) }
    default: break
    }
    throw ScriptError(.typeError, "'\(typeName(v))' object cannot be interpreted as an integer")
  }

  static func double(_ v: Value) throws -> Double {
    switch v {
    case .int(let i): return Double(i)
    case .float(let d): return d
    case .bool(let b): return b ? 1 : 0
    case .object(let o as TensorBacked) where o.tensor.count == 1:
      return o.tensor.scalarValue(atFlat: 0).asDouble
    default: throw ScriptError(.typeError, "must be real number, not \(typeName(v))")
    }
  }

  /// An `axis` argument: None, an int, or a tuple of ints.
  static func axes(_ v: Value) throws -> [Int]? {
    switch v {
    case .none: return nil
    case .tuple(let items): return try items.map(integer)
    case .list(let l): return try l.items.map(integer)
    default: return [try integer(v)]
    }
  }

  /// A dtype argument: `'float32'`, `np.float32`, `x.dtype`, or Python's `float`/`int`/`bool`.
  static func dtype(_ v: Value) throws -> DType? {
    switch v {
    case .none: return nil
    case .str(let s): return try tensors { try DType.parse(s) }
    case .object(let o as DTypeObject): return o.dtype
    case .object(let o as ScalarTypeObject): return o.dtype
    case .object(let o as TFDTypeObject): return o.dtype
    case .builtin(let f) where f.typeName != nil:
      switch f.typeName {
      case "float": return .float64
      case "int": return .int64
      case "bool": return .bool
      default: break
      }
    default: break
    }
    throw ScriptError(.typeError, "Cannot interpret '\(Script.reprValue(v))' as a data type")
  }

  /// A Python scalar for a tensor element.
  static func python(_ s: ScalarValue) -> Value {
    switch s {
    case .bool(let b): return .bool(b)
    case .int(let i): return .int(Int(i))
    case .float(let d): return .float(d)
    }
  }

  /// `tolist()` as script lists.
  static func list(_ n: NestedList) -> Value {
    switch n {
    case .scalar(let s): return python(s)
    case .list(let items): return .list(ListObject(items.map(list)))
    }
  }

  static func typeName(_ v: Value) -> String {
    switch v {
    case .none: return "NoneType"
    case .bool: return "bool"
    case .int: return "int"
    case .float: return "float"
    case .str: return "str"
    case .list: return "list"
    case .tuple: return "tuple"
    case .dict: return "dict"
    case .set(let s): return s.typeName
    case .range: return "range"
    case .slice: return "slice"
    case .ellipsis: return "ellipsis"
    case .function: return "function"
    case .builtin: return "builtin_function_or_method"
    case .module: return "module"
    case .iterator: return "iterator"
    case .object(let o): return o.typeName
    }
  }
}
