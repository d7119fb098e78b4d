import Datasets
import Testing

@Test func DatasetsTargetBuilds() {
  #expect(!String(describing: DatasetsInfo.self).isEmpty)
}
