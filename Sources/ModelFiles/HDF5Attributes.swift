@preconcurrency import CHDF5
import Foundation

// String attributes as h5py writes and reads them, for Keras's legacy `.h5` model files:
// `model_config` is one string, `layer_names` and `weight_names` are 1-D arrays of strings.
// Keras 3 (through h5py) writes variable-length UTF-8 strings, and an empty list as an empty
// float64 array; Keras 2 wrote fixed-length byte strings. Both are read.

private let h5DefaultList: hid_t = 0

extension H5ImageWriter {
  /// Sets a 1-D attribute of variable-length UTF-8 strings (h5py's `dtype=object` string
  /// arrays). An empty list is written as h5py writes `[]`: an empty float64 array.
  func setStringArrayAttribute(_ group: H5ID, _ name: String, _ values: [String], path: String) throws {
    let fail = { self.place.error(path, "cannot write attribute '\(name)'", kind: .osError) }
    if values.isEmpty {
      var dims: [hsize_t] = [0]
      var nothing: Double = 0
      guard let space = H5ID(H5Screate_simple(1, &dims, nil), H5Sclose),
        let attr = H5ID(
          H5Acreate2(group.id, name, H5T_IEEE_F64LE_g, space.id, h5DefaultList, h5DefaultList), H5Aclose),
        H5Awrite(attr.id, H5T_NATIVE_DOUBLE_g, &nothing) >= 0
      else { throw fail() }
      return
    }
    var dims: [hsize_t] = [hsize_t(values.count)]
    guard let type = H5ID(H5Tcopy(H5T_C_S1_g), H5Tclose), H5Tset_size(type.id, -1) >= 0,
      H5Tset_cset(type.id, H5T_CSET_UTF8) >= 0,
      let space = H5ID(H5Screate_simple(1, &dims, nil), H5Sclose),
      let attr = H5ID(H5Acreate2(group.id, name, type.id, space.id, h5DefaultList, h5DefaultList), H5Aclose)
    else { throw fail() }
    let copies = values.map { strdup($0) }
    defer { for c in copies { free(c) } }
    guard !copies.contains(where: { $0 == nil }) else { throw fail() }
    var pointers: [UnsafePointer<CChar>?] = copies.map { $0.map { UnsafePointer($0) } }
    guard H5Awrite(attr.id, type.id, &pointers) >= 0 else { throw fail() }
  }
}

extension H5ImageReader {
  /// Most strings an attribute may hold here, and most bytes in all: a model file's names
  /// and JSON are far smaller.
  static let maximumAttributeStrings = 1_000_000
  static let maximumAttributeBytes = 256 << 20

  /// The string attribute `name` of the group at `path` (`""` for the root), `nil` when the
  /// attribute is absent. A one-element array reads as its element.
  func stringAttribute(_ path: String, _ name: String) throws -> String? {
    guard let values = try stringArrayAttribute(path, name) else { return nil }
    guard values.count == 1 else {
      throw place.error(path, "attribute '\(name)' holds \(values.count) strings; expected one")
    }
    return values[0]
  }

  /// The strings of attribute `name` of the group at `path` (`""` for the root): a scalar
  /// gives one, an array gives each in order, and an empty numeric array (h5py's `[]`) gives
  /// none. `nil` when the attribute is absent.
  func stringArrayAttribute(_ path: String, _ name: String) throws -> [String]? {
    guard let object = H5ID(H5Oopen(fileID, path.isEmpty ? "/" : path, h5DefaultList), H5Oclose) else {
      throw place.error(path, "missing HDF5 group")
    }
    let exists = H5Aexists(object.id, name)
    if exists == 0 { return nil }
    let at = path.isEmpty ? "@\(name)" : "\(path)@\(name)"
    guard exists > 0, let attr = H5ID(H5Aopen(object.id, name, h5DefaultList), H5Aclose),
      let type = H5ID(H5Aget_type(attr.id), H5Tclose), let space = H5ID(H5Aget_space(attr.id), H5Sclose)
    else { throw place.error(at, "cannot open the HDF5 attribute") }
    let points = H5Sget_simple_extent_npoints(space.id)
    guard points >= 0, points <= Int64(Self.maximumAttributeStrings) else {
      throw place.error(at, "the attribute holds an unreadable number of values")
    }
    let count = Int(points)
    let cls = H5Tget_class(type.id)
    if cls == H5T_FLOAT || cls == H5T_INTEGER {
      guard count == 0 else { throw place.error(at, "the attribute holds numbers, not strings") }
      return []
    }
    guard cls == H5T_STRING else { throw place.error(at, "the attribute does not hold strings") }
    if count == 0 { return [] }
    if H5Tis_variable_str(type.id) > 0 {
      return try variableStrings(attr, type, space, count: count, at: at)
    }
    return try fixedStrings(attr, type, count: count, at: at)
  }

