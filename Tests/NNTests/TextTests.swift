import Foundation
import NN
import Tensors
import TestSupport
import Testing

@Suite struct SummaryTests {
  func fixture(_ name: String) throws -> String {
    guard let cases = try loadFixture("summaries.json").array,
      let text = cases.first(where: { $0["case"]?.string == name })?["text"]?.string
    else { throw FixtureError.malformed }
    return text
  }

  /// Rebuilds the generator's models in the same order, so auto-names line up too.
  @Test func summariesMatchKerasCharacterForCharacter() throws {
    try inSession { _ in
      let m = try Sequential([
        try InputLayer(shape: [28, 28]), Flatten(), try Dense(units: 20, activation: .relu),
        try Dense(units: 10, activation: .softmax),
      ])
      #expect(m.summaryText(columns: 80) == (try fixture("flatten_dense")))
      let m2 = try Sequential()
      try m2.add(try Dense(512, activation: "relu", inputShape: [784]))
      try m2.add(try Dense(10, activation: "softmax"))
      #expect(m2.summaryText(columns: 80) == (try fixture("input_shape_dense512")))
      #expect(m2.countParams() == 407_050)
      let m3 = try Sequential([
        try Dense(units: 16, activation: .relu), try Dense(units: 1, activation: .sigmoid),
      ])
      #expect(m3.summaryText(columns: 80) == (try fixture("unbuilt")))
      let m4 = try Sequential([m, try Softmax()])
      try m4.build(inputShape: [28, 28])
      #expect(m4.summaryText(columns: 80) == (try fixture("nested")))
      let m5 = try Sequential([
        try InputLayer(shape: [6]), try Dense(units: 8, activation: .relu), try Dropout(rate: 0.5),
        try Dense(units: 4, activation: .softmax, name: "a_really_long_layer_name_for_wrapping_tests"),
      ])
      try m5.compile(optimizer: "rmsprop", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"])
      #expect(m5.summaryText(columns: 80) == (try fixture("compiled_not_fit")))
      let x = try RandomGenerator(seed: 1).rand([40, 6]).astype(.float32)
      let y = try Tensor([Int64](repeating: 1, count: 40), shape: [40])
      try m5.fit(x, y, verbose: .silent)
      #expect(m5.summaryText(columns: 80) == (try fixture("after_fit_rmsprop")))
      let m6 = try Sequential([
        try InputLayer(shape: [6]), try Dense(units: 8, activation: .relu), try Activation("tanh"),
        try ReLU(),
        try Dense(units: 4),
      ])
      try m6.compile(optimizer: "adam", loss: "mse")
      try m6.fit(x, try Tensor(zeros: [40, 4], dtype: .float32), verbose: .silent)
      #expect(m6.summaryText(columns: 80) == (try fixture("after_fit_adam")))
    }
  }

  @Test func autoNamesFollowKeras() throws {
    guard let expected = try loadFixture("naming.json").array?.compactMap(\.string) else {
      throw FixtureError.malformed
    }
    try inSession { _ in
      let a = try Sequential([
        try Dense(units: 3), try Dense(units: 2), Flatten(), try Dropout(rate: 0.1), try Activation("relu"),
        try Softmax(), try ReLU(),
      ])
      let b = try Sequential([try Dense(units: 3)])
      let names = [a.name] + a.layers.map(\.name) + [b.name] + b.layers.map(\.name)
      #expect(names == expected)
    }
  }
}

@Suite struct ProgressTextTests {
  static func data() throws -> (Tensor, Tensor) {
    let g = RandomGenerator(seed: 3)
    let x = try g.rand([200, 8]).astype(.float32)
    let y = try g.randint(low: 0, high: 3, size: [200])
    return (x, y)
  }

