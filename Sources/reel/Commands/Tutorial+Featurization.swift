import Foundation
import Reel

/// `reel tutorial featurization`: TFRS's featurization tutorial, step by step.
enum FeaturizationTutorialRunner: TutorialRunner {
  static let name = "featurization"
  static let summary = "every preprocessing layer on MovieLens features, then id-only vs all features"

  static func run(_ options: TutorialOptions) throws {
    let run = try options.begin(name, fixture: "Fixtures/movielens/ml-100k")
    let (path, say) = (run.path, run.say)
    let settings = options.settings(FeatureTrainingSettings())
    let data = try TutorialRatings(path: path)
    say(
      "1. Read the ratings: \(data.ratings.rowCount) ratings with user_id, movie_title, "
        + "user_rating, timestamp; \(data.movieTitles.count) movie titles")
    func list<T>(_ xs: [T]) -> String { "[" + xs.map { "\($0)" }.joined(separator: ", ") + "]" }
    func f4(_ x: Double) -> String { String(format: "%.4f", x) }
    func describe(_ fz: MovieLensFeaturizer, _ s: FeaturizationSamples) {
      let quoted = s.userIDs.map { "\"\($0)\"" }
      say("2. Examples (the first \(s.userIDs.count) ratings): user_id \(list(quoted)), timestamp \(list(s.timestamps))")
      say(
        "3. StringLookup(mask_token=None) adapted on the ratings' user_id: vocabulary of "
          + "\(fz.userLookup.vocabularySize) (\(fz.userLookup.vocabularySize - 1) ids + \"[UNK]\"), "
          + "first entries \(list(fz.userLookup.vocabulary.prefix(4).map { "\"\($0)\"" }))")
      say("   lookup(\(list(quoted))) = \(list(s.userIndices)); an unseen id maps to 0 (\"[UNK]\")")
      say(
        "4. Hashing(num_bins=\(fz.userHashing.numBins)) of user_id (no vocabulary, "
          + "collisions possible): \(list(s.userHashes))")
      let norm = fz.timestampNormalization
      say(
        "5. Normalization(axis=None) adapted on the timestamps: mean \(String(format: "%.1f", norm.mean[0])), "
          + "variance \(String(format: "%.4g", norm.variance[0])); normalized "
          + list(s.normalizedTimestamps.map { String(format: "%.4f", $0) }))
      let b = fz.timestampBuckets.binBoundaries
      say(
        "6. Discretization over np.linspace(\(fz.timestampRange.lowerBound), "
          + "\(fz.timestampRange.upperBound), 1000): boundaries \(list(b.prefix(3).map { String(format: "%.1f", $0) }))…, "
          + "\(fz.timestampBuckets.binCount) buckets; buckets \(list(s.timestampBuckets)); "
          + "Embedding(\(fz.timestampBuckets.binCount), 32) of the first: "
          + list(s.bucketEmbeddingHead.map { String(format: "%.4f", $0) }) + "…")
      say(
        "7. TextVectorization(max_tokens=\(MovieLensFeaturizer.maxTitleTokens)) adapted on the "
          + "titles: vocabulary of \(fz.titleVectorizer.vocabularySize), first entries "
          + list(fz.titleVectorizer.vocabulary.prefix(6).map { "\"\($0)\"" }))
      for (k, title) in s.titles.enumerated() {
        say("   \"\(title)\" → \(list(s.titleWords[k].map { "\"\($0)\"" })) → \(list(s.titleTokenIDs[k]))")
      }
      say(
        "8. Retrieval (beyond the notebook, which stops at the models' outputs): each tower → "
          + "Dense(32); \(settings.epochs) epochs, batches of \(settings.batchSize), Adagrad(\(settings.learningRate))")
      say("   id only:      user_id and movie_title embeddings")
      say("   all features: + Hashing(user_id) embedding, timestamp buckets and normalized timestamp, title words")
    }
    let result = try FeaturizationTutorial.run(
      data: data, settings: settings, callbacks: [TrainingOutput.progress(json: options.json)],
      didAdapt: describe, willTrain: { say("-- training: \($0)") })
    let (fz, s, norm) = (result.featurizer, result.samples, result.featurizer.timestampNormalization)
    let ks = [1, 5, 10, 50, 100]
    say("9. Test top-k accuracy:  " + ks.map { "top_\($0)" }.joined(separator: "  "))
    for (label, outcome) in [("id only     ", result.idOnly), ("all features", result.allFeatures)] {
      say("   \(label)          " + ks.map { f4(outcome.testTopK($0) ?? .nan) }.joined(separator: " "))
    }
    say("   most-popular top_10 \(f4(result.popular[10] ?? 0)), top_100 \(f4(result.popular[100] ?? 0))")
    var object: [String: Any] = [
      "user_vocabulary_size": fz.userLookup.vocabularySize,
      "title_vocabulary_size": fz.titleVectorizer.vocabularySize,
      "timestamp_mean": norm.mean[0], "timestamp_variance": norm.variance[0],
      "timestamp_buckets": fz.timestampBuckets.binCount,
      "sample_user_indices": s.userIndices.map(Int.init),
      "sample_user_hashes": s.userHashes.map(Int.init),
      "sample_timestamp_buckets": s.timestampBuckets.map(Int.init),
      "sample_normalized_timestamps": s.normalizedTimestamps.map(Double.init),
      "popular_top_10_categorical_accuracy": result.popular[10] ?? 0,
      "popular_top_100_categorical_accuracy": result.popular[100] ?? 0,
      "epochs": settings.epochs,
    ]
    for (prefix, outcome) in [("id_only", result.idOnly), ("all_features", result.allFeatures)] {
      for k in ks {
        object["\(prefix)_test_top_\(k)"] = outcome.testTopK(k) ?? 0
        object["\(prefix)_train_top_\(k)"] = outcome.trainTopK(k) ?? 0
      }
      object["\(prefix)_train_seconds"] = outcome.trainSeconds
    }
    if let out = options.out {
      try AtomicFile.write(Data(result.chartSVG().utf8), to: URL(fileURLWithPath: out))
      say("wrote the test top-k chart (SVG) to \(out)")
    }
    try run.finish { _ in object }
  }
}
