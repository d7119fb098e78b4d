import Foundation
import Modules
import Script
import TestSupport
import Testing

// sklearn.preprocessing against Fixtures/sklearn_preprocessing.txt: each cell replayed with
// `np` imported and compared with what scikit-learn 1.9.1 on NumPy 2.4 showed
// (scripts/fixtures/gen_sklearn_session.py): printed text, warnings, reprs and errors.

enum SklearnPreprocessingFixtures {
  static let cells = SessionFixtures.load("sklearn_preprocessing.expected.json")
}

@Test(arguments: SklearnPreprocessingFixtures.cells)
func preprocessingCellMatchesScikitLearn(_ cell: SessionCell) {
  let got = runCell(cell.source).replacingOccurrences(
    of: #"\. Did you mean:? '[^']*'\?"#, with: "", options: .regularExpression)
  #expect(got == cell.expected, "\n--- dnnlab\n\(got)--- scikit-learn\n\(cell.expected)")
}

@Test func preprocessingFixtureIsLoaded() {
  #expect(SklearnPreprocessingFixtures.cells.count >= 80)
}

// dnnlab has no scipy sparse matrices: the default sparse_output=True fits but cannot
// transform, and says how to get a dense array.
@Test func oneHotEncoderSparseDefaultIsNotImplemented() {
  let got = runCell(
    """
    from sklearn.preprocessing import OneHotEncoder
    enc = OneHotEncoder().fit([[1], [2]])
    enc.transform([[1]])
    """)
  #expect(got.hasPrefix("NotImplementedError: dnnlab has no scipy sparse matrices"))
  #expect(got.contains("sparse_output=False"))
}

// Script input reaching odd corners must fail with Python errors, never trap.
@Test func preprocessingOddInputsDoNotTrap() {
  let cells = [
    "from sklearn.preprocessing import LabelEncoder\nLabelEncoder().fit([]).classes_",
    "from sklearn.preprocessing import LabelEncoder\nLabelEncoder().fit([np.nan, 1.0, np.nan]).classes_",
    "from sklearn.preprocessing import LabelEncoder\nLabelEncoder().fit([1, 2]).inverse_transform([-1])",
    "from sklearn.preprocessing import LabelEncoder\nLabelEncoder().fit([1, 2]).inverse_transform(['a'])",
    "from sklearn.preprocessing import LabelEncoder\nLabelEncoder().fit([1, 2]).transform(['a'])",
    "from sklearn.preprocessing import LabelEncoder\nLabelEncoder().fit(5)",
    "from sklearn.preprocessing import LabelEncoder\nLabelEncoder().fit(['a', 'b']).classes_[5]",
    "from sklearn.preprocessing import OneHotEncoder\nOneHotEncoder(sparse_output=False).fit([[]])",
    "from sklearn.preprocessing import OneHotEncoder\nOneHotEncoder(sparse_output=False).fit([['a'], ['b', 'c']])",
    "from sklearn.preprocessing import OneHotEncoder\nOneHotEncoder(sparse_output=False).fit([[1]]).inverse_transform([1])",
    "from sklearn.preprocessing import OneHotEncoder\nOneHotEncoder(sparse_output=False, dtype='nope').fit([[1]])",
    "from sklearn.preprocessing import OneHotEncoder\nOneHotEncoder(sparse_output=False).fit([[np.nan], [1.0]]).categories_",
    "from sklearn.preprocessing import MinMaxScaler\nMinMaxScaler(feature_range=(0,)).fit([[1.0]])",
    "from sklearn.preprocessing import MinMaxScaler\nMinMaxScaler(feature_range=5).fit([[1.0]])",
    "from sklearn.preprocessing import MinMaxScaler\nMinMaxScaler().fit([[np.nan], [np.nan]]).transform([[1.0]])",
    "from sklearn.preprocessing import StandardScaler\nStandardScaler().fit([[np.nan], [np.nan]]).transform([[1.0]])",
    "from sklearn.preprocessing import StandardScaler\nStandardScaler().fit([[1.0]]).inverse_transform([[1.0, 2.0]])",
    "from sklearn.preprocessing import StandardScaler\nStandardScaler().set_params(nope=1)",
    "from sklearn.preprocessing import scale\nscale([[]])",
    "from sklearn.preprocessing import minmax_scale\nminmax_scale([1.0, 2.0], axis=1)",
    "from sklearn.preprocessing import normalize\nnormalize([[0.0, 0.0]], norm='l1', axis=0)",
  ]
  for source in cells {
    let got = runCell(source)
    #expect(!got.isEmpty, "\(source)")
  }
}
