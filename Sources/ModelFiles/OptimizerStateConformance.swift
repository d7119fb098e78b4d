import NN

// NN's optimizers expose their slots (`slotValues`, `restoreState`), so model files carry
// the optimizer state Keras stores and training resumes after `load_model`.
extension Optimizer: OptimizerSlotAccess {}
