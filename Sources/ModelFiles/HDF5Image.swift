@preconcurrency import CHDF5
import Foundation

// HDF5 through its C API, on in-memory file images: a `.keras` archive holds its weights file
// as a zip member, so reading and writing whole images avoids temporary files, and a bare
// `.weights.h5` is read and written the same way. Several of HDF5's constants are macros that
// Swift does not import (`H5P_DEFAULT`, `H5F_ACC_TRUNC`, `H5T_NATIVE_FLOAT`); the values and the
// `_g` globals behind them are spelled out here, after `H5open()` has set the globals.

/// `H5P_DEFAULT`, `H5S_ALL` and `H5E_DEFAULT` are all `(hid_t)0`.
private let h5Default: hid_t = 0
private let h5AccessReadOnly: UInt32 = 0x0000
private let h5AccessTruncate: UInt32 = 0x0002

/// Initialises the library once and turns off its habit of printing the error stack to
/// stderr: failures come back as negative return values and become `ModelFileError`s here.
///
/// `H5dont_atexit` keeps HDF5 from tearing itself down in an `atexit` handler. dnnlab never
/// leaves a file on disk open (images are written out whole), so there is nothing to flush at
/// exit, and the teardown could race with another thread's identifiers: a test process exiting
/// with pool threads still alive printed "HDF5: infinite loop closing library" now and then.
private let h5Ready: Bool = {
  _ = H5dont_atexit()
  guard H5open() >= 0 else { return false }
  _ = H5Eset_auto2(h5Default, nil, nil)
  return true
}()

/// Turns off HDF5's error printing for the calling thread (the thread-safe build keeps the
/// setting per thread); errors still come back as negative return values.
func hdf5QuietErrors() {
  if h5Ready { _ = H5Eset_auto2(h5Default, nil, nil) }
}

/// Each in-memory file needs a name that no other open file uses (HDF5 identifies open
/// files by name even on the core driver).
private let h5Names = H5NameCounter()
private final class H5NameCounter: @unchecked Sendable {
  private let lock = NSLock()
  private var next = 0
  func take() -> String {
    lock.lock()
    defer { lock.unlock() }
    next += 1
    return "dnnlab-memory-\(getpid())-\(next).h5"
  }
}

/// One HDF5 identifier, closed exactly once when the wrapper goes away.
final class H5ID {
  let id: hid_t
  private let closer: (hid_t) -> herr_t
  init?(_ id: hid_t, _ closer: @escaping (hid_t) -> herr_t) {
    guard id >= 0 else { return nil }
    self.id = id
    self.closer = closer
  }
  deinit { _ = closer(id) }
}

/// An HDF5 file held in memory, written group by group and then taken out as bytes.
final class H5ImageWriter {
  private let file: H5ID
  let place: FilePlace

  init(place: FilePlace) throws {
    self.place = place
    guard h5Ready, let fapl = H5ID(H5Pcreate(H5P_CLS_FILE_ACCESS_ID_g), H5Pclose),
      H5Pset_fapl_core(fapl.id, 1 << 16, false) >= 0,
      let file = H5ID(H5Fcreate(h5Names.take(), h5AccessTruncate, h5Default, fapl.id), H5Fclose)
    else { throw place.error(nil, "the HDF5 library could not create a file in memory", kind: .osError) }
    self.file = file
  }

  /// The root group, for attributes on the file itself.
  func root() throws -> H5ID {
    guard let g = H5ID(H5Gopen2(file.id, "/", h5Default), H5Gclose) else {
      throw place.error(nil, "cannot open the HDF5 file's root group", kind: .osError)
    }
    return g
  }

  /// Creates the group at `path` ("layers/dense/vars"), making missing parents, and returns it.
  @discardableResult
  func group(_ path: String) throws -> H5ID {
    var current = file.id
    var keep: H5ID?
    for part in path.split(separator: "/").map(String.init) {
      let next: hid_t =
        H5Lexists(current, part, h5Default) > 0
        ? H5Gopen2(current, part, h5Default)
        : H5Gcreate2(current, part, h5Default, h5Default, h5Default)
      guard let g = H5ID(next, H5Gclose) else {
        throw place.error(path, "cannot create HDF5 group", kind: .osError)
      }
      keep = g
      current = g.id
    }
    guard let keep else { throw place.error(path, "empty HDF5 group path", kind: .osError) }
    return keep
  }

  /// Sets a scalar variable-length UTF-8 string attribute, as h5py writes Python strings.
  func setStringAttribute(_ group: H5ID, _ name: String, _ value: String, path: String) throws {
    guard let type = H5ID(H5Tcopy(H5T_C_S1_g), H5Tclose), H5Tset_size(type.id, -1) >= 0,
      H5Tset_cset(type.id, H5T_CSET_UTF8) >= 0,
      let space = H5ID(H5Screate(H5S_SCALAR), H5Sclose),
      let attr = H5ID(H5Acreate2(group.id, name, type.id, space.id, h5Default, h5Default), H5Aclose)
    else { throw place.error(path, "cannot write attribute '\(name)'", kind: .osError) }
    let ok = value.withCString { cstr -> Bool in
      var pointer: UnsafePointer<CChar>? = cstr
      return H5Awrite(attr.id, type.id, &pointer) >= 0
    }
    if !ok { throw place.error(path, "cannot write attribute '\(name)'", kind: .osError) }
  }

