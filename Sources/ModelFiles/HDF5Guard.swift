import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Keeps a damaged HDF5 file from taking the process down. Debian's libhdf5 1.10.8 overflows a
/// stack buffer on some corrupt files; so before dnnlab's own process reads an HDF5 image, a
/// helper process (`dnnlab-h5check`, built beside `dnnlab`) reads all of it the same way. If the
/// helper dies from a signal, the file is refused with an error; if it finishes, reading here
/// repeats what it survived. Without the helper (a library user's own executable), images are
/// read unguarded.
enum HDF5Guard {
  /// The helper's file name.
  static let helperName = "dnnlab-h5check"

  /// `$DNNLAB_H5CHECK`, else `dnnlab-h5check` beside the running executable, if it exists.
  static let helperPath: String? = {
    let environment = ProcessInfo.processInfo.environment
    if let p = environment["DNNLAB_H5CHECK"], !p.isEmpty {
      return FileManager.default.isExecutableFile(atPath: p) ? p : nil
    }
    guard let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else {
      return nil
    }
    let candidate = (exe as NSString).deletingLastPathComponent + "/" + helperName
    return FileManager.default.isExecutableFile(atPath: candidate) ? candidate : nil
  }()

  /// Set in the helper itself, which must not spawn another helper.
  nonisolated(unsafe) static var isHelper = false

  /// Throws when the helper crashes reading `bytes`.
  static func check(_ bytes: [UInt8], place: FilePlace) throws {
    guard !isHelper, let helper = helperPath else { return }
    let dir = NSTemporaryDirectory()
    var template = Array((dir + (dir.hasSuffix("/") ? "" : "/") + "dnnlab-h5check-XXXXXX").utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { b -> Int32 in
      guard let base = b.baseAddress else { return -1 }
      return mkstemp(base)
    }
    guard fd >= 0 else { return }
    let path = String(cString: template)
    defer { unlink(path) }
    var written = 0
    let ok = bytes.withUnsafeBytes { raw -> Bool in
      while written < raw.count {
        guard let base = raw.baseAddress else { return false }
        let n = write(fd, base + written, raw.count - written)
        if n <= 0 { return false }
        written += n
      }
      return true
    }
    close(fd)
    guard ok else { return }
    switch run(helper, path) {
    case .signaled(let signal):
      throw place.error(
        nil,
        "the HDF5 library crashed reading it (signal \(signal) in a helper process): the file is corrupt",
        kind: .osError, hint: "save or copy the file again")
    case .exited, .notRun:
      return
    }
  }

  enum Outcome { case exited(Int32), signaled(Int32), notRun }

  /// Runs `helper path` with its output discarded, and how it ended.
  private static func run(_ helper: String, _ path: String) -> Outcome {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    for stream: Int32 in [0, 1, 2] {
      posix_spawn_file_actions_addopen(&actions, stream, "/dev/null", stream == 0 ? O_RDONLY : O_WRONLY, 0)
    }
    // No crash report from the helper: its crash is the expected outcome for a bad file.
    let environment = ["SWIFT_BACKTRACE=enable=no", "HOME=\(NSHomeDirectory())"]
    var argv: [UnsafeMutablePointer<CChar>?] = [strdup(helper), strdup(path), nil]
    var envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) } + [nil]
    defer {
      for p in argv { free(p) }
      for p in envp { free(p) }
    }
    var pid: pid_t = 0
    guard posix_spawn(&pid, helper, &actions, nil, &argv, &envp) == 0 else { return .notRun }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 {
      if errno != EINTR { return .notRun }
    }
    let signal = status & 0x7f
    if signal == 0 { return .exited((status >> 8) & 0xff) }
    return signal == 0x7f ? .notRun : .signaled(signal)
  }
}

extension ModelFiles {
  /// The helper's work (`dnnlab-h5check FILE`): reads the whole HDF5 file at `path` as model
  /// loading would. Exits 0 when it is readable, 1 when HDF5 reports an error; a crash is the
  /// library's, and what the caller watches for.
  public static func checkHDF5File(_ path: String) -> Int32 {
    HDF5Guard.isHelper = true
    do {
      let bytes = try FileIO.read(path)
      try HDF5Serial.run {
        try H5ImageReader(bytes: bytes, place: FilePlace(file: path, member: nil)).visitEverything()
      }
      return 0
    } catch {
      return 1
    }
  }
}
