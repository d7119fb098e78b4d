# %% [markdown]
# # Classification with TensorFlow: circles, learning rates and clothes
#
# Two problems. First a binary one we can see: points on two circles, one inside the other.
# A straight line cannot separate them, and the plots show why. Then a multiclass one:
# ten kinds of clothing in Fashion-MNIST. On the way: finding a good learning rate, judging a
# classifier with more than accuracy, and saving a trained model.

# %%
import numpy as np
import matplotlib.pyplot as plt
import tensorflow as tf
from sklearn.datasets import make_circles
from sklearn.model_selection import train_test_split

tf.random.set_seed(42)
X, y = make_circles(1000, noise=0.03, random_state=42)
X.shape, y.shape, X[:3], y[:3]

# %% [markdown]
# ## Visualize, visualize, visualize
#
# Colour each point by its label: the ones form the inner circle.

# %%
plt.scatter(X[:, 0], X[:, 1], c=y, cmap=plt.cm.RdYlBu)
plt.show()

# %% [markdown]
# ## A helper that draws what a model decided
#
# Predict on a fine grid covering the data and shade each grid point by the predicted class;
# the border between the shades is the decision boundary.

# %%
def plot_decision_boundary(model, X, y):
    x_min, x_max = X[:, 0].min() - 0.1, X[:, 0].max() + 0.1
    y_min, y_max = X[:, 1].min() - 0.1, X[:, 1].max() + 0.1
    xx, yy = np.meshgrid(np.linspace(x_min, x_max, 60), np.linspace(y_min, y_max, 60))
    x_in = np.c_[xx.ravel(), yy.ravel()]
    y_pred = model.predict(x_in, verbose=0)
    y_pred = np.round(y_pred).reshape(xx.shape)
    plt.contourf(xx, yy, y_pred, cmap=plt.cm.RdYlBu, alpha=0.7)
    plt.scatter(X[:, 0], X[:, 1], c=y, s=40, cmap=plt.cm.RdYlBu)
    plt.xlim(xx.min(), xx.max())
    plt.ylim(yy.min(), yy.max())
    plt.show()

# %% [markdown]
# ## A model without non-linearity
#
# Dense layers with the default (linear) activation can only ever draw a straight border,
# however many we stack. Accuracy stays near 50%: guessing.

# %%
model_1 = tf.keras.Sequential([
    tf.keras.layers.Dense(4),
    tf.keras.layers.Dense(1)
])
model_1.compile(loss=tf.keras.losses.BinaryCrossentropy(), optimizer=tf.keras.optimizers.Adam(), metrics=['accuracy'])
model_1.fit(X, y, epochs=25, verbose=0)
model_1.evaluate(X, y, verbose=0)

# %%
plot_decision_boundary(model_1, X, y)

# %% [markdown]
# ## Adding the non-linearity
#
# ReLU in the hidden layers lets the border bend; a sigmoid output turns the last number into
# a probability. Train on 80% of the points and keep 20% to test on.

# %%
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)
model_2 = tf.keras.Sequential([
    tf.keras.layers.Dense(4, activation='relu'),
    tf.keras.layers.Dense(4, activation='relu'),
    tf.keras.layers.Dense(1, activation='sigmoid')
])
model_2.compile(loss='binary_crossentropy', optimizer=tf.keras.optimizers.Adam(learning_rate=0.01),
                metrics=['accuracy'])
history = model_2.fit(X_train, y_train, epochs=25, verbose=0)
model_2.evaluate(X_test, y_test, verbose=0)

# %%
plot_decision_boundary(model_2, X_test, y_test)

# %% [markdown]
# ## The loss curve
#
# The history remembers the loss after every epoch; it should fall.

# %%
plt.plot(history.history['loss'], label='loss')
plt.plot(history.history['accuracy'], label='accuracy')
plt.xlabel('epoch')
plt.legend()
plt.show()

# %% [markdown]
# ## Finding a learning rate
#
# Start tiny and multiply the learning rate by 10 every 20 epochs. Where the loss falls
# fastest is a good rate; where it climbs again, the steps are too big.

