import Script

/// The built-in modules `import` finds, bound onto dnnlab's libraries.
public enum Modules {
  /// Registers `numpy` (and the modules later issues add) with an interpreter.
  public static func install(in interpreter: Interpreter) {
    interpreter.modules.register("numpy") { .module(NumPyModule.make()) }
  }
}
