import Tensors

/// `LayerNormalization(axis=-1, epsilon=1e-3, center=True, scale=True,
/// beta_initializer="zeros", gamma_initializer="ones")`: normalizes each sample over `axis`
/// (the same in training and inference) with the sample's own mean and (biased) variance,
/// then scales by `gamma` and shifts by `beta` (shaped like the normalized axes).
///
/// Evaluated as Keras's TensorFlow backend does: `x · inv + (beta - mean · inv)` with
/// `inv = gamma · rsqrt(var + epsilon)`. `axis` counts the batch axis (`-1` is the last); the
/// normalized axes must be the last axes of a sample (`-1`, or `[1, 2]` on `(None, 3, 4)`).
public final class LayerNormalization: Layer {
  /// The axes as given; `axisIsList` tells `axis=-1` from `axis=[-1]` (Keras shows a list
  /// once the layer is built either way).
  public let axes: [Int]
  public let axisIsList: Bool
  /// Added to the variance before the square root. Defaults to `1e-3`.
  public let epsilon: Double
  /// Whether there is a `beta` offset (`center`) and a `gamma` factor (`scale`). Default `true`.
  public let center: Bool
  public let scale: Bool
  public let betaInitializer: Initializer
  public let gammaInitializer: Initializer
  /// Penalties on `beta` and `gamma`. Default to `nil`.
  public let betaRegularizer: Regularizer?
  public let gammaRegularizer: Regularizer?
  public private(set) var gamma: Variable?
  public private(set) var beta: Variable?
  /// Values normalized together (the product of the normalized axes' sizes).
  private var groupSize = 1
  private let y: FloatBuffer
  private let normalized: FloatBuffer
  private let inverseStd: FloatBuffer
  private var savedGroups = 0
  private var sums: [Double] = []
  private var sums2: [Double] = []

  public init(
    axes: [Int] = [-1], axisIsList: Bool = false, epsilon: Double = 1e-3, center: Bool = true,
    scale: Bool = true,
    betaInitializer: Initializer = .zeros, gammaInitializer: Initializer = .ones,
    betaRegularizer: Regularizer? = nil, gammaRegularizer: Regularizer? = nil,
    inputShape: [Int]? = nil, name: String? = nil
  ) throws {
    guard epsilon.isFinite, epsilon >= 0 else {
      throw NNError.value(
        "`epsilon` must be a non-negative number. Received: epsilon=\(pythonFloat(epsilon))")
    }
    guard !axes.isEmpty || axisIsList else {
      throw NNError.type("Expected an int or a list/tuple of ints for the argument 'axis'")
    }
    self.axes = axes
    self.axisIsList = axisIsList
    self.epsilon = epsilon
    self.center = center
    self.scale = scale
    self.betaInitializer = betaInitializer
    self.gammaInitializer = gammaInitializer
    self.betaRegularizer = betaRegularizer
    self.gammaRegularizer = gammaRegularizer
    y = try FloatBuffer()
    normalized = try FloatBuffer()
    inverseStd = try FloatBuffer()
    super.init(name: name, defaultName: "layer_normalization", inputShape: inputShape)
  }

  public override var className: String { "LayerNormalization" }

  /// Keras's order: gamma, beta.
  public override var variables: [Variable] { [gamma, beta].compactMap { $0 } }

  /// The normalized axes within a sample (0-based, batch excluded), sorted; they must be the
  /// sample's last axes.
  private func sampleAxes(rank: Int) throws -> [Int] {
    let full = rank + 1
    var out: [Int] = []
    for a in axes {
      guard a >= -full, a < full else { throw NNError(.indexError, "tuple index out of range") }
      let n = a < 0 ? a + full : a
      guard n != 0 else {
        throw NNError(
          .notImplementedError, "dnnlab's LayerNormalization cannot normalize over the batch axis",
          hint: "normalize the features of each sample: axis=-1 (the default)")
      }
      if !out.contains(n - 1) { out.append(n - 1) }
    }
    out.sort()
    guard out == Array((rank - out.count)..<rank) else {
      throw NNError(
        .notImplementedError,
        "dnnlab's LayerNormalization normalizes the last axes of a sample only; got axis=\(axes)",
        hint: "use axis=-1, or the trailing axes such as [1, 2] for (None, 3, 4)")
    }
    return out
  }

