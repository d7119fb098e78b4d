import Foundation
import Tensors
import Testing

extension PrintingTests {
  /// Inputs that must not trap, and the promise that only shown elements are read.
  @Suite struct Edge {
    /// A source that answers any index and counts reads.
    private func counting(_ shape: [Int], _ dtype: DType, log: PrintingAccessLog) -> ArrayPrintSource {
      ArrayPrintSource(shape: shape, dtype: dtype) { i in
        log.count += 1
        switch dtype {
        case .bool: return .bool(i % 2 == 0)
        case .uint8: return .int(Int64(i & 0xFF))
        case .int32, .int64: return .int(Int64(i % 1000))
        case .float32, .float64: return .float(Double(i % 977) / 255)
        }
      }
    }

    @Test func mnistSizedArrayReadsOnlyShownElements() {
      for dtype in DType.allCases {
        let log = PrintingAccessLog()
        let a = counting([60000, 784], dtype, log: log)
        let start = Date()
        let repr = NumPyFormat.repr(a)
        let str = NumPyFormat.str(a)
        #expect(Date().timeIntervalSince(start) < 1)
        // 6 × 6 shown elements, read once for repr and once for str.
        #expect(log.count == 72, "\(dtype): \(log.count) reads")
        #expect(
          repr.hasSuffix(
            "shape=(60000, 784)"
              + (dtype == .float64 || dtype == .int64 || dtype == .bool ? ")" : ", dtype=\(dtype))")))
        #expect(str.contains("..."))
      }
    }

    @Test func oddShapesDoNotTrap() {
      let shapes: [[Int]] = [
        [], [0], [0, 0], [3, 0], [-1], [-2, 3], [1], [1, 1, 1, 1, 1, 1, 1, 1],
        [Int.max, 2], [Int.max, Int.max], [2, Int.max], Array(repeating: 7, count: 40),
        [1 << 40], [5, 1 << 40],
      ]
      for shape in shapes {
        for dtype in DType.allCases {
          let log = PrintingAccessLog()
          let a = counting(shape, dtype, log: log)
          _ = NumPyFormat.repr(a)
          _ = NumPyFormat.str(a)
          #expect(log.count <= 1 << 20, "\(shape) \(dtype) read \(log.count) elements")
        }
      }
      let negative = ArrayPrintSource(shape: [-1, 3], dtype: .int64) { _ in .int(0) }
      #expect(NumPyFormat.repr(negative) == "array([], shape=(-1, 3), dtype=int64)")
    }

    @Test func extremeOptionsDoNotTrap() {
      let extremes: [PrintOptions] = [
        PrintOptions(precision: -5), PrintOptions(precision: Int.max), PrintOptions(precision: 200),
        PrintOptions(threshold: Int.min), PrintOptions(threshold: Int.max),
        PrintOptions(threshold: 0, edgeitems: Int.max), PrintOptions(threshold: 0, edgeitems: Int.min),
        PrintOptions(threshold: 0, edgeitems: 0), PrintOptions(linewidth: Int.min),
        PrintOptions(linewidth: Int.max), PrintOptions(linewidth: 0), PrintOptions(linewidth: -5),
        PrintOptions(nanstr: "", infstr: ""), PrintOptions(nanstr: "ñäñ", infstr: "∞"),
        PrintOptions(precision: 30, floatmode: .fixed), PrintOptions(suppress: true, floatmode: .unique),
      ]
      let values: [Double] = [
        .nan, .infinity, -.infinity, 0, -0.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude,
        -.greatestFiniteMagnitude, 1e-300, 0.1, 1,
      ]
      for options in extremes {
        for dtype in DType.allCases {
          for shape in [[], [11], [11, 3]] {
            let a = ArrayPrintSource(shape: shape, dtype: dtype) { i in
              let v = values[i % values.count]
              switch dtype {
              case .bool: return .bool(v != 0)
              case .uint8, .int32, .int64: return i % 2 == 0 ? .int(Int64.min) : .int(Int64.max)
              case .float32, .float64: return .float(v)
              }
            }
            _ = NumPyFormat.repr(a, options: options)
            _ = NumPyFormat.str(a, options: options)
          }
        }
      }
    }

    @Test func mismatchedScalarKindsDoNotTrap() {
      let odd: [ScalarValue] = [.float(.nan), .float(1e300), .float(-1e300), .bool(true), .int(.min)]
      for dtype in DType.allCases {
        for v in odd {
          let a = ArrayPrintSource(shape: [2], dtype: dtype) { _ in v }
          _ = NumPyFormat.repr(a)
          _ = NumPyFormat.scalarRepr(v, dtype: dtype)
          _ = NumPyFormat.scalarStr(v, dtype: dtype)
        }
      }
    }

    @Test func extremeFloatsPrintExactly() {
      #expect(NumPyFormat.pythonFloatRepr(.greatestFiniteMagnitude) == "1.7976931348623157e+308")
      #expect(NumPyFormat.pythonFloatRepr(.leastNonzeroMagnitude) == "5e-324")
      #expect(NumPyFormat.pythonFloatRepr(-0.0) == "-0.0")
      #expect(
        NumPyFormat.scalarRepr(.float(Double(Float.leastNonzeroMagnitude)), dtype: .float32)
          == "np.float32(1e-45)")
      #expect(
        NumPyFormat.scalarRepr(.float(Double(Float.greatestFiniteMagnitude)), dtype: .float32)
          == "np.float32(3.4028235e+38)")
    }
  }
}
