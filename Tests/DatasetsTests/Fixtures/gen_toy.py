"""Generates toy_data.json: scikit-learn outputs for the Swift ToyData/TrainTestSplit tests.

Run with scikit-learn installed (any recent version; written against 1.9.1, NumPy 2.4):
    python gen_toy.py > toy_data.json
The tests read the JSON only; they need no Python.
"""
import json
import numpy as np
import sklearn
from sklearn.datasets import make_circles, make_moons, make_blobs
from sklearn.model_selection import train_test_split


def arr(a):
    return np.asarray(a).tolist()


cases = {"sklearn": sklearn.__version__, "numpy": np.__version__,
         "circles": [], "moons": [], "blobs": [], "split": [], "split_errors": []}

for kw in [dict(n_samples=10, noise=0.03, random_state=42),
           dict(n_samples=100, random_state=0),
           dict(n_samples=7, shuffle=False, random_state=1, factor=0.5, noise=0.1),
           dict(n_samples=15, noise=0.05, random_state=123, factor=0.3),
           dict(n_samples=1, random_state=3)]:
    X, y = make_circles(**kw)
    cases["circles"].append(dict(kwargs=kw, X=arr(X), y=arr(y)))

np.random.seed(5)
X, y = make_circles(n_samples=6, noise=0.1)
cases["circles"].append(dict(kwargs=dict(n_samples=6, noise=0.1, global_seed=5), X=arr(X), y=arr(y)))

for kw in [dict(n_samples=10, noise=0.1, random_state=42),
           dict(n_samples=9, shuffle=False),
           dict(n_samples=100, noise=0.2, random_state=3),
           dict(n_samples=2, random_state=0)]:
    X, y = make_moons(**kw)
    cases["moons"].append(dict(kwargs=kw, X=arr(X), y=arr(y)))

for kw in [dict(n_samples=10, random_state=42),
           dict(n_samples=11, n_features=3, centers=4, cluster_std=0.5, random_state=7),
           dict(n_samples=9, centers=[[0, 0], [5, 5]], cluster_std=[0.5, 2.0], random_state=1),
           dict(n_samples=8, center_box=(-5, 5), shuffle=False, random_state=2),
           dict(n_samples=2, centers=3, random_state=9)]:
    X, y, c = make_blobs(return_centers=True, **kw)
    cases["blobs"].append(dict(kwargs=kw, X=arr(X), y=arr(y), centers=arr(c)))


def split_case(n, y=None, **kw):
    X = np.arange(n)
    if y is None:
        tr, te = train_test_split(X, **kw)
    else:
        tr, te = train_test_split(X, stratify=np.asarray(y), **kw)
    d = dict(n=n, kwargs=kw, train=arr(tr), test=arr(te))
    if y is not None:
        d["stratify"] = arr(y)
        d["stratify_dtype"] = str(np.asarray(y).dtype)
    cases["split"].append(d)


split_case(10, random_state=42)
split_case(100, test_size=0.2, random_state=0)
split_case(7, test_size=3, train_size=2, random_state=5)
split_case(10, test_size=0.3, shuffle=False)
split_case(20, train_size=0.5, random_state=11)
split_case(10, y=[0] * 6 + [1] * 4, test_size=0.5, random_state=1)
split_case(50, y=[i % 3 for i in range(50)], test_size=0.2, random_state=2)
split_case(11, y=[0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3], test_size=0.33, random_state=3)
split_case(12, y=[2.5, 1.0, 2.5, 1.0, 7.0, 7.0, 1.0, 2.5, 7.0, 1.0, 2.5, 7.0], test_size=4, random_state=4)
split_case(9, y=np.eye(3, dtype=np.float32)[[0, 1, 2, 0, 1, 2, 0, 1, 2]], test_size=0.34, random_state=6)
split_case(30, y=[i % 5 for i in range(30)], test_size=0.5, train_size=0.3, random_state=8)
split_case(25, y=[0] * 15 + [1] * 10, random_state=0)

for kw in [dict(test_size=1.5), dict(test_size=10), dict(train_size=0.0), dict(test_size=0.6, train_size=0.6),
           dict(test_size=6, train_size=5), dict(test_size=0.99)]:
    try:
        train_test_split(np.arange(10), **kw)
        raise SystemExit("expected an error for %r" % kw)
    except ValueError as e:
        cases["split_errors"].append(dict(kwargs=kw, message=str(e)))

print(json.dumps(cases, indent=1))
