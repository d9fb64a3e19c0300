import Foundation

/// One approximate-index setting the efficient-serving tutorial measures: a ScaNN tree-AH
/// configuration of TFRS's `efficient_serving` notebook (`tfrs.layers.factorized_top_k.ScaNN`
/// with its `num_leaves`, `num_leaves_to_search`, `num_reordering_candidates`).
///
///     let configs = ServingConfiguration.notebook.map { $0.adapted(toCount: 50_000) }
public struct ServingConfiguration: Equatable, Sendable {
  /// The name the notebook gives the layer (`scann`, `scann2`, `scann3`).
  public var name: String
  /// k-means leaves (`num_leaves`).
  public var leaves: Int
  /// Leaves searched per query (`num_leaves_to_search`).
  public var leavesToSearch: Int
  /// Candidates re-scored exactly (`num_reordering_candidates`).
  public var reorder: Int

  public init(name: String, leaves: Int, leavesToSearch: Int, reorder: Int) {
    self.name = name
    self.leaves = leaves
    self.leavesToSearch = leavesToSearch
    self.reorder = reorder
  }

  /// The notebook's settings, for its ~1.7M candidates (leaves 100 is the TFRS layer's
  /// default `num_leaves`, 10 its default `num_leaves_to_search`):
  /// * `scann`: the latency demo, `ScaNN(num_reordering_candidates=500, num_leaves_to_search=30)`;
  /// * `scann-recall`: `ScaNN(num_reordering_candidates=1000)`, the layer it evaluates, saves
  ///   and measures recall with;
  /// * `scann2`: 1000 leaves, 100 searched, reorder 1000 ("significantly higher recall");
  /// * `scann3`: 1000 leaves, 70 searched, reorder 400 (recall near `scann2`, lower latency).
  public static let notebook: [ServingConfiguration] = [
    ServingConfiguration(name: "scann", leaves: 100, leavesToSearch: 30, reorder: 500),
    ServingConfiguration(name: "scann-recall", leaves: 100, leavesToSearch: 10, reorder: 1000),
    ServingConfiguration(name: "scann2", leaves: 1000, leavesToSearch: 100, reorder: 1000),
    ServingConfiguration(name: "scann3", leaves: 1000, leavesToSearch: 70, reorder: 400),
  ]

  /// The candidate count the notebook's settings were chosen for (about 1M).
  public static let notebookCount = 1_000_000

  /// This setting for a set of `count` candidates: unchanged from about 1M candidates up;
  /// below, leaves and leaves searched shrink by √(count / 1M) (the leaf count follows
  /// ScaNN's ≈√n rule, the fraction of leaves searched stays the same), at least 1 each and
  /// leaves at most `count`; reorder stays.
  public func adapted(toCount count: Int) -> ServingConfiguration {
    guard count < Self.notebookCount else { return self }
    let scale = (Double(max(count, 1)) / Double(Self.notebookCount)).squareRoot()
    var out = self
    out.leaves = min(max(1, Int((Double(leaves) * scale).rounded())), max(count, 1))
    out.leavesToSearch = min(
      max(1, Int((Double(leavesToSearch) * scale).rounded())), out.leaves)
    return out
  }
}
