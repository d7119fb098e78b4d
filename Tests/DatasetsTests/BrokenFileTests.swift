import Datasets
import Foundation
import Testing

/// One kind of broken file, the reader that meets it, and the words its message must hold.
struct BrokenFile: Sendable, CustomTestStringConvertible {
  enum Reader: Sendable { case idx, npy, npz, csv, keras }
  let kind: String
  let reader: Reader
  let name: String
  let bytes: [UInt8]
  let expected: String
  var testDescription: String { kind }
}

let goodIDX = TestFiles.idx(shape: [2, 2, 2], payload: Array(1...8))
let goodNPY = TestFiles.npy(descr: "|u1", shape: "(2, 2)", payload: [1, 2, 3, 4])
let header2to40 = TestFiles.idx(shape: [65536, 65536, 256], payload: [])

/// Every kind of damage the readers must report, each with its own message.
let brokenFiles: [BrokenFile] = {
  var gzBadCRC = TestFiles.gzip(goodIDX)
  gzBadCRC[gzBadCRC.count - 6] ^= 0xff
  let gzTruncated = Array(TestFiles.gzip(goodIDX).dropLast(12))
  let gzShortData = TestFiles.gzip(Array(goodIDX.dropLast(3)))
  let gzLongData = TestFiles.gzip(goodIDX + [9, 9])
  let gzGarbage = TestFiles.gzip(goodIDX) + Array("garbage".utf8)
  var gzNotDeflate = TestFiles.gzip(goodIDX)
  gzNotDeflate[10] = 0x07  // an invalid deflate block type
  let fortran = TestFiles.npy(
    header: "{'descr': '|u1', 'fortran_order': True, 'shape': (2, 2), }", payload: [1, 2, 3, 4])
  let complex = TestFiles.npy(descr: "<c16", shape: "(1,)", payload: Array(repeating: 0, count: 16))
  let object = TestFiles.npy(descr: "|O", shape: "(1,)", payload: Array(repeating: 0, count: 8))
  let noShape = TestFiles.npy(header: "{'descr': '|u1', 'fortran_order': False}", payload: [1])
  let malformed = TestFiles.npy(
    header: "{'descr': '|u1', 'fortran_order': False, 'shape': (2, 2}", payload: [1, 2, 3, 4])
  let hugeHeader =
    [0x93] + Array("NUMPY".utf8) + [2, 0, 0xff, 0xff, 0xff, 0x7f] + Array(repeating: 0x20, count: 20)
  var badVersion = goodNPY
  badVersion[6] = 9
  let pixels = Array(repeating: 0, count: 784)
  let okRow = TestFiles.csv([(pixels, 3)])
  let shortRow = TestFiles.csv([(Array(repeating: 0, count: 783), 3)])
  var bigPixel = pixels
  bigPixel[4] = 256
  let stored = TestFiles.npy(descr: "|u1", shape: "(3,)", payload: [1, 2, 3])
  return [
    BrokenFile(
      kind: "IDX empty", reader: .idx, name: "empty-idx1-ubyte", bytes: [], expected: "file is empty"),
    BrokenFile(
      kind: "IDX too short", reader: .idx, name: "short-idx1-ubyte", bytes: [0, 0],
      expected: "too short for an IDX header"),
    BrokenFile(
      kind: "IDX wrong magic", reader: .idx, name: "png-idx3-ubyte",
      bytes: [0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0], expected: "not an IDX file: starts with 89 50 4e 47"),
    BrokenFile(
      kind: "IDX unknown element type", reader: .idx, name: "t-idx1-ubyte",
      bytes: [0, 0, 0x42, 1, 0, 0, 0, 0], expected: "unknown IDX element type 0x42"),
    BrokenFile(
      kind: "IDX unsupported element type", reader: .idx, name: "s-idx1-ubyte",
      bytes: [0, 0, 0x0B, 1, 0, 0, 0, 0], expected: "0x0b (16-bit integer) is not supported"),
    BrokenFile(
      kind: "IDX zero dimensions", reader: .idx, name: "z-idx0-ubyte", bytes: [0, 0, 8, 0],
      expected: "announces 0 dimensions"),
    BrokenFile(
      kind: "IDX header cut in the dimensions", reader: .idx, name: "d-idx3-ubyte",
      bytes: [0, 0, 8, 3, 0, 0, 0, 2, 0, 0], expected: "ends after 1 of them"),
    BrokenFile(
      kind: "IDX raw data truncated", reader: .idx, name: "r-idx3-ubyte", bytes: Array(goodIDX.dropLast(3)),
      expected: "but only 5 bytes follow the header"),
    BrokenFile(
      kind: "IDX raw extra bytes", reader: .idx, name: "x-idx3-ubyte", bytes: goodIDX + [0, 0],
      expected: "2 extra bytes after the 8 bytes of data"),
    BrokenFile(
      kind: "IDX raw header claims 2^40 elements", reader: .idx, name: "huge-idx3-ubyte", bytes: header2to40,
      expected: "(1,099,511,627,776 bytes of data) but only 0 bytes"),
    BrokenFile(
      kind: "IDX gzip header claims 2^40 elements", reader: .idx, name: "huge-idx3-ubyte.gz",
      bytes: TestFiles.gzip(header2to40 + Array(repeating: 0, count: 100)),
      expected: "more data than 139 compressed bytes can hold"),
    BrokenFile(
      kind: "gzip stream truncated", reader: .idx, name: "cut-idx3-ubyte.gz", bytes: gzTruncated,
      expected: "compressed data ends early"),
    BrokenFile(
      kind: "gzip checksum wrong", reader: .idx, name: "crc-idx3-ubyte.gz", bytes: gzBadCRC,
      expected: "incorrect data check"),
    BrokenFile(
      kind: "gzip invalid deflate block", reader: .idx, name: "blk-idx3-ubyte.gz", bytes: gzNotDeflate,
      expected: "invalid block type"),
    BrokenFile(
      kind: "gzip trailing garbage", reader: .idx, name: "tail-idx3-ubyte.gz", bytes: gzGarbage,
      expected: "7 bytes of unexpected data after the end of the compressed stream"),
    BrokenFile(
      kind: "IDX gzip data shorter than header", reader: .idx, name: "sd-idx3-ubyte.gz", bytes: gzShortData,
      expected: "the data ends after 5 bytes"),
    BrokenFile(
      kind: "IDX gzip data longer than header", reader: .idx, name: "ld-idx3-ubyte.gz", bytes: gzLongData,
      expected: "more data follows the 8 bytes the IDX header announces"),
    BrokenFile(kind: "NPY empty", reader: .npy, name: "e.npy", bytes: [], expected: ".npy: file is empty"),
    BrokenFile(
      kind: "NPY wrong magic", reader: .npy, name: "m.npy", bytes: Array("PK\u{3}\u{4}junkjunkjunk".utf8),
      expected: "not a .npy file: it does not start with the magic string"),
    BrokenFile(
      kind: "NPY unsupported version", reader: .npy, name: "v.npy", bytes: badVersion,
      expected: "unsupported .npy format version 9.0"),
    BrokenFile(
      kind: "NPY header truncated", reader: .npy, name: "h.npy", bytes: Array(goodNPY.prefix(30)),
      expected: "truncated .npy header: the file ends after 30 bytes"),
    BrokenFile(
      kind: "NPY absurd header length", reader: .npy, name: "hl.npy", bytes: hugeHeader,
      expected: "header length field says 2,147,483,647 bytes"),
    BrokenFile(
      kind: "NPY malformed header", reader: .npy, name: "mh.npy", bytes: malformed,
      expected: "malformed .npy header at character"),
    BrokenFile(
      kind: "NPY missing key", reader: .npy, name: "k.npy", bytes: noShape,
      expected: ".npy header lacks 'shape'"),
    BrokenFile(
      kind: "NPY Fortran order", reader: .npy, name: "f.npy", bytes: fortran,
      expected: "Fortran (column-major) order"),
    BrokenFile(
      kind: "NPY unsupported dtype", reader: .npy, name: "c.npy", bytes: complex,
      expected: "dtype '<c16' is not supported"),
    BrokenFile(
      kind: "NPY object array", reader: .npy, name: "o.npy", bytes: object, expected: "would need pickle"),
    BrokenFile(
      kind: "NPY data truncated", reader: .npy, name: "t.npy", bytes: Array(goodNPY.dropLast(1)),
      expected: "needs 4 bytes of data but only 3 bytes follow"),
    BrokenFile(
      kind: "NPY extra data", reader: .npy, name: "x.npy", bytes: goodNPY + [5],
      expected: "more data follows the 4 bytes that shape (2, 2) of uint8 needs"),
    BrokenFile(
      kind: "NPZ not a zip", reader: .npz, name: "n.npz", bytes: goodNPY, expected: "not a zip archive"),
    BrokenFile(
      kind: "NPZ truncated archive", reader: .npz, name: "cut.npz",
      bytes: Array(TestFiles.zip([.init(name: "a.npy", data: stored)]).dropLast(30)),
      expected: "zip archive without its end-of-central-directory record"),
    BrokenFile(
      kind: "NPZ member checksum wrong", reader: .npz, name: "crc.npz",
      bytes: TestFiles.zip([.init(name: "a.npy", data: stored, claimedCRC: 1234)]),
      expected: "[a.npy]: checksum (CRC-32) mismatch"),
    BrokenFile(
      kind: "NPZ member claims an impossible size", reader: .npz, name: "bomb.npz",
      bytes: TestFiles.zip([.init(name: "a.npy", data: stored, deflate: true, claimedSize: 0xffff_fff0)]),
      expected: "zip entry claims 4294967280 bytes"),
    BrokenFile(
      kind: "NPZ member holds more than it claims", reader: .npz, name: "lie.npz",
      bytes: TestFiles.zip([.init(name: "a.npy", data: stored, deflate: true, claimedSize: 100)]),
      expected: "truncated: shape (3,) of uint8 needs 3 bytes of data but only 0 bytes"),
    BrokenFile(
      kind: "NPZ member is not .npy", reader: .npz, name: "txt.npz",
      bytes: TestFiles.zip([.init(name: "a.txt", data: Array("hello world".utf8))]),
      expected: "[a.txt]: not a .npy file"),
    BrokenFile(
      kind: "CSV empty", reader: .csv, name: "e.csv", bytes: [], expected: "file is empty: no rows of digits"),
    BrokenFile(
      kind: "CSV blank lines only", reader: .csv, name: "b.csv", bytes: Array("\n \n\r\n".utf8),
      expected: "holds only blank lines"),
    BrokenFile(
      kind: "CSV binary content", reader: .csv, name: "bin.csv", bytes: [1, 0, 2], expected: "holds NUL bytes"
    ),
    BrokenFile(
      kind: "CSV row too short", reader: .csv, name: "s.csv", bytes: okRow + shortRow,
      expected: "line 2: 784 values, expected 785"),
    BrokenFile(
      kind: "CSV row too long", reader: .csv, name: "l.csv", bytes: TestFiles.csv([(pixels + [1], 3)]),
      expected: "line 1: more than 785 values"),
    BrokenFile(
      kind: "CSV pixel out of range", reader: .csv, name: "p.csv",
      bytes: okRow + okRow + TestFiles.csv([(bigPixel, 3)]),
      expected: "line 3, column 5: pixel value '256' is not an integer from 0 to 255"),
    BrokenFile(
      kind: "CSV pixel not an integer", reader: .csv, name: "f.csv",
      bytes: Array("0.5,".utf8) + TestFiles.csv([(Array(repeating: 0, count: 783), 3)]),
      expected: "line 1, column 1: pixel value '0.5'"),
    BrokenFile(
      kind: "CSV label not a digit", reader: .csv, name: "lab.csv", bytes: TestFiles.csv([(pixels, 12)]),
      expected: "line 1: label '12' is not a digit 0-9"),
    BrokenFile(
      kind: "CSV gzip truncated", reader: .csv, name: "g.csv.gz",
      bytes: Array(TestFiles.gzip(okRow).dropLast(100)), expected: "g.csv.gz: compressed data ends early"),
  ]
}()

