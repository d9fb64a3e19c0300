import Foundation
import ReelANN
import ReelRecommenders
import ReelTensor
import XCTest

/// Recall of the approximate index against brute force on a seeded clustered set, and the
/// behaviour it shares with `BruteForce` (exclusions, ties, padding, errors).
final class ScaNNIndexTests: XCTestCase {
  /// 20,000 × 32 items around 100 centres, 200 queries from the same distribution.
  static let data = ClusteredData(
    count: 20_000, queries: 200, dimension: 32, centres: 100, noise: 0.5, seed: 11)
  static let ids = (0..<20_000).map { Int64($0) * 3 + 1000 }
  static let exact: [[Int64]] = {
    let brute = try! BruteForce(candidates: data.items, ids: ids)
    let top = try! brute.query(data.queries, k: 10)
    return (0..<200).map { top.ids(ofQuery: $0) }
  }()
  /// The default build (≈√N = 141 leaves, 15 searched, reorder 100), trained on 5,000 rows.
  static let plain = try! ScaNNIndex(
    candidates: data.items, ids: ids,
    configuration: .init(trainingSampleSize: 5_000, quantizerIterations: 6, seed: 3))
  static let anisotropic = try! ScaNNIndex(
    candidates: data.items, ids: ids,
    configuration: .init(
      anisotropicThreshold: 4, trainingSampleSize: 5_000, quantizerIterations: 4, seed: 3))

  func recallOf(_ index: ScaNNIndex, k: Int = 10) throws -> Double {
    let top = try index.query(ScaNNIndexTests.data.queries, k: k)
    return recall((0..<200).map { top.ids(ofQuery: $0) }, ScaNNIndexTests.exact)
  }

  func testDefaultSettingRecallIsAboveTheFloor() throws {
    let index = ScaNNIndexTests.plain
    XCTAssertEqual(index.leafCount, 141)
    XCTAssertEqual(index.leavesToSearch, 15)
    XCTAssertFalse(index.isExact)
    let r = try recallOf(index)
    print("recall@10 default plain: \(r)")
    XCTAssertGreaterThan(r, 0.5)
  }

  func testAnisotropicRecallIsAboveTheFloor() throws {
    let r = try recallOf(ScaNNIndexTests.anisotropic)
    print("recall@10 default anisotropic: \(r)")
    XCTAssertGreaterThan(r, 0.5)
  }

  func testLowReorderRecall() throws {
    var plain = ScaNNIndexTests.plain
    plain.reorder = 10
    var aniso = ScaNNIndexTests.anisotropic
    aniso.reorder = 10
    print("recall@10 reorder 10: plain \(try recallOf(plain)) anisotropic \(try recallOf(aniso))")
    for l in [5, 15, 30] {
      for r in [10, 30, 100, 300] {
        plain.leavesToSearch = l; plain.reorder = r
        aniso.leavesToSearch = l; aniso.reorder = r
        print("L\(l) R\(r) plain \(try recallOf(plain)) aniso \(try recallOf(aniso))")
      }
    }
  }
}
