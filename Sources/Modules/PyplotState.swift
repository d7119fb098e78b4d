import Foundation
import Plot
import Script
import Tensors

/// pyplot's state machine for one interpreter: the current figure and subplot that `plot`,
/// `title` and friends act on, and how `show()` draws. Stored in the pyplot module (as the
/// hidden attribute `_state`) so that `sklearn.metrics.ConfusionMatrixDisplay` draws onto the
/// same figure as `plt.show()` shows.
final class PyplotState: HostObject {
  /// The figure being built; nil until something is drawn or `figure()` is called.
  var figure: Figure?
  /// Index into `figure.axes` of the current subplot.
  var currentAxes = 0
  /// How `show()` draws: escape codes and width.
  let renderer: TextRenderer
  /// PNG bytes of the figures `show()` drew since the host last asked (for `.ipynb` outputs).
  var shownPNGs: [[UInt8]] = []

  init(renderer: TextRenderer) { self.renderer = renderer }

  var typeName: String { "PyplotState" }
  func repr() -> String { "<pyplot state>" }

  /// The current figure, created at matplotlib's default size when there is none.
  func currentFigure() -> Figure {
    if let figure { return figure }
    let f = Figure()
    figure = f
    return f
  }

  /// Starts a new figure (`plt.figure(figsize=…)`).
  func newFigure(width: Double, height: Double) {
    figure = Figure(width: width, height: height)
    currentAxes = 0
  }

  /// Runs `body` on the current subplot, creating `subplot(1, 1, 1)` when there is none.
  func withAxes<R>(_ body: (inout Axes) throws -> R) rethrows -> R {
    var f = currentFigure()
    if f.axes.isEmpty || currentAxes >= f.axes.count { currentAxes = f.selectAxes() }
    let result = try body(&f.axes[currentAxes])
    figure = f
    return result
  }

  /// Makes `subplot(rows, columns, index)` current.
  func selectSubplot(rows: Int, columns: Int, index: Int) {
    var f = currentFigure()
    currentAxes = f.selectAxes(rows: rows, columns: columns, index: index)
    figure = f
  }

  /// Adds a series to the current subplot.
  func add(_ series: Series) { withAxes { $0.series.append(series) } }

  /// `plt.show()`: writes the text drawing to the cell output and forgets the figure (the
  /// inline backend's behaviour: each shown figure is closed). An empty figure prints nothing.
  func show(_ interpreter: Interpreter) {
    defer {
      figure = nil
      currentAxes = 0
    }
    guard let figure, !figure.isEmpty else { return }
    let text = renderer.render(figure)
    interpreter.write(text + "\n")
    if let png = try? PNGFile.encode(PNGRenderer().rasterize(figure)) {
      // Kept only until the host collects them; a host that never does holds at most 16.
      shownPNGs.append(png)
      if shownPNGs.count > 16 { shownPNGs.removeFirst(shownPNGs.count - 16) }
    }
  }

  /// `plt.savefig(path, dpi=…)`: the current figure as a PNG file (the figure stays current).
  func save(to path: String, dpi: Double?) throws {
    let f = currentFigure()
    let renderer = PNGRenderer(dpi: dpi ?? 100)
    do { try PNGFile.write(renderer.rasterize(f), to: path) } catch let e as PlotError {
      throw ScriptError(
        ErrorKind("FileNotFoundError"), e.message, hint: "check that the folder exists and is writable")
    }
  }

  /// The state of an interpreter's pyplot module, or a fresh one when matplotlib is not
  /// installed in it (then nothing is shared, but nothing fails either).
  static func of(_ interpreter: Interpreter) -> PyplotState {
    if case .module(let mpl)? = try? interpreter.modules.load("matplotlib"),
      case .module(let pyplot)? = mpl.attributes["pyplot"],
      case .object(let state as PyplotState)? = pyplot.attributes["_state"]
    {
      return state
    }
    return PyplotState(renderer: TextRenderer())
  }
}

/// What a host (the notebook runner) needs from pyplot between cells: Jupyter's inline backend
/// shows every figure still open when a cell ends, even without `plt.show()`.
public enum PyplotDisplay {
  /// Draws the pending figure, if any, into the interpreter's output, as `plt.show()` would.
  public static func flush(_ interpreter: Interpreter) {
    PyplotState.of(interpreter).show(interpreter)
  }

  /// PNG bytes of every figure shown since the last call (for `.ipynb` `image/png` outputs).
  public static func takeShownPNGs(_ interpreter: Interpreter) -> [[UInt8]] {
    let state = PyplotState.of(interpreter)
    defer { state.shownPNGs.removeAll() }
    return state.shownPNGs
  }
}
