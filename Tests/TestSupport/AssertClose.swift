import Testing

/// Whether `actual` is within `atol + rtol * |expected|` of `expected`, NumPy's `isclose` rule.
/// NaNs compare equal to NaNs, infinities only to themselves.
public func isClose(_ actual: Double, _ expected: Double, rtol: Double = 1e-7, atol: Double = 0) -> Bool {
  if actual.isNaN || expected.isNaN { return actual.isNaN && expected.isNaN }
  if actual.isInfinite || expected.isInfinite { return actual == expected }
  return abs(actual - expected) <= atol + rtol * abs(expected)
}

/// Records an issue naming the first mismatching element when the sequences differ
/// in length or in any element beyond the tolerance.
public func assertClose(
  _ actual: [Double], _ expected: [Double], rtol: Double = 1e-7, atol: Double = 0,
  _ context: String = "", sourceLocation: SourceLocation = #_sourceLocation
) {
  guard actual.count == expected.count else {
    Issue.record(
      "\(context) count \(actual.count) != expected \(expected.count)", sourceLocation: sourceLocation)
    return
  }
  for i in actual.indices where !isClose(actual[i], expected[i], rtol: rtol, atol: atol) {
    Issue.record(
      "\(context) element \(i): \(actual[i]) != expected \(expected[i]) (rtol \(rtol), atol \(atol))",
      sourceLocation: sourceLocation)
    return
  }
}

public func assertClose(
  _ actual: Double, _ expected: Double, rtol: Double = 1e-7, atol: Double = 0,
  _ context: String = "", sourceLocation: SourceLocation = #_sourceLocation
) {
  assertClose([actual], [expected], rtol: rtol, atol: atol, context, sourceLocation: sourceLocation)
}
