import Foundation
import ReelPipeline

extension MovieLensSynthesizer {
  /// ml-100k: u.data in random order, u.item (24 `|` fields, latin-1), u.user, u.genre,
  /// u.occupation, u.info, the split files, README, mku.sh and allbut.pl.
  func write100k(folder: URL) throws -> [WrittenFile] {
    let top = configuration.release.topFolder
    var table = RatingTable()
    table.reserve(configuration.ratings)
    for (u, block) in allBlocks().enumerated() {
      for k in block.movies.indices {
        table.append(
          user: Int32(population.users[u].id),
          movie: Int32(catalog.movies[Int(block.movies[k])].id),
          halfStars: block.halfStars[k], timestamp: block.timestamps[k])
      }
    }
    var rng = SplitMix64(
      seed: SeedSequence.derive(configuration.seed, SyntheticStream.shuffle.rawValue))
    var order = Array(0..<table.count)
    order.shuffle(using: &rng)
    table = table.rows(order)

    var files: [WrittenFile] = []
    func put(_ name: String, _ bytes: [UInt8]) throws {
      files.append(try OutputFile.write(bytes, folder: folder, name: name, top: top))
    }
    try put("README", Array(SyntheticDocuments.readme(for: configuration).utf8))
    try put("allbut.pl", Array(SyntheticDocuments.allbutPerl.utf8))
    try put("mku.sh", Array(SyntheticDocuments.mkuShell.utf8))
    try put("u.data", table.tsv())
    try put("u.genre", genreFile())
    try put("u.info", Array(("\(configuration.users) users\n\(configuration.movies) items\n"
      + "\(configuration.ratings) ratings\n").utf8))
    try put("u.item", itemFile())
    try put("u.occupation", Array(
      MovieLensVocabulary.occupations100k.map { $0 + "\n" }.joined().utf8))
    try put("u.user", userFile())
    if configuration.includeSplits {
      for (name, rows) in MovieLensSplits.mku(table) {
        try put(name, rows.sortedByUserItem().tsv())
      }
      for (name, start, stop) in [("ua", 1, 10), ("ub", 11, 20)] {
        let (base, test) = MovieLensSplits.allbut(table, start: start, stop: stop,
                                                  maxTest: table.count)
        try put("\(name).base", base.sortedByUserItem().tsv())
        try put("\(name).test", test.sortedByUserItem().tsv())
      }
    }
    return files
  }

  /// The 19 `name|index` lines and one empty line.
  func genreFile() -> [UInt8] {
    var text = TextBuffer()
    for (i, name) in MovieLensVocabulary.genres100k.enumerated() {
      text.append(name)
      text.append(byte: UInt8(ascii: "|"))
      text.append(i)
      text.endLine(crlf: false)
    }
    text.endLine(crlf: false)
    return text.bytes
  }

  /// `id|title|date||url|` + 19 genre flags, latin-1.
  func itemFile() -> [UInt8] {
    var text = TextBuffer(capacity: catalog.movies.count * 140)
    let pipe = UInt8(ascii: "|")
    for movie in catalog.movies {
      text.append(movie.id)
      text.append(byte: pipe)
      text.append(movie.title, latin1: true)
      text.append(byte: pipe)
      text.append(movie.releaseDate)
      text.append(byte: pipe)
      text.append(byte: pipe)
      text.append(movie.url)
      var flags = [UInt8](repeating: UInt8(ascii: "0"), count: 19)
      for g in movie.genres { flags[g] = UInt8(ascii: "1") }
      for flag in flags {
        text.append(byte: pipe)
        text.append(byte: flag)
      }
      text.endLine(crlf: false)
    }
    return text.bytes
  }

  /// `id|age|gender|occupation|zip`.
  func userFile() -> [UInt8] {
    var text = TextBuffer(capacity: population.users.count * 24)
    for user in population.users {
      text.append("\(user.id)|\(user.age)|\(user.gender)|"
        + "\(MovieLensVocabulary.occupations100k[user.occupation])|\(user.zip)")
      text.endLine(crlf: false)
    }
    return text.bytes
  }
}
