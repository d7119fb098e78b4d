import Tensors
import Testing

extension PrintingTests {
  /// The NumPy blocks of /work/shared/reference/keras3-numpy2-output-samples.txt (Keras 3 /
  /// NumPy 2.4 on the first 2,000 Fashion-MNIST images), written out literally.
  @Suite struct Reference {
    private func check(
      _ actual: String, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
      #expect(
        actual == expected, "\n\(printingLineDiff(expected: expected, actual: actual))",
        sourceLocation: sourceLocation)
    }

    private func floats(_ values: [Double], dtype: DType = .float64, shape: [Int]? = nil) -> ArrayPrintSource
    {
      ArrayPrintSource(shape: shape ?? [values.count], dtype: dtype) { i in
        .float(i >= 0 && i < values.count ? values[i] : .nan)
      }
    }

    /// >>> y[:10]
    @Test func labelsUInt8() {
      let y: [Int64] = [9, 0, 0, 3, 0, 2, 7, 2, 5, 5]
      let a = ArrayPrintSource(shape: [10], dtype: .uint8) { .int(y[$0]) }
      check(NumPyFormat.repr(a), "array([9, 0, 0, 3, 0, 2, 7, 2, 5, 5], dtype=uint8)")
    }

    /// >>> xf[0][10] and print(xf[0][10]): one image row of x / 255.0 (float64).
    @Test func imageRowFloat64() {
      let pixels: [Double] =
        Array(repeating: 0, count: 13)
        + [193, 228, 218, 213, 198, 180, 212, 210, 211, 213, 223, 220, 243, 202, 0]
      let a = floats(pixels.map { $0 / 255.0 })
      check(
        NumPyFormat.repr(a),
        """
        array([0.        , 0.        , 0.        , 0.        , 0.        ,
               0.        , 0.        , 0.        , 0.        , 0.        ,
               0.        , 0.        , 0.        , 0.75686275, 0.89411765,
               0.85490196, 0.83529412, 0.77647059, 0.70588235, 0.83137255,
               0.82352941, 0.82745098, 0.83529412, 0.8745098 , 0.8627451 ,
               0.95294118, 0.79215686, 0.        ])
        """)
      check(
        NumPyFormat.str(a),
        """
        [0.         0.         0.         0.         0.         0.
         0.         0.         0.         0.         0.         0.
         0.         0.75686275 0.89411765 0.85490196 0.83529412 0.77647059
         0.70588235 0.83137255 0.82352941 0.82745098 0.83529412 0.8745098
         0.8627451  0.95294118 0.79215686 0.        ]
        """)
    }

    /// >>> to_categorical(y): (2000, 10) float64 one-hot, summarised.
    @Test func oneHotSummarised() {
      // Labels of the rows that show: 9, 0, 0 first; the last three rows' ones sit in hidden
      // columns except the final row's (label 8).
      func label(_ row: Int) -> Int {
        switch row {
        case 0: return 9
        case 1, 2: return 0
        case 1997: return 4
        case 1998: return 5
        case 1999: return 8
        default: return row % 10
        }
      }
      let a = ArrayPrintSource(shape: [2000, 10], dtype: .float64) { i in
        .float(label(i / 10) == i % 10 ? 1 : 0)
      }
      check(
        NumPyFormat.repr(a),
        """
        array([[0., 0., 0., ..., 0., 0., 1.],
               [1., 0., 0., ..., 0., 0., 0.],
               [1., 0., 0., ..., 0., 0., 0.],
               ...,
               [0., 0., 0., ..., 0., 0., 0.],
               [0., 0., 0., ..., 0., 0., 0.],
               [0., 0., 0., ..., 0., 1., 0.]], shape=(2000, 10))
        """)
      check(
        NumPyFormat.str(a),
        """
        [[0. 0. 0. ... 0. 0. 1.]
         [1. 0. 0. ... 0. 0. 0.]
         [1. 0. 0. ... 0. 0. 0.]
         ...
         [0. 0. 0. ... 0. 0. 0.]
         [0. 0. 0. ... 0. 0. 0.]
         [0. 0. 0. ... 0. 1. 0.]]
        """)
    }

