import Foundation
import Plot
import Testing

/// A 28×28 "0" like an MNIST digit: a bright ring with soft edges on black.
func ringDigit() -> ValueGrid {
  var v: [Double] = []
  for r in 0..<28 {
    for c in 0..<28 {
      let dy = (Double(r) - 13.5) / 1.25, dx = Double(c) - 13.5
      let d = (dx * dx + dy * dy).squareRoot()
      v.append(max(0, 255 - abs(d - 7.5) * 110))
    }
  }
  return ValueGrid(rows: 28, columns: 28, values: v)
}

@Suite struct TextDrawingTests {
  let xs = (0..<100).map { Double($0) * 2 * Double.pi / 99 }

  @Test func sineCurve() {
    var f = Figure()
    let i = f.selectAxes()
    f.axes[i].series.append(Series(.line(x: xs, y: xs.map(sin))))
    f.axes[i].title = "sin(x)"
    assertGolden("sine", TextRenderer().render(f))
  }

  @Test func twoSeriesWithLegend() {
    var f = Figure()
    let i = f.selectAxes()
    let epochs = (1...20).map(Double.init)
    f.axes[i].series.append(Series(.line(x: epochs, y: epochs.map { 1 / $0 + 0.1 }), label: "loss"))
    f.axes[i].series.append(Series(.line(x: epochs, y: epochs.map { 1.2 / $0 + 0.2 + $0 / 100 }), label: "val_loss"))
    f.axes[i].showsLegend = true
    f.axes[i].xLabel = "epoch"
    f.axes[i].yLabel = "loss"
    assertGolden("two_series_legend", TextRenderer().render(f))
  }

  @Test func logLearningRateCurve() {
    var f = Figure(width: 10, height: 7)
    let i = f.selectAxes()
    let lrs = (0..<100).map { 1e-4 * pow(10, Double($0) / 20) }
    let loss = lrs.map { 0.7 - 0.03 * log10($0) + ($0 > 0.1 ? 2 * $0 : 0) }
    f.axes[i].series.append(Series(.line(x: lrs, y: loss)))
    f.axes[i].xScale = .log
    f.axes[i].xLabel = "Learning Rate"
    f.axes[i].yLabel = "Loss"
    f.axes[i].title = "Learning rate vs. loss"
    assertGolden("lr_semilogx", TextRenderer().render(f))
  }

  @Test func twoClassScatter() {
    var x: [Double] = [], y: [Double] = [], c: [Double] = []
    for k in 0..<60 {
      let t = Double(k) * 2 * Double.pi / 60
      let r = k % 2 == 0 ? 1.0 : 0.5
      x.append(r * cos(t))
      y.append(r * sin(t))
      c.append(k % 2 == 0 ? 0 : 1)
    }
    var f = Figure()
    let i = f.selectAxes()
    f.axes[i].series.append(Series(.scatter(x: x, y: y, values: c), colormap: .rdYlBu))
    assertGolden("scatter_two_classes", TextRenderer().render(f))
  }

