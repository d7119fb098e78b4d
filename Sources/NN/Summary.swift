import Foundation

/// `model.summary()`: Keras 3's rich box table, laid out with rich's column arithmetic so the
/// text matches character for character.
extension Sequential {
  /// The summary text (ends with a newline). `lineLength` defaults to Keras's
  /// min(88, terminal columns − 4), i.e. 76 when the output is not a terminal.
  public func summaryText(lineLength: Int? = nil, columns: Int? = nil) -> String {
    let cols = columns ?? NNSession.current.output.columns
    let length = max(lineLength ?? min(88, cols - 4), 16)
    var rows: [[String]] = []
    if let input = (self as? Functional)?.inputLayer {
      rows.append(["\(input.name) (InputLayer)", formatBatchShape(input.shape), "0"])
    }
    for l in layers {
      let shape = l.isBuilt ? (l.outputShape.map(formatBatchShape) ?? "?") : "?"
      let params = l.isBuilt ? groupThousands(l.countParams()) : "0 (unbuilt)"
      rows.append(["\(l.name) (\(l.className))", shape, params])
    }
    var text = "Model: \"\(name)\"\n"
    text += SummaryTable.render(
      header: ["Layer (type)", "Output Shape", "Param #"], rightAligned: [false, false, true], rows: rows,
      positions: [0.45, 0.80, 1.0], lineLength: length)
    let trainable = trainableWeights
    let trainableIDs = Set(trainable.map { ObjectIdentifier($0) })
    let trainableCount = trainable.reduce(0) { $0 + $1.count }
    let trainableBytes = trainable.reduce(0) { $0 + $1.byteCount }
    let nonTrainable = variables.filter { !trainableIDs.contains(ObjectIdentifier($0)) }
    let nonTrainableCount = nonTrainable.reduce(0) { $0 + $1.count }
    // Keras sizes each weight by its dtype (Normalization's int64 `count` takes 8 bytes).
    let nonTrainableBytes = nonTrainable.reduce(0) { $0 + $1.byteCount }
    var total = trainableCount + nonTrainableCount
    var totalBytes = trainableBytes + nonTrainableBytes
    let opt = optimizer.flatMap { $0.isBuilt ? $0.stateCount : nil }
    if let opt {
      total += opt.params
      totalBytes += opt.bytes
    }
    text += " Total params: \(groupThousands(total)) (\(readableMemorySize(totalBytes)))\n"
    text +=
      " Trainable params: \(groupThousands(trainableCount)) (\(readableMemorySize(trainableBytes)))\n"
    text +=
      " Non-trainable params: \(groupThousands(nonTrainableCount)) (\(readableMemorySize(nonTrainableBytes)))\n"
    if let opt {
      text += " Optimizer params: \(groupThousands(opt.params)) (\(readableMemorySize(opt.bytes)))\n"
    }
    return text
  }

  /// `model.summary()`: writes ``summaryText(lineLength:columns:)`` to the session output.
  public func summary(lineLength: Int? = nil) {
    let sink = NNSession.current.output
    sink.write(summaryText(lineLength: lineLength, columns: sink.columns))
  }
}

/// `407,050`: Python's `f"{n:,}"`.
func groupThousands(_ n: Int) -> String {
  let digits = String(n.magnitude)
  var out = ""
  for (i, c) in digits.enumerated() {
    if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
    out.append(c)
  }
  return (n < 0 ? "-" : "") + out
}

/// Keras's `readable_memory_size`: `1.55 MB`, `62.15 KB`, `0.00 B` (powers of 1024).
func readableMemorySize(_ bytes: Int) -> String {
  var size = Double(bytes)
  for unit in ["B", "KB", "MB", "GB", "TB"] {
    if size / 1024 < 1 { return String(format: "%.2f %@", size, unit) }
    size /= 1024
  }
  return String(format: "%.2f PB", size)
}

/// A rich `Table(show_lines=True)` with the heavy-head box, fixed column widths and
/// word wrapping with ellipsis, as Keras's summary builds it.
enum SummaryTable {
  /// Python's `round()` (half to even).
  static func pythonRound(_ x: Double) -> Int { Int(x.rounded(.toNearestOrEven)) }

  /// rich's `ratio_reduce`.
  static func ratioReduce(_ total: Int, _ ratios: [Int], _ maximums: [Int], _ values: [Int]) -> [Int] {
    let r = zip(ratios, maximums).map { $1 != 0 ? $0 : 0 }
    var totalRatio = r.reduce(0, +)
    guard totalRatio > 0 else { return values }
    var remaining = total
    var result: [Int] = []
    for (i, ratio) in r.enumerated() {
      if ratio > 0, totalRatio > 0 {
        let distributed = min(
          maximums[i], pythonRound(Double(ratio) * Double(remaining) / Double(totalRatio)))
        result.append(values[i] - distributed)
        remaining -= distributed
        totalRatio -= ratio
      } else {
        result.append(values[i])
      }
    }
    return result
  }

  /// Cell widths including one space of padding each side.
  static func widths(positions: [Double], lineLength: Int) -> [Int] {
    var widths: [Int] = []
    var current = 0
    for p in positions {
      let w = max(Int(p * Double(lineLength)) - current, 4)
      widths.append(w + 2)
      current += w
    }
    let maxWidth = lineLength - (positions.count + 1)
    let total = widths.reduce(0, +)
    if total > maxWidth {
      widths = ratioReduce(total - maxWidth, Array(repeating: 1, count: widths.count), widths, widths)
    }
    return widths.map { max($0, 3) }
  }

  /// Greedy word wrap; a word longer than the width is cut with `…`.
  static func wrap(_ text: String, width: Int) -> [String] {
    guard width > 0 else { return [""] }
    var lines: [String] = []
    var line = ""
    for word in text.split(separator: " ", omittingEmptySubsequences: true).map(String.init) {
      var w = word
      if w.count > width { w = String(w.prefix(width - 1)) + "…" }
      if line.isEmpty {
        line = w
      } else if line.count + 1 + w.count <= width {
        line += " " + w
      } else {
        lines.append(line)
        line = w
      }
    }
    lines.append(line)
    return lines
  }

  static func render(
    header: [String], rightAligned: [Bool], rows: [[String]], positions: [Double], lineLength: Int
  ) -> String {
    let w = widths(positions: positions, lineLength: lineLength)
    func rule(_ left: String, _ fill: String, _ mid: String, _ right: String) -> String {
      left + w.map { String(repeating: fill, count: $0) }.joined(separator: mid) + right + "\n"
    }
    func cells(_ values: [String], _ sep: String) -> String {
      let wrapped = values.enumerated().map { i, v in wrap(v, width: w[i] - 2) }
      let height = wrapped.map(\.count).max() ?? 1
      var out = ""
      for r in 0..<height {
        var line = sep
        for (i, lines) in wrapped.enumerated() {
          let content = r < lines.count ? lines[r] : ""
          let pad = String(repeating: " ", count: max(0, w[i] - 2 - content.count))
          line += " " + (rightAligned[i] ? pad + content : content + pad) + " " + sep
        }
        out += line + "\n"
      }
      return out
    }
    var text = rule("┏", "━", "┳", "┓")
    text += cells(header, "┃")
    text += rule("┡", "━", "╇", "┩")
    for (i, row) in rows.enumerated() {
      if i > 0 { text += rule("├", "─", "┼", "┤") }
      text += cells(row, "│")
    }
    text += rule("└", "─", "┴", "┘")
    return text
  }
}
