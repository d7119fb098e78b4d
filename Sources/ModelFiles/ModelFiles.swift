import NN

/// Keras 3 `.keras` and `.weights.h5` files for NN models.
public enum ModelFilesInfo {
  public static let formats = ["keras", "weights.h5"]
}
