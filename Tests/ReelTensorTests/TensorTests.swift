import XCTest

@testable import ReelTensor

final class TensorTests: XCTestCase {
  func testCopiesShareUntilWritten() {
    let a = Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
    var b = a
    b[0, 1] = 9
    XCTAssertEqual(a.scalars, [1, 2, 3, 4])
    XCTAssertEqual(b.scalars, [1, 9, 3, 4])
  }

  func testRowViewsShareAndCopyOnlyTheirWindowWhenWritten() {
    let a = Tensor(shape: [3, 2], scalars: [1, 2, 3, 4, 5, 6])
    var view = a.rows(1..<3)
    XCTAssertEqual(view.scalars, [3, 4, 5, 6])
    XCTAssertTrue(view.storage === a.storage)
    view[0, 0] = 0
    XCTAssertEqual(view.scalars, [0, 4, 5, 6])
    XCTAssertEqual(a.scalars, [1, 2, 3, 4, 5, 6])
    XCTAssertEqual(view.storage.capacity, 4)
    XCTAssertEqual(a.row(2).scalars, [5, 6])
    XCTAssertEqual(a.row(2).shape, [2])
  }

  func testUniqueTensorIsWrittenInPlace() {
    var a = Tensor(shape: [4], repeating: 1)
    let before = ObjectIdentifier(a.storage)
    a += Tensor(shape: [4], repeating: 2)
    XCTAssertEqual(ObjectIdentifier(a.storage), before)
    XCTAssertEqual(a.scalars, [3, 3, 3, 3])
  }

  func testReplaceRowsAndReshape() {
    var t = Tensor(shape: [3, 2], repeating: 0)
    t.replaceRows(startingAt: 1, with: Tensor(rows: [[1, 2], [3, 4]]))
    XCTAssertEqual(t.scalars, [0, 0, 1, 2, 3, 4])
    XCTAssertEqual(t.reshaped([2, 3]).row(1).scalars, [2, 3, 4])
  }

  func testScalarTensorAndDescription() {
    let s = Tensor(2.5)
    XCTAssertEqual(s.rank, 0)
    XCTAssertEqual(s.scalar, 2.5)
    XCTAssertEqual(Tensor([1, 2]).description, "Tensor[2][1.0, 2.0]")
  }
}

final class LargeBufferCacheTests: XCTestCase {
  func testReleasedLargeBuffersAreReusedAndFullyOverwritten() {
    Tensor.releaseCachedBuffers()
    var address: UnsafeMutablePointer<Float>?
    do {
      let big = Tensor(shape: [1 << 19], repeating: 7)
      address = big.storage.base
    }
    let again = Tensor(shape: [1 << 19], repeating: 0)
    XCTAssertEqual(again.storage.base, address)
    XCTAssertEqual(again.sum().scalar, 0)
    let small = Tensor(shape: [4], repeating: 1)
    XCTAssertEqual(small.scalars, [1, 1, 1, 1])
    Tensor.releaseCachedBuffers()
  }
}
