# %% [markdown]
# # Tensors and their shapes
#
# A tensor is a container of numbers that all share one type (its `dtype`). How many axes it
# has is its rank; how long each axis is, its shape. Neural networks take and give tensors,
# so reading shapes is the first skill to practise.

# %%
import numpy as np
from tensorflow.keras.utils import to_categorical

# %% [markdown]
# ## Rank 0 to rank 2
#
# A single number has no axes; a list of numbers has one; a table has two.

# %%
scalar = np.array(7)
vector = np.array([3, 1, 4, 1])
matrix = np.array([[1, 2, 3], [4, 5, 6]])
for name, t in [('scalar', scalar), ('vector', vector), ('matrix', matrix)]:
    print(f'{name}: ndim={t.ndim} shape={t.shape} dtype={t.dtype}')

# %% [markdown]
# ## Rank 3: a small dataset
#
# Four samples, each a 3×2 grey image: (samples, height, width).

# %%
ds = np.array([
    [[0, 0], [0, 0], [0, 0]],
    [[1, 2], [3, 4], [5, 6]],
    [[7, 7], [8, 8], [9, 9]],
    [[4, 0], [0, 1], [0, 0]],
])
ds.shape

# %% [markdown]
# ## Rank 4: images with a channel axis
#
# Image models expect (samples, height, width, channels). Here are four 3×3 one-channel
# pictures: two slashes and two backslashes, brightness 0 (black) to 9 (white).

# %%
g_image = np.array([
    [[[0], [0], [9]], [[0], [5], [0]], [[9], [0], [0]]],
    [[[0], [0], [8]], [[0], [8], [0]], [[8], [0], [0]]],
    [[[9], [0], [0]], [[0], [9], [0]], [[0], [0], [9]]],
    [[[8], [0], [0]], [[0], [8], [0]], [[0], [0], [8]]],
])
g_image.shape

# %%
print(g_image[0, :, :, 0])

# %% [markdown]
# ## Reshape: one vector per sample
#
# A dense layer wants each sample as a flat vector. `reshape` keeps every number and only
# changes the shape, so the total count must stay the same: 4 × 3 × 2 = 4 × 6.

# %%
ds1 = ds.reshape(4, 3 * 2)
print(ds1)
print(ds1.shape)
print(ds1[0].shape)

# %% [markdown]
# Asking for a shape with a different count is an error that says what went wrong; `-1` lets
# NumPy work out one axis for you.

# %%
ds.reshape(-1, 6).shape

# %% [markdown]
# ## Labels: sparse or one-hot
#
# Class labels can be stored as integers (sparse) or as one-hot rows with a 1 in the column
# of the class. `to_categorical` converts the first into the second; `argmax` goes back.

# %%
labels = np.array([0, 2, 1, 2])
one_hot = to_categorical(labels)
one_hot

# %%
np.argmax(one_hot, axis=-1)
