import Tensors

/// Per-variable optimizer state: up to three float32 slots the size of the variable.
final class OptimizerSlots {
  let count: Int
  let s0: FloatBuffer
  let s1: FloatBuffer
  let s2: FloatBuffer

  init(count: Int, slots: Int, initial: Float) throws {
    self.count = count
    s0 = try FloatBuffer(capacity: slots > 0 ? count : 0)
    s1 = try FloatBuffer(capacity: slots > 1 ? count : 0)
    s2 = try FloatBuffer(capacity: slots > 2 ? count : 0)
    if slots > 0, initial != 0 { s0.pointer.update(repeating: initial, count: count) }
  }
}

/// Pointers to a variable's slots, offset together so a part of the variable can be updated
/// on its own.
struct SlotPointers {
  let s0: UnsafeMutablePointer<Float>
  let s1: UnsafeMutablePointer<Float>
  let s2: UnsafeMutablePointer<Float>

  init(_ slots: OptimizerSlots) {
    s0 = slots.s0.pointer
    s1 = slots.s1.pointer
    s2 = slots.s2.pointer
  }

  private init(
    _ s0: UnsafeMutablePointer<Float>, _ s1: UnsafeMutablePointer<Float>, _ s2: UnsafeMutablePointer<Float>
  ) {
    self.s0 = s0
    self.s1 = s1
    self.s2 = s2
  }

  /// The slots from element `offset` on (only slots the optimizer allocated are ever read).
  func advanced(by offset: Int) -> SlotPointers {
    SlotPointers(s0 + offset, s1 + offset, s2 + offset)
  }
}

/// The base of Keras's optimizers: a float32 `learning_rate`, an `iterations` counter, optional
/// decoupled `weight_decay` (w ← w − w·wd·lr before the step), and per-variable slots built on
/// first use. Subclasses implement ``update(_:_:_:count:lr:)`` as a tight loop.
public class Optimizer: CustomStringConvertible {
  /// The learning rate, stored in float32 like Keras's variable. Callbacks may change it.
  public var learningRate: Float
  /// Steps applied so far.
  public var iterations: Int = 0
  /// A step-dependent learning rate (`learning_rate=ExponentialDecay(...)`); when set, it
  /// replaces ``learningRate``, which callbacks may then not change. Defaults to `nil`.
  public var schedule: LearningRateSchedule?

  /// The rate the next step uses: the schedule's value at ``iterations``, or ``learningRate``.
  public var currentLearningRate: Float { schedule?.rate(atStep: iterations) ?? learningRate }

  /// Keras's refusal to set the rate of an optimizer built on a schedule.
  public static let scheduledRateNotSettable =
    "This optimizer was created with a `LearningRateSchedule` object as its `learning_rate` constructor "
    + "argument, hence its learning rate is not settable. If you need the learning rate to be settable, you "
    + "should instantiate the optimizer with a float `learning_rate` argument."
  /// Decoupled weight decay (`AdamW`, or `weight_decay=` on any optimizer); `nil` for none.
  public let weightDecay: Float?
  /// Defaults to Keras 3's auto-name, unique in the session: the class name in snake case
  /// (`sgd`, `rm_sprop`, `adam`, `adam_w`, `adagrad`), then `adam_1`, `adam_2`, …
  public let name: String
  /// The hyperparameters as the script gave them (Python floats), by Keras's argument name
  /// (`beta_1`, `epsilon`, `weight_decay`, …), for `get_config()`: Keras keeps them as given,
  /// while the update loops use float32 copies. Empty until a subclass fills it.
  public internal(set) var givenValues: [String: Double] = [:]

  private var bound: [ObjectIdentifier] = []
  private var slots: [OptimizerSlots] = []

  init(name: String, learningRate: Double, weightDecay: Double?) throws {
    guard learningRate.isFinite, learningRate >= 0 else {
      throw NNError.value(
        "Argument `learning_rate` should be a non-negative float. Received: learning_rate=\(learningRate)")
    }
    self.name = name
    self.learningRate = Float(learningRate)
    self.weightDecay = weightDecay.map { Float($0) }
    if let weightDecay { givenValues["weight_decay"] = weightDecay }
  }

  /// Python's repr without the address: Keras's module is the class name in lower case
  /// (`keras.src.optimizers.rmsprop.RMSprop`), whatever the optimizer's name.
  public var description: String { "<keras.src.optimizers.\(className.lowercased()).\(className) object>" }
  public var className: String { "Optimizer" }

  /// Slots per variable (momentum, velocity, ...).
  var slotCount: Int { 0 }
  /// Initial value of slot 0 (Adagrad's accumulator starts at 0.1).
  var initialSlotValue: Float { 0 }
  /// Optimizer-wide float32 scalars Keras builds besides the slots (Nadam's momentum-cache
  /// product); counted in ``stateCount``.
  var extraStateScalars: Int { 0 }

  /// Whether state exists (Keras shows "Optimizer params" in `summary()` once built).
  public var isBuilt: Bool { !bound.isEmpty }

