import Foundation
import Script
import Testing

/// `open()`: reading and writing text files as CPython 3 does (outputs below are CPython's for
/// the same code), with writes that land whole and errors with Python's kinds and texts.
@Suite struct TextFileTests {
  private func scratch() throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
      "dnnlab-open-\(UUID().uuidString)"
    )
    .path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  @Test func writeThenReadLikeCPython() throws {
    let dir = try scratch()
    let s = Session()
    try s.run(
      """
      with open('\(dir)/notes.txt', 'w') as f:
          f.write('epoch,loss\\n')
          print(0, 0.5, sep=',', file=f)
          f.writelines(['1,0.25\\n', '2,0.125\\n'])
      print(f.closed)
      with open('\(dir)/notes.txt') as f:
          print(f.readline(), end='')
          for line in f:
              print(line.strip().split(','))
      with open('\(dir)/notes.txt', 'a') as f:
          n = f.write('3,0.0625')
      print(n, repr(open('\(dir)/notes.txt').read()))
      lines = open('\(dir)/notes.txt').readlines()
      print(len(lines), lines[-1])
      """)
    #expect(
      s.output() == """
        True
        epoch,loss
        ['0', '0.5']
        ['1', '0.25']
        ['2', '0.125']
        8 'epoch,loss\\n0,0.5\\n1,0.25\\n2,0.125\\n3,0.0625'
        5 3,0.0625

        """)
    // Nothing is left beside the file but the file itself (the temporary one was renamed).
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["notes.txt"])
  }

  @Test func readsWindowsLineEndingsAsNewlines() throws {
    let dir = try scratch()
    try Data("a,b\r\n1,2\r\n".utf8).write(to: URL(fileURLWithPath: "\(dir)/w.csv"))
    let s = Session()
    #expect(try s.run("open('\(dir)/w.csv').read()") == "'a,b\\n1,2\\n'")
    #expect(
      try s.run("f = open('\(dir)/w.csv')\nf.read(2), f.readline(), f.readline(1), f.read()")
        == "('a,', 'b\\n', '1', ',2\\n')")
  }

  @Test func errorsHavePythonsKindsAndTexts() throws {
    let dir = try scratch()
    try Data("x".utf8).write(to: URL(fileURLWithPath: "\(dir)/there.txt"))
    let s = Session()
    let cases = [
      (
        "open('\(dir)/missing.csv')",
        "FileNotFoundError: [Errno 2] No such file or directory: '\(dir)/missing.csv'"
      ),
      ("open('\(dir)')", "IsADirectoryError: [Errno 21] Is a directory: '\(dir)'"),
      ("open('\(dir)/there.txt', 'x')", "FileExistsError: [Errno 17] File exists: '\(dir)/there.txt'"),
      (
        "open('\(dir)/no/such/dir.txt', 'w')",
        "FileNotFoundError: [Errno 2] No such file or directory: '\(dir)/no/such/dir.txt'"
      ),
      ("open('\(dir)/there.txt', 'q')", "ValueError: invalid mode: 'q'"),
      ("open('\(dir)/there.txt').write('a')", "UnsupportedOperation: not writable"),
      ("open('\(dir)/new.txt', 'w').read()", "UnsupportedOperation: not readable"),
      ("f = open('\(dir)/there.txt')\nf.close()\nf.read()", "ValueError: I/O operation on closed file."),
      ("open('\(dir)/there.txt', 'w').write(3)", "TypeError: write() argument must be str, not int"),
    ]
    for (source, expected) in cases {
      #expect(s.error(source)?.summary == expected, "\(source)")
    }
    #expect(s.error("open('\(dir)/there.txt', 'rb')")?.kind == .notImplementedError)
    #expect(s.error("open('\(dir)/there.txt', 'r+')")?.kind == .notImplementedError)
  }

  @Test func anUnclosedFileIsWrittenWhenItGoesAway() throws {
    let dir = try scratch()
    let s = Session()
    try s.run("f = open('\(dir)/later.txt', 'w')\nf.write('kept\\n')")
    #expect(!FileManager.default.fileExists(atPath: "\(dir)/later.txt"))
    try s.run("f = None")
    #expect(try String(contentsOfFile: "\(dir)/later.txt", encoding: .utf8) == "kept\n")
  }
}
