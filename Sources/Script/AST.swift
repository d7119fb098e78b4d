/// The syntax tree. Every node is a `kind` enum wrapped in a struct carrying its `range`.

/// Binary operators, including comparisons (which host objects also receive through
/// `HostObject.binaryOperation`).
public enum BinaryOperator: String, Sendable, CaseIterable {
  case add = "+", subtract = "-", multiply = "*", divide = "/", floorDivide = "//"
  case modulo = "%", power = "**", matrixMultiply = "@"
  case bitAnd = "&", bitOr = "|", bitXor = "^", leftShift = "<<", rightShift = ">>"
  case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="

  /// Whether this is one of the six rich comparisons.
  public var isComparison: Bool {
    switch self {
    case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: return true
    default: return false
    }
  }

  /// The comparison with operands swapped (`a < b` is `b > a`); other operators map to themselves.
  public var mirrored: BinaryOperator {
    switch self {
    case .less: return .greater
    case .lessEqual: return .greaterEqual
    case .greater: return .less
    case .greaterEqual: return .lessEqual
    default: return self
    }
  }

  /// Python's special-method stem (`add` for `__add__`), used in error messages.
  var dunder: String {
    switch self {
    case .add: "add"
    case .subtract: "sub"
    case .multiply: "mul"
    case .divide: "truediv"
    case .floorDivide: "floordiv"
    case .modulo: "mod"
    case .power: "pow"
    case .matrixMultiply: "matmul"
    case .bitAnd: "and"
    case .bitOr: "or"
    case .bitXor: "xor"
    case .leftShift: "lshift"
    case .rightShift: "rshift"
    case .equal: "eq"
    case .notEqual: "ne"
    case .less: "lt"
    case .lessEqual: "le"
    case .greater: "gt"
    case .greaterEqual: "ge"
    }
  }
}

/// Unary operators that values (and host objects) implement. `not` is not one of them:
/// it uses truthiness.
public enum UnaryOperator: String, Sendable {
  case negate = "-", plus = "+", invert = "~"
  /// `abs(x)`: not an operator in the grammar, but host objects implement it through the same hook.
  case absolute = "abs"
}

/// Comparison operators as written in a (possibly chained) comparison.
public enum ComparisonOperator: Sendable, Equatable {
  case binary(BinaryOperator)
  case isIdentical, isNotIdentical, contains, notContains

  var text: String {
    switch self {
    case .binary(let op): op.rawValue
    case .isIdentical: "is"
    case .isNotIdentical: "is not"
    case .contains: "in"
    case .notContains: "not in"
    }
  }
}

/// An expression with its source range.
public struct Expr: Sendable {
  public var kind: ExprKind
  public var range: SourceRange
  public init(_ kind: ExprKind, _ range: SourceRange) {
    self.kind = kind
    self.range = range
  }
}

/// A call argument: positional, `name=value`, `*iterable` or `**mapping`.
public enum Argument: Sendable {
  case positional(Expr)
  case keyword(String, Expr)
  case star(Expr)
  case doubleStar(Expr)

  /// The argument's expression (the value, for `name=value`).
  public var expression: Expr {
    switch self {
    case .positional(let e), .keyword(_, let e), .star(let e), .doubleStar(let e): return e
    }
  }
}

/// `for target in iterable if cond…` clauses of a comprehension.
public struct ComprehensionClause: Sendable {
  public var target: Expr
  public var iterable: Expr
  public var conditions: [Expr]
}

/// A piece of an f-string after parsing.
public indirect enum FStringPart: Sendable {
  case literal(String)
  case field(Expr, conversion: Character?, spec: [FStringPart], debugText: String?)
}

/// A function's parameter list.
public struct ParameterList: Sendable {
  public struct Parameter: Sendable {
    public var name: String
    public var defaultValue: Expr?
    public var range: SourceRange
  }
  /// Positional-or-keyword parameters.
  public var positional: [Parameter] = []
  /// `*args` name.
  public var varPositional: String?
  /// Parameters after `*` or `*args`: keyword-only.
  public var keywordOnly: [Parameter] = []
  /// `**kwargs` name.
  public var varKeyword: String?
}

public indirect enum ExprKind: Sendable {
  case name(String)
  case int(Int)
  case float(Double)
  case string(String)
  case fstring([FStringPart])
  case bool(Bool)
  case none
  case ellipsis
  case list([Expr])
  case tuple([Expr])
  case dict([(key: Expr, value: Expr)])
  /// `[element for … in … if …]`
  case listComprehension(Expr, [ComprehensionClause])
  /// `(element for …)`: evaluated eagerly in dnnlab, then iterated.
  case generator(Expr, [ComprehensionClause])
  case dictComprehension(key: Expr, value: Expr, [ComprehensionClause])
  /// `{a, b, *rest}` (never empty: `{}` is a dict).
  case set([Expr])
  /// `{element for … in … if …}`
  case setComprehension(Expr, [ComprehensionClause])
  case unary(UnaryOperator, Expr)
  case not(Expr)
  case binary(BinaryOperator, Expr, Expr)
  /// `a and b` / `a or b` (short-circuit).
  case and(Expr, Expr)
  case or(Expr, Expr)
  /// `a < b <= c`: first operand, then operator/operand pairs.
  case compare(Expr, [(ComparisonOperator, Expr)])
  /// `body if condition else orElse`
  case conditional(condition: Expr, body: Expr, orElse: Expr)
  case lambda(ParameterList, Expr)
  case call(Expr, [Argument])
  case attribute(Expr, String, nameRange: SourceRange)
  case `subscript`(Expr, Expr)
  /// `lower:upper:step` inside a subscript; absent parts are nil.
  case slice(Expr?, Expr?, Expr?)
  /// `*x` in a list/tuple display or assignment target.
  case starred(Expr)
}

