/// Strings stored as one UTF-8 byte buffer plus offsets: no per-string allocation, and the
/// layout shards write to disk as is.
///
///     var names = StringArray()
///     names.append("Heat")
///     names.append("Up")
///     names[1]   // "Up"
public struct StringArray: Hashable, Sendable, RandomAccessCollection, ExpressibleByArrayLiteral {
  /// The UTF-8 bytes of all strings, back to back.
  public private(set) var bytes: [UInt8]
  /// `count + 1` offsets into `bytes`; string `i` is `bytes[offsets[i]..<offsets[i + 1]]`.
  public private(set) var offsets: [Int]

  /// An empty array.
  public init() {
    bytes = []
    offsets = [0]
  }

  /// An array of `strings`.
  public init<S: Sequence>(_ strings: S) where S.Element == String {
    self.init()
    for s in strings { append(s) }
  }

  public init(arrayLiteral elements: String...) { self.init(elements) }

  /// Wraps existing buffers. `offsets` must start at 0, be non-decreasing and end at
  /// `bytes.count`; returns nil otherwise.
  public init?(bytes: [UInt8], offsets: [Int]) {
    guard offsets.first == 0, offsets.last == bytes.count,
      zip(offsets, offsets.dropFirst()).allSatisfy({ $0 <= $1 })
    else { return nil }
    self.bytes = bytes
    self.offsets = offsets
  }

  public var startIndex: Int { 0 }
  public var endIndex: Int { offsets.count - 1 }

  public subscript(position: Int) -> String {
    String(decoding: bytes[offsets[position]..<offsets[position + 1]], as: UTF8.self)
  }

  /// The UTF-8 bytes of string `i`, without creating a `String`.
  public func utf8(at i: Int) -> ArraySlice<UInt8> { bytes[offsets[i]..<offsets[i + 1]] }

  /// Appends a string.
  public mutating func append(_ string: String) {
    var s = string
    s.withUTF8 { bytes.append(contentsOf: $0) }
    offsets.append(bytes.count)
  }

  /// Appends strings `range` of another array.
  public mutating func append(contentsOf other: StringArray, range: Range<Int>) {
    let lo = other.offsets[range.lowerBound]
    let hi = other.offsets[range.upperBound]
    let shift = bytes.count - lo
    bytes.append(contentsOf: other.bytes[lo..<hi])
    offsets.append(
      contentsOf: other.offsets[(range.lowerBound + 1)..<(range.upperBound + 1)].map { $0 + shift })
  }

  /// Reserves room for `count` more strings of `byteCount` total bytes.
  public mutating func reserveCapacity(strings count: Int, bytes byteCount: Int) {
    offsets.reserveCapacity(offsets.count + count)
    bytes.reserveCapacity(bytes.count + byteCount)
  }
}
