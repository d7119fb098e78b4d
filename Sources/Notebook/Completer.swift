import Foundation
import Script

/// What TAB offers: replacements for the word that ends at the cursor.
public struct Completion: Equatable, Sendable {
  /// The word being completed (`np.ra`, `ep`, `%ti`, `notebooks/les`).
  public var word: String
  /// Full replacements for `word`, sorted (`np.rand`, `np.random`, …).
  public var candidates: [String]

  public init(word: String, candidates: [String]) {
    self.word = word
    self.candidates = candidates
  }
}

/// TAB completion for the REPL: variable, builtin and keyword names; attributes of
/// modules and objects (`np.ra`, `x.sh`, `model.`); keyword arguments inside a call
/// (`fit(x, y, ep` → `epochs=`); magics (`%ti`); file names after `%run`, `%load` and
/// `%save`.
///
/// Only names are looked up — nothing is called or evaluated — so completing can never
/// run user code, and it stays fast (attribute lists of loaded modules; lazily loaded
/// submodules are listed without being loaded).
public final class Completer {
  let interpreter: Interpreter
  /// Magic names offered after `%` (without the `%`).
  public var magicNames: [String]

  /// Characters that end a word, shared with the line editor so both agree on what the
  /// word under the cursor is. `.` `/` `%` are not breaks: `np.ra`, `notebooks/a.py` and
  /// `%time` complete as one word.
  public static let wordBreakCharacters = " \t\n\"\\'`@$><=;|&{(,[]+-*:~!^)"

  public init(interpreter: Interpreter, magicNames: [String] = []) {
    self.interpreter = interpreter
    self.magicNames = magicNames
  }

  /// Completions for the word ending at byte offset `cursor` of `line`. Every candidate
  /// starts with `word`; a line editor that splits words differently (libedit breaks a
  /// path at `-`) can drop the part of `word` before its own word.
  public func complete(line: String, cursor: Int) -> Completion {
    let bytes = Array(line.utf8)
    let end = max(0, min(cursor, bytes.count))
    let before = String(decoding: bytes[0..<end], as: UTF8.self)
    // After a file magic the word is the whole (possibly unusual) path typed so far.
    let leading = before.drop { $0 == " " }
    for magic in ["%run ", "%load ", "%save "] where leading.hasPrefix(magic) {
      let path = String(leading.dropFirst(magic.count).drop { $0 == " " })
      return Completion(word: path, candidates: fileNames(matching: path))
    }
    let breaks = Set(Completer.wordBreakCharacters)
    var wordStart = before.endIndex
    while wordStart > before.startIndex {
      let previous = before.index(before: wordStart)
      if breaks.contains(before[previous]) { break }
      wordStart = previous
    }
    let word = String(before[wordStart...])
    let head = String(before[..<wordStart])
    return Completion(word: word, candidates: candidates(word: word, head: head))
  }

  func candidates(word: String, head: String) -> [String] {
    if word.hasPrefix("%") {
      let prefix = word.drop { $0 == "%" }
      let percent = String(word.prefix { $0 == "%" })
      return magicNames.filter { $0.hasPrefix(prefix) }.map { percent + $0 }.sorted()
    }
    // Inside a string literal nothing is offered (it would be noise).
    if isInsideString(head) { return [] }
    if let dot = word.lastIndex(of: ".") {
      let base = String(word[..<dot])
      let prefix = String(word[word.index(after: dot)...])
      guard let value = resolve(base) else { return [] }
      let names = interpreter.attributeNames(of: value)
      // Private names only when asked for with a leading underscore, as IPython does.
      return names.filter { $0.hasPrefix(prefix) && (prefix.hasPrefix("_") || !$0.hasPrefix("_")) }
        .map { base + "." + $0 }
    }
    guard word.isEmpty || word.first.map({ $0 == "_" || $0.isLetter }) == true else { return [] }
    var result = Set(interpreter.completions(forName: word).filter { word.hasPrefix("_") || !$0.hasPrefix("_") })
    for name in keywordArguments(head: head) where name.hasPrefix(word) { result.insert(name + "=") }
    // Keyword arguments first (what one wants inside a call), then everything else.
    return result.sorted { a, b in
      let ka = a.hasSuffix("="), kb = b.hasSuffix("=")
      return ka != kb ? ka : a < b
    }
  }

