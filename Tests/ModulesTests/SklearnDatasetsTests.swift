import Foundation
import Modules
import Script
import TestSupport
import Testing

// sklearn.datasets' load_* functions against Fixtures/sklearn_datasets.txt: each cell replayed
// with `np` imported and compared with what scikit-learn 1.9.1 on NumPy 2.4 showed
// (scripts/fixtures/gen_sklearn_session.py sklearn_datasets). The loaders read scikit-learn's
// own files, which `make setup` (run before the tests by `make test`) puts in
// ~/.dnnlab/datasets/sklearn.

enum SklearnDatasetsFixtures {
  static let cells = SessionFixtures.load("sklearn_datasets.expected.json")
}

@Test(arguments: SklearnDatasetsFixtures.cells)
func datasetsCellMatchesScikitLearn(_ cell: SessionCell) {
  let got = runCell(cell.source).replacingOccurrences(
    of: #"\. Did you mean:? '[^']*'\?"#, with: "", options: .regularExpression)
  #expect(got == cell.expected, "\n--- dnnlab\n\(got)--- scikit-learn\n\(cell.expected)")
}

@Test func datasetsFixtureIsLoaded() {
  #expect(SklearnDatasetsFixtures.cells.count >= 40)
}

// The Bunch behaves as the dict it is in the places the fixture does not reach.
@Test func bunchActsAsADict() {
  let got = runCell(
    """
    from sklearn.datasets import load_linnerud
    b = load_linnerud()
    print(type(b).__name__, bool(b), len(b.keys()))
    b.update(note='x')
    print(b.note, b.pop('note'), 'note' in b, len(b.copy()))
    print(b.get('feature_names'), [k for k in b][:2])
    b.keys = 3
    print(b['keys'], callable(b.keys))
    b.nope
    """)
  #expect(
    got == """
      Bunch True 9
      x x False 9
      ['Chins', 'Situps', 'Jumps'] ['data', 'feature_names']
      3 True
      AttributeError: 'Bunch' object has no attribute 'nope'

      """, "\(got)")
}

// The dnnlab-only part of the as_frame error: the hint saying what to do instead.
@Test func asFrameSaysThereIsNoPandas() {
  let interpreter = Interpreter(output: { _ in })
  Modules.install(in: interpreter)
  do {
    _ = try interpreter.run("from sklearn.datasets import load_wine\nload_wine(as_frame=True)", cell: 1)
    Issue.record("no error")
  } catch {
    #expect(error.summary == "ImportError: load_wine with as_frame=True requires pandas.")
    #expect(error.hint?.contains("dnnlab has no pandas") == true)
  }
}

// String-array indexing reached from script input must fail with NumPy's errors, not trap.
@Test func targetNamesIndexingErrors() {
  let cells = [
    ("iris.target_names[np.array([0, 3])]", "IndexError: index 3 is out of bounds for axis 0 with size 3"),
    ("iris.target_names[[-4]]", "IndexError: index -4 is out of bounds for axis 0 with size 3"),
    (
      "iris.target_names[np.array([True, False])]",
      "IndexError: boolean index did not match indexed array along axis 0; size of axis is 3 but size of corresponding boolean axis is 2"
    ),
    (
      "iris.target_names[np.array([1.0])]",
      "IndexError: arrays used as indices must be of integer (or boolean) type"
    ),
    (
      "iris.target_names[np.array([9223372036854775807])]",
      "IndexError: index 9223372036854775807 is out of bounds for axis 0 with size 3"
    ),
    ("iris.target_names[np.array([], dtype=int)]", "array([], dtype='<U10')"),
  ]
  for (expression, expected) in cells {
    let got = runCell("from sklearn.datasets import load_iris\niris = load_iris()\n" + expression)
    #expect(got == expected + "\n", "\(expression)")
  }
}
