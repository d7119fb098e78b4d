import NN
import Testing

@Test func NNTargetBuilds() {
  #expect(!String(describing: NNInfo.self).isEmpty)
}
