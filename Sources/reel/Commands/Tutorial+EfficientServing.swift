import Foundation
import Reel

/// `reel tutorial efficient-serving`: TFRS's efficient serving tutorial — brute force against
/// the approximate ScaNN-style index over ~1.65M candidates, step by step.
enum EfficientServingTutorial: TutorialRunner {
  static let name = "efficient-serving"
  static let summary = "approximate top-k (ScaNN-style index) vs brute force, ~1.65M candidates"

  static func run(_ options: TutorialOptions) throws {
    let run = try options.begin(name, fixture: "Fixtures/movielens/ml-100k")
    let (data, say) = (run.path, run.say)
    var settings = EfficientServing.Settings(seed: options.seed)
    settings.recipe = options.settings(settings.recipe)
    settings.user = options.user
    settings.trainingCallbacks = [TrainingOutput.progress(json: options.json)]
    settings.saveDirectory = options.out.map { URL(fileURLWithPath: $0) }
    let recipe = settings.recipe
    let ratings = try TutorialRatings(path: data)
    say(
      "1. Read the ratings (\(ratings.origin.rawValue)): \(ratings.ratings.rowCount) ratings, "
        + "\(ratings.userIDs.count) users, \(ratings.movieTitles.count) movie titles; split 80/20 "
        + "with seed \(options.seed)")
    say(
      "2. Train the basic retrieval model (embeddings of \(recipe.embeddingDimension), "
        + "Adagrad(\(recipe.learningRate)), batches of \(recipe.batchSize), \(recipe.epochs) "
        + "epochs; no factorized metrics in training steps, as the notebook's "
        + "compute_metrics=not training):")
    let f4 = { (x: Double) in String(format: "%.4f", x) }
    let f2 = { (x: Double) in String(format: "%.2f", x) }
    let f3 = { (x: Double) in String(format: "%.3f", x) }
    var announced = false
    let result = try EfficientServing.run(data: ratings, settings: settings) { event in
      switch event {
      case .trained(let outcome, let seconds):
        say("   test metrics (over the \(outcome.recommender.movies.count) movies), "
            + "\(f2(seconds)) s for training and evaluation:")
        TrainingOutput.metricLines(outcome.shortMetrics).forEach(say)
      case .candidates(let lots, let seconds):
        say(
          "3. Candidates: the \(lots.movieCount) movie embeddings plus \(lots.copies) noisy copies "
            + "of each (every coordinate times a uniform [0, 1) number, seed \(lots.seed)): "
            + "\(lots.count) × \(lots.dimension) (\(f2(seconds)) s)")
      case .queries(let queries):
        say(
          "4. Queries: the \(queries.count) distinct users of the \(queries.testRows) test rows "
            + "(recall is weighted by test rows, which equals the notebook's mean over test rows)")
      case .bruteForce(let latency):
        say(
          "5. Brute force (exact) top-\(settings.k): \(f3(latency.singleQueryMilliseconds)) ms per "
            + "single query (mean of \(latency.singleQueryCalls)), "
            + "\(f3(latency.batchedMillisecondsPerQuery)) ms per query in one batch of "
            + "\(latency.batchSize) (the ground truth)")
      case .top(let user, let bruteTop, let approximateTop, let configuration):
        let missing = user == options.user ? "" : " (user \"\(options.user)\" is not in this data)"
        say("7. Top \(bruteTop.count) for user \"\(user)\"\(missing) by brute force:")
        printTop(bruteTop, say)
        say("   and by the approximate index (\(describe(configuration))):")
        printTop(approximateTop, say)
      case .built(let leaves, let seconds):
        if !announced {
          announced = true
          say(
            "6. Approximate index (ScaNNIndex: k-means leaves, 4-bit product quantization, exact "
              + "reorder; plain PQ, as TFRS's layer) at the notebook's settings:")
        }
        say(
          "   built an index of \(leaves) leaves in \(f2(seconds)) s (leaves searched and "
            + "reorder are set per query, so settings with \(leaves) leaves share it)")
      case .measured(let r):
        say(
          "   \(r.configuration.name) (\(describe(r.configuration))): recall@\(settings.k) "
            + "\(f4(r.recall)), \(f3(r.latency.singleQueryMilliseconds)) ms single "
            + "(\(f2(r.singleQuerySpeedUp))× faster than brute force), "
            + "\(f3(r.latency.batchedMillisecondsPerQuery)) ms/query batched "
            + "(\(f2(r.batchedSpeedUp))×)")
      case .saved(let check):
        say(
          "   saved the \(check.configuration.name) index to \(check.url.path) "
            + "(\(check.bytes / 1_000_000) MB, \(f2(check.saveSeconds)) s), loaded it back "
            + "(\(f2(check.loadSeconds)) s): results for all \(check.queriesCompared) queries "
            + (check.identical ? "identical (ids, rows, scores bit for bit)" : "DIFFER"))
      }
    }
    if let saved = result.saved, !saved.identical {
      throw RecommenderError(
        component: "efficient-serving",
        reason: "the reloaded index \(saved.url.path) gave different results")
    }
    let first = result.configurations[0]
    say(
      "Summary: top-\(settings.k) of \(result.candidateCount) candidates in "
        + "\(f3(first.latency.singleQueryMilliseconds)) ms per query with \(first.configuration.name) "
        + "against \(f3(result.bruteForce.singleQueryMilliseconds)) ms by brute force: "
        + "\(String(format: "%.1f", first.singleQuerySpeedUp)) times faster, recall@\(settings.k) "
        + "\(f3(first.recall)) (the notebook: ~2 ms for ~1M, \"15 times faster\")")
    if let out = options.out {
      let points = plotPoints(result)
      let svg = RecallLatencyPlot.svg(
        points: points,
        title: "top-\(settings.k) of \(result.candidateCount) candidates: recall vs latency")
      let url = URL(fileURLWithPath: out).appendingPathComponent("efficient-serving-recall-latency.svg")
      try AtomicFile.write(Data(svg.utf8), to: url)
      say("wrote the recall-latency plot to \(url.path)")
    }
    try run.finish { total in
      var object = TrainingOutput.summary(
        task: .retrieval, outcome: result.outcome, totalSeconds: total, loadSeconds: 0)
      object.removeValue(forKey: "load_seconds")
      object["training_seconds"] = result.trainingSeconds
      object["candidates"] = result.candidateCount
      object["copies"] = result.copies
      object["movies"] = result.movieCount
      object["candidate_seconds"] = result.candidateSeconds
      object["queries"] = result.queryCount
      object["query_test_rows"] = result.testRows
      object["k"] = result.k
      object["brute_force"] = latencyObject(result.bruteForce)
      object["configurations"] = result.configurations.map { r -> [String: Any] in
        var o = latencyObject(r.latency)
        o["name"] = r.configuration.name
        o["leaves"] = r.configuration.leaves
        o["leaves_to_search"] = r.configuration.leavesToSearch
        o["reorder"] = r.configuration.reorder
        o["build_seconds"] = r.buildSeconds
        o["recall_at_k"] = r.recall
        o["single_query_speed_up"] = r.singleQuerySpeedUp
        o["batched_speed_up"] = r.batchedSpeedUp
        return o
      }
      object["recommendations_user"] = result.user
      object["brute_force_top"] = result.bruteForceTop.map(\.title)
      object["approximate_top"] = result.approximateTop.map(\.title)
      if let saved = result.saved {
        object["saved_index"] = saved.url.path
        object["saved_index_bytes"] = saved.bytes
        object["saved_index_identical"] = saved.identical
        object["index_save_seconds"] = saved.saveSeconds
        object["index_load_seconds"] = saved.loadSeconds
      }
      return object
    }
  }

