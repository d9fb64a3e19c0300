import Foundation
import ReelPipeline
import ReelTestSupport
import XCTest

@testable import ReelPreprocessing

/// Layers applied to whole `FeatureBatch` columns and as pipeline stages: the same results
/// as the per-value API, adapt over columns and partitions, errors that name the column.
final class ColumnLayerTests: XCTestCase {
  /// Seeded tokens with unicode, empty strings and a skewed distribution (ties and a long tail).
  func tokens(_ n: Int, seed: UInt64) -> [String] {
    var rng = SplitMix64(seed: seed)
    let specials = ["", "é", "日本", "[UNK]", "a b", "\u{0}"]
    return (0..<n).map { _ in
      let r = Int.random(in: 0..<100, using: &rng)
      if r < 6 { return specials[r] }
      return "u\(Int.random(in: 0..<(r < 60 ? 20 : 400), using: &rng))"
    }
  }

  func batches(_ values: [String], size: Int) throws -> [FeatureBatch] {
    try stride(from: 0, to: values.count, by: size).map { lo in
      try FeatureBatch([("user", .string(Array(values[lo..<min(values.count, lo + size)])))])
    }
  }

  func testStringLookupColumnEqualsPerValueLookup() throws {
    let values = tokens(3000, seed: 1)
    for (mask, oov) in [(nil, 1), ("", 1), (nil, 0), ("é", 1)] as [(String?, Int)] {
      var lookup = try StringLookup(maxTokens: 150, numOOVIndices: oov, maskToken: mask)
      try lookup.adapt(Datasets.from(values))
      var viaColumn = try StringLookup(maxTokens: 150, numOOVIndices: oov, maskToken: mask)
      try viaColumn.adapt(Datasets.from(try batches(values, size: 97)), column: "user")
      XCTAssertEqual(viaColumn.vocabulary, lookup.vocabulary, "mask \(mask ?? "nil")")
      let known = values.filter { lookup.vocabulary.contains($0) || oov > 0 }
      let batch = try FeatureBatch([("user", .string(known))])
      let out = try batch.applying(lookup, to: "user", as: "index")
      XCTAssertEqual(out.names, ["user", "index"])
      XCTAssertEqual(try out.int64("index"), try lookup(known), "mask \(mask ?? "nil")")
    }
  }

  func testListColumnsKeepTheirShapeAndInvertMapsBack() throws {
    let lookup = try StringLookup(maskToken: "", vocabulary: ["a", "b", "c"])
    let column = FeatureColumn.stringLists([["a", "zz"], [], ["c", "", "b"]])
    let batch = try FeatureBatch([("words", column)])
    let indexed = try batch.applying(lookup, to: "words")
    let indices = try XCTUnwrap(indexed["words"])
    XCTAssertEqual(indices.listOffsets, [0, 2, 2, 5])
    XCTAssertEqual(indices.int64Values, [2, 1, 4, 0, 3])
    var inverse = lookup
    inverse.invert = true
    let back = try indexed.applying(inverse, to: "words")
    XCTAssertEqual(back["words"], FeatureColumn.stringLists([["a", "[UNK]"], [], ["c", "", "b"]]))
  }

  func testIntegerLookupTakesInt32AndInt64Columns() throws {
    let lookup = try IntegerLookup(numOOVIndices: 3, vocabulary: [10, 20, 30])
    let expected: [Int64] = [3, 5, 1, 2, 0]  // floormod OOV buckets: 7 % 3 = 1, -1 mod 3 = 2, 0 % 3 = 0
    for column in [FeatureColumn.int32([10, 30, 7, -1, 0]), .int64([10, 30, 7, -1, 0])] {
      let out = try FeatureBatch([("movie", column)]).applying(lookup, to: "movie")
      XCTAssertEqual(try out.int64("movie"), expected)
    }
    var counted = try IntegerLookup()
    try counted.adapt(Datasets.from([try FeatureBatch([("m", .int32([5, 5, 7, 9, 9, 9]))])]), column: "m")
    XCTAssertEqual(counted.vocabulary, [-1, 9, 5, 7])
  }