/// A statement with its source range.
public struct Stmt: Sendable {
  public var kind: StmtKind
  public var range: SourceRange
  public init(_ kind: StmtKind, _ range: SourceRange) {
    self.kind = kind
    self.range = range
  }
}

/// One `name [as alias]` of an import.
public struct ImportName: Sendable {
  /// Dotted name for `import`, a plain name for `from … import`.
  public var name: String
  public var alias: String?
  public var range: SourceRange
}

public indirect enum StmtKind: Sendable {
  /// An expression statement; `suppressed` when it is followed by `;` (no cell output).
  case expression(Expr, suppressed: Bool)
  /// `t1 = t2 = value`
  case assign(targets: [Expr], value: Expr)
  case augmentedAssign(target: Expr, op: BinaryOperator, value: Expr)
  /// `x: int = 3` (the annotation is evaluated and ignored).
  case annotatedAssign(target: Expr, annotation: Expr, value: Expr?)
  case importModules([ImportName])
  case importFrom(module: String, names: [ImportName], moduleRange: SourceRange)
  /// `from __future__ import …`: accepted and ignored.
  case futureImport
  case ifElse(condition: Expr, body: [Stmt], orElse: [Stmt])
  case forLoop(target: Expr, iterable: Expr, body: [Stmt], orElse: [Stmt])
  case whileLoop(condition: Expr, body: [Stmt], orElse: [Stmt])
  case functionDef(FunctionDefinition)
  case returnValue(Expr?)
  case pass
  case breakLoop
  case continueLoop
  case delete([Expr])
  case global([String])
  case nonlocal([String])
  case assert(Expr, message: Expr?)
  /// `with a as x, b: body`
  case with(items: [WithItem], body: [Stmt])
}

/// One `context [as target]` of a `with` statement.
public struct WithItem: Sendable {
  public var context: Expr
  public var target: Expr?
}

/// `def name(params): body`, with the scope analysis the interpreter needs.
public final class FunctionDefinition: Sendable {
  public let name: String
  public let parameters: ParameterList
  public let body: [Stmt]
  /// Names bound in the body (assignments, loop targets, imports, nested defs, parameters)
  /// minus `global`/`nonlocal` ones: Python's local variables.
  public let locals: Set<String>
  public let globals: Set<String>
  public let nonlocals: Set<String>

  init(name: String, parameters: ParameterList, body: [Stmt]) {
    self.name = name
    self.parameters = parameters
    self.body = body
    var analysis = ScopeAnalysis()
    for p in parameters.positional + parameters.keywordOnly { analysis.bound.insert(p.name) }
    if let v = parameters.varPositional { analysis.bound.insert(v) }
    if let v = parameters.varKeyword { analysis.bound.insert(v) }
    analysis.visit(body)
    self.globals = analysis.globals
    self.nonlocals = analysis.nonlocals
    self.locals = analysis.bound.subtracting(analysis.globals).subtracting(analysis.nonlocals)
  }
}

/// Collects the names a function body binds, without descending into nested functions.
struct ScopeAnalysis {
  var bound: Set<String> = []
  var globals: Set<String> = []
  var nonlocals: Set<String> = []

  mutating func visit(_ body: [Stmt]) {
    for stmt in body { visit(stmt) }
  }

  mutating func bindTarget(_ e: Expr) {
    switch e.kind {
    case .name(let n): bound.insert(n)
    case .tuple(let items), .list(let items): for item in items { bindTarget(item) }
    case .starred(let inner): bindTarget(inner)
    default: break
    }
  }

  mutating func visit(_ stmt: Stmt) {
    switch stmt.kind {
    case .assign(let targets, _): for t in targets { bindTarget(t) }
    case .augmentedAssign(let t, _, _): bindTarget(t)
    case .annotatedAssign(let t, _, _): bindTarget(t)
    case .importModules(let names):
      for n in names {
        bound.insert(n.alias ?? String(n.name.split(separator: ".").first ?? Substring(n.name)))
      }
    case .importFrom(_, let names, _): for n in names { bound.insert(n.alias ?? n.name) }
    case .ifElse(_, let body, let orElse):
      visit(body)
      visit(orElse)
    case .forLoop(let target, _, let body, let orElse):
      bindTarget(target)
      visit(body)
      visit(orElse)
    case .whileLoop(_, let body, let orElse):
      visit(body)
      visit(orElse)
    case .functionDef(let def): bound.insert(def.name)
    case .with(let items, let body):
      for item in items { if let t = item.target { bindTarget(t) } }
      visit(body)
    case .delete(let targets): for t in targets { bindTarget(t) }
    case .global(let names): globals.formUnion(names)
    case .nonlocal(let names): nonlocals.formUnion(names)
    default: break
    }
  }
}
