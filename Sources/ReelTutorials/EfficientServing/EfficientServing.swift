import Foundation

/// TFRS's `efficient_serving` tutorial: train the basic retrieval model, blow the movie set
/// up to ~1.7M candidates with noisy copies, then compare exact brute-force top-k with the
/// approximate ``ScaNNIndex`` at the notebook's settings — recall@10, build time, latency of
/// single and batched queries, speed-up — and save and reload the index.
///
///     let data = try TutorialRatings(path: "Fixtures/movielens/ml-100k")
///     let result = try EfficientServing.run(data: data) { event in print(event) }
///     result.configurations[0].recall             // e.g. 0.99
///     result.configurations[0].singleQuerySpeedUp // brute force ms / ScaNN ms
public enum EfficientServing {
  /// What to run; the defaults are the notebook's.
  public struct Settings {
    /// The basic retrieval recipe: 32-d, Adagrad 0.1, batches of 8192, 3 epochs; like the
    /// notebook (`compute_metrics=not training`), no factorized metrics in training steps.
    public var recipe: TrainingRecipe
    /// Noisy copies of every movie: 1000 as in the notebook (~1.65M candidates on ml-100k).
    public var copies = 1000
    /// The seed of the copies' noise.
    public var candidateSeed: UInt64 = 42
    /// The approximate settings; each is ``ServingConfiguration/adapted(toCount:)`` to the
    /// candidate count before it runs.
    public var configurations = ServingConfiguration.notebook
    /// The seed of the index builds (k-means sample and seeding).
    public var indexSeed: UInt64 = 0
    /// Rows the index builds train k-means and the codebook on (ScaNN's default 100,000).
    public var indexTrainingSampleSize = 100_000
    /// At most this many test users are queried (nil: all), for quick runs.
    public var queryLimit: Int?
    /// Results per query for recall and latency.
    public var k = 10
    /// The user whose top candidates are shown (the first user when unknown).
    public var user = "42"
    /// How many top candidates to show.
    public var topCount = 3
    /// Seconds of one-query calls per index (at least `minimumSingleQueries` calls).
    public var latencyBudget = 0.5
    public var minimumSingleQueries = 3
    /// Timed batched calls per index (the best is kept).
    public var batchedRepeats = 1
    /// When set, the index of the setting named ``savedConfiguration`` is saved here, read
    /// back and checked to give identical results.
    public var saveDirectory: URL?
    /// The setting the notebook saves: `ScaNN(model.user_model, num_reordering_candidates=1000)`.
    public var savedConfiguration = "scann-recall"
    /// The name of the saved index file inside ``saveDirectory``.
    public static let indexFileName = "efficient-serving.scann"
    /// Callbacks of training (e.g. a progress printer).
    public var trainingCallbacks: [any TrainingCallback] = []

    public init(seed: UInt64 = 42) {
      recipe = TrainingRecipe(task: .retrieval)
      recipe.seed = seed
      recipe.trainingMetrics = false
      candidateSeed = seed
    }
  }

  /// The steps of a run, reported as they finish.
  public enum Event {
    case trained(TutorialOutcome, seconds: Double)
    case candidates(LargeCandidateSet, seconds: Double)
    case queries(ServingQueries)
    case bruteForce(ServingLatency)
    case top(user: String, bruteForce: [ServedCandidate], approximate: [ServedCandidate], ServingConfiguration)
    case built(leaves: Int, seconds: Double)
    case measured(ServingConfigurationResult)
    case saved(SavedIndexCheck)
  }

