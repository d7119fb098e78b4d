import Foundation
import Tensors

/// A weight initializer as Keras 3 defines it. Draws come from the session generator
/// (``NNSession``), so `set_random_seed` makes them repeat, or, for a ``seeded(_:seed:)`` one,
/// from a generator of its own; the numbers are not TensorFlow's.
public enum Initializer: Equatable, Sendable, CustomStringConvertible {
  /// Uniform in ±sqrt(6 / (fan_in + fan_out)): Keras's default kernel initializer.
  case glorotUniform
  /// Truncated normal, stddev sqrt(2 / (fan_in + fan_out)).
  case glorotNormal
  /// Truncated normal, stddev sqrt(2 / fan_in).
  case heNormal
  /// Uniform in ±sqrt(6 / fan_in).
  case heUniform
  case lecunNormal
  case lecunUniform
  /// `RandomNormal(mean=0.0, stddev=0.05)`.
  case randomNormal(mean: Double, stddev: Double)
  /// `RandomUniform(minval=-0.05, maxval=0.05)`.
  case randomUniform(minval: Double, maxval: Double)
  /// `TruncatedNormal(mean=0.0, stddev=0.05)`: redraws values beyond two standard deviations.
  case truncatedNormal(mean: Double, stddev: Double)
  /// Zeros: Keras's default bias initializer.
  case zeros
  case ones
  case constant(Double)
  /// A random initializer given `seed=`: as in Keras 3, every call draws the same values
  /// (from a generator seeded by `seed` alone, untouched by the session's).
  indirect case seeded(Initializer, seed: Int)
  /// A random initializer object made without a seed: Keras 3 fixes a seed for it when it is
  /// made, so its calls repeat too, while its config still says `"seed": None`. `stream`
  /// comes from the session's generator.
  indirect case repeating(Initializer, stream: UInt64)

  public static let names = [
    "glorot_uniform", "glorot_normal", "he_normal", "he_uniform", "lecun_normal", "lecun_uniform",
    "random_normal", "random_uniform", "truncated_normal", "zeros", "ones",
  ]

  /// The initializer called `name` with Keras's defaults; "Did you mean" hint when unknown.
  public static func named(_ name: String) throws -> Initializer {
    switch name.lowercased() {
    case "glorot_uniform", "glorotuniform", "xavier_uniform": return .glorotUniform
    case "glorot_normal", "glorotnormal", "xavier_normal": return .glorotNormal
    case "he_normal", "henormal": return .heNormal
    case "he_uniform", "heuniform": return .heUniform
    case "lecun_normal", "lecunnormal": return .lecunNormal
    case "lecun_uniform", "lecununiform": return .lecunUniform
    case "random_normal", "randomnormal", "normal": return .randomNormal(mean: 0, stddev: 0.05)
    case "random_uniform", "randomuniform", "uniform": return .randomUniform(minval: -0.05, maxval: 0.05)
    case "truncated_normal", "truncatednormal": return .truncatedNormal(mean: 0, stddev: 0.05)
    case "zeros", "zero": return .zeros
    case "ones", "one": return .ones
    default: throw NameLookup.unknown("initializer", name, known: names)
    }
  }

  public var description: String {
    switch self {
    case .glorotUniform: return "glorot_uniform"
    case .glorotNormal: return "glorot_normal"
    case .heNormal: return "he_normal"
    case .heUniform: return "he_uniform"
    case .lecunNormal: return "lecun_normal"
    case .lecunUniform: return "lecun_uniform"
    case .randomNormal: return "random_normal"
    case .randomUniform: return "random_uniform"
    case .truncatedNormal: return "truncated_normal"
    case .zeros: return "zeros"
    case .ones: return "ones"
    case .constant: return "constant"
    case .seeded(let base, _), .repeating(let base, _): return base.description
    }
  }

