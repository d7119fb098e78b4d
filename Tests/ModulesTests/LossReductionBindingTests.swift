import Testing

/// `reduction=` errors whose Keras text cannot be recorded as a fixture: Keras lists the
/// allowed values as a Python set, whose order changes from run to run (string hashing is
/// randomised), so dnnlab's fixed order is checked here.
@Suite struct LossReductionBindingTests {
  let allowed = "{'sum_over_batch_size', 'sum', None, 'none', 'mean', 'mean_with_sample_weight'}"

  @Test func invalidReductionsAreKerasValueErrors() {
    #expect(
      runTensorFlowCell("keras.losses.MeanSquaredError(reduction='bad')")
        == "ValueError: Invalid value for argument `reduction`. Expected one of \(allowed). Received: reduction=bad\n"
    )
    #expect(
      runTensorFlowCell("keras.losses.Huber(reduction=3)")
        == "ValueError: Invalid value for argument `reduction`. Expected one of \(allowed). Received: reduction=3\n"
    )
    #expect(
      runTensorFlowCell("keras.losses.SparseCategoricalCrossentropy(False, None, 'Sum')").hasSuffix(
        "Received: reduction=Sum\n"))
  }

  @Test func unsupportedOptionsAreRefusedNotIgnored() {
    #expect(
      runTensorFlowCell("keras.losses.CategoricalCrossentropy(label_smoothing=0.1)").hasPrefix(
        "NotImplementedError:"))
    #expect(
      runTensorFlowCell("keras.losses.MeanSquaredError(dtype='float64')").hasPrefix("NotImplementedError:"))
    #expect(runTensorFlowCell("keras.losses.BinaryCrossentropy(axis=0)").hasPrefix("NotImplementedError:"))
    #expect(
      runTensorFlowCell("keras.losses.MeanSquaredError(dtype='float32').reduction")
        == "'sum_over_batch_size'\n")
  }

  /// Keras's fit cannot add weight penalties to a loss kept per sample.
  @Test func perSampleLossWithRegularizersFailsAsInKeras() {
    let cell = """
      model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1, kernel_regularizer="l2")])
      model.compile(optimizer="sgd", loss=keras.losses.MeanSquaredError(reduction=None))
      model.fit(np.zeros((4, 2)), np.zeros((4, 1)), verbose=0)
      """
    #expect(runTensorFlowCell(cell).hasPrefix("ValueError: Shapes must be equal rank, but are 1 and 0"))
  }
}
