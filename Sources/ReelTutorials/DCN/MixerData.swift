/// The synthetic "blender" data of TFRS's DCN tutorial (`get_mixer_data`): three features
/// drawn uniformly, `country = randint(200)/200`, `bananas = randint(24)/24`,
/// `cookbooks = randint(6)/6`, and the label
/// `y = 0.1c + 0.4b + 0.7k + 0.1cb + 3.1bk + 0.1k²`.
///
///     let data = MixerData(count: 100_000, seed: 42)
///     data.features.shape   // [100000, 3]
///     let (train, test) = data.split(trainCount: 90_000)
///
/// The reference draws from NumPy's `RandomState(42)`, which Swift does not reproduce; here
/// the three columns come from one ``SplitMix64`` seeded with `seed` (row by row, country then
/// bananas then cookbooks). The distribution is the same; the points are not.
///
/// - Complexity: O(count).
public struct MixerData: Sendable {
  /// The names of the three feature columns, in order.
  public static let featureNames = ["country", "purchased_bananas", "purchased_cookbooks"]

  /// `[count, 3]`: country, bananas, cookbooks.
  public let features: Tensor
  /// `[count, 1]`: the label.
  public let labels: Tensor

  /// `count` points drawn with `seed`.
  public init(count: Int = 100_000, seed: UInt64 = 42) {
    var rng = SplitMix64(seed: seed)
    var x = [Float]()
    var y = [Float]()
    x.reserveCapacity(3 * count)
    y.reserveCapacity(count)
    for _ in 0..<count {
      let c = Double(rng.next(below: 200)) / 200
      let b = Double(rng.next(below: 24)) / 24
      let k = Double(rng.next(below: 6)) / 6
      x += [Float(c), Float(b), Float(k)]
      y.append(Float(Self.label(country: c, bananas: b, cookbooks: k)))
    }
    features = Tensor(shape: [count, 3], scalars: x)
    labels = Tensor(shape: [count, 1], scalars: y)
  }

  private init(features: Tensor, labels: Tensor) {
    self.features = features
    self.labels = labels
  }

  /// The tutorial's function of the three features.
  public static func label(country c: Double, bananas b: Double, cookbooks k: Double) -> Double {
    0.1 * c + 0.4 * b + 0.7 * k + 0.1 * c * b + 3.1 * b * k + 0.1 * k * k
  }

  /// The number of points.
  public var count: Int { labels.shape[0] }

  /// The first `trainCount` points and the rest, in order (the tutorial does not shuffle).
  public func split(trainCount: Int) -> (train: MixerData, test: MixerData) {
    let n = min(max(0, trainCount), count)
    return (
      MixerData(features: features.rows(0..<n), labels: labels.rows(0..<n)),
      MixerData(features: features.rows(n..<count), labels: labels.rows(n..<count))
    )
  }

  /// Consecutive batches of `size` rows (the last may be shorter), as `FeatureBatch`es with
  /// a `features` float-list column (3 per row) and a `label` float column, the input of
  /// ``MixerModel``.
  public func batches(size: Int) -> AnyDataset<FeatureBatch> {
    let x = features.scalars
    let y = labels.scalars
    let batches: [FeatureBatch] = stride(from: 0, to: count, by: max(1, size)).map { start in
      let end = min(count, start + max(1, size))
      let offsets = (start...end).map { 3 * ($0 - start) }
      return try! FeatureBatch([
        ("features", FeatureColumn(lists: .float(Array(x[3 * start..<3 * end])), offsets: offsets)!),
        ("label", .float(Array(y[start..<end]))),
      ])
    }
    return Datasets.from(batches).eraseToAnyDataset()
  }
}
