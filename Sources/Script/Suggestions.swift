/// "Did you mean …?" suggestions by edit distance, chosen as CPython 3.12 chooses them
/// (`traceback._compute_suggestion_error`), so dnnlab suggests what Python would.

/// CPython's weighted Levenshtein distance (`traceback._levenshtein_distance`): an
/// insertion, deletion or substitution costs 2, a substitution that only changes case
/// costs 1. Common prefixes and suffixes are trimmed first, as CPython does, and names
/// longer than 40 characters after trimming count as too far apart (`Int.max`).
func editDistance(_ a: String, _ b: String) -> Int {
  let moveCost = 2
  var x = Array(a.unicodeScalars)[...]
  var y = Array(b.unicodeScalars)[...]
  if x == y { return 0 }
  while let p = x.first, let q = y.first, p == q {
    x = x.dropFirst()
    y = y.dropFirst()
  }
  while let p = x.last, let q = y.last, p == q {
    x = x.dropLast()
    y = y.dropLast()
  }
  if x.isEmpty || y.isEmpty { return moveCost * (x.count + y.count) }
  if x.count > 40 || y.count > 40 { return Int.max }
  func substitution(_ p: Unicode.Scalar, _ q: Unicode.Scalar) -> Int {
    if p == q { return 0 }
    return String(p).lowercased() == String(q).lowercased() ? 1 : moveCost
  }
  let short = Array(x.count <= y.count ? x : y)
  let long = Array(x.count <= y.count ? y : x)
  // One row of the classic matrix, updated in place (CPython's formulation).
  var row = (1...short.count).map { $0 * moveCost }
  var result = 0
  for (bIndex, bChar) in long.enumerated() {
    var distance = bIndex * moveCost
    result = distance
    for index in short.indices {
      let substitute = distance + substitution(bChar, short[index])
      distance = row[index]
      result = min(min(result, distance) + moveCost, substitute)
      row[index] = result
    }
  }
  return result
}

/// The candidate CPython would suggest for the unknown `name`: the closest one within
/// `(len(candidate) + len(name) + 3) * 2 // 6` of it, closer than `len(name)`; on a tie
/// the earlier candidate wins. Names starting with `_` are offered only for names that
/// do too.
public func closestName(to name: String, among candidates: [String]) -> String? {
  guard !name.isEmpty else { return nil }
  let length = name.unicodeScalars.count
  var best: String?
  var bestDistance = length
  for candidate in candidates where candidate != name {
    if candidate.hasPrefix("_") && !name.hasPrefix("_") { continue }
    let limit = min((candidate.unicodeScalars.count + length + 3) * 2 / 6, bestDistance - 1)
    let d = editDistance(name, candidate)
    if d > limit { continue }
    if best == nil || d < bestDistance {
      best = candidate
      bestDistance = d
    }
  }
  return best
}
