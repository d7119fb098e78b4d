import CPNG
import Foundation

/// An error writing or reading a PNG file, with libpng's or the file system's message.
public struct PlotError: Error, CustomStringConvertible, Sendable {
  public let message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}

/// PNG encoding and decoding through libpng's simplified API (`png_image_*`). That API keeps
/// libpng's `setjmp`/`longjmp` error handling inside libpng and reports failures as return
/// codes, which is the only safe way to call it from Swift (a longjmp across Swift frames is
/// undefined behaviour).
public enum PNGFile {
  /// `PNG_FORMAT_RGBA` (colour | alpha flags); the macro is an expression Swift does not import.
  static let rgbaFormat = png_uint_32(PNG_FORMAT_FLAG_COLOR | PNG_FORMAT_FLAG_ALPHA)

  /// The PNG bytes of an RGBA raster (for files and for `.ipynb` `image/png` outputs).
  public static func encode(_ raster: Raster) throws -> [UInt8] {
    var image = png_image()
    image.version = png_uint_32(PNG_IMAGE_VERSION)
    image.width = png_uint_32(raster.width)
    image.height = png_uint_32(raster.height)
    image.format = rgbaFormat
    let stride = png_int_32(raster.width * 4)
    var size: png_alloc_size_t = 0
    // First call: ask for the size; second: encode into a buffer of that size.
    let sized = raster.pixels.withUnsafeBytes { p in
      png_image_write_to_memory(&image, nil, &size, 0, p.baseAddress, stride, nil)
    }
    guard sized != 0, size > 0 else { throw PlotError("PNG encoding failed: \(message(&image))") }
    var bytes = [UInt8](repeating: 0, count: Int(size))
    let written = bytes.withUnsafeMutableBytes { out in
      raster.pixels.withUnsafeBytes { p in
        png_image_write_to_memory(&image, out.baseAddress, &size, 0, p.baseAddress, stride, nil)
      }
    }
    guard written != 0 else { throw PlotError("PNG encoding failed: \(message(&image))") }
    return Array(bytes.prefix(Int(size)))
  }

  /// Writes `raster` to `path` atomically: the bytes go to a temporary file in the same folder,
  /// which is then renamed over `path`, so a reader never sees half a picture.
  public static func write(_ raster: Raster, to path: String) throws {
    let bytes = try encode(raster)
    let url = URL(fileURLWithPath: path)
    let folder = url.deletingLastPathComponent()
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
      throw PlotError("No such file or directory: '\(path)'")
    }
    let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
    do {
      try Data(bytes).write(to: temporary)
      if rename(temporary.path, url.path) != 0 {
        let reason = String(cString: strerror(errno))
        try? FileManager.default.removeItem(at: temporary)
        throw PlotError("cannot write '\(path)': \(reason)")
      }
    } catch let e as PlotError {
      throw e
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      throw PlotError("cannot write '\(path)': \(error.localizedDescription)")
    }
  }

  /// Reads a PNG file as RGBA (any PNG colour type is converted by libpng).
  public static func read(_ path: String) throws -> Raster {
    var image = png_image()
    image.version = png_uint_32(PNG_IMAGE_VERSION)
    guard png_image_begin_read_from_file(&image, path) != 0 else {
      throw PlotError("cannot read '\(path)': \(message(&image))")
    }
    defer { png_image_free(&image) }
    image.format = rgbaFormat
    let width = Int(image.width), height = Int(image.height)
    guard width > 0, height > 0, width <= 8192, height <= 8192 else {
      throw PlotError("'\(path)': image size \(width)×\(height) is outside 1...8192")
    }
    var pixels = [UInt8](repeating: 0, count: width * height * 4)
    let ok = pixels.withUnsafeMutableBytes { p in
      png_image_finish_read(&image, nil, p.baseAddress, png_int_32(width * 4), nil)
    }
    guard ok != 0 else { throw PlotError("cannot read '\(path)': \(message(&image))") }
    var raster = Raster(width: width, height: height)
    raster.replacePixels(pixels)
    return raster
  }

  private static func message(_ image: inout png_image) -> String {
    withUnsafeBytes(of: &image.message) { raw in
      let bytes = raw.prefix { $0 != 0 }
      return String(decoding: bytes, as: UTF8.self)
    }
  }
}

extension Raster {
  /// Replaces the pixel buffer with one of the same size (from a decoded file).
  mutating func replacePixels(_ new: [UInt8]) {
    guard new.count == pixels.count else { return }
    setPixels(new)
  }
}
