import Foundation
import ReelPipeline
import XCTest

@testable import ReelTensor

final class KernelTests: XCTestCase {
  func testVectorExpIsWithinTwoUlpOfFoundation() {
    var worst: Float = 0
    var x: Float = -87
    while x < 88.5 {
      let got = VectorMath.exp(x)
      let want = Float(Foundation.exp(Double(x)))
      worst = max(worst, abs(got - want) / want.ulp)
      x += 0.0137
    }
    XCTAssertLessThanOrEqual(worst, 2)
    XCTAssertEqual(VectorMath.exp(-200), 0)
    XCTAssertEqual(VectorMath.exp(100), .infinity)
    XCTAssertTrue(VectorMath.exp(Float.nan).isNaN)
    XCTAssertEqual(VectorMath.exp(0), 1)
  }

  func testNonPositiveExpAgreesWithFullExp() {
    var x: Float = -87.3
    while x <= 0 {
      let lanes = VectorMath.Vector(repeating: x)
      XCTAssertEqual(VectorMath.expOfNonPositive(lanes)[3], VectorMath.exp(lanes)[3], "x = \(x)")
      x += 0.0113
    }
    XCTAssertEqual(VectorMath.expOfNonPositive(.init(repeating: -100))[0], 0)
    XCTAssertEqual(VectorMath.expOfNonPositive(.zero)[0], 1)
  }

  func testRowKernelsAgreeWithPortableCode() {
    var rng = SplitMix64(seed: 21)
    for count in [0, 1, 7, 8, 15, 16, 17, 100, 1000] {
      var row = (0..<count).map { _ in Float.random(in: -90...5, using: &rng) }
      row.withUnsafeMutableBufferPointer { buffer in
        let p = buffer.baseAddress ?? UnsafeMutablePointer<Float>(bitPattern: 64)!
        let m = RowKernels.max(p, count: count)
        XCTAssertEqual(m, VectorMath.max(p, count: count))
        var fast = [Float](repeating: 0, count: count)
        var portable = [Float](repeating: 0, count: count)
        let fastSum = fast.withUnsafeMutableBufferPointer {
          RowKernels.expShifted(p, $0.baseAddress ?? p, count: count, shift: m)
        }
        let portableSum = portable.withUnsafeMutableBufferPointer {
          VectorMath.expShifted(p, $0.baseAddress ?? p, count: count, shift: m)
        }
        XCTAssertEqual(fastSum, portableSum, accuracy: 1e-5 * max(1, portableSum))
        XCTAssertEqual(RowKernels.sumExpShifted(p, count: count, shift: m), fastSum)
        for (a, b) in zip(fast, portable) { XCTAssertEqual(a, b, accuracy: 3 * max(b.ulp, 1e-38)) }
      }
    }
    var withNaN: [Float] = Array(repeating: 1, count: 20)
    withNaN[17] = .nan
    XCTAssertTrue(
      withNaN.withUnsafeBufferPointer { RowKernels.max($0.baseAddress!, count: 20) }.isNaN)
    withNaN[17] = 1
    withNaN[3] = .nan
    XCTAssertTrue(
      withNaN.withUnsafeBufferPointer { RowKernels.max($0.baseAddress!, count: 20) }.isNaN)
  }

  func testBroadcastArithmetic() {
    let m = Tensor(rows: [[1, 2, 3], [4, 5, 6]])
    XCTAssertEqual((m + Tensor([10, 20, 30])).scalars, [11, 22, 33, 14, 25, 36])
    XCTAssertEqual((m * Tensor(rows: [[2], [3]])).scalars, [2, 4, 6, 12, 15, 18])
    XCTAssertEqual((Tensor(rows: [[1], [2]]) - Tensor([1, 2, 3])).shape, [2, 3])
    XCTAssertEqual((Tensor(rows: [[1], [2]]) - Tensor([1, 2, 3])).scalars, [0, -1, -2, 1, 0, -1])
    XCTAssertEqual((m / 2).scalars, [0.5, 1, 1.5, 2, 2.5, 3])
    XCTAssertEqual((Tensor(6) / m.row(0)).scalars, [6, 3, 2])
    let big = Tensor(shape: [3, 1, 2], scalars: [1, 2, 3, 4, 5, 6])
    let other = Tensor(shape: [2, 1], scalars: [10, 20])
    let sum = big + other
    XCTAssertEqual(sum.shape, [3, 2, 2])
    XCTAssertEqual(sum.scalars, [11, 12, 21, 22, 13, 14, 23, 24, 15, 16, 25, 26])
  }

