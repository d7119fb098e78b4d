/// Which indices of one axis get printed.
///
/// A summarised axis shows its first `leading` and last `trailing` items around a `...`;
/// otherwise every item is shown (`leading` 0, `trailing` = length).
struct PrintAxisPlan: Equatable {
  let length: Int
  let summarised: Bool
  let leading: Int
  let trailing: Int

  /// - Parameter summarise: whether the array as a whole is over the threshold.
  init(length: Int, summarise: Bool, edgeItems: Int) {
    self.length = length
    // NumPy summarises an axis only where that hides something.
    if summarise && edgeItems <= (length - 1) / 2 {
      summarised = true
      leading = edgeItems
      // NumPy always prints the last item, even with edgeitems = 0.
      trailing = max(edgeItems, 1)
    } else {
      summarised = false
      leading = 0
      trailing = length
    }
  }

  var shownCount: Int { leading + trailing }

  /// The index along the axis of the `i`-th shown item.
  func index(ofShown i: Int) -> Int { i < leading ? i : length - shownCount + i }

  /// Indices whose values decide the element format. NumPy measures the kept corners, except
  /// that with `edgeitems = 0` its `a[-0:]` keeps the whole axis, so the whole axis counts.
  var formatIndices: [Int] {
    if summarised && leading == 0 { return Array(0..<length) }
    return (0..<shownCount).map(index(ofShown:))
  }
}

/// NumPy's `_formatArray`: nests brackets, separates rows with blank lines per extra dimension,
/// wraps long rows at the line width with a hanging indent, and inserts `...` for summarised
/// axes. Works on already formatted elements, so it never looks at values.
struct ArrayTextLayout {
  let plans: [PrintAxisPlan]
  /// Formatted shown elements, row-major over the grid of shown indices.
  let words: [String]
  /// `", "` for repr, `" "` for str.
  let separator: String

  private var strippedSeparator: String {
    String(separator.reversed().drop(while: { $0 == " " }).reversed())
  }

  /// - Parameters:
  ///   - hangingIndent: indentation of continuation lines (one space per `[` plus the prefix).
  ///   - lineWidth: maximum line length, already reduced by the suffix (`)` for repr).
  func render(hangingIndent: String, lineWidth: Int) -> String {
    var strides = [Int](repeating: 1, count: plans.count)
    var i = plans.count - 1
    while i > 0 {
      strides[i - 1] = strides[i] &* plans[i].shownCount
      i -= 1
    }
    return render(axis: 0, offset: 0, strides: strides, indent: hangingIndent, width: lineWidth)
  }

  private func word(at offset: Int) -> String {
    offset >= 0 && offset < words.count ? words[offset] : ""
  }

  private static func length(_ s: String) -> Int { s.unicodeScalars.count }

  private static func rstrip(_ s: String) -> String {
    String(
      s.unicodeScalars.reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed().map(Character.init))
  }

  private func render(axis: Int, offset: Int, strides: [Int], indent: String, width: Int) -> String {
    guard axis < plans.count else { return word(at: offset) }
    let plan = plans[axis]
    let stride = strides[axis]
    let axesLeft = plans.count - axis
    let nextIndent = indent + " "
    // Each nesting level adds a closing bracket, so inner rows get one column less.
    let nextWidth = width - 1
    let shown = plan.shownCount
    var s = ""

    if axesLeft == 1 {
      // Room for the separator's non-space part or the closing bracket.
      let elementWidth = width - max(ArrayTextLayout.length(strippedSeparator), 1)
      var line = indent
      let indentLength = ArrayTextLayout.length(indent)
      func extend(_ word: String) {
        // Wrapping a line that holds only the indent would not help.
        if ArrayTextLayout.length(line) + ArrayTextLayout.length(word) > elementWidth
          && ArrayTextLayout.length(line) > indentLength
        {
          s += ArrayTextLayout.rstrip(line) + "\n"
          line = indent
        }
        line += word
      }
      for j in 0..<shown {
        if plan.summarised && j == plan.leading {
          extend("...")
          line += separator
        }
        extend(word(at: offset &+ j &* stride))
        if j < shown - 1 { line += separator }
      }
      s += line
    } else {
      let lineSeparator = strippedSeparator + String(repeating: "\n", count: axesLeft - 1)
      for j in 0..<shown {
        if plan.summarised && j == plan.leading {
          s += indent + "..." + lineSeparator
        }
        let nested = render(
          axis: axis + 1, offset: offset &+ j &* stride, strides: strides, indent: nextIndent,
          width: nextWidth)
        s += indent + nested
        if j < shown - 1 { s += lineSeparator }
      }
    }
    // The first line's indent is replaced by the opening bracket.
    let body = s.unicodeScalars.dropFirst(ArrayTextLayout.length(indent))
    return "[" + String(String.UnicodeScalarView(body)) + "]"
  }
}