    /// >>> p[0] and print(p[0]): one float32 softmax row in scientific notation.
    @Test func predictionRowFloat32() {
      let texts = [
        "6.4753231e-06", "3.8222134e-07", "1.4378845e-06", "2.8988963e-05", "7.5798767e-04",
        "3.2348964e-02", "3.5427338e-06", "4.5315088e-03", "2.9500059e-03", "9.5937085e-01",
      ]
      let a = floats(texts.map { Double(Float($0) ?? .nan) }, dtype: .float32)
      check(
        NumPyFormat.repr(a),
        """
        array([6.4753231e-06, 3.8222134e-07, 1.4378845e-06, 2.8988963e-05,
               7.5798767e-04, 3.2348964e-02, 3.5427338e-06, 4.5315088e-03,
               2.9500059e-03, 9.5937085e-01], dtype=float32)
        """)
      check(
        NumPyFormat.str(a),
        """
        [6.4753231e-06 3.8222134e-07 1.4378845e-06 2.8988963e-05 7.5798767e-04
         3.2348964e-02 3.5427338e-06 4.5315088e-03 2.9500059e-03 9.5937085e-01]
        """)
    }

    /// >>> p: (2000, 10) float32, summarised; one shown value needs 9 digits, so all get them,
    /// and `shape=..., dtype=...` goes on its own line.
    @Test func predictionsSummarisedFloat32() {
      // The 36 shown values (rows 0, 1, 2, 1997, 1998, 1999 × columns 0, 1, 2, 7, 8, 9).
      let shown: [[String]] = [
        [
          "6.47532306e-06", "3.82221344e-07", "1.43788452e-06", "4.53150878e-03", "2.95000593e-03",
          "9.59370852e-01",
        ],
        [
          "9.54695642e-01", "2.14026601e-04", "2.85367714e-03", "2.68365829e-06", "1.13704235e-04",
          "5.01699215e-05",
        ],
        [
          "1.76554486e-01", "2.69582808e-01", "2.32597888e-02", "5.05468762e-03", "5.75897517e-03",
          "2.28935126e-02",
        ],
        [
          "6.07932545e-03", "2.28652768e-02", "1.69852725e-03", "2.83894886e-04", "6.15576981e-04",
          "3.83339310e-03",
        ],
        [
          "3.97391804e-03", "5.14890347e-03", "1.74890517e-03", "1.87053487e-01", "4.60373387e-02",
          "5.80436178e-02",
        ],
        [
          "1.25640938e-02", "3.42459563e-04", "2.29899399e-02", "2.21555121e-02", "8.32797766e-01",
          "8.19080230e-03",
        ],
      ]
      let rows = [0, 1, 2, 1997, 1998, 1999]
      let columns = [0, 1, 2, 7, 8, 9]
      var table: [Int: Double] = [:]
      for (r, row) in rows.enumerated() {
        for (c, column) in columns.enumerated() {
          table[row * 10 + column] = Double(Float(shown[r][c]) ?? .nan)
        }
      }
      let log = PrintingAccessLog()
      let a = ArrayPrintSource(shape: [2000, 10], dtype: .float32) { i in
        guard let v = table[i] else {
          log.missing.append(i)
          return .float(.nan)
        }
        return .float(v)
      }
      check(
        NumPyFormat.repr(a),
        """
        array([[6.47532306e-06, 3.82221344e-07, 1.43788452e-06, ...,
                4.53150878e-03, 2.95000593e-03, 9.59370852e-01],
               [9.54695642e-01, 2.14026601e-04, 2.85367714e-03, ...,
                2.68365829e-06, 1.13704235e-04, 5.01699215e-05],
               [1.76554486e-01, 2.69582808e-01, 2.32597888e-02, ...,
                5.05468762e-03, 5.75897517e-03, 2.28935126e-02],
               ...,
               [6.07932545e-03, 2.28652768e-02, 1.69852725e-03, ...,
                2.83894886e-04, 6.15576981e-04, 3.83339310e-03],
               [3.97391804e-03, 5.14890347e-03, 1.74890517e-03, ...,
                1.87053487e-01, 4.60373387e-02, 5.80436178e-02],
               [1.25640938e-02, 3.42459563e-04, 2.29899399e-02, ...,
                2.21555121e-02, 8.32797766e-01, 8.19080230e-03]],
              shape=(2000, 10), dtype=float32)
        """)
      #expect(log.missing.isEmpty, "read hidden elements \(log.missing.prefix(5))")
      // The same float32 values print with their shortest digits in p[0].
      #expect(Float("6.47532306e-06") == Float("6.4753231e-06"))
    }

