/// Where the files behind scikit-learn's bundled datasets (`load_iris`, `load_digits`, …)
/// are looked for: the CSV tables scikit-learn ships in `sklearn/datasets/data/` and the
/// descriptions (`DESCR`) in `sklearn/datasets/descr/`. dnnlab does not ship them; `make
/// setup` copies them out of the scikit-learn 1.9.1 wheel. Folders searched, in order:
///
/// 1. `$DNNLAB_DATA/sklearn`, when `DNNLAB_DATA` is set;
/// 2. `~/.dnnlab/datasets/sklearn` (where `make setup` puts them);
///
/// both holding the tables and the `.rst` descriptions side by side, then
///
/// 3. an installed scikit-learn's `datasets` package, by default Debian's
///    `/usr/lib/python3/dist-packages/sklearn/datasets` (package `python3-sklearn`), with
///    its `data/` and `descr/` sub-folders.
public struct SklearnDataFolders: Sendable {
  /// The environment and home directory, shared with the other dataset loaders.
  public var paths: DatasetSearchPaths
  /// Installed scikit-learn `datasets` package folders searched last.
  public var packageDirectories: [String]

  public static let defaultPackageDirectories = ["/usr/lib/python3/dist-packages/sklearn/datasets"]

  /// The scikit-learn release whose files `make setup` fetches.
  public static let fetchedVersion = "1.9.1"

  public init(
    paths: DatasetSearchPaths = .standard,
    packageDirectories: [String] = SklearnDataFolders.defaultPackageDirectories
  ) {
    self.paths = paths
    self.packageDirectories = packageDirectories
  }

  /// The process's environment and the default package folder.
  public static var standard: SklearnDataFolders { SklearnDataFolders() }

  /// One place searched: the folder holding the tables, the one holding the descriptions,
  /// and how messages show it. `data` is nil for `$DNNLAB_DATA` when it is not set.
  struct Folder {
    let data: String?
    let descr: String?
    let label: String
  }

  /// The folders in search order.
  var folders: [Folder] {
    var out = [Folder]()
    for root in paths.roots where root.kind == .dnnlab {
      let dir = root.path.map { join($0, "sklearn") }
      out.append(Folder(data: dir, descr: dir, label: root.label + "/sklearn"))
    }
    for p in packageDirectories {
      out.append(Folder(data: join(p, "data"), descr: join(p, "descr"), label: join(p, "data")))
    }
    return out
  }

  /// The path of a table (`iris.csv`), the first found.
  func table(_ name: String) throws -> String {
    try locate(name, \.data, kind: "sklearn/datasets/data/")
  }

  /// The path of a description (`iris.rst`), the first found.
  func description(_ name: String) throws -> String {
    try locate(name, \.descr, kind: "sklearn/datasets/descr/")
  }

  private func locate(_ name: String, _ folder: KeyPath<Folder, String?>, kind: String) throws -> String {
    for f in folders {
      guard let dir = f[keyPath: folder] else { continue }
      let p = join(dir, name)
      if FileBytes.isRegularFile(p) { return p }
    }
    var lines = ["scikit-learn's dataset file \(name) (\(kind)\(name)) was not found. Searched, in order:"]
    for f in folders {
      guard let dir = f[keyPath: folder] else {
        lines.append("  \(f.label) (DNNLAB_DATA not set)")
        continue
      }
      let state = FileBytes.isDirectory(dir) ? "" : " (folder does not exist)"
      let shown = f.label == dir ? dir : "\(f.label) = \(dir)"
      lines.append("  \(shown)\(state)")
    }
    let hint =
      "run `make setup` to fetch scikit-learn \(SklearnDataFolders.fetchedVersion)'s dataset files "
      + "into ~/.dnnlab/datasets/sklearn (needs pip and a network), "
      + "or copy \(kind)\(name) from a scikit-learn installation there"
    throw DatasetError(.fileNotFoundError, lines.joined(separator: "\n"), hint: hint)
  }
}
