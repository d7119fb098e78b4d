import Modules
import Script
import Testing

// Wrong keyword arguments to Keras and NumPy: Keras's own messages ("Unrecognized keyword
// arguments passed to Dense", "Argument(s) not recognized"), with a hint naming the closest
// valid argument and listing the ones that exist.

let kerasArgumentErrorCases: [BadInput] = [
  BadInput(
    "from tensorflow.keras.layers import Dense\nlayer = Dense(10, activaton='relu')",
    "ValueError: Unrecognized keyword arguments passed to Dense: {'activaton': 'relu'}", line: 2, column: 9,
    hint: "did you mean 'activation'? Dense accepts: units, activation, use_bias"),
  BadInput(
    "from tensorflow.keras import layers\nlayers.Flatten(input_shap=(28, 28))",
    "ValueError: Unrecognized keyword arguments passed to Flatten: {'input_shap': (28, 28)}", line: 2,
    column: 1,
    hint: "did you mean 'input_shape'?"),
  BadInput(
    "import tensorflow as tf\nopt = tf.keras.optimizers.Adam(learning_rate=0.01, lr=0.001)",
    "ValueError: Argument(s) not recognized: {'lr': 0.001}", line: 2, column: 7,
    hint: "Adam(learning_rate=0.001)"),
  BadInput(
    "from tensorflow.keras import optimizers\noptimizers.SGD(learning_rate=0.1, momentun=0.9)",
    "ValueError: Argument(s) not recognized: {'momentun': 0.9}", line: 2, column: 1,
    hint: "did you mean 'momentum'?"),
  BadInput(
    "from tensorflow.keras.layers import Dense\nDense()",
    "TypeError: Dense() missing 1 required positional argument: 'units'",
    line: 2, column: 1),
  // Keras names the method after its trainer class ("TensorFlowTrainer.fit()"); dnnlab
  // names the method the learner called.
  BadInput(
    """
    import numpy as np
    from tensorflow import keras
    model = keras.Sequential([keras.layers.Dense(1, input_shape=(2,))])
    model.compile(optimizer='sgd', loss='mse')
    model.fit(np.zeros((4, 2)), np.zeros(4), epoch=5)
    """,
    "TypeError: fit() got an unexpected keyword argument 'epoch'. Did you mean 'epochs'?", line: 5, column: 1),
  BadInput(
    "from tensorflow.keras.utils import to_categorical\nto_categorical([9223372036854775807])",
    "ValueError: negative dimensions are not allowed", line: 2, column: 1),
  BadInput(
    "from tensorflow.keras.utils import to_categorical\nto_categorical([0, 1], num_clases=2)",
    "TypeError: to_categorical() got an unexpected keyword argument 'num_clases'. Did you mean 'num_classes'?",
    line: 2, column: 1),
  // NumPy's C functions say only "got an unexpected keyword argument 'dtyp'"; the suggestion is dnnlab's.
  BadInput(
    "import numpy as np\nnp.zeros((2, 2), dtyp='float32')",
    "TypeError: zeros() got an unexpected keyword argument 'dtyp'. Did you mean 'dtype'?", line: 2, column: 1),
  BadInput(
    "import numpy as np\nnp.argmax([1, 2], axes=0)",
    "TypeError: argmax() got an unexpected keyword argument 'axes'. Did you mean 'axis'?", line: 2, column: 1),
]

@Test(arguments: kerasArgumentErrorCases)
func wrongKerasArgumentsNameTheValidOnes(_ bad: BadInput) {
  expectFailure(bad)
}

@Test func unsupportedKerasArgumentsAreRefusedNotIgnored() {
  let text = runCells(["from tensorflow.keras.layers import Dense\nDense(4, kernel_constraint='non_neg')"])
  #expect(
    text.hasPrefix("NotImplementedError: dnnlab's Dense does not support kernel_constraint"), "\(text)")
}
