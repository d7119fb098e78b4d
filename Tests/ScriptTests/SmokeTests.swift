import Script
import Testing

@Test func smoke() throws {
  #expect(try eval("1 + 2") == "3")
  #expect(try printed("print('hi', 1, 2.5)") == "hi 1 2.5\n")
  #expect(errorSummary("modle = 1\nmodel") == "NameError: name 'model' is not defined. Did you mean 'modle'?")
}
