import ReelPipeline

/// Encodes a ``FeatureBatch`` into a block payload and back (Docs/ShardFormat.md §3, "Block").
enum BlockCodec {
  /// One stream of a block payload before assembly.
  struct Stream {
    var encoding: UInt8
    var width: UInt8
    var count: Int
    var bytes: [UInt8]
  }

  static let descriptorSize = 16

  // MARK: - Encoding

  /// The uncompressed payload of a block holding all rows of `batch`.
  static func encode(_ batch: FeatureBatch) -> [UInt8] {
    var streams: [Stream] = []
    for column in batch.columns {
      if let offsets = column.listOffsets { streams.append(lengths(offsets)) }
      switch column.values {
      case .int32(let v): streams.append(integers(v))
      case .int64(let v): streams.append(integers(v))
      case .float(let v):
        streams.append(Stream(encoding: StreamCodec.bytePlanes, width: 4, count: v.count, bytes: StreamCodec.encode(v, planes: true)))
      case .double(let v):
        streams.append(Stream(encoding: StreamCodec.bytePlanes, width: 8, count: v.count, bytes: StreamCodec.encode(v, planes: true)))
      case .string(let s):
        streams.append(lengths(s.offsets))
        streams.append(Stream(encoding: 0, width: 1, count: s.bytes.count, bytes: s.bytes))
      }
    }
    var payload: [UInt8] = []
    payload.reserveCapacity(4 + streams.count * descriptorSize + streams.reduce(0) { $0 + $1.bytes.count })
    payload.appendLE(UInt32(streams.count))
    for s in streams {
      payload.append(s.encoding)
      payload.append(s.width)
      payload.appendLE(UInt16(0))
      payload.appendLE(UInt32(s.count))
      payload.appendLE(UInt64(s.bytes.count))
    }
    for s in streams { payload.append(contentsOf: s.bytes) }
    return payload
  }

  private static func integers<T: FixedWidthInteger>(_ values: [T]) -> Stream {
    var sorted = true
    var i = 1
    while sorted && i < values.count {
      sorted = values[i - 1] <= values[i]
      i += 1
    }
    let encoding = (sorted && values.count > 1 ? StreamCodec.delta : 0) | StreamCodec.bytePlanes
    return Stream(
      encoding: encoding, width: UInt8(MemoryLayout<T>.size), count: values.count,
      bytes: StreamCodec.encode(values, encoding: encoding))
  }

  private static func lengths(_ offsets: [Int]) -> Stream {
    var lengths = [UInt32](repeating: 0, count: max(0, offsets.count - 1))
    for i in lengths.indices { lengths[i] = UInt32(offsets[i + 1] - offsets[i]) }
    return Stream(
      encoding: StreamCodec.bytePlanes, width: 4, count: lengths.count,
      bytes: StreamCodec.encode(lengths, encoding: StreamCodec.bytePlanes))
  }

  // MARK: - Decoding

