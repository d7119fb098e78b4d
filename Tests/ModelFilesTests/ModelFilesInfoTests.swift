import ModelFiles
import Testing

@Test func modelFileFormatsAreNamed() {
  #expect(ModelFilesInfo.formats.contains("keras"))
}
