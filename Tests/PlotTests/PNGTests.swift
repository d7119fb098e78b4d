import CPNG
import Foundation
import Plot
import Testing

/// Reads a PNG with libpng's simplified API directly (independently of `PNGFile.read`).
func readPNG(_ path: String) -> (width: Int, height: Int, rgba: [UInt8])? {
  var image = png_image()
  image.version = png_uint_32(PNG_IMAGE_VERSION)
  guard png_image_begin_read_from_file(&image, path) != 0 else { return nil }
  image.format = png_uint_32(PNG_FORMAT_FLAG_COLOR | PNG_FORMAT_FLAG_ALPHA)
  let w = Int(image.width), h = Int(image.height)
  var buffer = [UInt8](repeating: 0, count: w * h * 4)
  let ok = buffer.withUnsafeMutableBytes { png_image_finish_read(&image, nil, $0.baseAddress, png_int_32(w * 4), nil) }
  return ok != 0 ? (w, h, buffer) : nil
}

func pixel(_ p: (width: Int, height: Int, rgba: [UInt8]), _ x: Int, _ y: Int) -> RGB {
  let i = (y * p.width + x) * 4
  return RGB(p.rgba[i], p.rgba[i + 1], p.rgba[i + 2])
}

@Suite struct PNGTests {
  func temporaryPath(_ name: String) -> String {
    // One folder per file: tests run in parallel and one must not see another's temporary file.
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plot-tests-\(getpid())-\(name)")
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder.appendingPathComponent(name).path
  }

  @Test func barChartFileHasMatplotlibSizeAndPixels() throws {
    var f = Figure()
    let i = f.selectAxes()
    f.axes[i].series.append(Series(.bars(x: [0, 1, 2], heights: [3, 5, 2], width: 0.8, bottom: 0)))
    let path = temporaryPath("bars.png")
    try PNGFile.write(PNGRenderer().rasterize(f), to: path)
    let png = try #require(readPNG(path))
    #expect(png.width == 640 && png.height == 480)
    #expect(pixel(png, 2, 2) == .white)  // outside the axes
    // The axes box starts at 12.5% of the width: its left spine is black.
    #expect(pixel(png, 80, 240) == .black)
    // The middle bar (x = 1, height 5) fills the middle of the axes in tab:blue.
    #expect(pixel(png, 320, 300) == RGB(31, 119, 180))
    // No temporary file is left behind.
    let left = try FileManager.default.contentsOfDirectory(atPath: (path as NSString).deletingLastPathComponent)
    #expect(!left.contains { $0.hasSuffix(".tmp") })
  }

  @Test func imageFillsSquareAndDpiScales() throws {
    var f = Figure(width: 4, height: 4)
    let i = f.selectAxes()
    f.axes[i].series.append(Series(.image(ringDigit(), range: nil), colormap: .gray))
    f.axes[i].axisVisible = false
    let path = temporaryPath("digit.png")
    try PNGFile.write(PNGRenderer(dpi: 50).rasterize(f), to: path)
    let png = try #require(readPNG(path))
    #expect(png.width == 200 && png.height == 200)
    // Centre of the ring is black, the ring itself white.
    #expect(pixel(png, 102, 100) == .black)
    let roundTrip = try PNGFile.read(path)
    #expect(roundTrip.width == 200)
    #expect(roundTrip.color(x: 102, y: 100) == .black)
  }

  @Test func writingIntoAMissingFolderFails() {
    var f = Figure()
    _ = f.selectAxes()
    #expect(throws: PlotError.self) {
      try PNGFile.write(PNGRenderer().rasterize(f), to: "/nonexistent-folder/x.png")
    }
    #expect(throws: PlotError.self) { try PNGFile.read("/nonexistent-folder/x.png") }
  }

  @Test func hugeFiguresAreCapped() {
    let f = Figure(width: 1e6, height: 50)
    let size = PNGRenderer(dpi: 600).pixelSize(of: f)
    #expect(size.width <= 4096 && size.height <= 4096)
  }
}
