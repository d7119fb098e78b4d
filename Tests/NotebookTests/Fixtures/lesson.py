# ---
# jupyter:
#   jupytext:
#     formats: py:percent
# ---

# %% [markdown]
# # Shapes and dtypes
#
# A tiny lesson: make an array, look at it, reshape it.

# %% Setup
import numpy as np

# %% tags=["parameters"]
rows = 3

# %%
x = np.arange(rows * 4).reshape(rows, 4)
print("x has shape", x.shape, "and dtype", x.dtype)
x

# %% [markdown]
# Sums along an axis, and a suppressed value:

# %%
x.sum(axis=0)

# %%
x.mean();

# %%
y = x.astype('float32') / 255
y[0]

# %%
for i in range(rows):
    print(i, x[i].max())
