import Datasets
import Foundation
import Modules
import Script
import Tensors
import TestSupport
import Testing

// np.save/load/savez/savetxt/loadtxt/genfromtxt against files and text real NumPy 2.4
// wrote (scripts/fixtures/gen_npio.py): Fixtures/npio/ holds NumPy's files (and broken
// ones), npio_saves.json the arrays behind NumPy's .npy files, npio_savetxt.json
// np.savetxt calls with the text each wrote, npio_session.expected.json what each cell of
// npio_session.txt shows. Cells run in a fresh temporary directory named by the variable
// TMP; FIX names Fixtures/npio/. Both appear in recorded text as 'TMP/' and 'FIX/'.

enum NPIOFixtures {
  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
    "Fixtures")
  static let files = directory.appendingPathComponent("npio").path + "/"

  static func json(_ name: String) -> [FixtureJSON] {
    guard let data = try? Data(contentsOf: directory.appendingPathComponent(name)),
      let root = try? FixtureJSON.parse(data), let items = root.array
    else { return [] }
    return items
  }

  static let cells: [SessionCell] = json("npio_session.expected.json").compactMap { item in
    guard let s = item["source"]?.string, let o = item["output"]?.string else { return nil }
    return SessionCell(source: s, expected: o)
  }

  struct Save: Sendable, CustomTestStringConvertible {
    let file: String
    let expr: String
    let repr: String
    var testDescription: String { file }
  }

  static let saves: [Save] = json("npio_saves.json").compactMap { item in
    guard let f = item["file"]?.string, let e = item["expr"]?.string, let r = item["repr"]?.string else {
      return nil
    }
    return Save(file: f, expr: e, repr: r)
  }

  struct SaveText: Sendable, CustomTestStringConvertible {
    let call: String
    let text: String
    var testDescription: String { call }
  }

  static let saveTexts: [SaveText] = json("npio_savetxt.json").compactMap { item in
    guard let c = item["call"]?.string, let t = item["text"]?.string else { return nil }
    return SaveText(call: c, text: t)
  }
}

/// A fresh empty directory (with a trailing slash), removed by the caller.
func temporaryDirectory() -> String {
  let path = NSTemporaryDirectory() + "dnnlab-npio-\(UUID().uuidString)/"
  try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  return path
}

/// Runs `source` with `np`, `TMP` (a fresh directory) and `FIX` defined, and returns what a
/// notebook shows, with both directories written as 'TMP/' and 'FIX/'; `inspect` sees the
/// directory before it is removed.
func runFileCell(_ source: String, inspect: (String) -> Void = { _ in }) -> String {
  let tmp = temporaryDirectory()
  defer { try? FileManager.default.removeItem(atPath: tmp) }
  var text = ""
  Tensor.withOwnPrintOptions {
    let interpreter = Interpreter(output: { text += $0 })
    Modules.install(in: interpreter)
    do {
      _ = try interpreter.run(
        "import numpy as np\nTMP = \(pythonStringRepr(tmp))\nFIX = \(pythonStringRepr(NPIOFixtures.files))",
        cell: 0)
      if let value = try interpreter.run(source, cell: 1) { text += interpreter.repr(value) + "\n" }
    } catch {
      text += ((error as? ScriptError)?.summary ?? "\(error)") + "\n"
    }
  }
  inspect(tmp)
  return text.replacingOccurrences(of: tmp, with: "TMP/").replacingOccurrences(
    of: NPIOFixtures.files, with: "FIX/")
}

@Suite struct NumPyFileTests {
  @Test func fixturesAreLoaded() {
    #expect(NPIOFixtures.cells.count >= 150)
    #expect(NPIOFixtures.saves.count >= 15)
    #expect(NPIOFixtures.saveTexts.count >= 20)
  }

  @Test(arguments: NPIOFixtures.cells)
  func cellMatchesNumPy(_ cell: SessionCell) {
    let got = runFileCell(cell.source)
    #expect(got == cell.expected, "\n--- dnnlab\n\(got)--- NumPy\n\(cell.expected)")
  }

  /// np.save writes NumPy's bytes for the same array, and np.load reads NumPy's file back
  /// as NumPy shows it.
  @Test(arguments: NPIOFixtures.saves)
  func saveIsByteIdentical(_ save: NPIOFixtures.Save) throws {
    let expected = try [UInt8](Data(contentsOf: URL(fileURLWithPath: NPIOFixtures.files + save.file)))
    var written: [UInt8]?
    let out = runFileCell("np.save(TMP + 'out.npy', \(save.expr))") { dir in
      written = (try? Data(contentsOf: URL(fileURLWithPath: dir + "out.npy"))).map { [UInt8]($0) }
    }
    #expect(out == "")
    #expect(written == expected, "\(save.expr)")
    #expect(runFileCell("np.load(FIX + '\(save.file)')") == save.repr + "\n")
  }

  @Test(arguments: NPIOFixtures.saveTexts)
  func savetxtIsByteIdentical(_ case_: NPIOFixtures.SaveText) {
    var written: String?
    let source = case_.call.replacingOccurrences(of: "(F,", with: "(TMP + 'out.txt',")
    let out = runFileCell(source) { dir in
      written = (try? Data(contentsOf: URL(fileURLWithPath: dir + "out.txt"))).map {
        String(decoding: $0, as: UTF8.self)
      }
    }
    #expect(out == "")
    #expect(written == case_.text, "\(case_.call)")
  }

