import Foundation
import Plot
import Script
import Tensors

/// `matplotlib` with `matplotlib.pyplot`: the subset course notebooks use, drawing into the
/// ``Plot`` figure model. `show()` prints the drawing into the cell's output; `savefig()`
/// writes a PNG. Return values lessons do not print are `None`.
enum PyplotModule {
  /// `matplotlib`, whose `pyplot` attribute is the module `import matplotlib.pyplot as plt`
  /// finds. Colour is used only on a terminal without `NO_COLOR`; drawings are at most
  /// `columns` wide.
  static func makeMatplotlib(isTerminal: Bool, columns: Int) -> ModuleObject {
    let mode = ColorMode.detect(isTerminal: isTerminal, environment: ProcessInfo.processInfo.environment)
    let state = PyplotState(renderer: TextRenderer(mode: mode, maxColumns: columns))
    let mpl = ModuleObject(name: "matplotlib", documentation: "matplotlib 3.10 names over dnnlab's Plot")
    mpl.attributes["__version__"] = .str("3.10.0")
    mpl.addFunction("use", signature: "backend, *, force=True") { _, _ in .none }
    let plt = makePyplot(state)
    mpl.attributes["pyplot"] = .module(plt)
    mpl.attributes["cm"] = plt.attributes["cm"]
    return mpl
  }

  static func makePyplot(_ state: PyplotState) -> ModuleObject {
    let plt = ModuleObject(name: "matplotlib.pyplot", documentation: "Text and PNG plots (a pyplot subset)")
    plt.attributes["_state"] = .object(state)
    let cm = ModuleObject(name: "matplotlib.cm")
    for m in Colormap.all { cm.attributes[m.name] = .object(ColormapObject(m)) }
    cm.attributes["Greys"] = .object(ColormapObject(.binary))
    cm.addFunction("get_cmap", signature: "name=None, lut=None") { a, _ in
      .object(ColormapObject(try PyplotArgs.colormap(a["name"]) ?? .viridis))
    }
    plt.attributes["cm"] = .module(cm)
    plt.attributes["get_cmap"] = cm.attributes["get_cmap"]
    let style = ModuleObject(name: "matplotlib.style")
    style.addFunction("use", signature: "style") { _, _ in .none }
    plt.attributes["style"] = .module(style)

    addFigureFunctions(plt, state)
    addSeriesFunctions(plt, state)
    addDecorations(plt, state)
    return plt
  }

  /// `figure`, `subplot`, `show`, `savefig`, `close`, `clf`, `tight_layout`.
  private static func addFigureFunctions(_ plt: ModuleObject, _ state: PyplotState) {
    plt.addFunction("figure", signature: "num=None, figsize=None, dpi=None, *, facecolor=None, **kwargs") {
      a, interp in
      var (w, h) = (6.4, 4.8)
      if !a["figsize"].isNone {
        let size = try interp.elements(of: a["figsize"]).map(Convert.double)
        guard size.count == 2, size.allSatisfy({ $0.isFinite && $0 > 0 }) else {
          throw ScriptError(
            .valueError, "figure size must be positive finite not \(Script.reprValue(a["figsize"]))",
            hint: "figsize=(width, height) in inches, e.g. (10, 7)")
        }
        (w, h) = (size[0], size[1])
      }
      state.newFigure(width: w, height: h)
      return .object(FigureHandle(width: w, height: h))
    }
    plt.addFunction("subplot", signature: "*args, **kwargs") { a, _ in
      var n = try a.extraPositional.map(Convert.integer)
      if n.count == 1, n[0] >= 111, n[0] <= 999 { n = [n[0] / 100, n[0] / 10 % 10, n[0] % 10] }
      if n.isEmpty { n = [1, 1, 1] }
      guard n.count == 3 else {
        throw ScriptError(.typeError, "subplot() takes 1 or 3 positional arguments but \(n.count) were given")
      }
      guard n[0] >= 1, n[1] >= 1, n[0] <= 50, n[1] <= 50 else {
        throw ScriptError(
          .valueError, "Number of rows and columns must be integers in 1...50, not \(n[0]) and \(n[1])")
      }
      guard n[2] >= 1, n[2] <= n[0] * n[1] else {
        throw ScriptError(.valueError, "num must be an integer with 1 <= num <= \(n[0] * n[1]), not \(n[2])")
      }
      state.selectSubplot(rows: n[0], columns: n[1], index: n[2])
      return .none
    }
    plt.addFunction("show", signature: "*args, **kwargs") { _, interp in
      state.show(interp)
      return .none
    }
    plt.addFunction("savefig", signature: "fname, *, dpi=None, **kwargs") { a, interp in
      let path = interp.str(a["fname"])
      try state.save(to: path, dpi: try PyplotArgs.optionalDouble(a["dpi"]))
      return .none
    }
    for name in ["close", "clf"] {
      plt.addFunction(name, signature: "*args, **kwargs") { _, _ in
        state.figure = nil
        state.currentAxes = 0
        return .none
      }
    }
    plt.addFunction("cla", signature: "") { _, _ in
      state.withAxes { $0 = Axes(gridRows: $0.gridRows, gridColumns: $0.gridColumns, index: $0.index) }
      return .none
    }
    for name in ["tight_layout", "ion", "ioff", "draw", "pause"] {
      plt.addFunction(name, signature: "*args, **kwargs") { _, _ in .none }
    }
    plt.addFunction("suptitle", signature: "t, **kwargs") { a, interp in
      var f = state.currentFigure()
      f.title = interp.str(a["t"])
      state.figure = f
      return .none
    }
  }

