# %% [markdown]
# # XOR: the smallest problem a straight line cannot solve
#
# XOR is 1 when exactly one input is 1. No single line separates the ones from the zeros, so
# the network needs a hidden layer. Two tanh units are enough.

# %%
import numpy as np
import tensorflow as tf
from tensorflow.keras import optimizers
from tensorflow.keras.layers import Dense
from tensorflow.keras.models import Sequential

tf.keras.utils.set_random_seed(1)
X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
y = np.array([[0], [1], [1], [0]])

# %% [markdown]
# ## The model
#
# Two inputs, two hidden tanh units, one tanh output. The loss is the mean squared error and
# plain stochastic gradient descent updates the weights.

# %%
model = Sequential([
    Dense(2, input_dim=2, activation='tanh'),
    Dense(1, activation='tanh')
])
model.compile(loss='mean_squared_error', optimizer=optimizers.SGD(learning_rate=0.1),
              metrics=['binary_accuracy'])
model.summary()

# %% [markdown]
# ## Training
#
# With `batch_size=1` the weights change after every one of the four examples, so 200 epochs
# make 4 / 1 × 200 = 800 updates. `verbose=0` keeps the output short; the history remembers
# the loss of every epoch.

# %%
history = model.fit(X, y, batch_size=1, epochs=200, verbose=0)
print('updates:', 4 // 1 * 200)
print('first loss %.4f, last loss %.4f' % (history.history['loss'][0], history.history['loss'][-1]))

# %% [markdown]
# ## The squared error, by hand
#
# If the input (0, 1) should give 1 and the network says 0.4, the squared error is
# (0.4 − 1.0)² = 0.36.

# %%
y_hat, target = 0.4, 1.0
(y_hat - target) ** 2

# %% [markdown]
# ## What did it learn?
#
# Predictions near 1 for the mixed inputs and near 0 for the equal ones mean XOR was learned.

# %%
predictions = model.predict(X, verbose=0)
print(predictions.round(3))
print((predictions > 0.5).astype(int).ravel(), 'expected', y.ravel())
