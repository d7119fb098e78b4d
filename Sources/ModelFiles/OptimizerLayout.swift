import NN
import Tensors

/// What ModelFiles needs from an optimizer to save and restore its slots (momentum,
/// velocity, ...). NN keeps the slots private, so NN's `Optimizer` conforms through
/// `OptimizerStateConformance.swift` once NN exposes them (see
/// `scripts/keras_files/optimizer-state.patch`); until then files carry only
/// `iterations` and `learning_rate`, and Keras rebuilds the slots from zero.
public protocol OptimizerSlotAccess: AnyObject {
  /// Steps applied so far.
  var iterations: Int { get }
  /// Per variable (in build order), per slot (NN's s0, s1, s2): the values, row-major.
  /// Empty until the optimizer has been built by a first training step.
  func slotValues() -> [[[Float]]]
  /// Builds the slots for `variables` and fills them (same layout as ``slotValues()``),
  /// and sets the step counter.
  func restoreState(iterations: Int, slots: [[[Float]]], for variables: [Variable]) throws
}

/// Keras 3's layout of optimizer variables in `optimizer/vars`: `0` is `iterations`, `1` is
/// `learning_rate`, then the slots. Keras creates slots by calls to `add_optimizer_variables`,
/// and a call with several names interleaves them per variable: Adam's one call for
/// `momentum` and `velocity` gives m₀ v₀ m₁ v₁ …, then `velocity_hat`s (amsgrad) follow;
/// RMSprop's separate calls give all velocities, then momentums, then average gradients.
/// Nadam's `momentum`/`velocity` pairs are followed by one scalar, its momentum-cache product.
enum OptimizerLayout {
  /// Groups of NN slot indices, one group per Keras `add_optimizer_variables` call.
  static func slotGroups(_ o: Optimizer) -> [[Int]] {
    switch o {
    case let a as Adam: return a.amsgrad ? [[0, 1], [2]] : [[0, 1]]
    case let r as RMSprop:
      let count = 1 + (r.momentum > 0 ? 1 : 0) + (r.centered ? 1 : 0)
      return (0..<count).map { [$0] }
    case let s as SGD: return s.momentum != 0 ? [[0]] : []
    case is Adagrad: return [[0]]
    case is Nadam, is Adamax: return [[0, 1]]
    default: return []
    }
  }

  static func slotCount(_ o: Optimizer) -> Int { slotGroups(o).reduce(0) { $0 + $1.count } }

  /// Scalars Keras builds after the slots: Nadam's `_u_product` (written as `nadam/variable`).
  static func trailing(_ o: Optimizer) -> Int { o is Nadam ? 1 : 0 }

  /// How many variables precede the slots: `iterations` and `learning_rate`, or only
  /// `iterations` when a schedule gives the rate (Keras then keeps no rate variable).
  static func leading(_ o: Optimizer) -> Int { o.schedule == nil ? 2 : 1 }

  /// The (variable, slot) pairs in file order, after the ``leading(_:)`` variables.
  static func order(_ o: Optimizer, variableCount: Int) -> [(variable: Int, slot: Int)] {
    var out: [(Int, Int)] = []
    for group in slotGroups(o) {
      for v in 0..<variableCount { for s in group { out.append((v, s)) } }
    }
    return out
  }

  /// Keras's slot names, parallel to ``slotGroups(_:)`` (they name the legacy `.h5` datasets).
  static func slotNames(_ o: Optimizer) -> [[String]] {
    switch o {
    case let a as Adam:
      return a.amsgrad ? [["momentum", "velocity"], ["velocity_hat"]] : [["momentum", "velocity"]]
    case let r as RMSprop:
      return [["velocity"]] + (r.momentum > 0 ? [["momentum"]] : [])
        + (r.centered ? [["average_gradient"]] : [])
    case let s as SGD: return s.momentum != 0 ? [["momentum"]] : []
    case is Adagrad: return [["accumulator"]]
    case is Nadam: return [["momentum", "velocity"]]
    case is Adamax: return [["momentum", "norm"]]
    default: return slotGroups(o).map { $0.map { "slot_\($0)" } }
    }
  }

  /// One optimizer variable as the files hold it.
  struct StateValue {
    /// Keras's name after the optimizer's: `iteration`, `learning_rate`, `dense_kernel_momentum`.
    var name: String
    var shape: [Int]
    /// The step counter, the only integer; everything else is float32.
    var integer: Int64?
    var floats: [Float]
  }

  /// The optimizer's variables in Keras's order: `iterations`, `learning_rate` (unless a
  /// schedule gives the rate), the slots (when built), then Nadam's momentum-cache product.
  static func stateValues(_ o: Optimizer, model: Sequential) throws -> [StateValue] {
    var out = [StateValue(name: "iteration", shape: [], integer: Int64(o.iterations), floats: [])]
    if o.schedule == nil {
      out.append(StateValue(name: "learning_rate", shape: [], integer: nil, floats: [o.learningRate]))
    }
    guard let access = o as AnyObject as? OptimizerSlotAccess else { return out }
    let slots = access.slotValues()
    let variables = model.trainableWeights
    guard !slots.isEmpty, slots.count == variables.count else { return out }
    let names = slotNames(o).flatMap { $0 }
    let indices = slotGroups(o).flatMap { $0 }
    for (v, s) in order(o, variableCount: variables.count) {
      guard s < slots[v].count, slots[v][s].count == variables[v].count else {
        throw ModelFileError(.valueError, "optimizer state does not match the model's variables")
      }
      let slotName = indices.firstIndex(of: s).map { names[$0] } ?? "slot_\(s)"
      let variableName = variables[v].path.replacingOccurrences(of: "/", with: "_")
      out.append(
        StateValue(
          name: "\(variableName)_\(slotName)", shape: variables[v].shape, integer: nil, floats: slots[v][s]))
    }
    if let nadam = o as? Nadam {
      out.append(StateValue(name: "variable", shape: [], integer: nil, floats: [nadam.momentumCacheProduct]))
    }
    return out
  }

