import Script
import Testing

@Test func languageIsNamed() {
  #expect(ScriptInfo.languageName.contains("Python"))
}