  func testPartitionedAdaptEqualsSinglePass() throws {
    let values = tokens(20000, seed: 7)
    let all = Datasets.from(try batches(values, size: 500))
    var single = try StringLookup()
    try single.adapt(all, column: "user")
    for parts in [2, 3, 5] {
      var parallel = try StringLookup()
      try parallel.adapt(partitions: (0..<parts).map { all.shard(count: parts, index: $0) }, column: "user")
      XCTAssertEqual(parallel, single, "\(parts) partitions")
    }
    var integers = try IntegerLookup(maxTokens: 50)
    var intBatches: [FeatureBatch] = []
    for b in 0..<40 {
      let ids: [Int64] = (0..<250).map { i in Int64((i * 7919 + b * 31) % 97 + i % 13) }
      intBatches.append(try FeatureBatch([("id", .int64(ids))]))
    }
    let ints = Datasets.from(intBatches)
    try integers.adapt(ints, column: "id")
    var integersParallel = try IntegerLookup(maxTokens: 50)
    try integersParallel.adapt(partitions: [ints.shard(count: 2, index: 0), ints.shard(count: 2, index: 1)], column: "id")
    XCTAssertEqual(integersParallel.vocabulary, integers.vocabulary)
  }

  func testAdaptErrorsNameTheColumnAndEmptyDataIsAnError() throws {
    var lookup = try StringLookup()
    XCTAssertThrowsError(try lookup.adapt(Datasets.from([FeatureBatch]()), column: "user")) { error in
      XCTAssertEqual(error as? PreprocessingError, .notAdapted(layer: "StringLookup"))
    }
    let batch = try FeatureBatch([("id", .int32([1]))])
    XCTAssertThrowsError(try lookup.adapt(Datasets.from([batch]), column: "user")) { error in
      XCTAssertTrue("\(error)".contains("no column 'user'"), "\(error)")
    }
    XCTAssertThrowsError(try lookup.adapt(Datasets.from([batch]), column: "id")) { error in
      XCTAssertTrue("\(error)".contains("not a string column"), "\(error)")
    }
  }

  func testPreprocessStageResumesExactlyAndReportsBadValues() throws {
    let lookup = try StringLookup(numOOVIndices: 0, vocabulary: ["a", "b"])
    let good = Datasets.from(try (0..<6).map { i in try FeatureBatch([("w", .string(i % 2 == 0 ? ["a", "b"] : ["b"]))]) })
    let staged = good.preprocess("w", with: lookup, as: "i")
    let out = try assertExactResume(staged)
    XCTAssertEqual(try out.map { try $0.int64("i") }, [[0, 1], [1], [0, 1], [1], [0, 1], [1]])

    let bad = Datasets.from([try FeatureBatch([("w", .string(["a", "nope"]))])]).preprocess("w", with: lookup)
    XCTAssertThrowsError(try bad.collect()) { error in
      let text = "\(error)"
      XCTAssertTrue(text.contains("StringLookup on column 'w'") && text.contains("nope"), text)
    }
    let unadapted = Datasets.from([try FeatureBatch([("t", .float([1]))])]).preprocess("t", with: Normalization(features: 1))
    XCTAssertThrowsError(try unadapted.collect()) { error in
      XCTAssertTrue("\(error)".contains("Normalization on column 't'"), "\(error)")
    }
  }

  func testNormalizationAndDiscretizationColumns() throws {
    var norm = Normalization(features: 1)
    try norm.adapt(Datasets.from([[1], [2], [3], [4]] as [[Float]]))
    let batch = try FeatureBatch([("t", .int64([1, 4, 10])), ("pair", .floatLists([[1, 2], [3, 4]] + [[0, 0]]))])
    let out = try batch.applying(norm, to: "t")
    XCTAssertEqual(try out.float("t"), try norm(column: [1, 4, 10]))
    var pairs = Normalization(features: 2)
    try pairs.adapt(Datasets.from([[1, 10], [3, 30]] as [[Float]]))
    let pairOut = try batch.applying(pairs, to: "pair")
    XCTAssertEqual(pairOut["pair"]?.floatValues, try pairs([[1, 2], [3, 4], [0, 0]]).flatMap { $0 })
    XCTAssertThrowsError(try batch.applying(pairs, to: "t"))
    let bins = try Discretization(binBoundaries: [0, 2.5])
    XCTAssertEqual(try batch.applying(bins, to: "t", as: "b").int64("b"), [1, 2, 2])
  }