  static func model() throws -> Sequential {
    let m = try Sequential([
      try InputLayer(shape: [8]), try Dense(units: 16, activation: .relu),
      try Dense(units: 3, activation: .softmax),
    ])
    try m.compile(optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"])
    return m
  }

  /// Non-terminal output: `Epoch i/n` then only the final bar line, metrics sorted, values
  /// equal to the History's.
  @Test func fitBarMatchesKerasLayoutAndHistory() throws {
    try inSession { sink in
      let (x, y) = try Self.data()
      let m = try Self.model()
      let h = try m.fit(x, y, epochs: 2)
      let lines = sink.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
      #expect(lines.count == 5, "\(sink.text)")
      #expect(lines[0] == "Epoch 1/2")
      #expect(lines[2] == "Epoch 2/2")
      #expect(lines[4] == "")
      for (i, line) in [lines[1], lines[3]].enumerated() {
        let acc = String(format: "%.4f", h["accuracy"]?[i] ?? -1)
        let loss = String(format: "%.4f", h["loss"]?[i] ?? -1)
        #expect(line.hasPrefix("7/7 ━━━━━━━━━━━━━━━━━━━━ 0s "), "\(line)")
        #expect(line.hasSuffix("/step - accuracy: \(acc) - loss: \(loss)"), "\(line)")
        #expect(!line.contains("\r") && !line.contains("\u{1b}"))
      }
      #expect(h.historyDescription.hasPrefix("{'accuracy': [0."))
    }
  }

  @Test func oneEpochHasNoEpochLineAndVerboseTwoIsOneLine() throws {
    try inSession { sink in
      let (x, y) = try Self.data()
      let m = try Self.model()
      try m.fit(x, y, epochs: 1)
      #expect(!sink.text.contains("Epoch"))
      sink.clear()
      try m.fit(x, y, batchSize: 32, epochs: 2, verbose: .oneLinePerEpoch, validationSplit: 0.2)
      let lines = sink.text.split(separator: "\n").map(String.init)
      #expect(lines.count == 4)
      #expect(lines[1].hasPrefix("5/5 - 0s - "))
      #expect(lines[1].contains("/step - accuracy: 0."))
      #expect(
        lines[1].contains(" - loss: ") && lines[1].contains(" - val_accuracy: ")
          && lines[1].contains(" - val_loss: "))
      #expect(m.history?.keys == ["accuracy", "loss", "val_accuracy", "val_loss"])
    }
  }

  @Test func terminalRedrawsInPlaceWithColour() throws {
    try inSession(terminal: true) { sink in
      let (x, y) = try Self.data()
      let m = try Self.model()
      try m.fit(x, y, epochs: 1)
      // Keras draws the first step at once, then at most every 50 ms, then the final state.
      #expect(
        sink.text.hasPrefix(
          "\r\u{1b}[1m1/7\u{1b}[0m \u{1b}[32m━━\u{1b}[0m\u{1b}[37m━━━━━━━━━━━━━━━━━━\u{1b}[0m \u{1b}[1m0s\u{1b}[0m "
        ))
      #expect(
        sink.text.contains(
          "\r\u{1b}[1m7/7\u{1b}[0m \u{1b}[32m━━━━━━━━━━━━━━━━━━━━\u{1b}[0m\u{1b}[37m\u{1b}[0m \u{1b}[1m0s\u{1b}[0m "
        ))
      #expect(sink.text.hasSuffix("\n"))
    }
  }

  @Test func evaluateAndPredictBars() throws {
    try inSession { sink in
      let (x, y) = try Self.data()
      let m = try Self.model()
      let r = try m.evaluate(x, y)
      #expect(sink.text.hasPrefix("7/7 ━━━━━━━━━━━━━━━━━━━━ 0s "))
      #expect(
        sink.text.hasSuffix(
          "/step - accuracy: \(String(format: "%.4f", r.values[1])) - loss: \(String(format: "%.4f", r.values[0]))\n"
        ))
      #expect(r.description.hasPrefix("[") && r.values.count == 2)
      #expect(r.logs.keys == ["accuracy", "loss"])
      sink.clear()
      let p = try m.predict(x)
      #expect(p.shape == [200, 3] && p.dtype == .float32)
      #expect(sink.text.hasPrefix("7/7 ━━━━━━━━━━━━━━━━━━━━ 0s ") && sink.text.hasSuffix("/step\n"))
      // predict agrees with model(x) and evaluate's loss with the loss on the predictions.
      let direct = try m(x)
      assertClose(p.doubles, direct.doubles, rtol: 1e-6, atol: 1e-7)
    }
  }
}
