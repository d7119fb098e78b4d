import Tensors

/// Keras semantics on Tensors: layers, activations, initializers, losses, optimizers,
/// metrics, `Sequential` and its training loop.
public enum NNInfo {
  public static let kerasVersion = "3.15"
}