  func testPreprocessorSavesToManifestMetadataAndValidatesOnLoad() throws {
    var users = try StringLookup()
    try users.adapt(Datasets.from(tokens(500, seed: 3)))
    var time = Normalization(features: 1)
    try time.adapt(Datasets.from([[8.7e8], [9.1e8], [9.7e8]] as [[Float]]))
    var pre = Preprocessor()
    pre.append(.stringLookup(users), input: "user", output: "user_index")
    pre.append(.normalization(time), input: "time")
    pre.append(.discretization(try Discretization(binBoundaries: [0])), input: "time", output: "time_bin")
    let metadata = try pre.attached(to: ["release": .string("100k")])
    XCTAssertEqual(metadata["release"], .string("100k"))
    let loaded = try Preprocessor(metadata: metadata)
    XCTAssertEqual(loaded, pre)

    let batch = try FeatureBatch([("user", .string(["u1", "zzz"])), ("time", .float([8.7e8, 9.7e8]))])
    let once = try loaded(batch)
    XCTAssertEqual(once.names, ["user", "time", "user_index", "time_bin"])
    XCTAssertEqual(try once.int64("user_index"), try users(["u1", "zzz"]))
    XCTAssertEqual(try once.int64("time_bin"), [0, 1])  // applied after normalization: values near ±1
    XCTAssertEqual(try Datasets.from([batch]).preprocess(with: loaded).collect(), [once])

    XCTAssertThrowsError(try Preprocessor(metadata: [:])) { XCTAssertTrue("\($0)".contains("no 'preprocessing'")) }
    var json = String(decoding: try pre.jsonData(), as: UTF8.self)
    json = json.replacingOccurrences(of: "\"StringLookup\"", with: "\"Mystery\"")
    XCTAssertThrowsError(try Preprocessor(jsonData: Data(json.utf8))) { XCTAssertTrue("\($0)".contains("Mystery"), "\($0)") }
    XCTAssertThrowsError(try Preprocessor(jsonData: Data("{\"format\":\"reel-preprocessor\",\"version\":9,\"steps\":[]}".utf8))) {
      XCTAssertTrue("\($0)".contains("version 9"), "\($0)")
    }
  }
}

extension ColumnLayerTests {
  func testHashingAndCrossingColumnsInAPreprocessor() throws {
    let users = ["u1", "u2", "", "u1"]
    let movies: [Int64] = [7, 8, 9, 7]
    let hashing = try Hashing(numBins: 8, maskValue: "")
    let crossing = try HashedCrossing(numBins: 16)
    var pre = Preprocessor()
    pre.append(.hashing(hashing), input: "user", output: "user_bin")
    pre.append(.hashedCrossing(crossing), inputs: ["user", "movie"], output: "user_x_movie")
    pre.append(.hashing(try Hashing(numBins: 4, outputMode: .oneHot)), input: "movie", output: "movie_1hot")
    let loaded = try Preprocessor(jsonData: try pre.jsonData())
    XCTAssertEqual(loaded, pre)
    let batch = try FeatureBatch([("user", .string(users)), ("movie", .int64(movies))])
    let out = try loaded(batch)
    XCTAssertEqual(try out.int64("user_bin"), try hashing(users))
    XCTAssertEqual(try out.int64("user_bin")[2], 0)  // the mask value
    XCTAssertEqual(try out.int64("user_x_movie"), try crossing([.string(users), .int64(movies)]))
    let oneHot = try XCTUnwrap(out["movie_1hot"])
    XCTAssertEqual(oneHot.listOffsets, [0, 4, 8, 12, 16])
    XCTAssertEqual(oneHot.floatValues?.reduce(0, +), 4)
    let bins = try Hashing(numBins: 4)(movies)
    for r in 0..<4 { XCTAssertEqual(oneHot.floatValues?[r * 4 + Int(bins[r])], 1) }

    XCTAssertThrowsError(try batch.applying(crossing, to: "user")) { XCTAssertTrue("\($0)".contains("2 or more"), "\($0)") }
    let lists = try FeatureBatch([("tags", .stringLists([["a", "b"], ["c"]]))])
    XCTAssertThrowsError(try lists.applying(try Hashing(numBins: 4, outputMode: .oneHot), to: "tags")) {
      XCTAssertTrue("\($0)".contains("Hashing on column 'tags'"), "\($0)")
    }
    let counted = try lists.applying(try Hashing(numBins: 4, outputMode: .count), to: "tags")
    XCTAssertEqual(counted["tags"]?.floatValues?.reduce(0, +), 3)
  }
}