  func testLargeBroadcastMatchesSmallLoop() {
    var rng = SplitMix64(seed: 3)
    let a = randomTensor([300, 257], &rng)
    let b = randomTensor([257], &rng)
    let c = a * b
    for r in [0, 150, 299] {
      for j in [0, 7, 8, 256] {
        XCTAssertEqual(c[r, j], a[r, j] * b[j])
      }
    }
  }

  func testUnaryFunctions() {
    let x = Tensor([-2, -0.5, 0, 0.5, 2, 3, 4, 5, 6])
    XCTAssertEqual(x.relu().scalars, [0, 0, 0, 0.5, 2, 3, 4, 5, 6])
    for (got, v) in zip(x.sigmoid().scalars, x.scalars) {
      XCTAssertEqual(got, Float(1 / (1 + Foundation.exp(-Double(v)))), accuracy: 1e-7)
    }
    for (got, v) in zip(x.tanh().scalars, x.scalars) {
      XCTAssertEqual(got, Foundation.tanh(v), accuracy: 1e-7)
    }
    XCTAssertEqual(Tensor([1, 4]).log().scalars[1], Foundation.log(4), accuracy: 1e-7)
    XCTAssertEqual(Tensor([-3, 3]).squared().scalars, [9, 9])
    XCTAssertEqual(Tensor([-3, 0.5, 3]).clipped(to: 0...1).scalars, [0, 0.5, 1])
  }

  func testSumAndMeanOverAxes() {
    let t = Tensor(shape: [2, 3, 2], scalars: (1...12).map(Float.init))
    XCTAssertEqual(t.sum().scalar, 78)
    XCTAssertEqual(t.sum(alongAxes: [0]).scalars, [8, 10, 12, 14, 16, 18])
    XCTAssertEqual(t.sum(alongAxes: [1]).scalars, [9, 12, 27, 30])
    XCTAssertEqual(t.sum(alongAxes: [2]).scalars, [3, 7, 11, 15, 19, 23])
    XCTAssertEqual(t.sum(alongAxes: [0, 2]).scalars, [18, 26, 34])
    XCTAssertEqual(t.sum(alongAxes: [-1], keepingDimensions: true).shape, [2, 3, 1])
    XCTAssertEqual(t.mean(alongAxes: [0, 1]).scalars, [6, 7])
    XCTAssertEqual(Tensor(shape: [0, 3]).sum(alongAxes: [0]).scalars, [0, 0, 0])
  }

  func testConcatAndSplitAreInverse() {
    let a = Tensor(shape: [2, 2, 1], scalars: [1, 2, 3, 4])
    let b = Tensor(shape: [2, 1, 1], scalars: [5, 6])
    let joined = concat([a, b], axis: 1)
    XCTAssertEqual(joined.shape, [2, 3, 1])
    XCTAssertEqual(joined.scalars, [1, 2, 5, 3, 4, 6])
    let parts = joined.split(sizes: [2, 1], axis: 1)
    XCTAssertEqual(parts[0], a)
    XCTAssertEqual(parts[1], b)
    let rows = joined.split(sizes: [1, 1], axis: 0)
    XCTAssertEqual(concat(rows, axis: 0), joined)
  }

  func testGatherAndScatterAdd() {
    let table = Tensor(rows: [[0, 1], [2, 3], [4, 5]])
    XCTAssertEqual(table.gather(rows: [2, 2, 0]).scalars, [4, 5, 4, 5, 0, 1])
    let summed = Tensor(shape: [3, 2]).scatterAdd(
      rows: [2, 0, 2], updates: Tensor(rows: [[1, 1], [2, 2], [3, 3]]))
    XCTAssertEqual(summed.scalars, [2, 2, 0, 0, 4, 4])
  }

  func testTopKMatchesSortWithLowerIndexFirstOnTies() {
    var rng = SplitMix64(seed: 11)
    let columns = 50
    // Values drawn from a few levels, so ties are common.
    let scores = Tensor(
      shape: [20, columns],
      scalars: (0..<(20 * columns)).map { _ in Float(rng.next(below: 7)) })
    for k in [0, 1, 5, 50] {
      let top = scores.topK(k)
      for r in 0..<20 {
        let row = scores.row(r).scalars
        let expected = row.indices.sorted { row[$0] > row[$1] || (row[$0] == row[$1] && $0 < $1) }
        XCTAssertEqual(top.indices[(r * k)..<(r * k + k)].map(Int.init), Array(expected.prefix(k)))
        XCTAssertEqual(top.values.rows(r..<(r + 1)).scalars, expected.prefix(k).map { row[$0] })
      }
    }
    let nan = Tensor(rows: [[.nan, 1, 2]]).topK(3)
    XCTAssertEqual(Array(nan.indices), [2, 1, 0])
  }

