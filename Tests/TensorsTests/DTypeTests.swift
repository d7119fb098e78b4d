import Tensors
import Testing

@Test func dtypeNamesParse() {
  #expect(DType(numpyName: "float32") == .float32)
  #expect(DType(numpyName: "int") == .int64)
  #expect(DType(numpyName: "f8") == .float64)
  #expect(DType(numpyName: "complex64") == nil)
  #expect(DType.uint8.itemSize == 1)
}
