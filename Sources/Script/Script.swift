/// The dnnlab language: a Python subset for course code. Lexer, parser, AST and
/// interpreter live in this target, which knows nothing of tensors or networks.
public enum ScriptInfo {
  public static let languageName = "dnnlab script (Python subset)"
}
