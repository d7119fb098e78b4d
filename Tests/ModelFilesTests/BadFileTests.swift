import Foundation
import ModelFiles
import NN
import Tensors
import Testing
import TestSupport

/// Broken or hostile files give a `ModelFileError` naming the file and the part, and change nothing.
@Suite struct BadFileTests {
  func loadError(_ path: String) -> ModelFileError? {
    do {
      _ = try ModelFiles.loadModel(path)
      return nil
    } catch let e as ModelFileError {
      return e
    } catch {
      Issue.record("not a ModelFileError: \(error)")
      return nil
    }
  }

  @Test func unknownLayerClass() throws {
    let e = try #require(loadError(fixturePath("bad_unknown_class.keras")))
    #expect(e.kind == .valueError)
    #expect(e.message.contains("bad_unknown_class.keras"))
    #expect(e.message.contains("config.json"))
    #expect(e.message.contains("Conv9D"))
    #expect(e.message.contains("layers[1]"))
  }

  @Test func lambdaLayerIsRefused() throws {
    let e = try #require(loadError(fixturePath("bad_lambda.keras")))
    #expect(e.message.contains("Lambda"))
    #expect(e.message.contains("bad_lambda.keras"))
  }

  @Test func wrongWeightShape() throws {
    let e = try #require(loadError(fixturePath("bad_weight_shape.keras")))
    #expect(e.message.contains("model.weights.h5"))
    #expect(e.message.contains("layers/dense_1/vars/0"))
    #expect(e.message.contains("(6, 4)"))
    #expect(e.message.contains("(6, 3)"))
  }

  @Test func truncatedArchiveAtEveryLength() throws {
    let bytes = try Data(contentsOf: URL(fileURLWithPath: fixturePath("dense_relu_softmax.keras")))
    let dir = try scratchDirectory()
    let path = dir + "/cut.keras"
    var step = 1
    var n = 0
    while n < bytes.count {
      try bytes.prefix(n).write(to: URL(fileURLWithPath: path))
      let e = loadError(path)
      #expect(e != nil, "prefix \(n) loaded")
      if let e { #expect(e.message.contains("cut.keras")) }
      n += step
      step = min(step * 2, 997)
    }
    try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: path))
    #expect(loadError(path)?.message.contains("truncated") == true)
  }

  @Test func corruptedBytesNeverTrap() throws {
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: fixturePath("flatten_dense_rmsprop.keras"))))
    let dir = try scratchDirectory()
    let path = dir + "/flip.keras"
    var seed: UInt64 = 12345
    for _ in 0..<200 {
      var b = bytes
      for _ in 0..<4 {
        seed = seed &* 6364136223846793005 &+ 1442695040888963407
        let i = Int(seed >> 33) % b.count
        b[i] ^= UInt8(truncatingIfNeeded: seed >> 13) | 1
      }
      try Data(b).write(to: URL(fileURLWithPath: path))
      // Either it loads (the flip hit padding) or it fails with a message; it must not trap.
      _ = try? ModelFiles.loadModel(path)
    }
  }

  @Test func notAnArchive() throws {
    let dir = try scratchDirectory()
    try Data("hello".utf8).write(to: URL(fileURLWithPath: dir + "/x.keras"))
    #expect(loadError(dir + "/x.keras")?.kind == .osError)
    #expect(loadError(dir + "/none.keras")?.kind == .fileNotFoundError)
    #expect(loadError(fixturePath("relu_sigmoid_sgd_momentum.weights.h5")) != nil)
  }

  @Test func failedLoadWeightsChangesNothing() throws {
    let model = try ModelFiles.loadModel(fixturePath("dense_relu_softmax.keras"))
    let before = try model.getWeights().map { try floats($0) }
    // A weights file of another model: the shapes differ, so nothing may change.
    #expect(throws: ModelFileError.self) {
      try ModelFiles.loadWeights(model, from: fixturePath("relu_sigmoid_sgd_momentum.weights.h5"))
    }
    #expect(throws: ModelFileError.self) { try ModelFiles.loadWeights(model, from: fixturePath("bad_weight_shape.keras")) }
    #expect(try model.getWeights().map { try floats($0) } == before)
  }

  @Test func garbageWeightsFile() throws {
    let dir = try scratchDirectory()
    let model = try ModelFiles.loadModel(fixturePath("dense_relu_softmax.keras"))
    var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: fixturePath("relu_sigmoid_sgd_momentum.weights.h5"))))
    try Data(bytes.prefix(600)).write(to: URL(fileURLWithPath: dir + "/cut.weights.h5"))
    #expect(throws: ModelFileError.self) { try ModelFiles.loadWeights(model, from: dir + "/cut.weights.h5") }
    bytes = Array(repeating: 7, count: 5000)
    try Data(bytes).write(to: URL(fileURLWithPath: dir + "/junk.weights.h5"))
    #expect(throws: ModelFileError.self) { try ModelFiles.loadWeights(model, from: dir + "/junk.weights.h5") }
  }
}
