import Foundation
import Tensors

/// An activation function as Keras 3 defines it. Used by `Dense(activation:)`, the
/// `Activation` layer, and directly on tensors (`tf.nn.relu(x)`, `keras.activations.softmax(x)`).
public enum ActivationFunction: Equatable, Sendable, CustomStringConvertible {
  case linear
  case relu
  case sigmoid
  case tanh
  /// Softmax over the last axis.
  case softmax
  /// `elu(x, alpha=1.0)`.
  case elu(alpha: Float)
  case selu
  /// `leaky_relu(x, negative_slope=0.2)` (Keras 3's default slope).
  case leakyRelu(negativeSlope: Float)
  /// `gelu(x, approximate=False)`.
  case gelu(approximate: Bool)
  /// `swish` / `silu`: x · sigmoid(x).
  case swish
  case softplus
  case softsign
  /// Keras 3's `hard_sigmoid`: relu6(x + 3) / 6.
  case hardSigmoid
  case exponential
  case relu6
  /// The `ReLU` layer's general form: `relu(x, negative_slope, max_value, threshold)`.
  case generalRelu(negativeSlope: Float, maxValue: Float?, threshold: Float)

  /// Keras's name for the function (`relu`, `leaky_relu`, ...).
  public var name: String {
    switch self {
    case .linear: return "linear"
    case .relu, .generalRelu: return "relu"
    case .sigmoid: return "sigmoid"
    case .tanh: return "tanh"
    case .softmax: return "softmax"
    case .elu: return "elu"
    case .selu: return "selu"
    case .leakyRelu: return "leaky_relu"
    case .gelu: return "gelu"
    case .swish: return "swish"
    case .softplus: return "softplus"
    case .softsign: return "softsign"
    case .hardSigmoid: return "hard_sigmoid"
    case .exponential: return "exponential"
    case .relu6: return "relu6"
    }
  }

  public var description: String { name }

  /// Whether the backward pass needs the pre-activation values (not derivable from outputs).
  var needsPreActivation: Bool {
    switch self {
    case .gelu, .swish, .generalRelu, .softmax, .sigmoid: return true
    default: return false
    }
  }
}

/// Activation lookup by Keras name.
public enum Activations {
  /// Every name `activations.get` accepts here.
  public static let names = [
    "linear", "relu", "sigmoid", "tanh", "softmax", "elu", "selu", "leaky_relu", "gelu", "swish", "silu",
    "softplus", "softsign", "hard_sigmoid", "exponential", "relu6",
  ]

  /// The activation called `name` (`"relu"`, `"softmax"`, ...); `nil`/`"linear"`/`"None"` mean
  /// linear. Throws with a "Did you mean" hint for unknown names.
  public static func named(_ name: String?) throws -> ActivationFunction {
    guard let name else { return .linear }
    switch name.lowercased() {
    case "linear", "none", "": return .linear
    case "relu": return .relu
    case "sigmoid": return .sigmoid
    case "tanh": return .tanh
    case "softmax": return .softmax
    case "elu": return .elu(alpha: 1)
    case "selu": return .selu
    case "leaky_relu", "leakyrelu": return .leakyRelu(negativeSlope: 0.2)
    case "gelu": return .gelu(approximate: false)
    case "swish", "silu": return .swish
    case "softplus": return .softplus
    case "softsign": return .softsign
    case "hard_sigmoid": return .hardSigmoid
    case "exponential": return .exponential
    case "relu6": return .relu6
    default: throw NameLookup.unknown("activation function", name, known: names)
    }
  }

  /// Applies `f` to a tensor of any numeric dtype; float64 stays float64 (computed in
  /// float32 like Keras's default floatx, then widened), everything else becomes float32.
  public static func apply(_ f: ActivationFunction, to x: Tensor) throws -> Tensor {
    let input = try x.float32Contiguous()
    let out = try input.copy()
    let n = out.count
    let cols = out.ndim == 0 ? 1 : max(out.shape[out.ndim - 1], 1)
    if n > 0 {
      if f == .softmax {
        Kernels.softmaxRows(out.floatPointer, rows: n / cols, cols: cols)
      } else {
        Kernels.activate(f, out.floatPointer, count: n)
      }
    }
    return x.dtype == .float64 ? try out.astype(.float64) : out
  }
}