  /// Decodes a payload holding `rows` rows of `schema`, keeping only the columns whose indices
  /// are in `keep` (all when nil). Every structural inconsistency is a ``ShardError/corrupt(path:block:reason:)``.
  static func decode(
    _ payload: [UInt8], schema: [FeatureSpec], rows: Int, keep: Set<Int>?, path: String, block: Int
  ) throws -> FeatureBatch {
    try payload.withUnsafeBytes { raw in
      func corrupt(_ reason: String) -> ShardError { .corrupt(path: path, block: block, reason: reason) }
      guard raw.count >= 4 else { throw corrupt("payload of \(raw.count) bytes has no stream table") }
      let streamCount = Int(raw.loadLE(UInt32.self, at: 0))
      let tableEnd = 4 + streamCount * descriptorSize
      guard streamCount <= raw.count, tableEnd <= raw.count else { throw corrupt("stream table of \(streamCount) streams exceeds the payload") }
      var descriptors: [(encoding: UInt8, width: Int, count: Int, start: Int, length: Int)] = []
      var cursor = tableEnd
      for s in 0..<streamCount {
        let base = 4 + s * descriptorSize
        let encoding = raw[base]
        let width = Int(raw[base + 1])
        let count = Int(raw.loadLE(UInt32.self, at: base + 4))
        let length = raw.loadLE(UInt64.self, at: base + 8)
        guard length <= UInt64(raw.count), Int(length) == count * width else {
          throw corrupt("stream \(s): \(length) bytes for \(count) elements of width \(width)")
        }
        guard cursor + Int(length) <= raw.count else { throw corrupt("stream \(s) runs past the payload") }
        descriptors.append((encoding, width, count, cursor, Int(length)))
        cursor += Int(length)
      }
      guard cursor == raw.count else { throw corrupt("\(raw.count - cursor) trailing bytes after the streams") }

      var next = 0
      func take(_ width: Int, _ what: String) throws -> (encoding: UInt8, count: Int, bytes: UnsafeRawBufferPointer) {
        guard next < descriptors.count else { throw corrupt("missing stream for \(what)") }
        let d = descriptors[next]
        next += 1
        guard d.width == width else { throw corrupt("\(what): width \(d.width), expected \(width)") }
        return (d.encoding, d.count, UnsafeRawBufferPointer(rebasing: raw[d.start..<(d.start + d.length)]))
      }
      func offsets(_ what: String, expected: Int, decode: Bool) throws -> [Int]? {
        let s = try take(4, what)
        guard s.count == expected else { throw corrupt("\(what): \(s.count) lengths, expected \(expected)") }
        guard decode else { return nil }
        let lengths = StreamCodec.decode(s.bytes, count: s.count, encoding: s.encoding, as: UInt32.self)
        var result = [Int](repeating: 0, count: lengths.count + 1)
        for i in lengths.indices { result[i + 1] = result[i] + Int(lengths[i]) }
        return result
      }

      var batch = FeatureBatch()
      for (index, spec) in schema.enumerated() {
        let wanted = keep?.contains(index) ?? true
        let what = "column '\(spec.name)'"
        // List columns need their offsets to know the value count even when skipped.
        let listOffsets = spec.isList ? try offsets("\(what) list lengths", expected: rows, decode: true) : nil
        let valueCount = listOffsets?.last ?? rows
        let values: FeatureColumn.Values?
        switch spec.type {
        case .int32:
          let s = try take(4, what)
          guard s.count == valueCount else { throw corrupt("\(what): \(s.count) values, expected \(valueCount)") }
          values = wanted ? .int32(StreamCodec.decode(s.bytes, count: s.count, encoding: s.encoding, as: Int32.self)) : nil
        case .int64:
          let s = try take(8, what)
          guard s.count == valueCount else { throw corrupt("\(what): \(s.count) values, expected \(valueCount)") }
          values = wanted ? .int64(StreamCodec.decode(s.bytes, count: s.count, encoding: s.encoding, as: Int64.self)) : nil
        case .float:
          let s = try take(4, what)
          guard s.count == valueCount else { throw corrupt("\(what): \(s.count) values, expected \(valueCount)") }
          values = wanted ? .float(StreamCodec.decodeFloats(s.bytes, count: s.count, planes: s.encoding & StreamCodec.bytePlanes != 0, as: Float.self)) : nil
        case .double:
          let s = try take(8, what)
          guard s.count == valueCount else { throw corrupt("\(what): \(s.count) values, expected \(valueCount)") }
          values = wanted ? .double(StreamCodec.decodeFloats(s.bytes, count: s.count, planes: s.encoding & StreamCodec.bytePlanes != 0, as: Double.self)) : nil
        case .string:
          let stringOffsets = try offsets("\(what) string lengths", expected: valueCount, decode: true)!
          let s = try take(1, "\(what) bytes")
          guard s.count == stringOffsets.last! else { throw corrupt("\(what): \(s.count) bytes, lengths sum to \(stringOffsets.last!)") }
          values = wanted ? .string(StringArray(bytes: Array(s.bytes), offsets: stringOffsets)!) : nil
        }
        guard wanted, let values else { continue }
        let column = listOffsets.map { FeatureColumn(lists: values, offsets: $0)! } ?? FeatureColumn(values)
        do { try batch.add(spec.name, column) } catch { throw corrupt("\(error)") }
      }
      guard next == descriptors.count else { throw corrupt("\(descriptors.count - next) unexpected extra streams") }
      return batch
    }
  }
}
