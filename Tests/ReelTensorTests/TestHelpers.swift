import ReelPipeline
import ReelTensor

/// A tensor of `shape` with elements uniform in `range`, from `rng`.
func randomTensor(
  _ shape: [Int], _ rng: inout SplitMix64, in range: ClosedRange<Float> = -1...1
) -> Tensor {
  let count = shape.reduce(1, *)
  return Tensor(
    shape: shape, scalars: (0..<count).map { _ in Float.random(in: range, using: &rng) })
}