  private func variableStrings(_ attr: H5ID, _ type: H5ID, _ space: H5ID, count: Int, at: String) throws
    -> [String]
  {
    // HDF5 converts strings only between types of one character set: read in the file's.
    guard let memory = H5ID(H5Tcopy(H5T_C_S1_g), H5Tclose), H5Tset_size(memory.id, -1) >= 0,
      H5Tset_cset(memory.id, H5Tget_cset(type.id)) >= 0
    else {
      throw place.error(at, "cannot read the HDF5 attribute")
    }
    var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
    guard H5Aread(attr.id, memory.id, &pointers) >= 0 else {
      throw place.error(
        at, "cannot read the HDF5 attribute: the file is truncated or corrupt", kind: .osError)
    }
    defer { _ = H5Dvlen_reclaim(memory.id, space.id, h5DefaultList, &pointers) }
    var total = 0
    var out: [String] = []
    out.reserveCapacity(count)
    for p in pointers {
      guard let p else {
        out.append("")
        continue
      }
      let length = strnlen(p, Self.maximumAttributeBytes)
      total += length
      guard total < Self.maximumAttributeBytes else {
        throw place.error(at, "the attribute's strings are too long")
      }
      out.append(String(decoding: UnsafeRawBufferPointer(start: p, count: length), as: UTF8.self))
    }
    return out
  }

  private func fixedStrings(_ attr: H5ID, _ type: H5ID, count: Int, at: String) throws -> [String] {
    let size = H5Tget_size(type.id)
    guard size > 0, size < Self.maximumAttributeBytes, count <= Self.maximumAttributeBytes / size else {
      throw place.error(at, "the attribute's strings are too long")
    }
    guard let memory = H5ID(H5Tcopy(H5T_C_S1_g), H5Tclose), H5Tset_size(memory.id, size) >= 0,
      H5Tset_cset(memory.id, H5Tget_cset(type.id)) >= 0
    else {
      throw place.error(at, "cannot read the HDF5 attribute")
    }
    var bytes = [UInt8](repeating: 0, count: count * size)
    guard H5Aread(attr.id, memory.id, &bytes) >= 0 else {
      throw place.error(
        at, "cannot read the HDF5 attribute: the file is truncated or corrupt", kind: .osError)
    }
    return (0..<count).map { i in
      // Fixed-length strings are padded with NULs (or spaces, for Fortran-style padding).
      var slice = bytes[(i * size)..<((i + 1) * size)]
      if let end = slice.firstIndex(of: 0) { slice = slice[..<end] }
      while let last = slice.last, last == 0x20 { slice = slice.dropLast() }
      return String(decoding: slice, as: UTF8.self)
    }
  }
}

extension H5ImageReader {
  /// The names of the attributes of the object at `path` (`""` for the root), in creation or
  /// name order as HDF5 lists them.
  func attributeNames(_ path: String) throws -> [String] {
    guard let object = H5ID(H5Oopen(fileID, path.isEmpty ? "/" : path, 0), H5Oclose) else {
      throw place.error(path, "missing HDF5 object")
    }
    var names: [String] = []
    var index: hsize_t = 0
    while true {
      let length = H5Aget_name_by_idx(object.id, ".", H5_INDEX_NAME, H5_ITER_INC, index, nil, 0, 0)
      if length < 0 { break }
      guard length < 4096, names.count < Self.maximumLinks else {
        throw place.error(path, "unreadable HDF5 attribute names")
      }
      var buffer = [CChar](repeating: 0, count: Int(length) + 1)
      guard
        H5Aget_name_by_idx(object.id, ".", H5_INDEX_NAME, H5_ITER_INC, index, &buffer, buffer.count, 0) >= 0
      else { throw place.error(path, "unreadable HDF5 attribute names") }
      names.append(String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self))
      index += 1
    }
    return names
  }

  /// Opens every group and dataset below `path`, reads every dataset's values and every
  /// attribute's strings: all that loading a model file may ask of the library. Errors are
  /// thrown; what this is for is the library crashing instead (see ``HDF5Guard``).
  func visitEverything(_ path: String = "", depth: Int = 0) throws {
    guard depth < 64 else { throw place.error(path, "HDF5 groups nested too deeply") }
    for name in try attributeNames(path) { _ = try? stringArrayAttribute(path, name) }
    guard let children = try children(path) else { return }
    for child in children {
      let p = path.isEmpty ? child : "\(path)/\(child)"
      if hasDataset(p) {
        for name in try attributeNames(p) { _ = try? stringArrayAttribute(p, name) }
        let i = try info(p)
        var count = 1
        for d in i.shape {
          let (product, overflow) = count.multipliedReportingOverflow(by: d)
          count = overflow || product > 1 << 28 ? -1 : product
          if count < 0 { break }
        }
        guard i.isNumeric, count > 0 else { continue }
        var values = [Float](repeating: 0, count: count)
        try values.withUnsafeMutableBufferPointer { b in
          guard let base = b.baseAddress else { return }
          try readFloats(p, into: base, count: count)
        }
      } else if hasGroup(p) {
        try visitEverything(p, depth: depth + 1)
      }
    }
  }
}