  override func computeOutputShape(_ input: [Int]) throws -> [Int] {
    let output = try shapePreservingOutput(input)
    _ = try sampleAxes(rank: input.count)
    return output
  }

  override func createWeights(for input: [Int]) throws {
    let shape = try sampleAxes(rank: input.count).map { input[$0] }
    if scale {
      gamma = try Variable(name: "gamma", path: "\(name)/gamma", shape: shape, initializer: gammaInitializer)
      gamma?.regularizer = gammaRegularizer
    }
    if center {
      beta = try Variable(name: "beta", path: "\(name)/beta", shape: shape, initializer: betaInitializer)
      beta?.regularizer = betaRegularizer
    }
    groupSize = max(try shape.reduce(1) { try checkedProduct($0, $1) }, 1)
    sums = [Double](repeating: 0, count: groupSize)
    sums2 = [Double](repeating: 0, count: groupSize)
  }

  override func prepare(maxBatch: Int) throws {
    let n = try checkedProduct(maxBatch, inputCount)
    try y.reserve(n)
    try normalized.reserve(n)
    try inverseStd.reserve(n / groupSize + 1)
  }

  override func forward(_ x: UnsafeMutablePointer<Float>, batch: Int, training: Bool) -> UnsafeMutablePointer<
    Float
  > {
    let n = groupSize
    savedGroups = 0
    guard isBuilt, n > 0, inputCount % n == 0 else { return x }
    let groups = batch * (inputCount / n)
    savedGroups = groups
    let out = y.pointer, xhat = normalized.pointer, rstd = inverseStd.pointer
    let g = gamma?.pointer, b = beta?.pointer
    let eps = Float(epsilon)
    for r in 0..<groups {
      let row = x + r * n
      var total = 0.0
      for j in 0..<n { total += Double(row[j]) }
      let mean = Float(total / Double(n))
      // The variance about the float32 mean, as tf.nn.moments computes it.
      var squares = 0.0
      for j in 0..<n {
        let d = row[j] - mean
        squares += Double(d * d)
      }
      let inv = 1 / (Float(squares / Double(n)) + eps).squareRoot()
      rstd[r] = inv
      for j in 0..<n {
        let factor = inv * (g?[j] ?? 1)
        let shift = (b?[j] ?? 0) - mean * factor
        out[r * n + j] = row[j] * factor + shift
        xhat[r * n + j] = (row[j] - mean) * inv
      }
    }
    return out
  }

  override func backward(
    _ dy: UnsafeMutablePointer<Float>, batch: Int, needInputGradient: Bool, gradientIsPreActivation: Bool
  ) -> UnsafeMutablePointer<Float>? {
    let n = groupSize
    let groups = savedGroups
    guard groups > 0, n > 0 else { return dy }
    let xhat = normalized.pointer, rstd = inverseStd.pointer
    if trainable {
      for j in 0..<n {
        sums[j] = 0
        sums2[j] = 0
      }
      for r in 0..<groups {
        for j in 0..<n {
          sums[j] += Double(dy[r * n + j])
          sums2[j] += Double(dy[r * n + j] * xhat[r * n + j])
        }
      }
      if let gamma { for j in 0..<n { gamma.gradient.pointer[j] = Float(sums2[j]) } }
      if let beta { for j in 0..<n { beta.gradient.pointer[j] = Float(sums[j]) } }
    }
    guard needInputGradient else { return nil }
    let g = gamma?.pointer
    // dx = inv_std · (ĝ - mean(ĝ) - x̂ · mean(ĝ · x̂)) with ĝ = dy · gamma, per sample group.
    for r in 0..<groups {
      var meanG = 0.0, meanGX = 0.0
      for j in 0..<n {
        let gj = dy[r * n + j] * (g?[j] ?? 1)
        meanG += Double(gj)
        meanGX += Double(gj * xhat[r * n + j])
      }
      let mg = Float(meanG / Double(n)), mgx = Float(meanGX / Double(n))
      for j in 0..<n {
        let gj = dy[r * n + j] * (g?[j] ?? 1)
        dy[r * n + j] = rstd[r] * (gj - mg - xhat[r * n + j] * mgx)
      }
    }
    return dy
  }
}
