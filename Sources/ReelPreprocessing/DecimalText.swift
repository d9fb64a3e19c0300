/// The decimal text of an integer (`tf.as_string`, Swift's `String(v)`) as bytes on the stack.
enum DecimalText {
  /// Calls `body` with the ASCII digits of `value` (with a leading `-` when negative).
  @inline(__always)
  static func withBytes<R>(of value: Int64, _ body: (UnsafeRawBufferPointer) -> R) -> R {
    // Int64.min has 19 digits and a sign.
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in
      var magnitude = value.magnitude
      var start = 20
      repeat {
        start -= 1
        buffer[start] = UInt8(truncatingIfNeeded: 48 &+ magnitude % 10)
        magnitude /= 10
      } while magnitude != 0
      if value < 0 {
        start -= 1
        buffer[start] = UInt8(ascii: "-")
      }
      return body(UnsafeRawBufferPointer(UnsafeMutableBufferPointer(rebasing: buffer[start..<20])))
    }
  }
}
