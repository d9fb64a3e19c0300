import Foundation
import ReelRecommenders
import ReelTensor

/// A ``ScaNNIndex`` over a trained retrieval model's candidate (movie) embeddings, for serving.
///
/// Ids are candidate positions (rows of `movies.json`), so results map back to titles. The
/// index file keeps the exact embeddings it was built from, and ``load(from:for:)`` compares
/// them with the model's: an index built from another model, or before the model was
/// retrained, is an error instead of silently wrong recommendations.
///
///     let loaded = try ModelDirectory.load(from: modelURL)
///     let index = try ModelIndex.build(for: loaded.recommender)
///     try index.save(to: ModelIndex.defaultURL(model: modelURL))
///     let same = try ModelIndex.load(from: ModelIndex.defaultURL(model: modelURL),
///                                    for: loaded.recommender)
///     let top = try loaded.recommender.recommend(user: "42", k: 10, using: same)
public enum ModelIndex {
  /// The index file's name inside a model directory.
  public static let defaultFileName = "candidates.scann"

  /// Where `reel index build --model` writes the index by default: inside the model directory.
  public static func defaultURL(model: URL) -> URL {
    model.appendingPathComponent(defaultFileName)
  }

  /// Builds an approximate index of `recommender`'s candidate embeddings (ids: positions in
  /// `recommender.movies`).
  ///
  /// - Throws: ``RecommenderError`` for a ranking model or an invalid configuration.
  /// - Complexity: that of ``ScaNNIndex/init(candidates:ids:configuration:progress:)``.
  public static func build(
    for recommender: TutorialRecommender,
    configuration: ScaNNIndex.Configuration = .init(),
    progress: ((ScaNNIndex.BuildProgress) -> Void)? = nil
  ) throws -> ScaNNIndex {
    try ScaNNIndex(
      candidates: recommender.candidateEmbeddings(), ids: nil, configuration: configuration,
      progress: progress)
  }

  /// Reads the index at `url` and checks that it was built from `recommender`'s candidate
  /// embeddings: the same count and dimension, ids that are candidate positions, and
  /// bit-identical vectors.
  ///
  /// - Throws: ``RecommenderError`` naming the file when it does not fit the model, or when it
  ///   is not a valid index file.
  /// - Complexity: O(movies × dimension) for the comparison, after reading the file.
  public static func load(from url: URL, for recommender: TutorialRecommender) throws
    -> ScaNNIndex
  {
    guard FileManager.default.fileExists(atPath: url.path) else {
      throw RecommenderError(
        component: url.path,
        reason: "no index file (build one with `reel index build --model MODELDIR`)")
    }
    let index = try ScaNNIndex(contentsOf: url)
    try check(index, file: url.path, for: recommender)
    return index
  }

  /// Throws unless `index` holds exactly `recommender`'s candidate embeddings with ids equal
  /// to their positions; `file` names the index in the error.
  public static func check(_ index: ScaNNIndex, file: String, for recommender: TutorialRecommender)
    throws
  {
    let embeddings = try recommender.candidateEmbeddings()
    let (n, d) = (embeddings.shape[0], embeddings.shape[1])
    func fail(_ why: String) -> RecommenderError {
      RecommenderError(
        component: file,
        reason: "built for different embeddings: \(why); rebuild it with "
          + "`reel index build --model MODELDIR`")
    }
    guard index.count == n, index.dimension == d else {
      throw fail(
        "the index holds \(index.count) × \(index.dimension), the model has \(n) movies of "
          + "dimension \(d)")
    }
    if let ids = index.ids, let row = ids.indices.first(where: { ids[$0] != Int64($0) }) {
      throw fail("row \(row) has id \(ids[row]), not its position \(row) in movies.json")
    }
    let differing = embeddings.withUnsafeBufferPointer { a in
      index.candidates.withUnsafeBufferPointer { b in
        (0..<n).first { row in
          (0..<d).contains { a[row * d + $0].bitPattern != b[row * d + $0].bitPattern }
        }
      }
    }
    if let row = differing {
      throw fail(
        "movie \(row) ('\(recommender.movies[row])') has another embedding than in the model "
          + "(built from another model, or before it was retrained)")
    }
  }
}