    /// >>> np.argmax(p, axis=-1) and np.argmax(p[0])
    @Test func argmaxInt64() {
      let head: [Int64] = [9, 0, 3]
      let tail: [Int64] = [3, 5, 8]
      let a = ArrayPrintSource(shape: [2000], dtype: .int64) { i in
        .int(i < 3 ? head[i] : i >= 1997 ? tail[i - 1997] : 1)
      }
      check(NumPyFormat.repr(a), "array([9, 0, 3, ..., 3, 5, 8], shape=(2000,))")
      check(NumPyFormat.scalarRepr(.int(9), dtype: .int64), "np.int64(9)")
    }

    /// >>> print(ds.reshape(4, 3*2)) and ds.reshape(4,6)
    @Test func smallIntMatrix() {
      let ds: [Int64] = [0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 7, 8, 8, 9, 9, 4, 0, 0, 1, 0, 0]
      let a = ArrayPrintSource(shape: [4, 6], dtype: .int64) { .int(ds[$0]) }
      check(
        NumPyFormat.str(a),
        """
        [[0 0 0 0 0 0]
         [1 2 3 4 5 6]
         [7 7 8 8 9 9]
         [4 0 0 1 0 0]]
        """)
      check(
        NumPyFormat.repr(a),
        """
        array([[0, 0, 0, 0, 0, 0],
               [1, 2, 3, 4, 5, 6],
               [7, 7, 8, 8, 9, 9],
               [4, 0, 0, 1, 0, 0]])
        """)
    }

    /// The doc-comment examples of the public API.
    @Test func apiExamples() {
      let ints = ArrayPrintSource(shape: [3], dtype: .int64) { .int(Int64($0 + 1)) }
      check(NumPyFormat.repr(ints), "array([1, 2, 3])")
      check(NumPyFormat.str(ints), "[1 2 3]")
      let f = ArrayPrintSource(shape: [2, 2], dtype: .float64) { .float(Double($0)) }
      check(NumPyFormat.str(f), "[[0. 1.]\n [2. 3.]]")
      let empty = ArrayPrintSource(shape: [0, 3], dtype: .float64) { _ in .float(0) }
      check(NumPyFormat.repr(empty), "array([], shape=(0, 3), dtype=float64)")
      let zeroD = ArrayPrintSource(shape: [], dtype: .int64) { _ in .int(5) }
      check(NumPyFormat.repr(zeroD), "array(5)")
      let half = ArrayPrintSource(shape: [], dtype: .float32) { _ in .float(0.5) }
      check(NumPyFormat.repr(half), "array(0.5, dtype=float32)")
      check(NumPyFormat.str(half), "0.5")
      check(NumPyFormat.scalarRepr(.float(0.5), dtype: .float32), "np.float32(0.5)")
      check(NumPyFormat.scalarRepr(.float(Double(Float(0.1))), dtype: .float32), "np.float32(0.1)")
      check(NumPyFormat.scalarRepr(.float(0.1), dtype: .float64), "np.float64(0.1)")
      check(NumPyFormat.scalarRepr(.bool(true), dtype: .bool), "np.True_")
      check(NumPyFormat.scalarRepr(.int(7), dtype: .uint8), "np.uint8(7)")
      check(NumPyFormat.scalarStr(.int(3), dtype: .int64), "3")
      check(NumPyFormat.scalarStr(.bool(true), dtype: .bool), "True")
      for (x, text) in [(1e-05, "1e-05"), (1e16, "1e+16"), (.infinity, "inf"), (.nan, "nan"), (0.1, "0.1")] {
        check(NumPyFormat.pythonFloatRepr(x), text)
      }
    }
  }
}
