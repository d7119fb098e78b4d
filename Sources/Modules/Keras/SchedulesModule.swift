import NN
import Script
import Tensors

/// `keras.optimizers.schedules`: `ExponentialDecay`, `InverseTimeDecay`, `CosineDecay`,
/// `CosineDecayRestarts`, `PolynomialDecay` and `PiecewiseConstantDecay`, passed as an
/// optimizer's `learning_rate`.
enum SchedulesModule {
  static func make() -> ModuleObject {
    let m = ModuleObject(name: "keras.optimizers.schedules")
    for (name, inverse) in [("ExponentialDecay", false), ("InverseTimeDecay", true)] {
      m.addFunction(
        name, signature: "initial_learning_rate, decay_steps, decay_rate, staircase=False, name='\(name)'"
      ) { a, interp in
        let initial = try Convert.double(a["initial_learning_rate"])
        let steps = try Convert.double(a["decay_steps"])
        let rate = try Convert.double(a["decay_rate"])
        let staircase = try interp.truthy(a["staircase"])
        let schedule: LearningRateSchedule =
          inverse
          ? .inverseTimeDecay(initial: initial, decaySteps: steps, decayRate: rate, staircase: staircase)
          : .exponentialDecay(initial: initial, decaySteps: steps, decayRate: rate, staircase: staircase)
        return .object(ScheduleObject(try Convert.tensors { try schedule.validated() }))
      }
    }
    m.addFunction(
      "CosineDecay",
      signature:
        "initial_learning_rate, decay_steps, alpha=0.0, name='CosineDecay', warmup_target=None, warmup_steps=0"
    ) { a, _ in
      let schedule = LearningRateSchedule.cosineDecay(
        initial: try Convert.double(a["initial_learning_rate"]),
        decaySteps: try Convert.double(a["decay_steps"]),
        alpha: try Convert.double(a["alpha"]),
        warmupTarget: a["warmup_target"].isNone ? nil : try Convert.double(a["warmup_target"]),
        warmupSteps: try Convert.double(a["warmup_steps"]))
      return .object(ScheduleObject(try Convert.tensors { try schedule.validated() }))
    }
    m.addFunction(
      "PolynomialDecay",
      signature:
        "initial_learning_rate, decay_steps, end_learning_rate=0.0001, power=1.0, cycle=False, "
        + "name='PolynomialDecay'"
    ) { a, interp in
      let schedule = LearningRateSchedule.polynomialDecay(
        initial: try Convert.double(a["initial_learning_rate"]),
        decaySteps: try Convert.double(a["decay_steps"]),
        end: try Convert.double(a["end_learning_rate"]), power: try Convert.double(a["power"]),
        cycle: try interp.truthy(a["cycle"]))
      return .object(ScheduleObject(try Convert.tensors { try schedule.validated() }))
    }
    m.addFunction(
      "CosineDecayRestarts",
      signature: "initial_learning_rate, first_decay_steps, t_mul=2.0, m_mul=1.0, alpha=0.0, name='SGDRDecay'"
    ) { a, _ in
      let schedule = LearningRateSchedule.cosineDecayRestarts(
        initial: try Convert.double(a["initial_learning_rate"]),
        firstDecaySteps: try Convert.double(a["first_decay_steps"]),
        tMul: try Convert.double(a["t_mul"]), mMul: try Convert.double(a["m_mul"]),
        alpha: try Convert.double(a["alpha"]))
      return .object(ScheduleObject(try Convert.tensors { try schedule.validated() }))
    }
    m.addFunction("PiecewiseConstantDecay", signature: "boundaries, values, name='PiecewiseConstant'") {
      a, interp in
      let boundaries = try interp.elements(of: a["boundaries"]).map { try Convert.double($0) }
      let values = try interp.elements(of: a["values"]).map { try Convert.double($0) }
      let schedule = LearningRateSchedule.piecewiseConstant(boundaries: boundaries, values: values)
      return .object(ScheduleObject(try Convert.tensors { try schedule.validated() }))
    }
    return m
  }
}

/// A learning-rate schedule in the script: callable on a step (`schedule(100)` gives a
/// float32 tf.Tensor), with `get_config()`, shown as Keras shows it.
final class ScheduleObject: HostObject {
  let schedule: LearningRateSchedule
  init(_ schedule: LearningRateSchedule) { self.schedule = schedule }

  var typeName: String { schedule.className }
  var qualifiedTypeName: String {
    "keras.src.optimizers.schedules.learning_rate_schedule.\(schedule.className)"
  }
  func repr() -> String { "<\(qualifiedTypeName) object at \(addressString(of: self))>" }

  var attributeNames: [String] { ["get_config"] }

  func getAttribute(_ name: String) throws -> Value? {
    guard name == "get_config" else { return nil }
    return .builtin(
      BuiltinFunction("get_config", signature: "") { [schedule] _, _ in
        .dict(DictObject(ScheduleObject.config(schedule).map { ($0.0, $0.1) }))
      })
  }

  /// Keras's `get_config()`; whole step counts show as integers, as the script usually gives them.
  static func config(_ s: LearningRateSchedule) -> [(String, Value)] {
    func whole(_ x: Double) -> Value { x == x.rounded() && abs(x) < 1e15 ? .int(Int(x)) : .float(x) }
    switch s {
    case .exponentialDecay(let initial, let steps, let rate, let staircase),
      .inverseTimeDecay(let initial, let steps, let rate, let staircase):
      return [
        ("initial_learning_rate", .float(initial)), ("decay_steps", whole(steps)),
        ("decay_rate", whole(rate)),
        ("staircase", .bool(staircase)), ("name", .str(s.className)),
      ]
    case .cosineDecay(let initial, let steps, let alpha, let target, let warmup):
      return [
        ("initial_learning_rate", .float(initial)), ("decay_steps", whole(steps)), ("alpha", .float(alpha)),
        ("name", .str("CosineDecay")), ("warmup_target", target.map { .float($0) } ?? Value.none),
        ("warmup_steps", whole(warmup)),
      ]
    case .polynomialDecay(let initial, let steps, let end, let power, let cycle):
      return [
        ("initial_learning_rate", .float(initial)), ("decay_steps", whole(steps)),
        ("end_learning_rate", .float(end)), ("power", .float(power)), ("cycle", .bool(cycle)),
        ("name", .str("PolynomialDecay")),
      ]
    case .cosineDecayRestarts(let initial, let first, let tMul, let mMul, let alpha):
      return [
        ("initial_learning_rate", .float(initial)), ("first_decay_steps", whole(first)),
        ("t_mul", .float(tMul)), ("m_mul", .float(mMul)), ("alpha", .float(alpha)),
        ("name", .str("SGDRDecay")),
      ]
    case .piecewiseConstant(let boundaries, let values):
      return [
        ("boundaries", .list(ListObject(boundaries.map(whole)))),
        ("values", .list(ListObject(values.map { .float($0) }))),
        ("name", .str("PiecewiseConstant")),
      ]
    }
  }

  var isCallable: Bool { true }

  func call(_ arguments: Arguments, _ interpreter: Interpreter) throws -> Value? {
    guard arguments.positional.count == 1, arguments.keywords.isEmpty else {
      throw ScriptError(.typeError, "a schedule takes one argument, the step: schedule(100)")
    }
    let step = try Convert.double(arguments.positional[0])
    guard step.isFinite, step >= 0, step < 9e15 else {
      throw ScriptError(
        .valueError, "the step must be a non-negative number, got \(reprValue(arguments.positional[0]))")
    }
    return TensorFlowConvert.value(Tensor(scalar: schedule.rate(atStep: Int(step)), isScalar: false))
  }
}
