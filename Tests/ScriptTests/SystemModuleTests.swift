import Foundation
import Script
import Testing

/// `os`, `os.path`, `sys` and `warnings`: the boilerplate at the top of course notebooks.
@Suite struct SystemModuleTests {
  @Test func environReadsAndWritesTheProcessEnvironment() throws {
    let s = Session()
    try s.run("import os\nos.environ['DNNLAB_TEST_VAR'] = '2'")
    #expect(ProcessInfo.processInfo.environment["DNNLAB_TEST_VAR"] == "2")
    #expect(try s.run("os.environ['DNNLAB_TEST_VAR'], 'DNNLAB_TEST_VAR' in os.environ") == "('2', True)")
    #expect(try s.run("os.environ.get('DNNLAB_NOT_SET', 'x'), os.getenv('DNNLAB_NOT_SET')") == "('x', None)")
    #expect(s.error("os.environ['DNNLAB_NOT_SET']")?.summary == "KeyError: 'DNNLAB_NOT_SET'")
    #expect(s.error("os.environ['A'] = 1")?.summary == "TypeError: str expected, not int")
    try s.run("del os.environ['DNNLAB_TEST_VAR']")
    #expect(ProcessInfo.processInfo.environment["DNNLAB_TEST_VAR"] == nil)
  }

  @Test func pathFunctionsFollowPosixpath() throws {
    let cases = [
      ("os.path.join('a', 'b', 'c.npz')", "'a/b/c.npz'"), ("os.path.join('a', '/b', 'c')", "'/b/c'"),
      ("os.path.join('a/', 'b')", "'a/b'"), ("os.path.basename('a/b/')", "''"),
      ("os.path.dirname('a/b/')", "'a/b'"), ("os.path.dirname('/x')", "'/'"),
      ("os.path.splitext('x.tar.gz')", "('x.tar', '.gz')"),
      ("os.path.splitext('.bashrc')", "('.bashrc', '')"),
      ("os.path.splitext('dir.d/file')", "('dir.d/file', '')"), ("os.path.split('/a/b')", "('/a', 'b')"),
      ("os.path.isabs('/a'), os.path.exists('/definitely/not/here')", "(True, False)"),
    ]
    for (source, expected) in cases {
      #expect(try eval("import os\n" + source) == expected, "\(source)")
    }
  }

  @Test func directoriesAndErrors() throws {
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("dnnlab-os-\(UUID().uuidString)")
      .path
    let s = Session()
    try s.run(
      "import os\nos.makedirs('\(base)/a/b', exist_ok=True)\nos.makedirs('\(base)/a/b', exist_ok=True)")
    #expect(
      try s.run("os.listdir('\(base)'), os.path.isdir('\(base)/a/b'), os.path.isfile('\(base)/a')")
        == "(['a'], True, False)")
    #expect(
      s.error("os.makedirs('\(base)/a')")?.summary == "FileExistsError: [Errno 17] File exists: '\(base)/a'")
    #expect(
      s.error("os.listdir('\(base)/none')")?.summary
        == "FileNotFoundError: [Errno 2] No such file or directory: '\(base)/none'")
    try? FileManager.default.removeItem(atPath: base)
  }

  @Test func sysDescribesThePythonItFollows() throws {
    #expect(
      try eval("import sys\nsys.version_info >= (3, 8), sys.version_info[:2], sys.platform")
        == "(True, (3, 11), 'linux')")
    #expect(
      try printed("import sys\nn = sys.stdout.write('hi\\n')\nsys.stdout.flush()\nprint(n)") == "hi\n3\n")
  }

  @Test func warningsAreFilteredAsPythonFiltersThem() throws {
    let s = Session()
    try s.run("import warnings\nfor i in range(3):\n    warnings.warn('spam')")
    #expect(s.output() == "UserWarning: spam\n")
    try s.run("warnings.simplefilter('always')\nwarnings.warn('spam')\nwarnings.warn('spam', FutureWarning)")
    #expect(s.output() == "UserWarning: spam\nFutureWarning: spam\n")
    try s.run(
      "warnings.filterwarnings('ignore', message='SP')\nwarnings.warn('spam and eggs')\nwarnings.warn('eggs')"
    )
    #expect(s.output() == "UserWarning: eggs\n")
    try s.run(
      "warnings.filterwarnings('ignore', category=UserWarning)\nwarnings.warn('eggs')\nwarnings.warn('x', RuntimeWarning)"
    )
    #expect(s.output() == "RuntimeWarning: x\n")
    try s.run(
      "warnings.resetwarnings()\nwarnings.filterwarnings('ignore')\nwarnings.warn('x', DeprecationWarning)")
    #expect(s.output() == "")
    #expect(s.error("warnings.filterwarnings('error')")?.kind == .notImplementedError)
    #expect(s.error("warnings.filterwarnings('loud')")?.summary == "ValueError: invalid action: 'loud'")
    #expect(s.error("warnings.warn('x', 3)")?.kind == .typeError)
    #expect(try s.run("UserWarning") == "<class 'UserWarning'>")
  }
}
