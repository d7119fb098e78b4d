"""JSON helpers shared by the Keras fixture generators: floats written with repr (shortest
round-trip) so the Swift side reads them exactly, NaN and infinities as strings, arrays flat
(row-major) beside their shape."""
import numpy as np


def num(v):
    v = float(v)
    if v != v:
        return "nan"
    if v in (float("inf"), float("-inf")):
        return "inf" if v > 0 else "-inf"
    return v


def flat(a):
    a = np.asarray(a, dtype=np.float64)
    return [num(v) for v in a.reshape(-1)]


def arr(a):
    a = np.asarray(a)
    return {"shape": list(a.shape), "data": flat(a)}
