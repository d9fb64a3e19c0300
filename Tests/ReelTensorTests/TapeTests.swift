import XCTest

@testable import ReelTensor

final class TapeTests: XCTestCase {
  func testEmbeddingGradientsAreSparseAndCoalesced() {
    let tape = Tape()
    let table = tape.watch(Tensor(shape: [100, 2], repeating: 1))
    let looked = table.gather(rows: [7, 3, 7, 50])
    let other = table.gather(rows: [3])
    let loss = looked.sum() + other.sum() * 2
    guard case .sparse(let g) = tape.gradient(of: loss, wrt: [table])[0] else {
      return XCTFail("expected a sparse gradient")
    }
    XCTAssertEqual(g.indices, [3, 7, 50])
    XCTAssertEqual(g.rows.scalars, [3, 3, 2, 2, 1, 1])
    XCTAssertEqual(g.denseShape, [100, 2])
  }

  func testParametersWatchedTwiceShareOneLeaf() {
    let w = Parameter(name: "w", value: Tensor([2]))
    let tape = Tape()
    let first = tape.watch(w)
    let second = tape.watch(w)
    let loss = (first * second).sum()
    XCTAssertEqual(tape.gradient(of: loss, wrt: [w])[0].densified().scalars, [4])
  }

  func testUnconnectedVariablesGetEmptyGradients() {
    let tape = Tape()
    let used = tape.watch(Tensor([1]))
    let unused = tape.watch(Tensor(shape: [3, 2]))
    let grads = tape.gradient(of: used.sum(), wrt: [unused])
    guard case .sparse(let g) = grads[0] else { return XCTFail("expected empty sparse") }
    XCTAssertTrue(g.indices.isEmpty)
    XCTAssertEqual(g.densified(), Tensor(shape: [3, 2]))
    let p = Parameter(name: "never watched", value: Tensor([1]))
    guard case .sparse = tape.gradient(of: used.sum(), wrt: [p])[0] else { return XCTFail() }
  }

  func testConstantsRecordNothing() {
    let tape = Tape()
    let x = tape.watch(Tensor([1, 2]))
    let before = tape.count
    let c = Variable(constant: Tensor([3, 4])).exp() * Variable(constant: Tensor(2))
    XCTAssertFalse(c.isRecorded)
    XCTAssertEqual(tape.count, before)
    let y = (x * c).sum()
    XCTAssertEqual(tape.count, before + 2)
    XCTAssertEqual(tape.gradient(of: y, wrt: [x])[0].densified(), c.value)
  }

  func testSeedWeightsTheResult() {
    let tape = Tape()
    let x = tape.watch(Tensor([1, 2]))
    let y = x * Variable(constant: Tensor([3, 4]))
    let g = tape.gradient(of: y, wrt: [x], seed: Tensor([1, -1]))
    XCTAssertEqual(g[0].densified().scalars, [3, -4])
  }

  func testDenseSumsAreAccumulatedInPlace() {
    var sum = GradientSum.dense(Tensor(shape: [4], repeating: 1))
    guard case .dense(let before) = sum else { return XCTFail() }
    let id = ObjectIdentifier(before.storage)
    _ = consume before
    sum.add(.dense(Tensor(shape: [4], repeating: 2)))
    guard case .dense(let after) = sum else { return XCTFail() }
    XCTAssertEqual(ObjectIdentifier(after.storage), id)
    XCTAssertEqual(after.scalars, [3, 3, 3, 3])
  }
}
