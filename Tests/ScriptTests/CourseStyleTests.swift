// Course-style snippets; expected output (printed text, then the repr of the last
// expression) was produced by CPython 3.11.
import Script
import Testing

let courseCases: [(String, String)] = [
  ("print('=' * 30)", "==============================\n"),
  ("a, b = 1, 2\na, b = b, a\na, b", "(2, 1)"),
  ("d = {'cat': 3, 'dog': 5, 'eel': 1}\nsorted(d.items(), key=lambda kv: kv[1], reverse=True)[:2], max(d, key=d.get), dict(sorted(d.items()))", "([('dog', 5), ('cat', 3)], 'dog', {'cat': 3, 'dog': 5, 'eel': 1})"),
  ("list(map(int, \"1 2 3\".split())), \" \".join(map(str, [1, 2])), round(0.98765 * 100, 2)", "([1, 2, 3], '1 2', 98.77)"),
  ("acc = 0.98765\nn = 5\nfor i in range(2):\n    print(f\"Epoch {i+1}/{n} - acc: {acc:.2%} - loss: {1/3:.4f}\")", "Epoch 1/5 - acc: 98.77% - loss: 0.3333\nEpoch 2/5 - acc: 98.77% - loss: 0.3333\n"),
  ("labels = ['T-shirt/top', 'Trouser']\nfor i, (name, count) in enumerate(zip(labels, [6000, 6000])):\n    print(i, name.ljust(12), count)", "0 T-shirt/top  6000\n1 Trouser      6000\n"),
  ("x = [[1, 2], [3, 4]]\n[row[::-1] for row in x], [[r[i] for r in x] for i in range(2)], sum(sum(r) for r in x)", "([[2, 1], [4, 3]], [[1, 3], [2, 4]], 10)"),
  ("def accuracy(pred, true):\n    correct = sum(1 for p, t in zip(pred, true) if p == t)\n    return correct / len(true)\naccuracy([1, 2, 3, 4], [1, 2, 0, 4])", "0.75"),
  ("history = {'loss': [0.5, 0.3, 0.2], 'accuracy': [0.8, 0.9, 0.95]}\nfor k, v in history.items():\n    print(f\"{k:>10}: {v[-1]:.3f} (best {min(v) if 'loss' in k else max(v)})\")\nhistory.keys()", "      loss: 0.200 (best 0.2)\n  accuracy: 0.950 (best 0.95)\ndict_keys(['loss', 'accuracy'])"),
  ("import math\ndef sigmoid(z):\n    return 1 / (1 + math.exp(-z))\n[round(sigmoid(z), 4) for z in (-2, 0, 2)]", "[0.1192, 0.5, 0.8808]"),
  ("def relu(x): return max(0, x)\nlist(map(relu, [-1, 0, 2.5]))", "[0, 0, 2.5]"),
  ("s = \"The quick brown fox\"\nwords = s.lower().split()\n{w: len(w) for w in words if len(w) > 3}", "{'quick': 5, 'brown': 5}"),
  ("x = list(range(10))\nx[2:5], x[-3:], x[::3], x[5:2:-1]", "([2, 3, 4], [7, 8, 9], [0, 3, 6, 9], [5, 4, 3])"),
  ("matrix = [[0] * 3 for _ in range(2)]\nmatrix[0][1] = 5\nmatrix", "[[0, 5, 0], [0, 0, 0]]"),
  ("total = 0\ni = 10\nwhile i:\n    total += i\n    i -= 1\ntotal, i", "(55, 0)"),
  ("print(\"a\\tb\", \"c\\\\d\", 'single \"quoted\"', \"it's\")\nprint(repr(\"a\\tb\"), repr('single \"quoted\"'))", "a\tb c\\d single \"quoted\" it's\n'a\\tb' 'single \"quoted\"'\n"),
  ("x = 7\nprint(\"odd\" if x % 2 else \"even\", type(x).__name__, x.__class__.__name__)", "odd int int\n"),
  ("print(10 / 3, 10 // 3, 10 % 3, -10 / 4, 2 ** 31, 1e3, 1.0e-3, 3 * 0.1)", "3.3333333333333335 3 1 -2.5 2147483648 1000.0 0.001 0.30000000000000004\n"),
  ("print(len([]), len(()), len({}), len(\"\"), len(range(5)))", "0 0 0 0 5\n"),
  ("print(str(12.0), str(1.5e-7), int(\"007\"), float(\"3.14\"), bool(\"False\"))", "12.0 1.5e-07 7 3.14 True\n"),
  ("t = (1, 2, 3)\na, *rest = t\nprint(a, rest, t.index(2), t.count(3), t + (4,), t * 2)", "1 [2, 3] 1 1 (1, 2, 3, 4) (1, 2, 3, 1, 2, 3)\n"),
  ("def f(x, y=None):\n    if y is None:\n        y = []\n    y.append(x)\n    return y\nf(1), f(2)", "([1], [2])"),
  ("nums = [3, 1, 4, 1, 5, 9, 2, 6]\nprint(sorted(nums), min(nums), max(nums), sum(nums) / len(nums), nums.index(5))\n", "[1, 1, 2, 3, 4, 5, 6, 9] 1 9 3.875 4\n"),
]

@Test("course-style code prints what CPython prints", arguments: courseCases)
func courseStyle(_ source: String, _ expected: String) throws {
  let session = Session()
  let value = try session.run(source)
  #expect(session.output() + value == expected, "\(source)")
}
