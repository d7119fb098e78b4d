import Datasets
import Foundation
import Tensors
import Testing

func flatBytes(_ t: Tensor) -> [Int64] {
  (0..<t.count).map { k in
    switch t.scalarValue(atFlat: k) {
    case .int(let v): return v
    case .bool(let b): return b ? 1 : 0
    case .float(let d): return Int64(d)
    }
  }
}

func flatDoubles(_ t: Tensor) -> [Double] { (0..<t.count).map { t.scalarValue(atFlat: $0).asDouble } }

@Suite struct IDXTests {
  @Test func readsRawAndGzipUint8() throws {
    let payload: [UInt8] = (0..<24).map { UInt8($0 * 10) }
    let raw = TestFiles.idx(shape: [2, 3, 4], payload: payload)
    let dir = try TestFiles.tempDir()
    defer { TestFiles.remove(dir) }
    try TestFiles.write(raw, to: dir + "/a-idx3-ubyte")
    try TestFiles.write(TestFiles.gzip(raw), to: dir + "/a-idx3-ubyte.gz")
    for path in [dir + "/a-idx3-ubyte", dir + "/a-idx3-ubyte.gz"] {
      let t = try IDXReader.read(path: path)
      #expect(t.shape == [2, 3, 4])
      #expect(t.dtype == .uint8)
      #expect(flatBytes(t) == payload.map(Int64.init))
    }
  }

  @Test func readsBigEndianInt32AndFloats() throws {
    let ints = TestFiles.idx(
      type: 0x0C, shape: [3],
      payload: TestFiles.be32(1) + TestFiles.be32(-2 & 0xffff_ffff) + TestFiles.be32(70000))
    let t = try IDXReader.read(bytes: ints, name: "ints")
    #expect(t.dtype == .int32)
    #expect(flatBytes(t) == [1, -2, 70000])
    let f: [Float] = [1.5, -0.25]
    let fb = f.flatMap { TestFiles.be32(Int($0.bitPattern)) }
    let ft = try IDXReader.read(
      bytes: TestFiles.gzip(TestFiles.idx(type: 0x0D, shape: [2], payload: fb)), name: "f")
    #expect(ft.dtype == .float32)
    #expect(flatDoubles(ft) == [1.5, -0.25])
  }

  @Test func readsMultiMemberGzipAndEmptyArrays() throws {
    let raw = TestFiles.idx(shape: [4], payload: [1, 2, 3, 4])
    // Two gzip members concatenated, as `cat a.gz b.gz` makes.
    let twoMembers = TestFiles.gzip(Array(raw[0..<7])) + TestFiles.gzip(Array(raw[7...]))
    #expect(flatBytes(try IDXReader.read(bytes: twoMembers, name: "m")) == [1, 2, 3, 4])
    let empty = try IDXReader.read(bytes: TestFiles.idx(shape: [0, 28, 28], payload: []), name: "e")
    #expect(empty.shape == [0, 28, 28])
  }
}

@Suite struct NPYTests {
  @Test func readsVersionsAndDtypes() throws {
    let u8 = TestFiles.npy(descr: "|u1", shape: "(2, 2)", payload: [1, 2, 3, 250])
    let t = try NPYReader.read(bytes: u8, name: "u8")
    #expect(t.shape == [2, 2] && t.dtype == .uint8 && flatBytes(t) == [1, 2, 3, 250])

    let i8 = TestFiles.npy(
      descr: "<i8", shape: "(2,)",
      payload: [5, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], major: 2)
    #expect(flatBytes(try NPYReader.read(bytes: i8, name: "i8")) == [5, -1])

    let f4 = TestFiles.npy(
      descr: "<f4", shape: "(1,)", payload: TestFiles.le32(Float(0.5).bitPattern), major: 3)
    #expect(flatDoubles(try NPYReader.read(bytes: f4, name: "f4")) == [0.5])

    let f8big = TestFiles.npy(
      descr: ">f8", shape: "()",
      payload: (0..<8).reversed().map { UInt8((Double(3.25).bitPattern >> (8 * UInt64($0))) & 0xff) })
    let s = try NPYReader.read(bytes: f8big, name: "f8")
    #expect(s.shape == [] && flatDoubles(s) == [3.25])

    // NumPy treats any nonzero byte as True; a Swift Bool must hold 0 or 1.
    let b = try NPYReader.read(
      bytes: TestFiles.npy(descr: "|b1", shape: "(3,)", payload: [0, 1, 7]), name: "b")
    #expect(b.dtype == .bool && b.repr == "array([False,  True,  True])")

    // Python 2 headers wrote long integers with an L.
    let py2 = TestFiles.npy(
      header: "{'descr': '|u1', 'fortran_order': False, 'shape': (2L,)}", payload: [9, 8])
    #expect(flatBytes(try NPYReader.read(bytes: py2, name: "py2")) == [9, 8])
  }
}

