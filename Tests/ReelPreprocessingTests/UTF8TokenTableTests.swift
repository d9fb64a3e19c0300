import ReelPipeline
import XCTest

@testable import ReelPreprocessing

/// The byte-keyed token table behind string lookups and TextVectorization: ids in insertion order, keys of every length
/// (inline ≤ 7 bytes and arena-compared longer ones), growth, and misses.
final class UTF8TokenTableTests: XCTestCase {
  func testAgreesWithADictionaryOverKeysOfEveryLength() {
    var rng = SplitMix64(seed: 11)
    var table = UTF8TokenTable()
    var reference: [[UInt8]: Int] = [:]
    var order: [[UInt8]] = []
    for _ in 0..<20_000 {
      let length = Int.random(in: 0...20, using: &rng)
      // A small alphabet makes many keys share prefixes and inline words.
      let key = (0..<length).map { _ in UInt8.random(in: 0...3, using: &rng) * 85 }
      let id = key.withUnsafeBytes { table.insert($0).id }
      if let known = reference[key] {
        XCTAssertEqual(id, known)
      } else {
        XCTAssertEqual(id, order.count)
        reference[key] = id
        order.append(key)
      }
    }
    XCTAssertEqual(table.count, order.count)
    for (id, key) in order.enumerated() {
      XCTAssertEqual(key.withUnsafeBytes { table.find($0) }, id)
      XCTAssertEqual(Array(table.bytes[table.range(id)]), key)
    }
    for key in [[1, 2, 3], [0, 0, 0, 0, 0, 0, 0, 0, 0], Array(repeating: 7, count: 40)] as [[UInt8]] where reference[key] == nil {
      XCTAssertNil(key.withUnsafeBytes { table.find($0) })
    }
    // A 7-byte key and an 8-byte key with the same first 7 bytes are different keys.
    var small = UTF8TokenTable()
    XCTAssertEqual(small.insert("abcdefg").id, 0)
    XCTAssertEqual(small.insert("abcdefgh").id, 1)
    XCTAssertEqual(small.insert("abcdefg\u{0}").id, 2)
    XCTAssertEqual(small.insert("").id, 3)
    XCTAssertEqual(small.find("abcdefgh"), 1)
    XCTAssertEqual(small.find(""), 3)
    XCTAssertNil(small.find("abcdef"))
  }
}
