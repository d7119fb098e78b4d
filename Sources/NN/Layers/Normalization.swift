import Tensors

/// `Normalization(axis=-1, mean=None, variance=None, invert=False)`: `(x - mean) /
/// max(sqrt(variance), 1e-7)` per position of the kept `axis` (with `invert`, the reverse:
/// `mean + x · max(sqrt(variance), 1e-7)`), the same in training and inference.
///
/// The statistics come from ``adapt(_:)`` (NumPy's `mean`/`var` of the data over the other
/// axes, stored in the non-trainable float32 weights `mean` and `variance`, next to an int64
/// `count` that Keras 3 keeps at 0), or are given as `mean`/`variance` (constants, no weights).
/// Built without either, the layer holds zeros and ones and passes values through.
/// `axis` counts the batch axis (as in Keras): `-1` is the last, `nil` keeps no axis (one
/// mean and variance for everything). The batch axis itself cannot be kept.
public final class Normalization: Layer {
  /// The kept axes as given (`axis=-1` → `[-1]`, `axis=None` → `[]`).
  public let axes: [Int]
  /// Whether the layer de-normalizes. Defaults to `false`.
  public let invert: Bool
  /// The `mean` and `variance` given to the constructor, as given (any numeric dtype).
  public let inputMean: Tensor?
  public let inputVariance: Tensor?
  /// The adapted statistics and Keras's vestigial counter (only without given `mean`).
  public private(set) var adaptMean: Variable?
  public private(set) var adaptVariance: Variable?
  public private(set) var count: Variable?
  /// The shape the layer was built for, batch axis included (`nil` where unknown): the data's
  /// shape after `adapt`, `(None, …)` when a model built it. Keras's `_build_input_shape`.
  public private(set) var buildShape: [Int?]?
  /// The statistics' broadcast shape over a whole batch (`[1, 9]` for `axis=-1` on `(N, 9)`).
  public private(set) var broadcastShape: [Int] = []
  private var keep: [Int] = []
  /// Given `mean`/`variance` laid out over ``broadcastShape``, as float32.
  private var constantMean: [Float] = []
  private var constantVariance: [Float] = []
  /// For each value of a sample, its position in the statistics.
  private var statisticIndex: [Int] = []
  /// Built by `adapt` and not yet by a model: the first model may still fix another
  /// (broadcast-compatible) per-sample shape, as the layer accepts any such shape in Keras.
  private var adaptedOnly = false
  private let y: FloatBuffer
  private let perValue: FloatBuffer

  public init(
    axes: [Int] = [-1], mean: Tensor? = nil, variance: Tensor? = nil, invert: Bool = false,
    inputShape: [Int]? = nil, name: String? = nil
  ) throws {
    if let mean, let variance {
      guard mean.shape == variance.shape else {
        throw NNError.value(
          "When setting values directly, `mean` and `variance` must have the same shape. Received: mean shape "
            + "\(Reshape.tuple(mean.shape)) and variance shape \(Reshape.tuple(variance.shape))")
      }
      guard mean.ndim <= axes.count else {
        throw NNError.value(
          "The rank of `mean` must be less than or equal to the number of axes (\(axes.count)). Received: "
            + "mean shape \(Reshape.tuple(mean.shape)) for axis \(Reshape.tuple(axes))")
      }
    } else if (mean == nil) != (variance == nil) {
      throw NNError.value("When setting values directly, both `mean` and `variance` must be set.")
    }
    self.axes = axes
    self.invert = invert
    inputMean = try mean?.astype(mean?.dtype ?? .float32).copy()
    inputVariance = try variance?.copy()
    y = try FloatBuffer()
    perValue = try FloatBuffer()
    super.init(name: name, defaultName: "normalization", inputShape: inputShape)
  }

  public override var className: String { "Normalization" }

  /// Keras's order: mean, variance, count.
  public override var variables: [Variable] { [adaptMean, adaptVariance, count].compactMap { $0 } }

  /// The statistics' own shape: the kept axes' sizes (`[9]`; `[]` for `axis=None`).
  public var statisticsShape: [Int] { keep.map { broadcastShape[$0] } }

  private static func shapeText(_ shape: [Int?]) -> String {
    let parts = shape.map { $0.map(String.init) ?? "None" }
    return parts.count == 1 ? "(\(parts[0]),)" : "(" + parts.joined(separator: ", ") + ")"
  }