extension ColumnLayerTests {
  func testLookupKeysAreBytesNotCanonicalEquivalence() throws {
    let composed = "caf\u{E9}"
    let decomposed = "cafe\u{301}"
    XCTAssertEqual(composed, decomposed)  // Swift's String equality; Keras compares bytes
    var lookup = try StringLookup()
    try lookup.adapt(Datasets.from([composed, composed, decomposed]))
    XCTAssertEqual(lookup.vocabulary.count, 3)
    XCTAssertEqual(lookup.vocabulary[1].utf8.count, composed.utf8.count)
    XCTAssertEqual(lookup.vocabulary[2].utf8.count, decomposed.utf8.count)
    XCTAssertEqual(try lookup([decomposed, composed]), [2, 1])
    var viaColumn = try StringLookup()
    try viaColumn.adapt(Datasets.from([try FeatureBatch([("w", .string([composed, composed, decomposed]))])]), column: "w")
    XCTAssertEqual(viaColumn.vocabulary.map { Array($0.utf8) }, lookup.vocabulary.map { Array($0.utf8) })
    let out = try FeatureBatch([("w", .string([decomposed, composed]))]).applying(lookup, to: "w")
    XCTAssertEqual(try out.int64("w"), [2, 1])
    let saved = try JSONDecoder().decode(StringLookup.self, from: try JSONEncoder().encode(lookup))
    XCTAssertEqual(try saved([decomposed, composed]), [2, 1])
    var counts = StringLookup.Counts()
    counts.addDocument([composed, decomposed])
    let decoded = try JSONDecoder().decode(StringLookup.Counts.self, from: try JSONEncoder().encode(counts))
    XCTAssertEqual(decoded.counts.count, 2)
    XCTAssertEqual(decoded, counts)
  }

  func testTfIdfAndMultiHotLookupColumns() throws {
    let docs: [[String]] = [["a", "b", "a"], ["b"], ["c", "zz"], []]
    var direct = try StringLookup(outputMode: .tfIDF)
    try direct.adapt(documents: Datasets.from(docs))
    var viaColumn = try StringLookup(outputMode: .tfIDF)
    try viaColumn.adapt(Datasets.from([try FeatureBatch([("w", .stringLists(docs))])]), column: "w")
    XCTAssertEqual(viaColumn, direct)
    let out = try XCTUnwrap(try FeatureBatch([("w", .stringLists(docs))]).applying(direct, to: "w")["w"])
    XCTAssertEqual(out.floatValues, try direct.encode(docs).flatMap { $0 })
    XCTAssertEqual(out.rowCount, 4)
    let multi = try StringLookup(vocabulary: ["a", "b"], outputMode: .multiHot)
    let encoded = try FeatureBatch([("w", .string(["b", "q"]))]).applying(multi, to: "w")
    XCTAssertEqual(encoded["w"]?.floatValues, [0, 0, 1, 1, 0, 0])
  }

