"""Writes small_compressed.npz (np.savez_compressed: deflated members, MNIST-like keys)
and small_stored.npz (np.savez: stored members, several dtypes) for the NPZ tests."""
import numpy as np

rng = np.random.RandomState(7)
x_train = rng.randint(0, 256, size=(3, 4, 5)).astype(np.uint8)
y_train = np.array([3, 1, 4], dtype=np.uint8)
x_test = rng.randint(0, 256, size=(2, 4, 5)).astype(np.uint8)
y_test = np.array([1, 5], dtype=np.uint8)
np.savez_compressed('small_compressed.npz', x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test)
np.savez('small_stored.npz', a=np.arange(6, dtype='<f8').reshape(2, 3), b=np.array([True, False, True]),
         c=np.array([[1, -2], [3, 4]], dtype='>i4'), d=np.float32(2.5))
