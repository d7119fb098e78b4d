/// "Did you mean …?" suggestions by edit distance.

/// Damerau–Levenshtein (optimal string alignment) distance between two names,
/// case differences costing half as much would be nicer but Python's rule is plain edits.
func editDistance(_ a: String, _ b: String) -> Int {
  let x = Array(a.unicodeScalars)
  let y = Array(b.unicodeScalars)
  if x.isEmpty { return y.count }
  if y.isEmpty { return x.count }
  var previousPrevious = [Int](repeating: 0, count: y.count + 1)
  var previous = Array(0...y.count)
  var current = [Int](repeating: 0, count: y.count + 1)
  for i in 1...x.count {
    current[0] = i
    for j in 1...y.count {
      let cost = x[i - 1] == y[j - 1] ? 0 : 1
      var best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
      if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
        best = min(best, previousPrevious[j - 2] + 1)
      }
      current[j] = best
    }
    (previousPrevious, previous, current) = (previous, current, previousPrevious)
  }
  return previous[y.count]
}

/// The candidate closest to `name`, if it is close enough to be a plausible typo:
/// at most a third of the name's length in edits (at least 1), preferring a
/// case-insensitive exact match. Names longer than 40 characters are not compared.
public func closestName(to name: String, among candidates: [String]) -> String? {
  guard !name.isEmpty, name.count <= 40 else { return nil }
  let lower = name.lowercased()
  if let sameLetters = candidates.first(where: { $0 != name && $0.lowercased() == lower }) {
    return sameLetters
  }
  let limit = max(1, (name.count + 1) / 3)
  var best: (String, Int, Int)?
  for candidate in candidates where candidate != name && abs(candidate.count - name.count) <= limit {
    let d = editDistance(lower, candidate.lowercased())
    // Ties prefer the candidate closest in length (a transposition beats a deletion),
    // then alphabetical order, so suggestions are deterministic.
    let lengthGap = abs(candidate.count - name.count)
    if d <= limit,
      best.map({ d < $0.1 || (d == $0.1 && (lengthGap, candidate) < ($0.2, $0.0)) }) ?? true
    {
      best = (candidate, d, lengthGap)
    }
  }
  return best?.0
}