  /// Keras's `build(input_shape)` for a whole-batch shape.
  private func buildStatistics(_ full: [Int?]) throws {
    let ndim = full.count
    if axes.contains(where: { $0 < -ndim || $0 >= ndim }) {
      throw NNError.value(
        "All `axis` values must be in the range [-ndim, ndim). Received inputs with ndim=\(ndim), while "
          + "axis=\(Reshape.tuple(axes))")
    }
    let kept = Array(Set(axes.map { $0 < 0 ? $0 + ndim : $0 })).sorted()
    for d in kept where full[d] == nil {
      throw NNError.value(
        "All `axis` values to be kept must have a known shape. Received axis=\(Reshape.tuple(axes)), "
          + "inputs.shape=\(Normalization.shapeText(full)), with unknown axis at index \(d)")
    }
    if kept.contains(0) {
      throw NNError(
        .notImplementedError,
        "dnnlab's Normalization cannot keep the batch axis (axis=\(Reshape.tuple(axes)))",
        hint: "keep feature axes only: axis=-1 (the default) or axis=None")
    }
    let broadcast = (0..<ndim).map { kept.contains($0) ? (full[$0] ?? 1) : 1 }
    let statShape = kept.map { broadcast[$0] }
    let size = try statShape.reduce(1) { try checkedProduct($0, $1) }
    if let mean = inputMean, let variance = inputVariance {
      constantMean = try Normalization.expand(mean, kept: kept, broadcast: broadcast, size: size)
      constantVariance = try Normalization.expand(variance, kept: kept, broadcast: broadcast, size: size)
    } else {
      let m = try Variable(name: "mean", path: "\(name)/mean", shape: statShape, initializer: .zeros)
      let v = try Variable(name: "variance", path: "\(name)/variance", shape: statShape, initializer: .ones)
      m.trainable = false
      v.trainable = false
      adaptMean = m
      adaptVariance = v
      count = try Variable(integerScalarNamed: "count", path: "\(name)/count")
    }
    keep = kept
    broadcastShape = broadcast
    buildShape = full
  }

  /// A given statistic aligned right to left with the kept axes, then broadcast over
  /// `broadcast`, row-major, as float32.
  private static func expand(_ t: Tensor, kept: [Int], broadcast: [Int], size: Int) throws -> [Float] {
    let values = try t.astype(.float32).toArray(Float.self)
    let ndim = broadcast.count
    var expanded = [Int](repeating: 1, count: ndim)
    guard t.ndim <= kept.count else {
      throw NNError.value("`mean` of shape \(Reshape.tuple(t.shape)) has more axes than axis keeps")
    }
    for i in stride(from: 1, through: t.ndim, by: 1) { expanded[kept[kept.count - i]] = t.shape[t.ndim - i] }
    for (e, b) in zip(expanded, broadcast) where e != 1 && e != b {
      throw NNError.value(
        "`mean` and `variance` of shape \(Reshape.tuple(t.shape)) cannot be broadcast to the inputs' kept "
          + "axes \(Reshape.tuple(broadcast))")
    }
    let strides = Tensor.contiguousStrides(expanded)
    var out = [Float](repeating: 0, count: size)
    for flat in 0..<size {
      var rest = flat, index = 0
      for j in stride(from: ndim - 1, through: 0, by: -1) {
        let c = rest % max(broadcast[j], 1)
        rest /= max(broadcast[j], 1)
        if expanded[j] != 1 { index += c * strides[j] }
      }
      out[flat] = index < values.count ? values[index] : 0
    }
    return out
  }

  /// Maps each value of a sample of per-sample shape `input` to its statistic.
  private func mapValues(_ input: [Int]) throws {
    let full = [1] + input
    let offset = full.count - broadcastShape.count
    guard offset >= 0 else {
      throw NNError.value(
        "Normalization layer \"\(name)\" holds statistics of shape \(Reshape.tuple(broadcastShape)), which do not "
          + "broadcast to inputs of shape \(Normalization.shapeText([nil] + input.map { $0 }))")
    }
    for (j, b) in broadcastShape.enumerated() where b != 1 && (j + offset == 0 || full[j + offset] != b) {
      throw NNError.value(
        "Normalization layer \"\(name)\" holds statistics of shape \(Reshape.tuple(broadcastShape)), which do not "
          + "broadcast to inputs of shape \(Normalization.shapeText([nil] + input.map { $0 }))")
    }
    let n = try input.reduce(1) { try checkedProduct($0, $1) }
    let strides = Tensor.contiguousStrides(broadcastShape)
    var map = [Int](repeating: 0, count: n)
    for e in 0..<n {
      var rest = e, index = 0
      for k in stride(from: full.count - 1, through: 1, by: -1) {
        let c = rest % max(full[k], 1)
        rest /= max(full[k], 1)
        let j = k - offset
        if j >= 0, broadcastShape[j] != 1 { index += c * strides[j] }
      }
      map[e] = index
    }
    statisticIndex = map
  }

  override func computeOutputShape(_ input: [Int]) throws -> [Int] { try shapePreservingOutput(input) }

  override func createWeights(for input: [Int]) throws {
    try buildStatistics([nil] + input.map { $0 })
    try mapValues(input)
  }

  override func build(_ input: [Int]) throws {
    if isBuilt, adaptedOnly {
      _ = try computeOutputShape(input)
      try mapValues(input)
      inputShape = input
      outputShape = input
      adaptedOnly = false
      return
    }
    try super.build(input)
  }

