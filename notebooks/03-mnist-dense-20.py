# %% [markdown]
# # Digit classification with a small dense network
#
# From regression to classification: instead of one number, the network now outputs ten
# probabilities, one per digit. We train a network with a single hidden layer of 20 units.

# %% tags=["parameters"]
# Passes over the training images. The course trains for 20; `dnnlab run -p epochs 2` is quicker.
epochs = 20

# %%
import tensorflow as tf

data = tf.keras.datasets.mnist
(training_images, training_labels), (val_images, val_labels) = data.load_data()

# %% [markdown]
# ## Scaling the pixels
#
# Pixels are bytes from 0 to 255; dividing by 255.0 brings them into [0, 1], which makes
# training better behaved. (The result is float64, as in NumPy.)

# %%
training_images = training_images / 255.0
val_images = val_images / 255.0
training_images.shape, training_images.dtype

# %% [markdown]
# ## The model
#
# `Flatten` turns each 28×28 image into 784 numbers; 20 ReLU units learn features; 10 softmax
# units give a probability for each digit. (The UserWarning below is Keras 3 preferring
# `tf.keras.Input(shape=(28, 28))` to `input_shape=`; the model is the same either way.)

# %%
model = tf.keras.models.Sequential(
    [tf.keras.layers.Flatten(input_shape=(28, 28)),
     tf.keras.layers.Dense(20, activation=tf.nn.relu),
     tf.keras.layers.Dense(10, activation=tf.nn.softmax)])
model.summary()

# %% [markdown]
# ## Compile and train
#
# The labels are integers, so the loss is sparse categorical cross-entropy; Adam adapts the
# step size of every weight. `epochs` (20, set at the top) is how many passes over the images.

# %%
model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])
model.fit(training_images, training_labels, epochs=epochs)

# %% [markdown]
# ## Evaluate on images the model has not seen

# %%
model.evaluate(val_images, val_labels)

# %% [markdown]
# ## One prediction, up close
#
# The ten numbers are the model's probabilities for digits 0 to 9; the largest should sit at
# the position of the true label.

# %%
classifications = model.predict(val_images)
print(classifications[0])
print(val_labels[0])