  func testSoftmaxAndLogSoftmaxAreStable() {
    let x = Tensor(rows: [[1000, 1000, 999], [-5, 0, 5]])
    let p = x.softmax()
    let lp = x.logSoftmax()
    for r in 0..<2 {
      let row = x.row(r).scalars.map(Double.init)
      let m = row.max()!
      let lse = m + Foundation.log(row.map { Foundation.exp($0 - m) }.reduce(0, +))
      for j in 0..<3 {
        XCTAssertEqual(Double(lp[r, j]), row[j] - lse, accuracy: 1e-5)
        XCTAssertEqual(Double(p[r, j]), Foundation.exp(row[j] - lse), accuracy: 1e-6)
      }
    }
  }

  func testEmptyShapesGiveEmptyResults() {
    XCTAssertEqual(Tensor(shape: [3, 0]).softmax().shape, [3, 0])
    XCTAssertEqual(Tensor(shape: [0, 4]).logSoftmax().shape, [0, 4])
    XCTAssertEqual(Tensor(shape: [2, 0]).topK(0).values.shape, [2, 0])
    XCTAssertEqual((Tensor(shape: [0, 3]) + Tensor([1, 2, 3])).shape, [0, 3])
    XCTAssertEqual(Tensor(shape: [2, 3]).gather(rows: []).shape, [0, 3])
    XCTAssertEqual(softmaxCrossEntropy(logits: Tensor(shape: [0, 5]), classes: []).shape, [0])
  }

  func testSoftmaxCrossEntropyDenseAndClassTargetsAgree() {
    var rng = SplitMix64(seed: 5)
    let logits = randomTensor([6, 37], &rng, in: -4...4)
    let classes: [Int32] = [0, 36, 5, 5, 20, 1]
    var oneHot = Tensor(shape: [6, 37])
    for (r, c) in classes.enumerated() { oneHot[r, Int(c)] = 1 }
    let dense = softmaxCrossEntropy(logits: logits, labels: oneHot)
    let sparse = softmaxCrossEntropy(logits: logits, classes: classes)
    let lp = logits.logSoftmax()
    for r in 0..<6 {
      XCTAssertEqual(dense[r], -lp[r, Int(classes[r])], accuracy: 1e-5)
      XCTAssertEqual(sparse[r], dense[r], accuracy: 1e-5)
    }
    // The fused gradient is softmax minus the targets, scaled per row.
    let fused = CrossEntropyKernel.run(
      logits: logits, targets: .classes(classes), gradientScales: [1, 2, 1, 1, 1, 0.5])
    let p = logits.softmax()
    let g = fused.gradient!
    XCTAssertEqual(g[1, 36], 2 * (p[1, 36] - 1), accuracy: 1e-6)
    XCTAssertEqual(g[1, 3], 2 * p[1, 3], accuracy: 1e-6)
    XCTAssertEqual(g[5, 1], 0.5 * (p[5, 1] - 1), accuracy: 1e-6)
  }

  func testBinaryCrossEntropyClipsAsKeras() {
    let p = Tensor(rows: [[0, 1, 0.25]])
    let y = Tensor(rows: [[0, 1, 1]])
    let clipLow: Double = 1e-7
    let clipHigh = Double(Float(1) - Float(1e-7))
    let eps = Double(Float(1e-7))
    let expected =
      -(Foundation.log(1 - clipLow + eps) + Foundation.log(clipHigh + eps)
      + Foundation.log(0.25 + eps)) / 3
    XCTAssertEqual(
      Double(binaryCrossEntropy(probabilities: p, labels: y).scalar), expected, accuracy: 1e-6)
    let fromLogits = binaryCrossEntropy(logits: Tensor(rows: [[100, -100, 0]]), labels: y)
    XCTAssertEqual(fromLogits.scalar, (100 + 100 + Float(Foundation.log(2.0))) / 3, accuracy: 1e-4)
  }

  func testMeanSquaredErrorL2NormalizeAndMaskedMean() {
    XCTAssertEqual(
      meanSquaredError(
        predictions: Tensor(rows: [[1, 3], [0, 0]]), labels: Tensor(rows: [[0, 1], [0, 2]])
      )
      .scalars, [2.5, 2])
    let n = Tensor(rows: [[3, 4], [0, 0]]).l2Normalized()
    XCTAssertEqual(n.scalars, [0.6, 0.8, 0, 0])
    let x = Tensor(shape: [2, 3, 1], scalars: [1, 2, 9, 4, 5, 6])
    XCTAssertEqual(
      maskedMean(x, mask: [true, true, false, false, false, false]).scalars, [1.5, 0])
  }
}
