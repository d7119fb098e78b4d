import Modules
import Script

/// Notebook files (percent-format `.py`, `.ipynb`), the cell runner and transcripts.
public enum NotebookInfo {
  public static let formats = ["py:percent", "ipynb"]
}