  static func describe(_ c: ServingConfiguration) -> String {
    "leaves \(c.leaves), leaves_to_search \(c.leavesToSearch), reorder \(c.reorder)"
  }

  static func printTop(_ list: [ServedCandidate], _ say: (String) -> Void) {
    for (i, item) in list.enumerated() {
      let what = item.isOriginal ? "" : " [noisy copy, row \(item.row)]"
      say("  \(i + 1). \(item.title)\(what)  (\(String(format: "%.4f", item.score)))")
    }
  }

  static func latencyObject(_ l: ServingLatency) -> [String: Any] {
    [
      "single_query_ms": l.singleQueryMilliseconds, "single_query_calls": l.singleQueryCalls,
      "batched_ms_per_query": l.batchedMillisecondsPerQuery, "batch_size": l.batchSize,
    ]
  }

  /// Brute force and every setting, single-query and batched latency, for the plot.
  static func plotPoints(_ result: EfficientServingResult) -> [RecallLatencyPlot.Point] {
    var points: [RecallLatencyPlot.Point] = []
    for (series, single) in [("single query", true), ("batched (per query)", false)] {
      let brute = single
        ? result.bruteForce.singleQueryMilliseconds : result.bruteForce.batchedMillisecondsPerQuery
      points.append(.init(label: "brute force", milliseconds: brute, recall: 1, series: series))
      for r in result.configurations {
        let ms = single
          ? r.latency.singleQueryMilliseconds : r.latency.batchedMillisecondsPerQuery
        points.append(
          .init(label: r.configuration.name, milliseconds: ms, recall: r.recall, series: series))
      }
    }
    return points
  }
}
