import XCTest

@testable import ReelTensor

final class CustomOperationTests: XCTestCase {
  func testRecordedOperationJoinsTheTape() {
    let tape = Tape()
    let x = tape.watch(Tensor([1, 2]))
    let constant = Variable(constant: Tensor([5, 5]))
    var needsSeen: [Bool] = []
    let y = Variable.recording(x.value * 3 + constant.value, inputs: [x, constant]) { g, needs in
      needsSeen = needs
      return [.dense(g * 3), nil]
    }
    XCTAssertTrue(y.isRecorded)
    XCTAssertEqual(y.value.scalars, [8, 11])
    XCTAssertEqual(tape.gradient(of: (y * y).sum(), wrt: [x])[0].densified().scalars, [48, 66])
    XCTAssertEqual(needsSeen, [true, false])
    let unrecorded = Variable.recording(Tensor([1]), inputs: [constant]) { _, _ in [nil] }
    XCTAssertFalse(unrecorded.isRecorded)
  }
}