  /// Runs the tutorial on `data`, reporting each step to `events`.
  ///
  /// - Throws: ``RecommenderError`` for bad settings or data; what training, the index build
  ///   or the file system throw.
  /// - Complexity: training, plus O(candidates · d) for the set, O(test users · candidates ·
  ///   d) for the brute-force ground truth, and one index build per distinct leaf count.
  public static func run(
    data: TutorialRatings, settings: Settings = Settings(), events: (Event) -> Void = { _ in }
  ) throws -> EfficientServingResult {
    guard settings.k >= 1, settings.topCount >= 1 else {
      throw RecommenderError(component: "EfficientServing", reason: "k and topCount must be ≥ 1")
    }
    guard !settings.configurations.isEmpty else {
      throw RecommenderError(component: "EfficientServing", reason: "no index settings to run")
    }
    let clock = ContinuousClock()
    var start = clock.now
    let outcome = try TutorialTraining.run(
      data: data, recipe: settings.recipe, callbacks: settings.trainingCallbacks)
    let trainingSeconds = LatencyMeter.seconds(clock.now - start)
    events(.trained(outcome, seconds: trainingSeconds))
    let recommender = outcome.recommender

    start = clock.now
    let lots = try LargeCandidateSet(
      movies: recommender.candidateEmbeddings(), copies: settings.copies,
      seed: settings.candidateSeed)
    let candidateSeconds = LatencyMeter.seconds(clock.now - start)
    events(.candidates(lots, seconds: candidateSeconds))
    let k = min(settings.k, lots.count)

    let split = data.split(seed: settings.recipe.seed, trainFraction: settings.recipe.trainFraction)
    let queries = try ServingQueries(
      recommender: recommender, test: split.test, limit: settings.queryLimit)
    events(.queries(queries))

    let brute = try BruteForce(candidates: lots.embeddings)
    let (bruteBatched, exact) = try LatencyMeter.batched(
      brute, queries, k: k, repeats: settings.batchedRepeats)
    let bruteSingle = try LatencyMeter.singleQuery(
      brute, queries, k: k, budget: settings.latencyBudget,
      minimumCalls: settings.minimumSingleQueries)
    let bruteLatency = ServingLatency(
      singleQueryMilliseconds: bruteSingle.milliseconds, singleQueryCalls: bruteSingle.calls,
      batchedMillisecondsPerQuery: bruteBatched, batchSize: queries.count)
    events(.bruteForce(bruteLatency))

    let user = recommender.knows(user: settings.user) ? settings.user : recommender.users[0]
    let userQuery = try userEmbedding(recommender, user)
    let top = min(settings.topCount, lots.count)
    let bruteTop = try served(brute.query(userQuery, k: top), lots, recommender.movies)

    let configurations = settings.configurations.map { $0.adapted(toCount: lots.count) }
    var results = [ServingConfigurationResult?](repeating: nil, count: configurations.count)
    var approximateTop: [ServedCandidate] = []
    var saved: SavedIndexCheck?
    var leafCounts: [Int] = []
    for c in configurations where !leafCounts.contains(c.leaves) { leafCounts.append(c.leaves) }
    for leaves in leafCounts {
      start = clock.now
      var index = try ScaNNIndex(
        candidates: lots.embeddings,
        configuration: .init(
          leaves: leaves, trainingSampleSize: settings.indexTrainingSampleSize,
          seed: settings.indexSeed))
      let buildSeconds = LatencyMeter.seconds(clock.now - start)
      events(.built(leaves: leaves, seconds: buildSeconds))
      for (i, configuration) in configurations.enumerated() where configuration.leaves == leaves {
        index.leavesToSearch = configuration.leavesToSearch
        index.reorder = configuration.reorder
        let (batched, found) = try LatencyMeter.batched(
          index, queries, k: k, repeats: settings.batchedRepeats)
        let single = try LatencyMeter.singleQuery(
          index, queries, k: k, budget: settings.latencyBudget,
          minimumCalls: settings.minimumSingleQueries)
        let latency = ServingLatency(
          singleQueryMilliseconds: single.milliseconds, singleQueryCalls: single.calls,
          batchedMillisecondsPerQuery: batched, batchSize: queries.count)
        let result = ServingConfigurationResult(
          configuration: configuration, buildSeconds: buildSeconds,
          recall: ServingRecall.recall(exact: exact, approximate: found, weights: queries.weights),
          latency: latency,
          singleQuerySpeedUp: bruteLatency.singleQueryMilliseconds / single.milliseconds,
          batchedSpeedUp: bruteLatency.batchedMillisecondsPerQuery / batched)
        results[i] = result
        if i == 0 {
          approximateTop = try served(index.query(userQuery, k: top), lots, recommender.movies)
        }
        events(.measured(result))
        if let directory = settings.saveDirectory,
          configuration.name == settings.savedConfiguration
        {
          let check = try saveAndReload(
            index, configuration: configuration, directory: directory, queries: queries,
            expected: found, k: k)
          saved = check
          events(.saved(check))
        }
      }
    }
    events(
      .top(user: user, bruteForce: bruteTop, approximate: approximateTop, configurations[0]))
    return EfficientServingResult(
      outcome: outcome, trainingSeconds: trainingSeconds, movieCount: lots.movieCount,
      copies: lots.copies, candidateCount: lots.count, candidateSeconds: candidateSeconds,
      queryCount: queries.count, testRows: queries.testRows, k: k, bruteForce: bruteLatency,
      configurations: results.map { $0! }, user: user, bruteForceTop: bruteTop,
      approximateTop: approximateTop, saved: saved)
  }

