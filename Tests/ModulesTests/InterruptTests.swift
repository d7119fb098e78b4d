import Foundation
import Modules
import NN
import Script
import Testing

// Ctrl-C reaches a cell as `interpreter.requestInterrupt()` from another thread. Inside
// `fit`, `evaluate` and `predict` the request must stop the batch loop at the next batch
// boundary (the model keeps what it learned) and end the cell with KeyboardInterrupt.

/// Output written on the interpreter's thread and read from the test's thread.
private final class LockedText: @unchecked Sendable {
  private let lock = NSLock()
  private var text = ""
  func append(_ s: String) { lock.withLock { text += s } }
  var value: String { lock.withLock { text } }
}

/// An interpreter with the built-in modules and a model that trains on 20,000 rows.
private func trainingSession() throws -> (Interpreter, LockedText) {
  let output = LockedText()
  let interpreter = Interpreter(output: { output.append($0) })
  Modules.install(in: interpreter, session: NNSession())
  _ = try interpreter.run(
    """
    import numpy as np
    from tensorflow import keras
    x = np.random.rand(20000, 50).astype('float32')
    y = (x.sum(axis=1) > 25).astype('int64')
    model = keras.Sequential([keras.Input(shape=(50,)), keras.layers.Dense(64, activation='relu'),
                              keras.layers.Dense(2, activation='softmax')])
    model.compile(optimizer='sgd', loss='sparse_categorical_crossentropy')
    w0 = model.get_weights()[0].copy()
    """, cell: 1)
  return (interpreter, output)
}

/// When the interrupt was requested (set on the requesting thread).
private final class RequestTime: @unchecked Sendable {
  private let lock = NSLock()
  private var date: Date?
  func set() { lock.withLock { date = Date() } }
  var value: Date? { lock.withLock { date } }
}

/// Calls `requestInterrupt()` `delay` seconds after `output` contains `marker` (polling, up
/// to 120 s); returns when it did.
@discardableResult
private func interrupt(
  _ interpreter: Interpreter, when output: LockedText, contains marker: String, after delay: Double = 0
) -> RequestTime {
  let requested = RequestTime()
  let thread = Thread {
    let deadline = Date().addingTimeInterval(120)
    while !output.value.contains(marker), Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
    Thread.sleep(forTimeInterval: delay)
    requested.set()
    interpreter.requestInterrupt()
  }
  thread.start()
  return requested
}

@Suite struct InterruptTests {
  @Test func interruptStopsFitKeepingTheWeights() throws {
    let (interpreter, output) = try trainingSession()
    // 100,000 epochs would take about half an hour: only the interrupt can end this cell in time.
    interrupt(interpreter, when: output, contains: "Epoch 2/100000")
    let start = Date()
    do {
      _ = try interpreter.run("h = model.fit(x, y, epochs=100000, verbose=1)", cell: 2)
      Issue.record("expected KeyboardInterrupt")
    } catch {
      #expect(error.kind == .keyboardInterrupt, "\(error.summary)")
    }
    #expect(Date().timeIntervalSince(start) < 150)
    #expect(output.value.contains("Training interrupted in epoch"), "\(output.value.suffix(500))")
    #expect(output.value.contains("the model keeps the weights learned so far"))
    let changed = try interpreter.run("not np.array_equal(w0, model.get_weights()[0])", cell: 3)
    #expect(changed.map(interpreter.repr) == "True")
    // Keras-style: `h` was never assigned, but `model.history` holds the finished epochs.
    #expect(interpreter.global("h") == nil)
    let epochs = try interpreter.run("len(model.history.epoch)", cell: 4)
    if case .int(let n)? = epochs {
      #expect(n >= 1 && n < 100000)
    } else {
      Issue.record("len(model.history.epoch) is \(epochs.map(interpreter.repr) ?? "None")")
    }
    // The request was used up: predict and another fit run to their end.
    let shape = try interpreter.run("model.predict(x[:3], verbose=0).shape", cell: 5)
    #expect(shape.map(interpreter.repr) == "(3, 2)")
    let again = try interpreter.run("model.fit(x[:64], y[:64], epochs=2, verbose=0).epoch", cell: 6)
    #expect(again.map(interpreter.repr) == "[0, 1]")
  }

  @Test func interruptStopsPredictAndEvaluateWithKeyboardInterrupt() throws {
    let (interpreter, output) = try trainingSession()
    // About 7 TFLOP per pass over `xb`: half a minute or more uninterrupted, while one
    // batch chunk takes about a second, so a prompt stop shows the loop heard the request.
    _ = try interpreter.run(
      """
      xb = np.random.rand(200000, 50).astype('float32')
      yb = np.zeros(200000, dtype='int64')
      wide = keras.Sequential([keras.Input(shape=(50,)), keras.layers.Dense(4096, activation='relu'),
                               keras.layers.Dense(4096, activation='relu'), keras.layers.Dense(2, activation='softmax')])
      wide.compile(optimizer='sgd', loss='sparse_categorical_crossentropy')
      """, cell: 2)
    for (cell, call) in [(3, "p = wide.predict(xb, verbose=0)"), (4, "wide.evaluate(xb, yb, verbose=0)")] {
      // The marker is printed by the same cell, just before the call: 0.5 s later the loop runs.
      let requested = interrupt(interpreter, when: output, contains: "started \(cell)", after: 0.5)
      do {
        _ = try interpreter.run("print('started \(cell)')\n\(call)", cell: cell)
        Issue.record("expected KeyboardInterrupt from \(call)")
      } catch {
        #expect(error.kind == .keyboardInterrupt, "\(call): \(error.summary)")
        #expect(error.range?.start.line == 2, "\(call): \(error.summary)")
      }
      let waited = requested.value.map { Date().timeIntervalSince($0) } ?? .infinity
      #expect(waited < 15, "\(call) took \(waited) s to stop")
    }
    #expect(interpreter.global("p") == nil)
  }

  @Test func staleInterruptDoesNotStopTheNextFit() throws {
    let (interpreter, _) = try trainingSession()
    // A Ctrl-C at the prompt, between cells, is forgotten when the next cell starts.
    interpreter.requestInterrupt()
    let epochs = try interpreter.run("model.fit(x[:256], y[:256], epochs=3, verbose=0).epoch", cell: 2)
    #expect(epochs.map(interpreter.repr) == "[0, 1, 2]")
  }
}
