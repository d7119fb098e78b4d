import Tensors

/// `Rescaling(scale, offset=0.0)`: `x · scale + offset` for every value, in training and in
/// inference alike (a preprocessing layer, e.g. `Rescaling(1./255)` in front of a Dense model).
/// No weights; the gradient passed back is `dy · scale`.
///
/// Keras casts `scale` and `offset` to float32 and computes `float32(x) * scale + offset`
/// (two float32 operations, no fused multiply-add); this layer does the same.
public final class Rescaling: Layer {
  /// The factor and shift as given (Python numbers). `offset` defaults to `0.0`.
  public let scale: Double
  public let offset: Double
  /// Whether `scale`/`offset` were given as Python ints, so that `get_config()` shows `-1`
  /// rather than `-1.0` as Keras does. Default `false`.
  public let scaleIsInteger: Bool
  public let offsetIsInteger: Bool
  private let y: FloatBuffer

  public init(
    scale: Double, offset: Double = 0, scaleIsInteger: Bool = false, offsetIsInteger: Bool = false,
    inputShape: [Int]? = nil, name: String? = nil
  ) throws {
    self.scale = scale
    self.offset = offset
    self.scaleIsInteger = scaleIsInteger
    self.offsetIsInteger = offsetIsInteger
    y = try FloatBuffer()
    super.init(name: name, defaultName: "rescaling", inputShape: inputShape)
  }

  public override var className: String { "Rescaling" }

  override func computeOutputShape(_ input: [Int]) throws -> [Int] { try shapePreservingOutput(input) }

  override func prepare(maxBatch: Int) throws { try y.reserve(try checkedProduct(maxBatch, outputCount)) }

  override func forward(_ x: UnsafeMutablePointer<Float>, batch: Int, training: Bool) -> UnsafeMutablePointer<
    Float
  > {
    let n = batch * outputCount
    let s = Float(scale), o = Float(offset)
    let out = y.pointer
    for i in 0..<n {
      let scaled = x[i] * s
      out[i] = scaled + o
    }
    return out
  }

  override func backward(
    _ dy: UnsafeMutablePointer<Float>, batch: Int, needInputGradient: Bool, gradientIsPreActivation: Bool
  ) -> UnsafeMutablePointer<Float>? {
    guard needInputGradient else { return nil }
    let s = Float(scale)
    for i in 0..<(batch * outputCount) { dy[i] *= s }
    return dy
  }
}