@Suite struct BrokenFileTests {
  @Test(arguments: brokenFiles)
  func isRejectedWithItsOwnMessage(_ file: BrokenFile) throws {
    let dir = try TestFiles.tempDir()
    defer { TestFiles.remove(dir) }
    let path = dir + "/" + file.name
    try TestFiles.write(file.bytes, to: path)
    do {
      switch file.reader {
      case .idx: _ = try IDXReader.read(path: path)
      case .npy: _ = try NPYReader.read(path: path)
      case .npz: _ = try NPZReader.read(path: path)
      case .csv: _ = try CSVDigits.read(path: path)
      case .keras: break
      }
      Issue.record("\(file.kind): no error")
    } catch let e as DatasetError {
      #expect(e.message.contains(file.expected), "\(file.kind): \(e.message)")
      #expect(e.message.contains(path), "\(file.kind): message does not name the file: \(e.message)")
    }
  }

  @Test func everyKindHasItsOwnMessage() {
    #expect(brokenFiles.count >= 12)
    #expect(Set(brokenFiles.map(\.expected)).count == brokenFiles.count)
  }

  @Test func missingFileAndDirectory() throws {
    let dir = try TestFiles.tempDir()
    defer { TestFiles.remove(dir) }
    #expect(throws: DatasetError(.fileNotFoundError, "[Errno 2] No such file or directory: '\(dir)/nope.gz'"))
    {
      try IDXReader.read(path: dir + "/nope.gz")
    }
    #expect(throws: DatasetError(.osError, "\(dir): is a directory, not a data file")) {
      try NPYReader.read(path: dir)
    }
    #expect(throws: DatasetError(.osError, "\(dir): is a directory, not an .npz file")) {
      try NPZReader.read(path: dir)
    }
  }

  /// Every prefix and many single-byte corruptions of valid files: errors, never traps.
  @Test func truncationsAndBitFlipsNeverTrap() throws {
    let files: [(BrokenFile.Reader, [UInt8])] = [
      (.idx, goodIDX), (.idx, TestFiles.gzip(goodIDX)), (.npy, goodNPY),
      (.npz, TestFiles.zip([.init(name: "a.npy", data: goodNPY, deflate: true)])),
      (.csv, TestFiles.gzip(Array("1,2,3\n4,5,6\n".utf8))),
    ]
    let dir = try TestFiles.tempDir()
    defer { TestFiles.remove(dir) }
    var outcomes = 0
    for (reader, bytes) in files {
      var variants = (0..<bytes.count).map { Array(bytes.prefix($0)) }
      for k in 0..<bytes.count {
        for flip: UInt8 in [0x01, 0x80, 0xff] {
          var v = bytes
          v[k] ^= flip
          variants.append(v)
        }
      }
      for (n, v) in variants.enumerated() {
        let path = dir + "/v\(n)"
        try TestFiles.write(v, to: path)
        do {
          switch reader {
          case .idx: _ = try IDXReader.read(path: path)
          case .npy: _ = try NPYReader.read(path: path)
          case .npz: _ = try NPZReader.read(path: path)
          case .csv: _ = try CSVDigits.read(path: path, pixelCount: 2)
          case .keras: break
          }
        } catch is DatasetError {
        }
        outcomes += 1
      }
    }
    #expect(outcomes > 500)
  }
}
