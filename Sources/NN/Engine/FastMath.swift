/// Branch-free float32 math the compiler can vectorise: the Cephes `expf` that Eigen (and
/// so TensorFlow) uses, accurate to about 1 ulp, with no calls and no traps on NaN.
@inline(__always)
func fastExp(_ value: Float) -> Float {
  var x = value < -88.37626 ? -88.37626 : value
  x = x > 88.37626 ? 88.37626 : x
  // Round x·log2(e) to the nearest integer with the 1.5·2^23 trick (no Int conversion).
  let t = x * 1.442_695_04 + 12_582_912.0
  let n = t - 12_582_912.0
  let ni = Int32(bitPattern: t.bitPattern &- 0x4B40_0000)
  var r = x - n * 0.693_359_375
  r = r - n * -2.121_944_4e-4
  let z = r * r
  var y: Float = 1.987_569_150_0e-4
  y = y * r + 1.398_199_950_7e-3
  y = y * r + 8.333_451_907_3e-3
  y = y * r + 4.166_579_589_4e-2
  y = y * r + 1.666_666_545_9e-1
  y = y * r + 5.000_000_120_1e-1
  y = y * z + r + 1
  let scale = Float(bitPattern: UInt32(bitPattern: (ni &+ 127) << 23))
  return y * scale
}

/// The logistic function 1 / (1 + e^-x).
@inline(__always)
func fastSigmoid(_ x: Float) -> Float {
  1 / (1 + fastExp(-x))
}