  /// Saves `index` to `directory`/``Settings/indexFileName``, reads it back and compares the
  /// reloaded index's results for every query with `expected`, bit for bit.
  ///
  /// - Throws: what creating the directory, saving or loading throws.
  public static func saveAndReload(
    _ index: ScaNNIndex, configuration: ServingConfiguration, directory: URL,
    queries: ServingQueries, expected: TopKCandidates, k: Int
  ) throws -> SavedIndexCheck {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let url = directory.appendingPathComponent(Settings.indexFileName)
    let clock = ContinuousClock()
    var start = clock.now
    try index.save(to: url)
    let saveSeconds = LatencyMeter.seconds(clock.now - start)
    start = clock.now
    let loaded = try ScaNNIndex(contentsOf: url)
    let loadSeconds = LatencyMeter.seconds(clock.now - start)
    let again = try loaded.query(queries.embeddings, k: k)
    let identical =
      loaded.leavesToSearch == index.leavesToSearch && loaded.reorder == index.reorder
      && again.ids == expected.ids && again.rows == expected.rows
      && again.scores.scalars.map(\.bitPattern) == expected.scores.scalars.map(\.bitPattern)
    let bytes = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
    return SavedIndexCheck(
      url: url, bytes: bytes, configuration: configuration, saveSeconds: saveSeconds,
      loadSeconds: loadSeconds, identical: identical, queriesCompared: queries.count)
  }

  /// `user`'s query embedding, `[1, d]`.
  static func userEmbedding(_ recommender: TutorialRecommender, _ user: String) throws -> Tensor {
    guard let row = recommender.users.firstIndex(of: user) else {
      throw RecommenderError(component: "EfficientServing", reason: "unknown user '\(user)'")
    }
    let all = try recommender.userEmbeddings()
    let d = all.shape[1]
    return all.withUnsafeBufferPointer {
      Tensor(shape: [1, d], scalars: UnsafeBufferPointer(rebasing: $0[(row * d)..<((row + 1) * d)]))
    }
  }

  /// The first query's results as candidates with titles.
  static func served(_ top: TopKCandidates, _ lots: LargeCandidateSet, _ titles: [String])
    -> [ServedCandidate]
  {
    let scores = top.scores.scalars
    return (0..<top.k).compactMap { j in
      let row = Int(top.rows[j])
      guard row >= 0 else { return nil }
      return ServedCandidate(
        row: row, title: titles[lots.movie(ofRow: row)], isOriginal: lots.isOriginal(row: row),
        score: scores[j])
    }
  }
}