  /// Writes float32 `values` of `shape` (`[]` for a scalar) as dataset `name` in `group`.
  func writeFloats(_ group: H5ID, _ name: String, shape: [Int], _ values: UnsafePointer<Float>, path: String)
    throws
  {
    try writeDataset(
      group, name, shape: shape, fileType: H5T_IEEE_F32LE_g, memoryType: H5T_NATIVE_FLOAT_g,
      values: UnsafeRawPointer(values), path: path)
  }

  /// Writes one int64 scalar (Keras's optimizer `iterations`).
  func writeInt64(_ group: H5ID, _ name: String, _ value: Int64, path: String) throws {
    var v = value
    try withUnsafePointer(to: &v) { p in
      try writeDataset(
        group, name, shape: [], fileType: H5T_STD_I64LE_g, memoryType: H5T_NATIVE_INT64_g,
        values: UnsafeRawPointer(p), path: path)
    }
  }

  private func writeDataset(
    _ group: H5ID, _ name: String, shape: [Int], fileType: hid_t, memoryType: hid_t, values: UnsafeRawPointer,
    path: String
  ) throws {
    let dims = shape.map { hsize_t($0) }
    let spaceID = shape.isEmpty ? H5Screate(H5S_SCALAR) : H5Screate_simple(Int32(dims.count), dims, nil)
    guard let space = H5ID(spaceID, H5Sclose),
      let data = H5ID(
        H5Dcreate2(group.id, name, fileType, space.id, h5Default, h5Default, h5Default), H5Dclose),
      H5Dwrite(data.id, memoryType, h5Default, h5Default, h5Default, values) >= 0
    else { throw place.error("\(path)/\(name)", "cannot write HDF5 dataset", kind: .osError) }
  }

  /// The finished file's bytes.
  func bytes() throws -> [UInt8] {
    guard H5Fflush(file.id, H5F_SCOPE_GLOBAL) >= 0 else {
      throw place.error(nil, "cannot flush the HDF5 file", kind: .osError)
    }
    let size = H5Fget_file_image(file.id, nil, 0)
    guard size > 0 else { throw place.error(nil, "cannot take the HDF5 file image", kind: .osError) }
    var out = [UInt8](repeating: 0, count: size)
    let got = out.withUnsafeMutableBytes { H5Fget_file_image(file.id, $0.baseAddress, size) }
    guard got == size else { throw place.error(nil, "cannot take the HDF5 file image", kind: .osError) }
    return out
  }
}

/// What a dataset holds, read before its values so sizes can be checked first.
struct H5DatasetInfo {
  var shape: [Int]
  /// Whether the stored type is a number HDF5 can convert to float32 or int64.
  var isNumeric: Bool
  var isInteger: Bool
}

/// An HDF5 file opened read-only from bytes. Every path is checked step by step, so a
/// missing or mistyped link is an error naming it, never a crash.
final class H5ImageReader {
  private let file: H5ID
  var fileID: hid_t { file.id }
  let place: FilePlace
  /// More links than this in one group is not a model file (and would make listing slow).
  static let maximumLinks = 100_000

