import Foundation

/// How fast an index answers: one query at a time (a live request) and a whole batch of
/// queries in one call (spread over the cores), in milliseconds per query.
public struct ServingLatency: Equatable, Sendable {
  /// Mean wall time of a one-query call, in milliseconds.
  public var singleQueryMilliseconds: Double
  /// The number of one-query calls timed.
  public var singleQueryCalls: Int
  /// Wall time of the batched call divided by its queries, in milliseconds.
  public var batchedMillisecondsPerQuery: Double
  /// The queries of the batched call.
  public var batchSize: Int

  public init(
    singleQueryMilliseconds: Double, singleQueryCalls: Int, batchedMillisecondsPerQuery: Double,
    batchSize: Int
  ) {
    self.singleQueryMilliseconds = singleQueryMilliseconds
    self.singleQueryCalls = singleQueryCalls
    self.batchedMillisecondsPerQuery = batchedMillisecondsPerQuery
    self.batchSize = batchSize
  }

  /// Batched queries per second.
  public var batchedQueriesPerSecond: Double { 1000 / batchedMillisecondsPerQuery }
}

/// Times indexes the way the notebook's `%timeit` does: repeated calls, mean wall time.
public enum LatencyMeter {
  /// Mean milliseconds of `index.query(query_i, k:)` over one-query calls cycling through
  /// `queries`, repeated until `budget` seconds have passed and at least `minimumCalls` were
  /// made (a first untimed call warms up).
  ///
  ///     let (ms, calls) = try LatencyMeter.singleQuery(index, queries, k: 10, budget: 0.5)
  ///
  /// - Complexity: about `budget` seconds, or `minimumCalls` queries.
  public static func singleQuery(
    _ index: any TopKIndex, _ queries: ServingQueries, k: Int, budget: Double,
    minimumCalls: Int = 3
  ) throws -> (milliseconds: Double, calls: Int) {
    let pool = (0..<min(queries.count, 256)).map { queries.query($0) }
    _ = try index.query(pool[0], k: k)
    let clock = ContinuousClock()
    let start = clock.now
    var calls = 0
    var elapsed = 0.0
    while calls < minimumCalls || elapsed < budget {
      _ = try index.query(pool[calls % pool.count], k: k)
      calls += 1
      elapsed = seconds(clock.now - start)
    }
    return (elapsed * 1000 / Double(calls), calls)
  }

  /// The results of one batched call over all `queries` and its milliseconds per query (the
  /// best of `repeats` calls).
  public static func batched(
    _ index: any TopKIndex, _ queries: ServingQueries, k: Int, repeats: Int = 1
  ) throws -> (milliseconds: Double, result: TopKCandidates) {
    var best = Double.infinity
    var result: TopKCandidates?
    let clock = ContinuousClock()
    for _ in 0..<max(1, repeats) {
      let start = clock.now
      result = try index.query(queries.embeddings, k: k)
      best = min(best, seconds(clock.now - start))
    }
    return (best * 1000 / Double(queries.count), result!)
  }

  /// Seconds of a `Duration`.
  public static func seconds(_ duration: Duration) -> Double {
    let parts = duration.components
    return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
  }
}
