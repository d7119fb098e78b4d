import Plot
import Testing

@Test func plotBackendsAreNamed() {
  #expect(PlotInfo.backends.contains("png"))
}