  /// The value of a dotted name (`np`, `np.random`, `model.layers`) without calling
  /// anything; nil when any part is not a plain name or is missing.
  public func resolve(_ dotted: String) -> Value? {
    let parts = dotted.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    guard let first = parts.first, parts.allSatisfy(isIdentifier) else { return nil }
    guard var value = interpreter.global(first) ?? builtin(first) else { return nil }
    for name in parts.dropFirst() {
      switch value {
      case .module(let m):
        guard let next = try? m.attribute(name) else { return nil }
        value = next
      case .object(let o):
        guard let next = try? o.getAttribute(name) else { return nil }
        value = next
      default:
        return nil
      }
    }
    return value
  }

  private func builtin(_ name: String) -> Value? {
    interpreter.builtinNames.contains(name) ? (try? interpreter.evaluate(name)) : nil
  }

  func isIdentifier(_ s: String) -> Bool {
    guard let first = s.first, first == "_" || first.isLetter else { return false }
    return s.allSatisfy { $0 == "_" || $0.isLetter || $0.isNumber }
  }

  /// Parameter names of the call whose `(` is open at the end of `head`.
  func keywordArguments(head: String) -> [String] {
    guard let callee = openCallee(head), let value = resolve(callee) else { return [] }
    switch value {
    case .builtin(let b):
      return b.signature.map { $0.parameters.map(\.name).filter { !$0.hasPrefix("_") } } ?? []
    case .function(let f):
      return f.parameterNames
    default:
      return []
    }
  }

  /// The dotted name before the innermost unclosed `(` in `head` (`model.fit` in
  /// `model.fit(x, y, `), ignoring brackets inside string literals.
  func openCallee(_ head: String) -> String? {
    let chars = Array(head)
    var depth = 0
    var quote: Character?
    var open: Int?
    var i = chars.count - 1
    // Scan forward once to know which characters are inside strings, then backward.
    var inString = [Bool](repeating: false, count: chars.count)
    var k = 0
    while k < chars.count {
      let c = chars[k]
      if let q = quote {
        inString[k] = true
        if c == "\\" {
          if k + 1 < chars.count { inString[k + 1] = true }
          k += 2
          continue
        }
        if c == q { quote = nil }
      } else if c == "'" || c == "\"" {
        quote = c
        inString[k] = true
      }
      k += 1
    }
    while i >= 0 {
      if !inString[i] {
        switch chars[i] {
        case ")", "]", "}": depth += 1
        case "(", "[", "{":
          if depth == 0 {
            if chars[i] == "(" { open = i }
            i = -1
            continue
          }
          depth -= 1
        default: break
        }
      }
      i -= 1
    }
    guard let open else { return nil }
    var start = open
    while start > 0, chars[start - 1] == "." || chars[start - 1] == "_" || chars[start - 1].isLetter
      || chars[start - 1].isNumber
    {
      start -= 1
    }
    let name = String(chars[start..<open])
    return name.isEmpty ? nil : name
  }

  /// Whether `head` ends inside an unterminated string literal.
  func isInsideString(_ head: String) -> Bool {
    var quote: Character?
    var escaped = false
    for c in head {
      if escaped {
        escaped = false
        continue
      }
      if quote != nil && c == "\\" {
        escaped = true
      } else if let q = quote {
        if c == q { quote = nil }
      } else if c == "'" || c == "\"" {
        quote = c
      }
    }
    return quote != nil
  }

  /// Files and directories (with a trailing `/`) whose path starts with `word`.
  func fileNames(matching word: String) -> [String] {
    let expanded = word.hasPrefix("~") ? NSString(string: word).expandingTildeInPath : word
    let directoryPart: String
    let namePrefix: String
    if let slash = expanded.lastIndex(of: "/") {
      directoryPart = String(expanded[...slash])
      namePrefix = String(expanded[expanded.index(after: slash)...])
    } else {
      directoryPart = ""
      namePrefix = expanded
    }
    let shownDirectory = word.lastIndex(of: "/").map { String(word[...$0]) } ?? ""
    let fm = FileManager.default
    guard let entries = try? fm.contentsOfDirectory(atPath: directoryPart.isEmpty ? "." : directoryPart) else { return [] }
    return entries.filter { $0.hasPrefix(namePrefix) && (namePrefix.hasPrefix(".") || !$0.hasPrefix(".")) }.sorted()
      .map { name in
        var isDirectory: ObjCBool = false
        _ = fm.fileExists(atPath: directoryPart + name, isDirectory: &isDirectory)
        return shownDirectory + name + (isDirectory.boolValue ? "/" : "")
      }
  }
}