  /// Keras's `build(input_shape)` with the batch axis given (`(N, 9)` from adapt's data or
  /// a file's `build_config`, `None` where unknown); a first model may still build the layer
  /// for another broadcast-compatible per-sample shape.
  public func build(batchShape full: [Int?]) throws {
    guard !isBuilt else { return }
    guard full.count >= 1 else {
      throw NNError.value(
        "All `axis` values must be in the range [-ndim, ndim). Received inputs with ndim=0, while "
          + "axis=\(Reshape.tuple(axes))")
    }
    guard full.allSatisfy({ ($0 ?? 1) >= 0 }) else {
      throw NNError.value("Invalid input shape \(Normalization.shapeText(full)) for layer \"\(name)\"")
    }
    let sample = full.dropFirst().map { $0 ?? 1 }
    guard !full.dropFirst().contains(where: { $0 == nil }) else {
      throw NNError(
        .notImplementedError,
        "dnnlab needs every axis but the batch axis known, got \(Normalization.shapeText(full))")
    }
    // `input_shape=` only describes a model's input: adapt may see other shapes (1-D data).

    try buildStatistics(full)
    try mapValues(sample)
    inputShape = sample
    outputShape = sample
    isBuilt = true
    adaptedOnly = true
  }

  /// `layer.adapt(data)`: builds the layer for `data`'s shape if needed, then stores NumPy's
  /// mean and (biased) variance of `data` over every axis but the kept ones, cast to float32.
  public func adapt(_ data: Tensor) throws {
    guard inputMean == nil else {
      throw NNError(.attributeError, "'Normalization' object has no attribute 'adapt_mean'")
    }
    let full = data.shape
    if isBuilt, let built = buildShape {
      for d in keep where d >= full.count || full[d] != built[d] {
        throw NNError.value(
          "The layer was built with input_shape=\(Normalization.shapeText(built)), but adapt() is being called "
            + "with data with an incompatible shape, data.shape=\(Reshape.tuple(full))")
      }
    } else {
      try build(batchShape: full.map { $0 })
    }
    let reduced = (0..<full.count).filter { !keep.contains($0) }
    let mean = try data.reduce(.mean, axes: reduced)
    let variance = try data.reduce(.var, axes: reduced)
    let shape = statisticsShape
    try adaptMean?.assign(try mean.reshape(shape))
    try adaptVariance?.assign(try variance.reshape(shape))
  }

  /// The statistic used for the value at flat position `i` of the statistics (float32).
  private func statistics() -> (mean: (Int) -> Float, variance: (Int) -> Float) {
    if let m = adaptMean, let v = adaptVariance {
      let mp = m.pointer, vp = v.pointer
      return ({ mp[$0] }, { vp[$0] })
    }
    let cm = constantMean, cv = constantVariance
    return ({ $0 < cm.count ? cm[$0] : 0 }, { $0 < cv.count ? cv[$0] : 1 })
  }

  override func prepare(maxBatch: Int) throws {
    try y.reserve(try checkedProduct(maxBatch, inputCount))
    try perValue.reserve(try checkedProduct(2, inputCount))
  }

  override func forward(_ x: UnsafeMutablePointer<Float>, batch: Int, training: Bool) -> UnsafeMutablePointer<
    Float
  > {
    let n = inputCount
    guard isBuilt, statisticIndex.count == n else { return x }
    let (mean, variance) = statistics()
    let m = perValue.pointer, d = m + n
    let epsilon = Float(1e-7)
    for e in 0..<n {
      let s = statisticIndex[e]
      m[e] = mean(s)
      let root = variance(s).squareRoot()
      d[e] = root.isNaN ? root : Swift.max(root, epsilon)
    }
    let out = y.pointer
    var i = 0
    for _ in 0..<batch {
      for e in 0..<n {
        out[i] = invert ? m[e] + x[i] * d[e] : (x[i] - m[e]) / d[e]
        i += 1
      }
    }
    return out
  }

  override func backward(
    _ dy: UnsafeMutablePointer<Float>, batch: Int, needInputGradient: Bool, gradientIsPreActivation: Bool
  ) -> UnsafeMutablePointer<Float>? {
    guard needInputGradient else { return nil }
    let n = inputCount
    guard statisticIndex.count == n else { return dy }
    let d = perValue.pointer + n
    var i = 0
    for _ in 0..<batch {
      for e in 0..<n {
        dy[i] = invert ? dy[i] * d[e] : dy[i] / d[e]
        i += 1
      }
    }
    return dy
  }

  /// The statistics as Keras's `layer.mean`/`layer.variance` show them: float32 tensors of
  /// ``broadcastShape``, or `nil` before the layer is built.
  public func broadcastStatistics() throws -> (mean: Tensor, variance: Tensor)? {
    guard isBuilt else { return nil }
    let size = broadcastShape.reduce(1, *)
    let (mean, variance) = statistics()
    let m = (0..<size).map(mean), v = (0..<size).map(variance)
    return (try Tensor(m, shape: broadcastShape), try Tensor(v, shape: broadcastShape))
  }
}