  func testTextVectorizationColumnsAndParallelAdapt() throws {
    let titles = (0..<400).map { i in "Movie \(i % 37), The (19\(50 + i % 50)) Part \(i % 3)" }
    let data = Datasets.from(try stride(from: 0, to: titles.count, by: 64).map { lo in
      try FeatureBatch([("title", .string(Array(titles[lo..<min(titles.count, lo + 64)])))])
    })
    var single = try TextVectorization(maxTokens: 60, outputSequenceLength: 6)
    try single.adapt(Datasets.from(titles))
    var columns = try TextVectorization(maxTokens: 60, outputSequenceLength: 6)
    try columns.adapt(data, column: "title")
    XCTAssertEqual(columns, single)
    var parallel = try TextVectorization(maxTokens: 60, outputSequenceLength: 6)
    try parallel.adapt(partitions: [data.shard(count: 2, index: 0), data.shard(count: 2, index: 1)], column: "title")
    XCTAssertEqual(parallel, single)

    let batch = try FeatureBatch([("title", .string(Array(titles.prefix(5))))])
    let indexed = try XCTUnwrap(try batch.applying(single, to: "title", as: "tokens")["tokens"])
    XCTAssertEqual(indexed.listOffsets, [0, 6, 12, 18, 24, 30])
    XCTAssertEqual(indexed.int64Values, try single(Array(titles.prefix(5))).flatMap { $0 })

    // Without outputSequenceLength rows pad to the longest of the batch; empty texts are all 0.
    var free = try TextVectorization(standardize: .custom { $0.uppercased() }, ngrams: 2)
    try free.adapt(Datasets.from(titles))
    let texts = ["", "Movie 3, The", "Part 1 Movie 3 (1999) extra words here", "  "]
    let freeOut = try XCTUnwrap(try FeatureBatch([("t", .string(texts))]).applying(free, to: "t")["t"])
    let expected = try free(texts)
    XCTAssertEqual(freeOut.listOffsets, (0...4).map { $0 * expected[0].count })
    XCTAssertEqual(freeOut.int64Values, expected.flatMap { $0 })

    var pre = Preprocessor()
    pre.append(.textVectorization(single), input: "title", output: "tokens")
    XCTAssertEqual(try Preprocessor(jsonData: try pre.jsonData()), pre)
    XCTAssertThrowsError(try FeatureBatch([("title", .int32([1]))]).applying(single, to: "title")) {
      XCTAssertTrue("\($0)".contains("TextVectorization on column 'title'"), "\($0)")
    }
  }
}

extension ColumnLayerTests {
  /// The one-pass byte tokenizer of text columns against the general per-value path, on
  /// texts mixing punctuation, ASCII and non-ASCII whitespace, case and unicode.
  func testOnePassTextColumnsEqualThePerValuePath() throws {
    var rng = SplitMix64(seed: 5)
    let pieces = ["Toy", "STORY", "(1995)", "l'été", "-", "a.b", "\t", "\n", " ", "  ", "\u{A0}", "\u{3000}", "É", "x_y", "!!", "ÅSA", "\r\n", "42"]
    let texts = (0..<300).map { _ in (0..<Int.random(in: 0...9, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined() }
    let data = Datasets.from([try FeatureBatch([("t", .string(texts))])])
    for standardize in [TextVectorization.Standardize.lowerAndStripPunctuation, .lower, .stripPunctuation, .none] {
      var perValue = try TextVectorization(standardize: standardize)
      try perValue.adapt(Datasets.from(texts))
      var viaColumn = try TextVectorization(standardize: standardize)
      try viaColumn.adapt(data, column: "t")
      XCTAssertEqual(viaColumn.vocabulary.map { Array($0.utf8) }, perValue.vocabulary.map { Array($0.utf8) }, "\(standardize)")
      let out = try XCTUnwrap(try FeatureBatch([("t", .string(texts))]).applying(perValue, to: "t")["t"])
      XCTAssertEqual(out.int64Values, try perValue(texts).flatMap { $0 }, "\(standardize)")
    }
  }
}