@Suite struct NPZTests {
  @Test func readsStoredAndDeflatedMembersWrittenHere() throws {
    let dir = try TestFiles.tempDir()
    defer { TestFiles.remove(dir) }
    let x = TestFiles.npy(descr: "|u1", shape: "(2, 2, 2)", payload: Array(1...8))
    let y = TestFiles.npy(descr: "|u1", shape: "(2,)", payload: [7, 3])
    let path = dir + "/m.npz"
    try TestFiles.write(
      TestFiles.zip([.init(name: "x.npy", data: x), .init(name: "y.npy", data: y, deflate: true)]), to: path)
    let npz = try NPZReader.read(path: path)
    #expect(npz.names == ["x", "y"])
    #expect(npz["x"].map(flatBytes) == (1...8).map(Int64.init))
    #expect(npz["y"]?.shape == [2])
    #expect(npz["y"].map(flatBytes) == [7, 3])
  }

  @Test func readsNumPyWrittenArchives() throws {
    let c = try NPZReader.read(path: TestFiles.fixtures + "/small_compressed.npz")
    #expect(Set(c.names) == ["x_train", "y_train", "x_test", "y_test"])
    #expect(c["x_train"]?.shape == [3, 4, 5])
    #expect(
      c["x_train"].map { Array(flatBytes($0).prefix(10)) } == [175, 196, 25, 246, 67, 211, 151, 103, 92, 185])
    #expect(c["x_test"].map { Array(flatBytes($0).suffix(5)) } == [73, 221, 209, 127, 159])
    #expect(c["y_test"].map(flatBytes) == [1, 5])

    let s = try NPZReader.read(path: TestFiles.fixtures + "/small_stored.npz")
    #expect(s["a"]?.repr == "array([[0., 1., 2.],\n       [3., 4., 5.]])")
    #expect(s["b"]?.repr == "array([ True, False,  True])")
    #expect(s["c"].map(flatBytes) == [1, -2, 3, 4])
    #expect(s["c"]?.dtype == .int32)
    #expect(s["d"].map(flatDoubles) == [2.5])
  }
}

@Suite struct CSVTests {
  @Test func readsPixelsThenLabel() throws {
    let text = TestFiles.csv([([0, 255, 3], 7), ([10, 20, 30], 0)]) + Array(" \r\n".utf8)
    let (x, y) = try CSVDigits.parse(text, name: "t.csv", pixelCount: 3)
    #expect(x.shape == [2, 3] && flatBytes(x) == [0, 255, 3, 10, 20, 30])
    #expect(y.shape == [2] && flatBytes(y) == [7, 0])
    // Windows line ends and spaces around values are accepted.
    let crlf = Array("1, 2 ,3,4\r\n5,6,7,8".utf8)
    let (x2, y2) = try CSVDigits.parse(crlf, name: "crlf.csv", pixelCount: 3)
    #expect(flatBytes(x2) == [1, 2, 3, 5, 6, 7] && flatBytes(y2) == [4, 8])
  }
}