  /// `plot`, `semilogx`, `semilogy`, `loglog`, `scatter`, `hist`, `bar`, `imshow`, `contourf`.
  private static func addSeriesFunctions(_ plt: ModuleObject, _ state: PyplotState) {
    for (name, xs, ys) in [
      ("plot", AxisScale.linear, AxisScale.linear), ("semilogx", .log, .linear), ("semilogy", .linear, .log),
      ("loglog", .log, .log),
    ] {
      plt.addFunction(name, signature: "*args, **kwargs") { a, interp in
        let series = try PyplotSeries.lines(a.extraPositional, keywords: a.extraKeywords, interp: interp)
        state.withAxes { axes in
          if name != "plot" {
            axes.xScale = xs
            axes.yScale = ys
          }
          axes.series += series
        }
        return .none
      }
    }
    plt.addFunction(
      "scatter", signature: "x, y, s=None, c=None, marker=None, cmap=None, alpha=None, **kwargs"
    ) { a, interp in
      state.add(try PyplotSeries.scatter(a, interp: interp))
      return .none
    }
    plt.addFunction(
      "hist", signature: "x, bins=None, range=None, density=False, weights=None, bottom=None, **kwargs"
    ) { a, interp in
      let (series, counts, edges) = try PyplotSeries.histogram(a, interp: interp)
      state.add(series)
      return .tuple([
        Convert.value(try Convert.tensors { try Tensor(counts, shape: [counts.count]) }),
        Convert.value(try Convert.tensors { try Tensor(edges, shape: [edges.count]) }),
        .none,
      ])
    }
    plt.addFunction("bar", signature: "x, height, width=0.8, bottom=None, *, align='center', **kwargs") {
      a, interp in
      let (series, categories) = try PyplotSeries.bars(a, interp: interp)
      state.withAxes { axes in
        axes.series.append(series)
        if let categories {
          axes.xTicks = TickSpec(positions: categories.indices.map(Double.init), labels: categories)
        }
      }
      return .none
    }
    plt.addFunction(
      "imshow",
      signature:
        "X, cmap=None, norm=None, *, aspect=None, interpolation=None, alpha=None, vmin=None, vmax=None, **kwargs"
    ) { a, interp in
      state.add(try PyplotSeries.image(a, interp: interp))
      return .none
    }
    for name in ["contourf", "contour"] {
      plt.addFunction(name, signature: "*args, levels=None, cmap=None, alpha=None, **kwargs") { a, interp in
        state.add(try PyplotSeries.contour(a, interp: interp))
        return .none
      }
    }
  }

