import Tensors

/// Terminal charts, images and PNG files for `matplotlib.pyplot`.
public enum PlotInfo {
  public static let backends = ["text", "png"]
}