/// Element-wise and row-wise loops over float32 buffers, written so the compiler vectorises
/// them: one switch outside, a plain counted loop inside.
enum Kernels {
  /// y = f(y) in place for element-wise functions (softmax handled by ``softmaxRows``).
  static func activate(_ f: ActivationFunction, _ y: UnsafeMutablePointer<Float>, count n: Int) {
    switch f {
    case .linear, .softmax: return
    case .relu:
      for i in 0..<n { y[i] = y[i] > 0 ? y[i] : 0 }
    case .sigmoid:
      for i in 0..<n { y[i] = fastSigmoid(y[i]) }
    case .tanh:
      for i in 0..<n { y[i] = Foundation.tanh(y[i]) }
    case .elu(let a):
      for i in 0..<n { let v = y[i]; y[i] = v > 0 ? v : a * Foundation.expm1(v) }
    case .selu:
      let alpha: Float = 1.673_263_2, scale: Float = 1.050_701
      for i in 0..<n { let v = y[i]; y[i] = v > 0 ? scale * v : scale * alpha * Foundation.expm1(v) }
    case .leakyRelu(let s):
      for i in 0..<n { let v = y[i]; y[i] = v > 0 ? v : v * s }
    case .gelu(let approximate):
      if approximate {
        let c: Float = 0.797_884_56
        for i in 0..<n {
          let v = y[i]
          y[i] = 0.5 * v * (1 + Foundation.tanh(c * (v + 0.044715 * v * v * v)))
        }
      } else {
        for i in 0..<n { let v = y[i]; y[i] = 0.5 * v * (1 + Foundation.erf(v * 0.707_106_77)) }
      }
    case .swish:
      for i in 0..<n { let v = y[i]; y[i] = v * fastSigmoid(v) }
    case .softplus:
      // log(1 + e^x) without overflow: max(x, 0) + log1p(e^-|x|).
      for i in 0..<n { let v = y[i]; y[i] = max(v, 0) + Foundation.log1p(fastExp(-abs(v))) }
    case .softsign:
      for i in 0..<n { let v = y[i]; y[i] = v / (1 + abs(v)) }
    case .hardSigmoid:
      for i in 0..<n { let v = (y[i] + 3) / 6; y[i] = v < 0 ? 0 : (v > 1 ? 1 : v) }
    case .exponential:
      for i in 0..<n { y[i] = fastExp(y[i]) }
    case .relu6:
      for i in 0..<n { let v = y[i]; y[i] = v < 0 ? 0 : (v > 6 ? 6 : v) }
    case .generalRelu(let slope, let maxValue, let threshold):
      let hi = maxValue ?? Float.infinity
      for i in 0..<n {
        let v = y[i]
        var p = v > threshold ? v : 0
        p = p > hi ? hi : p
        let neg = threshold - v > 0 ? threshold - v : 0
        y[i] = p - slope * neg
      }
    }
  }

