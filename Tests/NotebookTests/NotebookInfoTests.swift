import Notebook
import Testing

@Test func notebookFormatsAreNamed() {
  #expect(NotebookInfo.formats.contains("ipynb"))
}
