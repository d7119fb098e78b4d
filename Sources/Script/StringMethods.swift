/// Methods of `str` values. Strings are sequences of Unicode scalars, as in Python.
enum StringMethods {
  static let names = [
    "capitalize", "center", "count", "endswith", "find", "format", "index", "isalnum", "isalpha",
    "isdigit", "islower", "isnumeric", "isspace", "isupper", "join", "ljust", "lower", "lstrip",
    "partition", "replace", "rfind", "rjust", "rsplit", "rstrip", "split", "splitlines", "startswith",
    "strip", "title", "upper", "zfill",
  ]

  static func method(_ name: String, _ s: String) -> Value? {
    func m(_ spec: String, _ body: @escaping (BoundArguments, Interpreter) throws -> Value) -> Value {
      .builtin(BuiltinFunction(name, signature: spec, receiverTypeName: "str", body: body))
    }
    let scalars = Array(s.unicodeScalars)
    switch name {
    case "upper": return m("") { _, _ in .str(s.uppercased()) }
    case "lower": return m("") { _, _ in .str(s.lowercased()) }
    case "capitalize":
      return m("") { _, _ in .str(s.prefix(1).uppercased() + s.dropFirst().lowercased()) }
    case "title":
      return m("") { _, _ in
        var out = ""
        var previousCased = false
        for c in s {
          out += previousCased ? c.lowercased() : c.uppercased()
          previousCased = c.isLetter
        }
        return .str(out)
      }
    case "strip", "lstrip", "rstrip":
      return m("chars=None") { args, _ in
        let chars = try args.optionalString("chars").map { Set($0.unicodeScalars) }
        func strippable(_ c: Unicode.Scalar) -> Bool { chars?.contains(c) ?? c.properties.isWhitespace }
        var lower = 0
        var upper = scalars.count
        if name != "rstrip" { while lower < upper, strippable(scalars[lower]) { lower += 1 } }
        if name != "lstrip" { while upper > lower, strippable(scalars[upper - 1]) { upper -= 1 } }
        return .str(String(String.UnicodeScalarView(scalars[lower..<upper])))
      }
    case "split", "rsplit":
      return m("sep=None, maxsplit=-1") { args, _ in
        let maxsplit = try args.int("maxsplit")
        let parts = try split(
          scalars, separator: try args.optionalString("sep"), maxsplit: maxsplit, fromRight: name == "rsplit")
        return .list(parts.map { .str($0) })
      }
    case "splitlines":
      return m("keepends=False") { args, _ in
        let keep = try args.bool("keepends")
        var lines: [Value] = []
        var current = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
          let c = scalars[i]
          i += 1
          guard c == "\n" || c == "\r" else {
            current.append(c)
            continue
          }
          if keep { current.append(c) }
          if c == "\r", i < scalars.count, scalars[i] == "\n" {
            if keep { current.append("\n") }
            i += 1
          }
          lines.append(.str(String(current)))
          current = String.UnicodeScalarView()
        }
        if !current.isEmpty { lines.append(.str(String(current))) }
        return .list(lines)
      }
    case "join":
      return m("iterable") { args, _ in
        var parts: [String] = []
        for (k, item) in try Iteration.array(args["iterable"]).enumerated() {
          guard case .str(let p) = item else {
            throw ScriptError.type("sequence item \(k): expected str instance, \(item.typeName) found")
          }
          parts.append(p)
        }
        let total = parts.reduce(0) { $0 + $1.utf8.count } + s.utf8.count * max(0, parts.count - 1)
        if total > Ops.maxSequenceLength { throw Ops.tooLarge() }
        return .str(parts.joined(separator: s))
      }
    case "replace":
      return m("old, new, count=-1") { args, _ in
        let old = Array(try args.string("old").unicodeScalars)
        let new = try args.string("new")
        var remaining = try args.int("count")
        if remaining < 0 { remaining = Int.max }
        var out = String.UnicodeScalarView()
        var i = 0
        if old.isEmpty {
          for c in scalars {
            if remaining > 0 {
              out.append(contentsOf: new.unicodeScalars)
              remaining -= 1
            }
            out.append(c)
          }
          if remaining > 0 { out.append(contentsOf: new.unicodeScalars) }
          return .str(String(out))
        }
        while i < scalars.count {
          if remaining > 0, matches(scalars, old, at: i) {
            out.append(contentsOf: new.unicodeScalars)
            i += old.count
            remaining -= 1
            if out.count > Ops.maxSequenceLength { throw Ops.tooLarge() }
          } else {
            out.append(scalars[i])
            i += 1
          }
        }
        return .str(String(out))
      }
    case "startswith", "endswith":
      return m("prefix") { args, _ in
        let candidates: [Value] = args["prefix"].sequenceItems ?? [args["prefix"]]
        for candidate in candidates {
          guard case .str(let p) = candidate else {
            throw ScriptError.type(
              "\(name) first arg must be str or a tuple of str, not \(candidate.typeName)")
          }
          let ps = Array(p.unicodeScalars)
          if ps.count <= scalars.count,
            matches(scalars, ps, at: name == "startswith" ? 0 : scalars.count - ps.count)
          {
            return .bool(true)
          }
        }
        return .bool(false)
      }
    case "find", "rfind", "index":
      return m("sub") { args, _ in
        let sub = Array(try args.string("sub").unicodeScalars)
        let positions = sub.count <= scalars.count ? Array(0...(scalars.count - sub.count)) : []
        let found =
          name == "rfind"
          ? positions.last { matches(scalars, sub, at: $0) }
          : positions.first { matches(scalars, sub, at: $0) }
        if let found { return .int(found) }
        if name == "index" { throw ScriptError.value("substring not found") }
        return .int(-1)
      }
    case "count":
      return m("sub") { args, _ in
        let sub = Array(try args.string("sub").unicodeScalars)
        if sub.isEmpty { return .int(scalars.count + 1) }
        var count = 0
        var i = 0
        while i + sub.count <= scalars.count {
          if matches(scalars, sub, at: i) {
            count += 1
            i += sub.count
          } else {
            i += 1
          }
        }
        return .int(count)
      }
    case "partition":
      return m("sep") { args, _ in
        let sep = Array(try args.string("sep").unicodeScalars)
        if sep.isEmpty { throw ScriptError.value("empty separator") }
        if sep.count <= scalars.count {
          for i in 0...(scalars.count - sep.count) where matches(scalars, sep, at: i) {
            return .tuple([
              .str(String(String.UnicodeScalarView(scalars[..<i]))),
              .str(String(String.UnicodeScalarView(sep))),
              .str(String(String.UnicodeScalarView(scalars[(i + sep.count)...]))),
            ])
          }
        }
        return .tuple([.str(s), .str(""), .str("")])
      }
    case "isdigit", "isnumeric":
      return m("") { _, _ in
        .bool(!scalars.isEmpty && scalars.allSatisfy { $0.properties.numericType != nil })
      }
    case "isalpha":
      return m("") { _, _ in .bool(!scalars.isEmpty && scalars.allSatisfy { $0.properties.isAlphabetic }) }
    case "isalnum":
      return m("") { _, _ in
        .bool(
          !scalars.isEmpty
            && scalars.allSatisfy { $0.properties.isAlphabetic || $0.properties.numericType != nil })
      }
    case "isspace":
      return m("") { _, _ in .bool(!scalars.isEmpty && scalars.allSatisfy { $0.properties.isWhitespace }) }
    case "isupper", "islower":
      return m("") { _, _ in
        let cased = scalars.filter { $0.properties.isUppercase || $0.properties.isLowercase }
        return .bool(
          !cased.isEmpty
            && cased.allSatisfy { name == "isupper" ? $0.properties.isUppercase : $0.properties.isLowercase })
      }
    case "center", "ljust", "rjust":
      return m("width, fillchar=' '") { args, _ in
        let width = try args.int("width")
        if width > Ops.maxSequenceLength { throw Ops.tooLarge() }
        let fill = try args.string("fillchar")
        guard fill.unicodeScalars.count == 1 else {
          throw ScriptError.type("The fill character must be exactly one character long")
        }
        let padding = width > scalars.count ? width - scalars.count : 0
        let left = name == "rjust" ? padding : name == "ljust" ? 0 : padding / 2 + (padding & width & 1)
        return .str(String(repeating: fill, count: left) + s + String(repeating: fill, count: padding - left))
      }
    case "zfill":
      return m("width") { args, _ in
        let width = try args.int("width")
        if width > Ops.maxSequenceLength { throw Ops.tooLarge() }
        let padding = width > scalars.count ? width - scalars.count : 0
        if let first = scalars.first, first == "-" || first == "+" {
          return .str(
            String(first) + String(repeating: "0", count: padding) + String(s.unicodeScalars.dropFirst()))
        }
        return .str(String(repeating: "0", count: padding) + s)
      }
    case "format":
      return .builtin(
        BuiltinFunction("format", receiverTypeName: "str") { args, interpreter in
          .str(try BraceFormat.format(s, args, attribute: interpreter.getAttribute, format: formatValue))
        })
    default:
      return nil
    }
  }

  static func matches(_ haystack: [Unicode.Scalar], _ needle: [Unicode.Scalar], at i: Int) -> Bool {
    guard i >= 0, i + needle.count <= haystack.count else { return false }
    for k in needle.indices where haystack[i + k] != needle[k] { return false }
    return true
  }

  /// Python's `str.split`/`rsplit`: on whitespace runs when `separator` is nil.
  static func split(_ s: [Unicode.Scalar], separator: String?, maxsplit: Int, fromRight: Bool) throws
    -> [String]
  {
    let limit = maxsplit < 0 ? Int.max : maxsplit
    func text(_ slice: ArraySlice<Unicode.Scalar>) -> String { String(String.UnicodeScalarView(slice)) }
    if let separator {
      let sep = Array(separator.unicodeScalars)
      if sep.isEmpty { throw ScriptError.value("empty separator") }
      var parts: [String] = []
      var splits = 0
      if fromRight {
        var end = s.count
        var i = s.count - sep.count
        while i >= 0 {
          if splits < limit, matches(s, sep, at: i) {
            parts.append(text(s[(i + sep.count)..<end]))
            end = i
            splits += 1
            i -= sep.count
          } else {
            i -= 1
          }
        }
        parts.append(text(s[0..<end]))
        return parts.reversed()
      }
      var start = 0
      var i = 0
      while i + sep.count <= s.count {
        if splits < limit, matches(s, sep, at: i) {
          parts.append(text(s[start..<i]))
          i += sep.count
          start = i
          splits += 1
        } else {
          i += 1
        }
      }
      parts.append(text(s[start...]))
      return parts
    }
    // Whitespace splitting: runs of whitespace separate, no empty strings.
    var words: [ArraySlice<Unicode.Scalar>] = []
    var i = 0
    while i < s.count {
      while i < s.count, s[i].properties.isWhitespace { i += 1 }
      guard i < s.count else { break }
      var j = i
      while j < s.count, !s[j].properties.isWhitespace { j += 1 }
      words.append(s[i..<j])
      i = j
    }
    if words.count - 1 > limit {
      if fromRight {
        let keep = words.suffix(limit)
        let headEnd = keep.first.map { $0.startIndex } ?? s.count
        var head = s[..<headEnd]
        while let last = head.last, last.properties.isWhitespace { head = head.dropLast() }
        while let first = head.first, first.properties.isWhitespace { head = head.dropFirst() }
        return [text(head)] + keep.map(text)
      }
      let kept = words.prefix(limit)
      let tailStart = words[limit].startIndex
      var tail = s[tailStart...]
      while let last = tail.last, last.properties.isWhitespace { tail = tail.dropLast() }
      return kept.map(text) + [text(tail)]
    }
    return words.map(text)
  }
}
