import Foundation
import NN
import Tensors

/// `tf.nn.relu(x)`, `keras.activations.softmax(x)` called on data. TensorFlow computes in the
/// input's dtype, so float64 input is computed in float64 here (NN's kernels are float32,
/// which is what layers use); other dtypes go through NN as float32.
enum TensorFlowActivations {
  static func apply(_ f: ActivationFunction, to x: Tensor) throws -> Tensor {
    guard x.dtype == .float64, let fn = doubleFunction(f) else {
      return try Convert.tensors { try Activations.apply(f, to: x) }
    }
    var values = try Convert.tensors { try x.toArray(Double.self) }
    if f == .softmax {
      let cols = max(x.ndim == 0 ? 1 : x.shape[x.ndim - 1], 1)
      var start = 0
      while start < values.count {
        let end = min(start + cols, values.count)
        let top = values[start..<end].max() ?? 0
        var total = 0.0
        for i in start..<end {
          values[i] = Foundation.exp(values[i] - top)
          total += values[i]
        }
        for i in start..<end { values[i] /= total }
        start = end
      }
    } else {
      for i in values.indices { values[i] = fn(values[i]) }
    }
    return try Convert.tensors { try Tensor(values, shape: x.shape) }
  }

  /// The function on doubles, or nil where only NN's float32 kernel exists.
  private static func doubleFunction(_ f: ActivationFunction) -> ((Double) -> Double)? {
    func sigmoid(_ v: Double) -> Double { 1 / (1 + Foundation.exp(-v)) }
    switch f {
    case .linear: return { $0 }
    case .softmax: return { $0 }
    case .relu: return { $0 > 0 ? $0 : 0 }
    case .relu6: return { min(max($0, 0), 6) }
    case .sigmoid: return sigmoid
    case .tanh: return { Foundation.tanh($0) }
    case .exponential: return { Foundation.exp($0) }
    case .softplus: return { $0 > 30 ? $0 : Foundation.log1p(Foundation.exp($0)) }
    case .softsign: return { $0 / (1 + Swift.abs($0)) }
    case .swish: return { $0 * sigmoid($0) }
    case .elu(let alpha): return { $0 > 0 ? $0 : Double(alpha) * Foundation.expm1($0) }
    case .leakyRelu(let slope): return { $0 > 0 ? $0 : Double(slope) * $0 }
    default: return nil
    }
  }
}
