import ReelPipeline
import XCTest

@testable import ReelTensor

/// The fused Dense operation against finite differences and against the unfused composition.
final class AffineTests: XCTestCase {
  var rng = SplitMix64(seed: 77)

  func testGradientsMatchFiniteDifferencesForEveryActivation() {
    for activation in Activation.allCases {
      // Inputs whose pre-activations (with and without bias) keep clear of ReLU's kink at 0.
      var (x, w, b) = (Tensor(0), Tensor(0), Tensor(0))
      repeat {
        (x, w, b) = (
          randomTensor([5, 4], &rng), randomTensor([4, 3], &rng), randomTensor([3], &rng)
        )
      } while (matmul(x, w).scalars + (matmul(x, w) + b).scalars).contains { abs($0) < 0.02 }
      assertGradientsMatchFiniteDifferences([x, w, b]) {
        affine($0[0], kernel: $0[1], bias: $0[2], activation: activation)
      }
      assertGradientsMatchFiniteDifferences([x, w]) {
        affine($0[0], kernel: $0[1], bias: nil, activation: activation)
      }
    }
    let sequence = randomTensor([2, 3, 4], &rng)
    let w = randomTensor([4, 5], &rng)
    let b = randomTensor([5], &rng)
    assertGradientsMatchFiniteDifferences([sequence, w, b]) {
      affine($0[0], kernel: $0[1], bias: $0[2], activation: .tanh)
    }
  }

  /// Large enough for the multi-threaded sweeps (and a width that is not a multiple of 8).
  func testFusedEqualsUnfusedOnLargeInputs() {
    // (inputs, outputs): the register kernel runs forward for 24 → 256 and 24 → 64, and
    // backward (input gradient) for 32 → 64 and 48 → 16; BLAS runs the rest.
    for (k, n, activation) in [
      (24, 256, Activation.relu), (24, 37, .relu), (24, 64, .linear), (24, 9, .sigmoid),
      (32, 64, .relu), (48, 16, .tanh),
    ] {
      XCTAssertEqual(
        AffineKernel.prefersRegisterKernel(m: 600, n: n, d: k)
          || AffineKernel.prefersRegisterKernel(m: 600, n: k, d: n),
        RowKernels.usesAVX2 && n % 16 == 0)
      let x = randomTensor([600, k], &rng)
      let w = randomTensor([k, n], &rng)
      let b = randomTensor([n], &rng)
      let upstream = randomTensor([600, n], &rng)
      func run(_ fused: Bool) -> [Tensor] {
        let tape = Tape()
        let (xv, wv, bv) = (tape.watch(x), tape.watch(w), tape.watch(b))
        let y =
          fused
          ? affine(xv, kernel: wv, bias: bv, activation: activation)
          : activation.apply(matmul(xv, wv) + bv)
        return [y.value]
          + tape.gradient(of: y, wrt: [xv, wv, bv], seed: upstream).map {
            $0.densified()
          }
      }
      for (label, (a, e)) in zip(["y", "dx", "dw", "db"], zip(run(true), run(false))) {
        XCTAssertEqual(a.shape, e.shape, label)
        let worst = zip(a.scalars, e.scalars).map { abs($0 - $1) / (1 + abs($1)) }.max() ?? 0
        XCTAssertLessThan(worst, 1e-4, "\(label) n=\(n) \(activation)")
      }
    }
  }

  func testEmptyBatchAndNoTape() {
    let y = affine(
      Variable(constant: Tensor(shape: [0, 3])), kernel: Variable(constant: Tensor(shape: [3, 2])),
      bias: Variable(constant: Tensor([1, 2])), activation: .relu)
    XCTAssertEqual(y.shape, [0, 2])
    XCTAssertFalse(y.isRecorded)
  }
}