  /// Scalars of optimizer state, counted as Keras does: slots plus `iterations` and
  /// `learning_rate`, with their bytes (int64 and float32).
  public var stateCount: (params: Int, bytes: Int) {
    guard isBuilt else { return (0, 0) }
    let slotParams = slots.reduce(0) { $0 + $1.count } * slotCount
    return (slotParams + 2 + extraStateScalars, slotParams * 4 + 8 + 4 + extraStateScalars * 4)
  }

  /// Creates slots for `variables` unless already built for exactly these.
  func build(_ variables: [Variable]) throws {
    let ids = variables.map { ObjectIdentifier($0) }
    if ids == bound { return }
    slots = try variables.map {
      try OptimizerSlots(count: $0.count, slots: slotCount, initial: initialSlotValue)
    }
    bound = ids
  }

  /// One step over `variables` using their gradient buffers. `build` must have been called.
  /// Large variables are updated in parts on all CPUs: each element's update depends only on
  /// its own values, so the result is the same as one pass.
  func apply(_ variables: [Variable]) {
    let lr = currentLearningRate
    for (i, v) in variables.enumerated() where i < slots.count {
      let p = v.pointer, g = v.gradient.pointer, n = v.count
      let s = SlotPointers(slots[i])
      let step = { (range: Range<Int>) in
        let w = p + range.lowerBound
        if let wd = self.weightDecay {
          // Keras: variable - variable * wd * lr, evaluated left to right.
          for k in 0..<range.count { w[k] = w[k] - w[k] * wd * lr }
        }
        self.update(w, g + range.lowerBound, s.advanced(by: range.lowerBound), count: range.count, lr: lr)
      }
      if n >= Self.parallelThreshold {
        Parallel.run { part, parts in step(Parallel.range(of: n, part: part, parts: parts)) }
      } else {
        step(0..<n)
      }
    }
    iterations += 1
  }

  /// Variables at least this large are updated in parallel (below it, waking a thread costs
  /// more than it saves).
  static let parallelThreshold = 32_768

  /// Copies of the slots for saving (`model.save`): per variable in build order, per slot
  /// (s0, s1, s2 up to the optimizer's slot count), the values row-major. Empty until built.
  public func slotValues() -> [[[Float]]] {
    slots.map { s in
      [s.s0, s.s1, s.s2].prefix(slotCount).map {
        Array(UnsafeBufferPointer(start: $0.pointer, count: s.count))
      }
    }
  }

  /// Restores saved state (`load_model`): builds the slots for `variables`, fills them from
  /// `slots` (the layout of ``slotValues()``; empty leaves them at their initial values) and
  /// sets `iterations`. Checks every count before changing anything.
  public func restoreState(iterations: Int, slots values: [[[Float]]], for variables: [Variable]) throws {
    guard iterations >= 0 else { throw NNError.value("iterations must be non-negative, got \(iterations)") }
    if !values.isEmpty {
      guard values.count == variables.count else {
        throw NNError.value("optimizer state has \(values.count) variables, the model has \(variables.count)")
      }
      for (v, per) in zip(variables, values) {
        guard per.count == slotCount, per.allSatisfy({ $0.count == v.count }) else {
          throw NNError.value(
            "optimizer state for \(v.path) does not match its shape \(formatShape(v.shape))")
        }
      }
      try build(variables)
      for (s, per) in zip(slots, values) {
        for (buffer, saved) in zip([s.s0, s.s1, s.s2], per) where !saved.isEmpty {
          saved.withUnsafeBufferPointer {
            if let base = $0.baseAddress { buffer.pointer.update(from: base, count: saved.count) }
          }
        }
      }
    }
    self.iterations = iterations
  }

  /// Updates `count` parameters at `w` from gradients `g`.
  func update(
    _ w: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ s: SlotPointers, count: Int, lr: Float
  ) {}

  /// Applies one step to each (gradient, variable) pair (`apply_gradients`).
  public func applyGradients(_ pairs: [(Tensor, Variable)]) throws {
    for (g, v) in pairs {
      guard g.shape == v.shape else {
        throw NNError.value(
          "Gradient shape \(formatShape(g.shape)) does not match variable shape \(formatShape(v.shape))")
      }
      let f = try g.float32Contiguous()
      if v.count > 0 { v.gradient.pointer.update(from: f.floatPointer, count: v.count) }
    }
    let vars = pairs.map(\.1)
    try build(vars)
    apply(vars)
  }
}

/// Optimizer lookup by Keras name with default arguments.
public enum Optimizers {
  public static let names = ["sgd", "rmsprop", "adam", "adamw", "adagrad", "nadam", "adamax"]

  /// `"rmsprop"`, `"adam"`, ... with Keras's defaults; "Did you mean" for unknown names.
  public static func named(_ name: String) throws -> Optimizer {
    switch name.lowercased() {
    case "sgd": return try SGD()
    case "rmsprop": return try RMSprop()
    case "adam": return try Adam()
    case "adamw": return try AdamW()
    case "adagrad": return try Adagrad()
    case "nadam": return try Nadam()
    case "adamax": return try Adamax()
    default: throw NameLookup.unknown("optimizer", name, known: names)
    }
  }
}
