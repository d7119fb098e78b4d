import Tensors

/// `Dense(units, activation=None, use_bias=True, kernel_initializer="glorot_uniform",
/// bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None)`: `activation(x · kernel + bias)` over the last axis, with the
/// kernel laid out `(input_dim, units)` as Keras does. On inputs of more than one axis per
/// sample it applies to the last axis, like Keras.
public final class Dense: Layer {
  public let units: Int
  public let activation: ActivationFunction
  public let useBias: Bool
  public let kernelInitializer: Initializer
  public let biasInitializer: Initializer
  /// Penalties on the kernel and the bias. Default to `nil`.
  public let kernelRegularizer: Regularizer?
  public let biasRegularizer: Regularizer?
  public private(set) var kernel: Variable?
  public private(set) var bias: Variable?

  // Buffers: outputs, pre-activations (when the activation needs them), input gradients.
  private let y: FloatBuffer
  private let z: FloatBuffer
  private let dx: FloatBuffer
  private var savedInput: UnsafeMutablePointer<Float>?
  private var savedRows = 0

  /// - Parameters:
  ///   - units: output width (a positive integer).
  ///   - activation: Keras default `None` (linear).
  ///   - inputShape / inputDim: the per-sample input shape, Keras's legacy `input_shape=(784,)`.
  public init(
    units: Int, activation: ActivationFunction = .linear, useBias: Bool = true,
    kernelInitializer: Initializer = .glorotUniform, biasInitializer: Initializer = .zeros,
    kernelRegularizer: Regularizer? = nil, biasRegularizer: Regularizer? = nil,
    inputShape: [Int]? = nil, inputDim: Int? = nil, name: String? = nil
  ) throws {
    guard units > 0 else {
      throw NNError.value(
        "Received an invalid value for `units`, expected a positive integer. Received: units=\(units)")
    }
    if let s = inputShape, s.contains(where: { $0 <= 0 }) {
      throw NNError.value("Invalid input_shape \(formatShape(s)): every dimension must be a positive integer")
    }
    self.units = units
    self.activation = activation
    self.useBias = useBias
    self.kernelInitializer = kernelInitializer
    self.biasInitializer = biasInitializer
    self.kernelRegularizer = kernelRegularizer
    self.biasRegularizer = biasRegularizer
    y = try FloatBuffer()
    z = try FloatBuffer()
    dx = try FloatBuffer()
    super.init(name: name, defaultName: "dense", inputShape: inputShape ?? inputDim.map { [$0] })
  }

  /// Convenience with the activation by name (`"relu"`), as scripts pass it.
  public convenience init(
    _ units: Int, activation: String?, useBias: Bool = true, kernelInitializer: String = "glorot_uniform",
    biasInitializer: String = "zeros", inputShape: [Int]? = nil, inputDim: Int? = nil, name: String? = nil
  ) throws {
    try self.init(
      units: units, activation: try Activations.named(activation), useBias: useBias,
      kernelInitializer: try Initializer.named(kernelInitializer),
      biasInitializer: try Initializer.named(biasInitializer),
      inputShape: inputShape, inputDim: inputDim, name: name)
  }

  public override var className: String { "Dense" }

  public override var variables: [Variable] { [kernel, bias].compactMap { $0 } }

  override func computeOutputShape(_ input: [Int]) throws -> [Int] {
    guard let last = input.last else {
      throw NNError.value(
        "Dense layer \"\(name)\" needs inputs with at least one axis per sample, got shape \(formatBatchShape(input))",
        hint: "reshape the data to (None, 1), e.g. x.reshape(-1, 1)")
    }
    if let declared = declaredInputShape, declared != input {
      throw incompatibleInput(input, expected: declared)
    }
    guard last > 0 else {
      throw NNError.value("Dense layer \"\(name)\" got an input with a zero-sized last axis")
    }
    return Array(input.dropLast()) + [units]
  }

  override func createWeights(for input: [Int]) throws {
    let inDim = input.last ?? 1
    kernel = try Variable(
      name: "kernel", path: "\(name)/kernel", shape: [inDim, units], initializer: kernelInitializer)
    kernel?.regularizer = kernelRegularizer
    if useBias {
      bias = try Variable(name: "bias", path: "\(name)/bias", shape: [units], initializer: biasInitializer)
      bias?.regularizer = biasRegularizer
    }
  }

  private var inDim: Int { inputShape?.last ?? 1 }
  private var rowsPerSample: Int { inputCount / max(inDim, 1) }

  override func prepare(maxBatch: Int) throws {
    let rows = try checkedProduct(maxBatch, rowsPerSample)
    try y.reserve(try checkedProduct(rows, units))
    if activation.needsPreActivation { try z.reserve(try checkedProduct(rows, units)) }
    try dx.reserve(try checkedProduct(rows, inDim))
  }

  override func forward(_ x: UnsafeMutablePointer<Float>, batch: Int, training: Bool) -> UnsafeMutablePointer<
    Float
  > {
    guard let kernel else { return x }
    let rows = batch * rowsPerSample
    savedInput = x
    savedRows = rows
    let keepZ = activation.needsPreActivation
    let target = keepZ ? z.pointer : y.pointer
    BLAS.sgemm(
      m: rows, n: units, k: inDim, a: x, lda: inDim, b: kernel.pointer, ldb: units, c: target, ldc: units)
    if keepZ {
      Kernels.biasActivate(.linear, target, bias: bias?.pointer, rows: rows, cols: units)
      y.pointer.update(from: target, count: rows * units)
      if activation == .softmax {
        Kernels.softmaxRows(y.pointer, rows: rows, cols: units)
      } else {
        Kernels.activate(activation, y.pointer, count: rows * units)
      }
    } else {
      Kernels.biasActivate(activation, target, bias: bias?.pointer, rows: rows, cols: units)
    }
    return y.pointer
  }

  override func backward(
    _ dy: UnsafeMutablePointer<Float>, batch: Int, needInputGradient: Bool, gradientIsPreActivation: Bool
  ) -> UnsafeMutablePointer<Float>? {
    guard let kernel, let x = savedInput else { return nil }
    let rows = savedRows
    if !gradientIsPreActivation {
      Kernels.activationBackward(
        activation, dy: dy, y: y.pointer, z: activation.needsPreActivation ? z.pointer : nil,
        count: rows * units,
        cols: units)
    }
    if trainable {
      // dW = xᵀ · dz, db = Σ rows of dz.
      BLAS.sgemm(
        transA: true, m: inDim, n: units, k: rows, a: x, lda: inDim, b: dy, ldb: units,
        c: kernel.gradient.pointer,
        ldc: units)
      if let bias { Kernels.columnSums(dy, rows: rows, cols: units, into: bias.gradient.pointer) }
    }
    guard needInputGradient else { return nil }
    // dx = dz · Wᵀ.
    BLAS.sgemm(
      transB: true, m: rows, n: inDim, k: units, a: dy, lda: units, b: kernel.pointer, ldb: units,
      c: dx.pointer,
      ldc: inDim)
    return dx.pointer
  }

  override var outputActivation: (ActivationFunction, UnsafeMutablePointer<Float>?)? {
    (activation, activation.needsPreActivation ? z.pointer : nil)
  }
}