  /// Keras's fans: a 2-D kernel (in, out) gives (in, out); a 1-D shape gives (n, n).
  static func fans(_ shape: [Int]) -> (Double, Double) {
    switch shape.count {
    case 0: return (1, 1)
    case 1: return (Double(shape[0]), Double(shape[0]))
    case 2: return (Double(shape[0]), Double(shape[1]))
    default:
      let receptive = Double(shape.dropLast(2).reduce(1, *))
      return (Double(shape[shape.count - 2]) * receptive, Double(shape[shape.count - 1]) * receptive)
    }
  }

  /// Fills `count` floats at `p` for a weight of `shape`.
  func fill(_ p: UnsafeMutablePointer<Float>, count: Int, shape: [Int]) {
    func own(_ bits: UInt64) -> RandomState {
      // Any 64-bit seed is valid: fold the high bits in rather than trap.
      RandomState(seed: UInt32(truncatingIfNeeded: bits ^ (bits >> 32)))
    }
    if case .seeded(let base, let seed) = self {
      var r = own(UInt64(truncatingIfNeeded: seed))
      base.fill(p, count: count, shape: shape, random: &r)
    } else if case .repeating(let base, let stream) = self {
      var r = own(stream)
      base.fill(p, count: count, shape: shape, random: &r)
    } else {
      NNSession.current.withRandom { r in fill(p, count: count, shape: shape, random: &r) }
    }
  }

  private func fill(_ p: UnsafeMutablePointer<Float>, count: Int, shape: [Int], random r: inout RandomState) {
    let (fanIn, fanOut) = Initializer.fans(shape)
    func uniform(_ lo: Double, _ hi: Double) {
      for i in 0..<count { p[i] = Float(lo + (hi - lo) * r.randomDouble()) }
    }
    func normal(_ mean: Double, _ sd: Double, truncated: Bool) {
      do {
        for i in 0..<count {
          var g = r.gauss()
          if truncated {
            var tries = 0
            while abs(g) > 2, tries < 100 {
              g = r.gauss()
              tries += 1
            }
          }
          p[i] = Float(mean + sd * g)
        }
      }
    }
    // Keras's VarianceScaling: truncated normal stddev is divided by .87962566103423978.
    func scaling(_ scale: Double, _ n: Double, uniformDistribution: Bool) {
      let s = scale / max(1, n)
      if uniformDistribution {
        let limit = (3 * s).squareRoot()
        uniform(-limit, limit)
      } else {
        normal(0, s.squareRoot() / 0.879_625_661_034_239_78, truncated: true)
      }
    }
    switch self {
    case .glorotUniform: scaling(1, (fanIn + fanOut) / 2, uniformDistribution: true)
    case .glorotNormal: scaling(1, (fanIn + fanOut) / 2, uniformDistribution: false)
    case .heNormal: scaling(2, fanIn, uniformDistribution: false)
    case .heUniform: scaling(2, fanIn, uniformDistribution: true)
    case .lecunNormal: scaling(1, fanIn, uniformDistribution: false)
    case .lecunUniform: scaling(1, fanIn, uniformDistribution: true)
    case .randomNormal(let m, let s): normal(m, s, truncated: false)
    case .randomUniform(let lo, let hi): uniform(lo, hi)
    case .truncatedNormal(let m, let s): normal(m, s, truncated: true)
    case .zeros: p.update(repeating: 0, count: count)
    case .ones: p.update(repeating: 1, count: count)
    case .constant(let v): p.update(repeating: Float(v), count: count)
    case .seeded(let base, _), .repeating(let base, _): base.fill(p, count: count, shape: shape, random: &r)
    }
  }

  /// A new float32 tensor of `shape` filled by this initializer (`initializer(shape)` in Keras).
  public func callAsFunction(_ shape: [Int]) throws -> Tensor {
    let t = try Tensor(zeros: shape, dtype: .float32)
    fill(t.floatPointer, count: t.count, shape: shape)
    return t
  }
}
