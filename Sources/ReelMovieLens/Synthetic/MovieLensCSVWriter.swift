import Foundation
import ReelPipeline

extension MovieLensSynthesizer {
  /// The CSV releases: ratings.csv, tags.csv, movies.csv, links.csv (and genome-tags.csv and
  /// genome-scores.csv for 20m/25m/latest) with their exact headers, CRLF line ends and
  /// minimal quoting; README.txt with LF.
  func writeCSV(folder: URL) throws -> [WrittenFile] {
    let top = configuration.release.topFolder
    var files: [WrittenFile] = []
    func put(_ name: String, _ bytes: [UInt8]) throws {
      files.append(try OutputFile.write(bytes, folder: folder, name: name, top: top))
    }
    try put("README.txt", Array(SyntheticDocuments.readme(for: configuration).utf8))
    try put("links.csv", csvLinks())
    try put("movies.csv", csvMovies())

    let ratingsFile = try OutputFile(folder: folder, name: "ratings.csv", top: top)
    try ratingsFile.write(Array("userId,movieId,rating,timestamp\r\n".utf8))
    var tagBytes = Array("userId,movieId,tag,timestamp\r\n".utf8)
    let users = population.users
    let movies = catalog.movies
    try streamUsers(
      format: { u, block, text, tags in
        let user = users[u].id
        for k in block.movies.indices.sorted(by: { block.movies[$0] < block.movies[$1] }) {
          text.append(user)
          text.append(byte: UInt8(ascii: ","))
          text.append(movies[Int(block.movies[k])].id)
          text.append(byte: UInt8(ascii: ","))
          text.appendRating(halfStars: block.halfStars[k], style: .csv)
          text.append(byte: UInt8(ascii: ","))
          text.append(block.timestamps[k])
          text.endLine(crlf: true)
        }
        for tag in block.tags.sorted(by: { $0.movie < $1.movie }) {
          tags.append(user)
          tags.append(byte: UInt8(ascii: ","))
          tags.append(movies[Int(tag.movie)].id)
          tags.append(byte: UInt8(ascii: ","))
          tags.appendCSVField(tag.tag)
          tags.append(byte: UInt8(ascii: ","))
          tags.append(tag.timestamp)
          tags.endLine(crlf: true)
        }
      },
      emit: { ratings, tags in
        try ratingsFile.write(ratings)
        tagBytes += tags
      })
    files.append(try ratingsFile.close())
    try put("tags.csv", tagBytes)
    if profile.hasGenome {
      let genome = SyntheticGenome(catalog: catalog, seed: configuration.seed)
      try put("genome-scores.csv", genome.scoresFile())
      try put("genome-tags.csv", genome.tagsFile())
    }
    return files
  }

  /// `movieId,title,genres`.
  func csvMovies() -> [UInt8] {
    let names = MovieLensVocabulary.genresModern
    var text = TextBuffer(capacity: catalog.movies.count * 56)
    text.append(ascii: "movieId,title,genres\r\n")
    for movie in catalog.movies {
      text.append(movie.id)
      text.append(byte: UInt8(ascii: ","))
      text.appendCSVField(movie.title)
      text.append(byte: UInt8(ascii: ","))
      text.append(movie.genres.map { names[$0] }.joined(separator: "|"))
      text.endLine(crlf: true)
    }
    return text.bytes
  }

  /// `movieId,imdbId,tmdbId` with 7-digit zero-padded imdbId and some empty tmdbId.
  func csvLinks() -> [UInt8] {
    var text = TextBuffer(capacity: catalog.movies.count * 24)
    text.append(ascii: "movieId,imdbId,tmdbId\r\n")
    for movie in catalog.movies {
      text.append(movie.id)
      text.append(byte: UInt8(ascii: ","))
      text.append(movie.imdbID, zeroPaddedTo: 7)
      text.append(byte: UInt8(ascii: ","))
      if let tmdb = movie.tmdbID { text.append(tmdb) }
      text.endLine(crlf: true)
    }
    return text.bytes
  }
}

/// A tiny tag genome: a handful of tags, each with a latent direction, and for the first
/// 40% of the movies a relevance `sigmoid(1.5·⟨v_movie, v_tag⟩ − 1)` per tag.
///
///     SyntheticGenome(catalog: catalog, seed: 1).tagsFile()
///     // "tagId,tag\r\n1,atmospheric\r\n2,dark\r\n..."
struct SyntheticGenome {
  static let tags = [
    "atmospheric", "dark", "feel-good", "twist ending", "visually stunning", "quirky",
    "slow paced", "space",
  ]
  let catalog: SyntheticCatalog
  let seed: UInt64

  func tagsFile() -> [UInt8] {
    var text = TextBuffer()
    text.append(ascii: "tagId,tag\r\n")
    for (i, tag) in Self.tags.enumerated() {
      text.append(i + 1)
      text.append(byte: UInt8(ascii: ","))
      text.appendCSVField(tag)
      text.endLine(crlf: true)
    }
    return text.bytes
  }

  /// `movieId,tagId,relevance`, relevance written short (`0.02875`).
  func scoresFile() -> [UInt8] {
    let d = catalog.dimension
    var rng = SplitMix64(seed: SeedSequence.derive(seed, SyntheticStream.genome.rawValue))
    let directions = (0..<Self.tags.count * d).map { _ in Float(rng.nextGaussian()) }
    let covered = max(1, catalog.movies.count * 2 / 5)
    var text = TextBuffer(capacity: covered * Self.tags.count * 20)
    text.append(ascii: "movieId,tagId,relevance\r\n")
    for j in 0..<covered {
      for t in 0..<Self.tags.count {
        var a: Float = 0
        for k in 0..<d { a += catalog.factor(j, k) * directions[t * d + k] }
        let relevance = 1 / (1 + Foundation.exp(-(1.5 * Double(a) - 1)))
        let fifths = Int((min(0.99995, max(0.00025, relevance)) * 100_000).rounded())
        text.append(catalog.movies[j].id)
        text.append(byte: UInt8(ascii: ","))
        text.append(t + 1)
        text.append(byte: UInt8(ascii: ","))
        var digits = String(fifths)
        digits = String(repeating: "0", count: 5 - digits.count) + digits
        while digits.count > 1 && digits.hasSuffix("0") { digits.removeLast() }
        text.append(ascii: "0.")
        text.append(digits)
        text.endLine(crlf: true)
      }
    }
    return text.bytes
  }
}