  /// dy ← dy · f'(z) in place, from the outputs `y` and (when the function needs them)
  /// the pre-activations `z`. `cols` is the softmax row length.
  static func activationBackward(
    _ f: ActivationFunction, dy: UnsafeMutablePointer<Float>, y: UnsafePointer<Float>,
    z: UnsafePointer<Float>?, count n: Int, cols: Int
  ) {
    switch f {
    case .linear: return
    case .relu:
      let zero = F8(repeating: 0)
      var i = 0
      while i < vectorEnd(n) {
        store8(zero.replacing(with: load8(dy, i), where: load8(y, i) .> zero), dy, i)
        i += 8
      }
      while i < n {
        dy[i] = y[i] > 0 ? dy[i] : 0
        i += 1
      }
    case .sigmoid:
      for i in 0..<n { dy[i] = dy[i] * (y[i] * (1 - y[i])) }
    case .tanh:
      for i in 0..<n { dy[i] = dy[i] * (1 - y[i] * y[i]) }
    case .softmax:
      let rows = cols > 0 ? n / cols : 0
      for r in 0..<rows {
        let d = dy + r * cols, p = y + r * cols
        var dot: Float = 0
        for j in 0..<cols { dot += d[j] * p[j] }
        for j in 0..<cols { d[j] = p[j] * (d[j] - dot) }
      }
    case .elu(let a):
      for i in 0..<n { dy[i] = y[i] > 0 ? dy[i] : dy[i] * (y[i] + a) }
    case .selu:
      let alpha: Float = 1.673_263_2, scale: Float = 1.050_701
      for i in 0..<n { dy[i] = y[i] > 0 ? dy[i] * scale : dy[i] * (y[i] + scale * alpha) }
    case .leakyRelu(let s):
      for i in 0..<n { dy[i] = y[i] > 0 ? dy[i] : dy[i] * s }
    case .gelu(let approximate):
      guard let z else { return }
      if approximate {
        let c: Float = 0.797_884_56
        for i in 0..<n {
          let v = z[i]
          let t = Foundation.tanh(c * (v + 0.044715 * v * v * v))
          let dt = (1 - t * t) * c * (1 + 3 * 0.044715 * v * v)
          dy[i] = dy[i] * (0.5 * (1 + t) + 0.5 * v * dt)
        }
      } else {
        for i in 0..<n {
          let v = z[i]
          let cdf = 0.5 * (1 + Foundation.erf(v * 0.707_106_77))
          let pdf = fastExp(-0.5 * v * v) * 0.398_942_28
          dy[i] = dy[i] * (cdf + v * pdf)
        }
      }
    case .swish:
      guard let z else { return }
      for i in 0..<n { let s = fastSigmoid(z[i]); dy[i] = dy[i] * (s * (1 + z[i] * (1 - s))) }
    case .softplus:
      for i in 0..<n { dy[i] = dy[i] * (1 - fastExp(-y[i])) }
    case .softsign:
      for i in 0..<n { let a = 1 - abs(y[i]); dy[i] = dy[i] * a * a }
    case .hardSigmoid:
      for i in 0..<n { dy[i] = y[i] > 0 && y[i] < 1 ? dy[i] * (1.0 / 6.0) : 0 }
    case .exponential:
      for i in 0..<n { dy[i] = dy[i] * y[i] }
    case .relu6:
      for i in 0..<n { dy[i] = y[i] > 0 && y[i] < 6 ? dy[i] : 0 }
    case .generalRelu(let slope, let maxValue, let threshold):
      guard let z else { return }
      let hi = maxValue ?? Float.infinity
      for i in 0..<n {
        let v = z[i]
        let pass: Float = v > threshold && v < hi ? 1 : 0
        let neg: Float = v < threshold ? slope : 0
        dy[i] = dy[i] * (pass + neg)
      }
    }
  }

  /// Softmax of each row in place: exp(x - max) / sum.
  static func softmaxRows(_ y: UnsafeMutablePointer<Float>, rows: Int, cols: Int) {
    guard cols > 0 else { return }
    for r in 0..<rows {
      let p = y + r * cols
      var m = p[0]
      for j in 1..<cols where p[j] > m { m = p[j] }
      var s: Float = 0
      for j in 0..<cols {
        let e = fastExp(p[j] - m)
        p[j] = e
        s += e
      }
      for j in 0..<cols { p[j] = p[j] / s }
    }
  }

  /// y[r, j] = f(y[r, j] + b[j]) for element-wise f, in one pass.
  static func biasActivate(
    _ f: ActivationFunction, _ y: UnsafeMutablePointer<Float>, bias: UnsafePointer<Float>?, rows: Int,
    cols: Int
  ) {
    if let bias {
      let zero = F8(repeating: 0)
      let end = vectorEnd(cols)
      if f == .relu {
        for r in 0..<rows {
          let p = y + r * cols
          var j = 0
          while j < end {
            let v = load8(p, j) + load8(bias, j)
            store8(zero.replacing(with: v, where: v .> zero), p, j)
            j += 8
          }
          while j < cols {
            let v = p[j] + bias[j]
            p[j] = v > 0 ? v : 0
            j += 1
          }
        }
        return
      }
      for r in 0..<rows {
        let p = y + r * cols
        var j = 0
        while j < end {
          store8(load8(p, j) + load8(bias, j), p, j)
          j += 8
        }
        while j < cols {
          p[j] = p[j] + bias[j]
          j += 1
        }
      }
    }
    if f == .softmax {
      softmaxRows(y, rows: rows, cols: cols)
    } else {
      activate(f, y, count: rows * cols)
    }
  }

  /// out[j] = Σ_r d[r, j] (bias gradients).
  static func columnSums(
    _ d: UnsafePointer<Float>, rows: Int, cols: Int, into out: UnsafeMutablePointer<Float>
  ) {
    out.update(repeating: 0, count: cols)
    let end = vectorEnd(cols)
    for r in 0..<rows {
      let p = d + r * cols
      var j = 0
      while j < end {
        store8(load8(out, j) + load8(p, j), out, j)
        j += 8
      }
      while j < cols {
        out[j] += p[j]
        j += 1
      }
    }
  }
}