# %%
model_3 = tf.keras.Sequential([
    tf.keras.layers.Dense(4, activation='relu'),
    tf.keras.layers.Dense(4, activation='relu'),
    tf.keras.layers.Dense(1, activation='sigmoid')
])
model_3.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])
lr_scheduler = tf.keras.callbacks.LearningRateScheduler(lambda epoch: 1e-4 * 10 ** (epoch / 20))
history_3 = model_3.fit(X_train, y_train, epochs=100, callbacks=[lr_scheduler], verbose=0)

# %%
lrs = 1e-4 * (10 ** (np.arange(100) / 20))
plt.semilogx(lrs, history_3.history['loss'])
plt.xlabel('Learning Rate')
plt.ylabel('Loss')
plt.title('Learning rate vs. loss')
plt.show()

# %% [markdown]
# ## More than accuracy
#
# Precision: of the points called 1, how many are 1. Recall: of the real 1s, how many were
# found. F1 combines both. The confusion matrix counts every kind of right and wrong answer.

# %%
from sklearn.metrics import accuracy_score, classification_report, confusion_matrix, f1_score, precision_score, recall_score

y_pred = np.round(model_2.predict(X_test, verbose=0)).ravel()
print('accuracy ', accuracy_score(y_test, y_pred))
print('precision', precision_score(y_test, y_pred))
print('recall   ', recall_score(y_test, y_pred))
print('f1       ', f1_score(y_test, y_pred))
confusion_matrix(y_test, y_pred)

# %% [markdown]
# ## Many classes: Fashion-MNIST
#
# 28×28 grey pictures of ten kinds of clothing. The labels are integers 0–9; these are their
# names.

# %%
(train_data, train_labels), (test_data, test_labels) = tf.keras.datasets.fashion_mnist.load_data()
class_names = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat',
               'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot']
print(train_data.shape, train_labels.shape)
print(class_names[train_labels[0]])
plt.imshow(train_data[0], cmap=plt.cm.binary)
plt.show()

# %% [markdown]
# ## Raw pixels against normalised pixels
#
# The same network trained twice: once on pixel values 0–255, once on values scaled to 0–1.
# Scaled inputs usually train faster and further.

# %%
def multiclass_model():
    model = tf.keras.Sequential([
        tf.keras.layers.Flatten(input_shape=(28, 28)),
        tf.keras.layers.Dense(4, activation='relu'),
        tf.keras.layers.Dense(4, activation='relu'),
        tf.keras.layers.Dense(10, activation='softmax')
    ])
    model.compile(loss=tf.keras.losses.SparseCategoricalCrossentropy(), optimizer=tf.keras.optimizers.Adam(),
                  metrics=['accuracy'])
    return model

raw_model = multiclass_model()
raw_history = raw_model.fit(train_data, train_labels, epochs=3, validation_data=(test_data, test_labels), verbose=2)

# %%
train_norm = train_data / 255.0
test_norm = test_data / 255.0
norm_model = multiclass_model()
norm_history = norm_model.fit(train_norm, train_labels, epochs=3, validation_data=(test_norm, test_labels), verbose=2)

# %%
print('raw        val accuracy: %.4f' % raw_history.history['val_accuracy'][-1])
print('normalised val accuracy: %.4f' % norm_history.history['val_accuracy'][-1])

# %% [markdown]
# ## Which clothes get confused?

# %%
y_probs = norm_model.predict(test_norm, verbose=0)
y_preds = y_probs.argmax(axis=1)
print(classification_report(test_labels, y_preds, target_names=class_names, zero_division=0))

# %% [markdown]
# ## Saving the model and loading it back
#
# `save` writes one `.keras` file (the architecture, the weights and the optimizer's state) that
# TensorFlow can open too. The reloaded model must predict exactly what the original predicts.

# %%
norm_model.save('fashion_mnist_model.keras')
loaded_model = tf.keras.models.load_model('fashion_mnist_model.keras')
loaded_probs = loaded_model.predict(test_norm, verbose=0)
print('identical predictions:', np.array_equal(loaded_probs, y_probs))