  /// Every dtype, 0-d, empty and multi-d arrays survive encode and decode unchanged.
  @Test func formatRoundTrips() throws {
    let arrays: [Tensor] = [
      try Tensor([1.5, -2.0, .nan], shape: [3]),
      try Tensor([Float(1), 2, 3, 4, 5, 6], shape: [2, 3]),
      try Tensor([Int64.min, 0, Int64.max], shape: [3, 1]),
      try Tensor([Int32(-7)], shape: [1, 1, 1]),
      try Tensor([UInt8(0), 255], shape: [2]),
      try Tensor([true, false, true, true], shape: [2, 2]),
      Tensor(scalar: 4.25, isScalar: false),
      try Tensor(zeros: [0, 3], dtype: .int32),
    ]
    for t in arrays {
      let bytes = try NPYFormat.encode(t)
      #expect(bytes.count % 64 == t.byteCount % 64 || bytes.count - t.byteCount == 128)
      let back = try NPYFormat.decode(bytes, allowPickle: false)
      #expect(back.dtype == t.dtype && back.shape == t.shape)
      #expect(
        (0..<t.count).allSatisfy { i in
          let (a, b) = (back.scalarValue(atFlat: i), t.scalarValue(atFlat: i))
          return a == b || (a.asDouble.isNaN && b.asDouble.isNaN)
        })
    }
  }

  /// Every prefix of NumPy's files and many corrupted copies load or fail with a message,
  /// never trap.
  @Test func brokenFilesNeverTrap() throws {
    var generator = SeededGenerator(seed: 7)
    for name in ["f64_2d.npy", "u8_3d.npy", "fortran.npy", "savez.npz", "compressed.npz"] {
      let good = try [UInt8](Data(contentsOf: URL(fileURLWithPath: NPIOFixtures.files + name)))
      let tmp = temporaryDirectory()
      defer { try? FileManager.default.removeItem(atPath: tmp) }
      var variants = (0..<good.count).map { Array(good.prefix($0)) }
      for _ in 0..<200 {
        var bad = good
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
          bad[Int.random(in: 0..<bad.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
        }
        variants.append(bad)
      }
      for (i, bytes) in variants.enumerated() {
        let path = tmp + "v\(i)" + (name.hasSuffix(".npz") ? ".npz" : ".npy")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let interpreter = Interpreter(output: { _ in })
        Modules.install(in: interpreter)
        _ = try? interpreter.run(
          "import numpy as np\nd = np.load(\(pythonStringRepr(path)))\n"
            + "if not isinstance(d, np.ndarray):\n    for k in d.files:\n        d[k]\n", cell: 1)
      }
    }
  }

  /// Saving leaves no temporary file behind, and replaces an existing file.
  @Test func writesAreAtomic() {
    var names: [String] = []
    let out = runFileCell(
      "np.save(TMP + 'a.npy', np.arange(3))\nnp.save(TMP + 'a.npy', np.arange(4))\n"
        + "np.savez(TMP + 'b', x=np.ones(2))\nnp.savetxt(TMP + 'c.txt', np.ones(2))\nnp.load(TMP + 'a.npy')"
    ) { dir in
      names = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
    }
    #expect(out == "array([0, 1, 2, 3])\n")
    #expect(names == ["a.npy", "b.npz", "c.txt"])
  }

  /// np.savez_compressed deflates its members; np.savez stores them.
  @Test func savezCompressionMethods() {
    var stored: [UInt8] = []
    var deflated: [UInt8] = []
    _ = runFileCell("np.savez(TMP + 's', a=np.zeros(1000))\nnp.savez_compressed(TMP + 'c', a=np.zeros(1000))")
    {
      dir in
      stored = (try? Data(contentsOf: URL(fileURLWithPath: dir + "s.npz"))).map { [UInt8]($0) } ?? []
      deflated = (try? Data(contentsOf: URL(fileURLWithPath: dir + "c.npz"))).map { [UInt8]($0) } ?? []
    }
    #expect(stored.count > 8000 && stored[8] == 0)
    #expect(deflated.count > 30 && deflated.count < 500 && deflated[8] == 8)
  }

  @Test func emptyTextWarns() {
    #expect(
      runFileCell("np.loadtxt([])")
        == "UserWarning: loadtxt: input contained no data: \"[]\"\narray([], dtype=float64)\n")
    #expect(
      runFileCell("np.loadtxt(['# only a comment'], ndmin=2).shape")
        == "UserWarning: loadtxt: input contained no data: \"['# only a comment']\"\n(0, 1)\n")
  }

  @Test func unsupportedDTypesAreRefused() {
    #expect(
      runFileCell("np.load(FIX + 'int16.npy')")
        == "NotImplementedError: dnnlab cannot load arrays of dtype '<i2'\n")
    #expect(
      runFileCell("np.load(FIX + 'strings.npy')")
        == "NotImplementedError: dnnlab cannot load arrays of dtype '<U2'\n")
    #expect(
      runFileCell("np.load(FIX + 'object.npy', allow_pickle=True)")
        == "NotImplementedError: dnnlab cannot load object arrays: they are pickled Python objects\n")
  }

  @Test func bigEndianFilesLoadAsNativeValues() {
    #expect(runFileCell("np.load(FIX + 'big_endian.npy')") == "array([ 1.5e+00, -2.0e+00,  1.0e+10])\n")
  }
}