  /// Titles, labels, limits, ticks, scales, legend, grid, colour bar and `axis`.
  private static func addDecorations(_ plt: ModuleObject, _ state: PyplotState) {
    for name in ["title", "xlabel", "ylabel"] {
      plt.addFunction(name, signature: "label, fontdict=None, loc=None, pad=None, **kwargs") { a, interp in
        let text = interp.str(a["label"])
        state.withAxes { axes in
          switch name {
          case "title": axes.title = text
          case "xlabel": axes.xLabel = text
          default: axes.yLabel = text
          }
        }
        return .none
      }
    }
    for axis in ["x", "y"] {
      plt.addFunction("\(axis)lim", signature: "*args, **kwargs") { a, interp in
        var parts = a.extraPositional
        if parts.count == 1, !parts[0].isNone { parts = try interp.elements(of: parts[0]) }
        let keyLow = axis == "x" ? "left" : "bottom", keyHigh = axis == "x" ? "right" : "top"
        var low = try parts.first.flatMap { try PyplotArgs.optionalDouble($0) }
        var high = try parts.count > 1 ? PyplotArgs.optionalDouble(parts[1]) : nil
        for (k, v) in a.extraKeywords {
          if k == keyLow || k == "\(axis)min" { low = try PyplotArgs.optionalDouble(v) }
          if k == keyHigh || k == "\(axis)max" { high = try PyplotArgs.optionalDouble(v) }
        }
        return try state.withAxes { axes in
          let current = axis == "x" ? axes.xLimits : axes.yLimits
          let fallback = axis == "x" ? axes.viewLimits.x : axes.viewLimits.y
          guard low != nil || high != nil else { return .tuple([.float(fallback.0), .float(fallback.1)]) }
          let l = low ?? current?.0 ?? fallback.0, h = high ?? current?.1 ?? fallback.1
          guard l.isFinite, h.isFinite else {
            throw ScriptError(.valueError, "Axis limits cannot be NaN or Inf")
          }
          if axis == "x" { axes.xLimits = (l, h) } else { axes.yLimits = (l, h) }
          return .tuple([.float(l), .float(h)])
        }
      }
      plt.addFunction("\(axis)ticks", signature: "ticks=None, labels=None, *, minor=False, **kwargs") {
        a, interp in
        if a["ticks"].isNone { return .none }
        let positions = try PyplotArgs.numbers(a["ticks"], "ticks")
        let labels = a["labels"].isNone ? nil : try interp.elements(of: a["labels"]).map { interp.str($0) }
        if let labels, labels.count != positions.count {
          throw ScriptError(
            .valueError,
            "The number of FixedLocator locations (\(positions.count)), usually from a call to set_ticks, does not match the number of labels (\(labels.count))."
          )
        }
        state.withAxes { axes in
          let spec = TickSpec(positions: positions, labels: labels)
          if axis == "x" { axes.xTicks = spec } else { axes.yTicks = spec }
        }
        return .none
      }
      plt.addFunction("\(axis)scale", signature: "value, **kwargs") { a, _ in
        let v = try a.string("value")
        guard v == "linear" || v == "log" else {
          throw ScriptError(
            .valueError, "'\(v)' is not a valid value for scale; supported values are 'linear', 'log'")
        }
        state.withAxes { axes in
          if axis == "x" {
            axes.xScale = v == "log" ? .log : .linear
          } else {
            axes.yScale = v == "log" ? .log : .linear
          }
        }
        return .none
      }
    }
    plt.addFunction("legend", signature: "*args, loc=None, **kwargs") { a, interp in
      // legend(['a', 'b']) names the series in order, as matplotlib does.
      let names = try a.extraPositional.first.map { try interp.elements(of: $0).map { interp.str($0) } }
      state.withAxes { axes in
        if let names {
          for (i, n) in names.enumerated() where i < axes.series.count { axes.series[i].label = n }
        }
        axes.showsLegend = true
      }
      return .none
    }
    plt.addFunction("grid", signature: "visible=None, which='major', axis='both', **kwargs") { a, interp in
      let on = a["visible"].isNone ? true : try interp.truthy(a["visible"])
      state.withAxes { $0.showsGrid = on }
      return .none
    }
    plt.addFunction("colorbar", signature: "mappable=None, cax=None, ax=None, **kwargs") { _, _ in
      state.withAxes { $0.hasColorbar = true }
      return .none
    }
    plt.addFunction("axis", signature: "arg=None, /, *, emit=True, **kwargs") { a, interp in
      switch a["arg"] {
      case .str(let s):
        state.withAxes { axes in
          if s == "off" { axes.axisVisible = false }
          if s == "on" { axes.axisVisible = true }
        }
      case .none: break
      case let v:
        let lims = try interp.elements(of: v).map(Convert.double)
        guard lims.count == 4 else {
          throw ScriptError(
            .typeError,
            "the first argument to axis() must be an iterable of the form [xmin, xmax, ymin, ymax]")
        }
        state.withAxes { axes in
          axes.xLimits = (lims[0], lims[1])
          axes.yLimits = (lims[2], lims[3])
        }
      }
      return .none
    }
  }
}
