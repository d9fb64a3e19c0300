import Dispatch
import Foundation

/// The efficient-serving tutorial's large candidate set: the trained movie embeddings
/// followed by `copies` noisy copies of all of them, as TFRS's `efficient_serving` notebook
/// builds its ~1M "lots_of_movies" (`movie_model(x) * tf.random.uniform(tf.shape(x))`: every
/// coordinate of a copy is the original's times an independent uniform number in [0, 1)).
///
/// Row `r` is a copy of movie `r % movieCount`; the first `movieCount` rows are the movies
/// themselves (copy 0). The notebook gives the copies an empty title; here a copy keeps the
/// index of the movie it was made from (``movie(ofRow:)``) so results can be shown.
///
///     let movies = try recommender.candidateEmbeddings()            // [1649, 32]
///     let lots = try LargeCandidateSet(movies: movies, copies: 1000, seed: 42)
///     lots.embeddings.shape                                          // [1650649, 32]
///
/// The values depend only on the movies, `copies` and `seed`, never on the number of
/// threads: copy c draws from its own ``SplitMix64`` stream seeded from (`seed`, c).
public struct LargeCandidateSet: Sendable {
  /// All candidates, `[movieCount · (copies + 1), dimension]`.
  public let embeddings: Tensor
  /// The number of real movies (rows `0..<movieCount`).
  public let movieCount: Int
  /// The number of noisy copies of every movie.
  public let copies: Int
  /// The seed of the noise.
  public let seed: UInt64

  /// The number of candidates, `movieCount · (copies + 1)`.
  public var count: Int { embeddings.shape[0] }
  /// The embedding size.
  public var dimension: Int { embeddings.shape[1] }

  /// The movie (row of the original embeddings) that candidate `row` was made from.
  public func movie(ofRow row: Int) -> Int { row % movieCount }
  /// Whether candidate `row` is a real movie rather than a noisy copy.
  public func isOriginal(row: Int) -> Bool { row < movieCount }

  /// Builds the set from `movies` (`[movieCount, dimension]`) on every core.
  ///
  /// - Throws: ``RecommenderError`` when `movies` is not a non-empty matrix, `copies` is
  ///   negative, or the set would have more than 2³¹ − 1 rows.
  /// - Complexity: O(movieCount · copies · dimension) time and the result's memory.
  public init(movies: Tensor, copies: Int, seed: UInt64) throws {
    func fail(_ reason: String) -> RecommenderError {
      RecommenderError(component: "LargeCandidateSet", reason: reason)
    }
    guard movies.rank == 2, movies.shape[0] > 0, movies.shape[1] > 0 else {
      throw fail("movies must be a non-empty [count, dimension] matrix, got \(movies.shape)")
    }
    guard copies >= 0 else { throw fail("copies = \(copies) must not be negative") }
    let m = movies.shape[0]
    let d = movies.shape[1]
    let (rows, overflow) = m.multipliedReportingOverflow(by: copies + 1)
    guard !overflow, rows <= Int(Int32.max) else {
      throw fail("\(m) movies × \(copies + 1) is more than 2³¹ − 1 candidates")
    }
    var out = Tensor(shape: [rows, d])
    let block = m * d
    movies.withUnsafeBufferPointer { source in
      out.withUnsafeMutableBufferPointer { target in
        let base = target.baseAddress!
        base.update(from: source.baseAddress!, count: block)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 16))
        let chunks = min(copies, workers * 4)
        guard chunks > 0 else { return }
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
          let first = 1 + copies * chunk / chunks
          let end = 1 + copies * (chunk + 1) / chunks
          for copy in first..<end {
            var rng = SplitMix64(seed: SeedSequence.derive(seed, UInt64(copy)))
            let row = base + copy * block
            var i = 0
            while i < block {
              // Two 24-bit uniforms in [0, 1) from each 64 random bits.
              let bits = rng.next()
              row[i] = source[i] * (Float(bits >> 40) * 0x1.0p-24)
              if i + 1 < block {
                row[i + 1] = source[i + 1] * (Float((bits >> 16) & 0xFF_FFFF) * 0x1.0p-24)
              }
              i += 2
            }
          }
        }
      }
    }
    embeddings = out
    movieCount = m
    self.copies = copies
    self.seed = seed
  }
}