  @Test func digitImage() {
    var f = Figure()
    let i = f.selectAxes()
    f.axes[i].series.append(Series(.image(ringDigit(), range: nil), colormap: .gray))
    f.axes[i].title = "Label: 0"
    f.axes[i].axisVisible = false
    let text = TextRenderer().render(f)
    assertGolden("digit", text)
    // Two characters per pixel at full size: 28 rows under the title, the ring 40 columns wide.
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.count <= 29 && lines.count >= 24)
    #expect(lines.map { $0.trimmingCharacters(in: .whitespaces).count }.max() == 40)
  }

  @Test func digitImageInColor() {
    var f = Figure()
    let i = f.selectAxes()
    f.axes[i].series.append(Series(.image(ringDigit(), range: nil), colormap: .gray))
    let text = TextRenderer(mode: .trueColor).render(f)
    // Half blocks: 14 rows of 28 pixels with foreground and background colours.
    #expect(text.split(separator: "\n").count == 14)
    #expect(text.contains("▀"))
    #expect(text.contains("\u{1b}[0;38;2;255;255;255;48;2;0;0;0m") || text.contains("38;2;"))
  }

  @Test func confusionMatrix() {
    var f = Figure()
    let i = f.selectAxes()
    let values: [Double] = [50, 2, 0, 3, 41, 6, 1, 4, 45]
    f.axes[i].series.append(
      Series(
        .matrix(
          ValueGrid(rows: 3, columns: 3, values: values), annotations: values.map { String(Int($0)) },
          rowLabels: ["cat", "dog", "bird"], columnLabels: ["cat", "dog", "bird"])))
    f.axes[i].xLabel = "Predicted label"
    f.axes[i].yLabel = "True label"
    assertGolden("confusion_matrix", TextRenderer().render(f))
  }

  @Test func colourModeUsesOneColourPerSeries() {
    var f = Figure()
    let i = f.selectAxes()
    f.axes[i].series.append(Series(.line(x: [0, 1], y: [0, 1])))
    f.axes[i].series.append(Series(.line(x: [0, 1], y: [1, 0])))
    let text = TextRenderer(mode: .trueColor).render(f)
    #expect(text.contains("38;2;31;119;180"))  // tab:blue
    #expect(text.contains("38;2;255;127;14"))  // tab:orange
    let plain = TextRenderer(mode: .none).render(f)
    #expect(!plain.contains("\u{1b}"))
    #expect(plain.contains("×"))  // the second line's marker
  }

  @Test func colorModeDetection() {
    #expect(ColorMode.detect(isTerminal: false, environment: [:]) == ColorMode.none)
    #expect(ColorMode.detect(isTerminal: true, environment: ["NO_COLOR": "1"]) == ColorMode.none)
    #expect(ColorMode.detect(isTerminal: true, environment: ["COLORTERM": "truecolor"]) == .trueColor)
    #expect(ColorMode.detect(isTerminal: true, environment: [:]) == .ansi256)
  }

  @Test func oddDataNeverTraps() {
    let nan = Double.nan, inf = Double.infinity
    let cases: [SeriesData] = [
      .line(x: [], y: []), .line(x: [1, 2, 3], y: [1]), .line(x: [nan, nan], y: [nan, 1]),
      .line(x: [0, 1e308, -1e308], y: [inf, -inf, 0]), .scatter(x: [1], y: [1], values: [nan]),
      .scatter(x: [1, 2], y: [1, 2], values: [1]), .bars(x: [0], heights: [nan], width: nan, bottom: 0),
      .bars(x: [], heights: [], width: 0.8, bottom: 0), .image(ValueGrid(rows: 0, columns: 5, values: []), range: nil),
      .image(ValueGrid(rows: 3, columns: 3, values: [1]), range: (5, 5)),
      .filledContour(x: [0, 1], y: [0], z: ValueGrid(rows: 3, columns: 3, values: [])),
      .matrix(ValueGrid(rows: 2, columns: 2, values: []), annotations: [], rowLabels: [], columnLabels: []),
    ]
    for data in cases {
      for scale in [AxisScale.linear, .log] {
        var f = Figure(width: 1e9, height: -3)
        let i = f.selectAxes(rows: 2, columns: 2, index: 9)
        f.axes[i].series.append(Series(data))
        f.axes[i].xScale = scale
        f.axes[i].yLimits = (5, 5)
        f.axes[i].showsLegend = true
        f.axes[i].hasColorbar = true
        f.axes[i].showsGrid = true
        _ = TextRenderer(mode: .ansi256, maxColumns: 5).render(f)
        _ = TextRenderer().render(f)
        _ = PNGRenderer(dpi: 1e9).rasterize(f)
      }
    }
  }

  @Test func ticksAreNice() {
    let m = AxisScaleBuilder.mapping(values: [0, 10], scale: .linear, limits: nil, ticks: nil)
    #expect(m.ticks == [0, 2, 4, 6, 8, 10])
    #expect(m.tickLabels == ["0", "2", "4", "6", "8", "10"])
    let l = AxisScaleBuilder.mapping(values: [1e-4, 1], scale: .log, limits: nil, ticks: nil)
    #expect(l.tickLabels == ["10⁻⁴", "10⁻³", "10⁻²", "10⁻¹", "10⁰"])
    let f = AxisScaleBuilder.mapping(values: [-1, 1], scale: .linear, limits: (-1, 1), ticks: nil)
    #expect(f.tickLabels == ["−1.0", "−0.5", "0.0", "0.5", "1.0"])
  }
}
