import Foundation
import Script

/// `obj?`, `obj??`, `?obj`: a request for help on a (dotted) name.
public struct HelpRequest: Equatable, Sendable {
  public var name: String
  /// `??` — IPython shows source; dnnlab shows the same details plus all attributes.
  public var detailed: Bool

  public init(name: String, detailed: Bool) {
    self.name = name
    self.detailed = detailed
  }

  /// The request in `text`, or nil when it is not one (`x ? y` is not).
  public static func parse(_ text: String) -> HelpRequest? {
    var body = Substring(text.trimmingCharacters(in: .whitespaces))
    var detailed = false
    if body.hasSuffix("??") {
      body = body.dropLast(2)
      detailed = true
    } else if body.hasSuffix("?") {
      body = body.dropLast()
    } else if body.hasPrefix("??") {
      body = body.dropFirst(2)
      detailed = true
    } else if body.hasPrefix("?") {
      body = body.dropFirst()
    } else {
      return nil
    }
    let name = String(body).trimmingCharacters(in: .whitespaces)
    // Bare `?` is IPython's general help.
    if name.isEmpty { return HelpRequest(name: "", detailed: false) }
    let parts = name.split(separator: ".", omittingEmptySubsequences: false)
    let valid = parts.allSatisfy { part in
      guard let first = part.first, first == "_" || first.isLetter else { return false }
      return part.allSatisfy { $0 == "_" || $0.isLetter || $0.isNumber }
    }
    return valid ? HelpRequest(name: name, detailed: detailed) : nil
  }
}

/// The text `obj?` shows, in IPython's `Type:` / `String form:` / `Signature:` /
/// `Docstring:` layout. Names are looked up without calling anything.
public enum Help {
  public static func text(for name: String, detailed: Bool, interpreter: Interpreter) -> String {
    if name.isEmpty { return general }
    guard let value = Completer(interpreter: interpreter).resolve(name) else {
      return "Object `\(name)` not found."
    }
    var fields: [(String, String)] = []
    var signature: String?
    var doc: String?
    switch value {
    case .builtin(let b):
      signature = b.signature.map { name + $0.text }
      doc = b.documentation
    case .function(let f):
      signature = name + f.signature.text
    case .module(let m):
      doc = m.documentation
    case .object(let o):
      doc = o.documentation
    default:
      break
    }
    if let signature { fields.append(("Signature:", signature)) }
    fields.append(("Type:", Whos.typeName(value)))
    switch value {
    case .builtin, .function:
      break
    default:
      var form = interpreter.str(value)
      if form.count > 400 && !detailed { form = String(form.prefix(200)) + "\n...\n" + String(form.suffix(150)) }
      fields.append(("String form:", form))
    }
    if case .object(let o) = value, let length = try? o.length() { fields.append(("Length:", "\(length)")) }
    if case .object(let o) = value, Whos.typeName(value) == "ndarray",
      case .tuple(let dims)? = try? o.getAttribute("shape")
    {
      fields.append(("Shape:", interpreter.repr(.tuple(dims))))
      if let dtype = (try? o.getAttribute("dtype")).flatMap({ $0 }) { fields.append(("Dtype:", interpreter.str(dtype))) }
    }
    fields.append(("Docstring:", doc ?? "<no docstring>"))
    if detailed {
      let names = interpreter.attributeNames(of: value).filter { !$0.hasPrefix("_") }
      if !names.isEmpty { fields.append(("Attributes:", names.joined(separator: ", "))) }
    }
    let width = (fields.map { $0.0.count }.max() ?? 0) + 1
    return fields.map { label, text in
      // Multi-line values continue on their own lines, as IPython prints docstrings.
      if text.contains("\n") { return label + "\n" + text }
      return label + String(repeating: " ", count: max(1, width - label.count)) + text
    }.joined(separator: "\n")
  }

  static let general = """
    dnnlab — Keras course code, interactively.

    obj?            details about obj (signature, type, docstring); obj?? adds its attributes
    TAB             complete names, attributes (np.ra<TAB>) and keyword arguments
    %whos           your variables with type, shape, dtype and size
    %time stmt      time one run; %timeit stmt: mean ± std. dev. of several runs
    %history        what you typed; %save FILE.md|FILE.ipynb|FILE.py saves the session
    %run NOTEBOOK   run a notebook's code here; %load FILE puts its code at the prompt
    %reset          forget every variable; %pwd shows the working directory
    %quickref       the list of magics
    Ctrl-C          discard the line, or interrupt a running cell
    Ctrl-D, exit    leave
    """
}