  /// Writes `value` as dataset `name` of `group`.
  static func write(_ value: StateValue, as name: String, in g: H5ID, path: String, to w: H5ImageWriter)
    throws
  {
    if let integer = value.integer {
      try w.writeInt64(g, name, integer, path: path)
      return
    }
    try value.floats.withUnsafeBufferPointer { p in
      guard let base = p.baseAddress else { return }
      try w.writeFloats(g, name, shape: value.shape, base, path: path)
    }
  }

  /// `optimizer/vars` of a Keras 3 weights file: the variables numbered `0`, `1`, …
  static func write(_ o: Optimizer, model: Sequential, to w: H5ImageWriter) throws {
    let path = "optimizer/vars"
    let g = try w.group(path)
    try w.setStringAttribute(g, "name", o.name, path: path)
    for (i, value) in try stateValues(o, model: model).enumerated() {
      try write(value, as: String(i), in: g, path: path, to: w)
    }
  }

  /// Restores `iterations`, `learning_rate` and the slots from the file into a freshly
  /// compiled model's optimizer. A file without slots (never trained, or written by a dnnlab
  /// without slot access) leaves the optimizer to build them on the first step, as Keras does.
  /// With `strict` off (`load_weights`), state that does not fit this optimizer is skipped,
  /// as Keras skips it with a warning; `load_model` builds the optimizer from the same file,
  /// so there a mismatch means a corrupt file.
  static func read(into o: Optimizer, model: Sequential, from r: H5ImageReader, strict: Bool = true) throws {
    let path = "optimizer/vars"
    guard let names = try r.children(path) else { return }
    try read(into: o, model: model, from: r, count: names.count, at: path, strict: strict) { "\(path)/\($0)" }
  }

  /// Restores the state from `count` datasets, the `i`th at `dataset(i)` (in Keras's order).
  static func read(
    into o: Optimizer, model: Sequential, from r: H5ImageReader, count: Int, at path: String, strict: Bool,
    dataset: (Int) -> String
  ) throws {
    if count == 0 { return }
    let first = leading(o)
    guard count >= first else {
      throw r.place.error(
        path,
        "optimizer state holds \(count) variables; expected iterations"
          + (first == 2 ? " and learning_rate" : ""))
    }
    let iterations = try r.readInt64(dataset(0))
    guard iterations >= 0, iterations < Int64(Int32.max) * 1024 else {
      throw r.place.error(dataset(0), "iterations is \(iterations), which is not a step count")
    }
    var lr = o.learningRate
    if first == 2 {
      let lrInfo = try r.info(dataset(1))
      guard lrInfo.isNumeric, lrInfo.shape.reduce(1, *) == 1 else {
        throw r.place.error(
          dataset(1), "learning_rate must be one number, found shape \(shapeText(lrInfo.shape))")
      }
      try r.readFloats(dataset(1), into: &lr, count: 1)
      guard lr.isFinite, lr >= 0 else {
        throw r.place.error(dataset(1), "learning_rate \(lr) is not a valid rate")
      }
    }
    let variables = model.trainableWeights
    let slotTotal = count - first
    if slotTotal == 0 {
      o.learningRate = lr
      if iterations > 0, let access = o as AnyObject as? OptimizerSlotAccess {
        try access.restoreState(iterations: Int(iterations), slots: [], for: [])
      }
      return
    }
    let order = self.order(o, variableCount: variables.count)
    let extra = trailing(o)
    guard slotTotal == order.count + extra else {
      if !strict { return }
      throw r.place.error(
        path,
        "the optimizer '\(o.name)' of this model has \(order.count + extra + first) variables, but the file holds "
          + "\(count)", hint: "the file was saved with a different optimizer setting or model")
    }
    for (i, (v, _)) in order.enumerated() {
      let info = try r.info(dataset(i + first))
      guard info.isNumeric, info.shape == variables[v].shape else {
        throw r.place.error(
          dataset(i + first),
          "optimizer variable has shape \(shapeText(info.shape)), expected "
            + "\(shapeText(variables[v].shape)) like weight '\(variables[v].path)'")
      }
    }
    guard let access = o as AnyObject as? OptimizerSlotAccess else {
      o.learningRate = lr
      return
    }
    var slots = variables.map { _ in [[Float]](repeating: [], count: slotCount(o)) }
    for (i, (v, s)) in order.enumerated() {
      var values = [Float](repeating: 0, count: variables[v].count)
      try values.withUnsafeMutableBufferPointer { p in
        guard let base = p.baseAddress else { return }
        try r.readFloats(dataset(i + first), into: base, count: p.count)
      }
      slots[v][s] = values
    }
    var product: Float = 1
    if extra > 0 {
      let at = dataset(order.count + first)
      let info = try r.info(at)
      guard info.isNumeric, info.shape.reduce(1, *) == 1 else {
        throw r.place.error(
          at, "Nadam's momentum cache product must be one number, found shape \(shapeText(info.shape))")
      }
      try r.readFloats(at, into: &product, count: 1)
      guard product.isFinite else {
        throw r.place.error(at, "Nadam's momentum cache product \(product) is not finite")
      }
    }
    try access.restoreState(iterations: Int(iterations), slots: slots, for: variables)
    if let nadam = o as? Nadam { try nadam.restoreMomentumCacheProduct(product) }
    o.learningRate = lr
  }
}
