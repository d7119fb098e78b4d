import Modules
import Script
import Testing

// Shape mistakes: NumPy 2's messages word for word (trailing space of the broadcast
// message included), and Keras shape mismatches naming the layer and the fix.

let shapeErrorCases: [BadInput] = [
  BadInput(
    "import numpy as np\na = np.zeros((2, 3))\nb = a + np.zeros((4,))",
    "ValueError: operands could not be broadcast together with shapes (2,3) (4,) ", line: 3, column: 5),
  BadInput(
    "import numpy as np\nnp.zeros((3,)) * np.ones((2,))",
    "ValueError: operands could not be broadcast together with shapes (3,) (2,) ", line: 2, column: 1),
  BadInput(
    "import numpy as np\nx = np.arange(6).reshape(4, 2)",
    "ValueError: cannot reshape array of size 6 into shape (4,2)",
    line: 2, column: 5, hint: "must hold exactly 6 elements"),
  BadInput(
    "import numpy as np\nx = np.zeros((2, 3))\nx.reshape(-1, -1)",
    "ValueError: can only specify one unknown dimension",
    line: 3, column: 1),
  BadInput(
    "import numpy as np\na = np.ones((2, 3))\nc = a @ a",
    "ValueError: matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature "
      + "(n?,k),(k,m?)->(n?,m?) (size 2 is different from 3)", line: 3, column: 5, hint: "(2, 3) @ (2, 3)"),
  BadInput(
    "import numpy as np\nnp.dot(np.zeros((2, 3)), np.zeros((2, 3)))",
    "ValueError: shapes (2,3) and (2,3) not aligned: 3 (dim 1) != 2 (dim 0)", line: 2, column: 1),
  BadInput(
    "import numpy as np\nnp.concatenate([np.zeros((2, 3)), np.zeros((2, 4))])",
    "ValueError: all the input array dimensions except for the concatenation axis must match exactly, but along "
      + "dimension 1, the array at index 0 has size 3 and the array at index 1 has size 4", line: 2, column: 1
  ),
  BadInput(
    "import numpy as np\nx = np.zeros((2, 3))\nrow = x[5]",
    "IndexError: index 5 is out of bounds for axis 0 with size 2",
    line: 3, column: 7, hint: "valid indices are 0…1"),
  BadInput(
    "import numpy as np\nnp.ones(3)[np.array([True, False])]",
    "IndexError: boolean index did not match indexed array along axis 0; size of axis is 3 but size of "
      + "corresponding boolean axis is 2", line: 2, column: 1),
  BadInput(
    "import numpy as np\nnp.zeros((2, 3)).sum(axis=2)",
    "AxisError: axis 2 is out of bounds for array of dimension 2",
    line: 2, column: 1),
  BadInput(
    "from tensorflow.keras.utils import to_categorical\nto_categorical([0, 5], num_classes=3)",
    "IndexError: index 5 is out of bounds for axis 1 with size 3", line: 2, column: 1),
  // Keras: images fed to a Dense layer that expects flat vectors.
  BadInput(
    """
    import numpy as np
    from tensorflow import keras
    model = keras.Sequential([keras.layers.Dense(10, activation='softmax', input_shape=(784,))])
    model.compile(optimizer='adam', loss='sparse_categorical_crossentropy')
    model.fit(np.zeros((8, 28, 28)), np.zeros(8), verbose=0)
    """,
    "ValueError: Dense layer \"dense\" expected input of shape (None, 784) but got (None, 28, 28)", line: 5,
    column: 1,
    hint: "add Flatten() before this layer"),
  BadInput(
    """
    import numpy as np
    from tensorflow import keras
    model = keras.Sequential([keras.layers.Dense(10, input_shape=(784,))])
    predictions = model.predict(np.zeros((2, 100)), verbose=0)
    """,
    "ValueError: Dense layer \"dense\" expected input of shape (None, 784) but got (None, 100)", line: 4,
    column: 15,
    hint: "reshape the data to (None, 784)"),
  BadInput(
    """
    import numpy as np
    from tensorflow import keras
    model = keras.Sequential([keras.layers.Dense(10, input_shape=(784,))])
    model.compile(optimizer='adam', loss='mse')
    model.fit(np.zeros((8, 784)), np.zeros((7, 10)), verbose=0)
    """,
    "ValueError: Data cardinality is ambiguous. Make sure all arrays contain the same number of samples."
      + "'x' sizes: 8\n'y' sizes: 7", line: 5, column: 1),
]

@Test(arguments: shapeErrorCases)
func shapeMistakesGiveNumPyAndKerasMessages(_ bad: BadInput) {
  expectFailure(bad)
}