  init(bytes: [UInt8], place: FilePlace) throws {
    self.place = place
    guard h5Ready else { throw place.error(nil, "the HDF5 library did not start", kind: .osError) }
    // Every HDF5 file starts with this 8-byte signature (at offset 0 for the files Keras writes).
    let signature: [UInt8] = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]
    guard bytes.count >= 8, Array(bytes[0..<8]) == signature else {
      throw place.error(
        nil, "not an HDF5 file (no HDF5 signature)", kind: .osError,
        hint: "a weights file is written by model.save_weights('name.weights.h5')")
    }
    try HDF5Guard.check(bytes, place: place)
    guard let fapl = H5ID(H5Pcreate(H5P_CLS_FILE_ACCESS_ID_g), H5Pclose),
      H5Pset_fapl_core(fapl.id, 1 << 16, false) >= 0
    else { throw place.error(nil, "the HDF5 library could not set up a memory file", kind: .osError) }
    let set = bytes.withUnsafeBytes {
      H5Pset_file_image(fapl.id, UnsafeMutableRawPointer(mutating: $0.baseAddress), $0.count)
    }
    guard set >= 0, let file = H5ID(H5Fopen(h5Names.take(), h5AccessReadOnly, fapl.id), H5Fclose) else {
      throw place.error(
        nil, "the HDF5 library cannot open it: the file is truncated or corrupt", kind: .osError,
        hint: "save or copy the file again")
    }
    self.file = file
  }

  /// Opens the object at `path` if it exists and is of `type` (group or dataset).
  private func open(_ path: String, as type: H5I_type_t) -> H5ID? {
    var current = H5ID(H5Oopen(file.id, "/", h5Default), H5Oclose)
    for part in path.split(separator: "/").map(String.init) {
      guard let c = current, H5Lexists(c.id, part, h5Default) > 0 else { return nil }
      current = H5ID(H5Oopen(c.id, part, h5Default), H5Oclose)
    }
    guard let object = current, H5Iget_type(object.id) == type else { return nil }
    return object
  }

  func hasGroup(_ path: String) -> Bool { open(path, as: H5I_GROUP) != nil }
  func hasDataset(_ path: String) -> Bool { open(path, as: H5I_DATASET) != nil }

  /// The names of the links in the group at `path`, in name order; `nil` when it is not a group.
  func children(_ path: String) throws -> [String]? {
    guard let g = open(path, as: H5I_GROUP) else { return nil }
    var info = H5G_info_t()
    guard H5Gget_info(g.id, &info) >= 0 else { throw place.error(path, "cannot list HDF5 group") }
    guard info.nlinks <= UInt64(Self.maximumLinks) else {
      throw place.error(path, "HDF5 group has \(info.nlinks) members; a model file has far fewer")
    }
    var names: [String] = []
    for i in 0..<info.nlinks {
      let length = H5Lget_name_by_idx(g.id, ".", H5_INDEX_NAME, H5_ITER_INC, i, nil, 0, h5Default)
      guard length >= 0, length < 4096 else {
        throw place.error(path, "cannot read the name of HDF5 link \(i)")
      }
      var buffer = [CChar](repeating: 0, count: Int(length) + 1)
      guard
        H5Lget_name_by_idx(g.id, ".", H5_INDEX_NAME, H5_ITER_INC, i, &buffer, buffer.count, h5Default) >= 0
      else { throw place.error(path, "cannot read the name of HDF5 link \(i)") }
      names.append(String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }
    return names
  }

  /// Shape and kind of the dataset at `path`.
  func info(_ path: String) throws -> H5DatasetInfo {
    guard let d = open(path, as: H5I_DATASET) else { throw place.error(path, "missing HDF5 dataset") }
    return try info(of: d, path)
  }

  private func info(of d: H5ID, _ path: String) throws -> H5DatasetInfo {
    guard let space = H5ID(H5Dget_space(d.id), H5Sclose), let type = H5ID(H5Dget_type(d.id), H5Tclose) else {
      throw place.error(path, "cannot read the HDF5 dataset's shape or type")
    }
    let rank = H5Sget_simple_extent_ndims(space.id)
    guard rank >= 0, rank <= 32 else { throw place.error(path, "HDF5 dataset has an unreadable shape") }
    var dims = [hsize_t](repeating: 0, count: Int(rank))
    if rank > 0, H5Sget_simple_extent_dims(space.id, &dims, nil) < 0 {
      throw place.error(path, "HDF5 dataset has an unreadable shape")
    }
    var shape: [Int] = []
    for d in dims {
      guard d <= UInt64(Int32.max) else {
        throw place.error(path, "HDF5 dataset dimension \(d) is absurdly large")
      }
      shape.append(Int(d))
    }
    let cls = H5Tget_class(type.id)
    return H5DatasetInfo(
      shape: shape, isNumeric: cls == H5T_FLOAT || cls == H5T_INTEGER, isInteger: cls == H5T_INTEGER)
  }

  /// Reads the dataset at `path` as float32 into `destination`, which holds `count` values;
  /// the caller has already checked the shape against what it expects.
  func readFloats(_ path: String, into destination: UnsafeMutablePointer<Float>, count: Int) throws {
    guard let d = open(path, as: H5I_DATASET) else { throw place.error(path, "missing HDF5 dataset") }
    let i = try info(of: d, path)
    guard i.isNumeric else { throw place.error(path, "HDF5 dataset does not hold numbers") }
    guard i.shape.reduce(1, *) == count else {
      throw place.error(path, "HDF5 dataset holds \(i.shape.reduce(1, *)) values, expected \(count)")
    }
    if count == 0 { return }
    guard H5Dread(d.id, H5T_NATIVE_FLOAT_g, h5Default, h5Default, h5Default, destination) >= 0 else {
      throw place.error(
        path, "cannot read the HDF5 dataset's values: the file is truncated or corrupt", kind: .osError)
    }
  }

  /// Reads a scalar (or one-element) dataset as int64.
  func readInt64(_ path: String) throws -> Int64 {
    guard let d = open(path, as: H5I_DATASET) else { throw place.error(path, "missing HDF5 dataset") }
    let i = try info(of: d, path)
    guard i.isNumeric, i.shape.reduce(1, *) == 1 else {
      throw place.error(path, "expected one number, found a dataset of shape \(shapeText(i.shape))")
    }
    var v: Int64 = 0
    guard H5Dread(d.id, H5T_NATIVE_INT64_g, h5Default, h5Default, h5Default, &v) >= 0 else {
      throw place.error(path, "cannot read the HDF5 dataset's value", kind: .osError)
    }
    return v
  }
}

/// `(4, 5)`, `(3,)`, `()` as Python prints shapes.
func shapeText(_ shape: [Int]) -> String {
  shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
}
