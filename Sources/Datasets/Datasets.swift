import Tensors

/// Dataset readers (IDX, npz, CSV) and the Keras dataset loaders.
public enum DatasetsInfo {
  public static let name = "Datasets"
}
