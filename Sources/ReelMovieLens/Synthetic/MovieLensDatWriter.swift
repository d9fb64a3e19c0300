import Foundation
import ReelPipeline

extension MovieLensSynthesizer {
  /// ml-1m (ratings.dat grouped by user, unsorted within a user; users.dat; latin-1
  /// movies.dat with `Children's`) and ml-10m (ratings.dat sorted by user then movie with
  /// `5`/`3.5` ratings; UTF-8 movies.dat; tags.dat; the split scripts).
  func writeDat(folder: URL) throws -> [WrittenFile] {
    let release = configuration.release
    let top = release.topFolder
    let is1m = release == .ml1m
    var files: [WrittenFile] = []
    func put(_ name: String, _ bytes: [UInt8]) throws {
      files.append(try OutputFile.write(bytes, folder: folder, name: name, top: top))
    }
    let readme = SyntheticDocuments.readme(for: configuration)
    if is1m {
      try put("README", Array(readme.utf8))
    } else {
      try put("README.html", Array(SyntheticDocuments.html(readme).utf8))
      try put("allbut.pl", Array(SyntheticDocuments.allbutPerl.utf8))
      try put("split_ratings.sh", Array(SyntheticDocuments.splitRatingsShell.utf8))
    }
    try put("movies.dat", datMovies(latin1: is1m))

    let ratingsFile = try OutputFile(folder: folder, name: "ratings.dat", top: top)
    var tagBytes: [UInt8] = []
    let users = population.users
    let movies = catalog.movies
    let seed = configuration.seed
    try streamUsers(
      format: { u, block, text, tags in
        let order: [Int]
        if is1m {
          var rng = SplitMix64(
            seed: SeedSequence.derive(seed, SyntheticStream.shuffle.rawValue, UInt64(u)))
          order = Array(block.movies.indices).shuffled(using: &rng)
        } else {
          order = block.movies.indices.sorted { block.movies[$0] < block.movies[$1] }
        }
        let user = users[u].id
        for k in order {
          text.append(user)
          text.append(ascii: "::")
          text.append(movies[Int(block.movies[k])].id)
          text.append(ascii: "::")
          text.appendRating(halfStars: block.halfStars[k], style: is1m ? .whole : .dat)
          text.append(ascii: "::")
          text.append(block.timestamps[k])
          text.endLine(crlf: false)
        }
        for tag in block.tags.sorted(by: { $0.movie < $1.movie }) {
          tags.append(user)
          tags.append(ascii: "::")
          tags.append(movies[Int(tag.movie)].id)
          tags.append(ascii: "::")
          tags.append(tag.tag)
          tags.append(ascii: "::")
          tags.append(tag.timestamp)
          tags.endLine(crlf: false)
        }
      },
      emit: { ratings, tags in
        try ratingsFile.write(ratings)
        tagBytes += tags
      })
    files.append(try ratingsFile.close())
    if is1m {
      try put("users.dat", datUsers())
    } else {
      try put("tags.dat", tagBytes)
    }
    return files
  }

  /// `MovieID::Title::Genres`.
  func datMovies(latin1: Bool) -> [UInt8] {
    let names = MovieLensVocabulary.genres(for: configuration.release)
    var text = TextBuffer(capacity: catalog.movies.count * 48)
    for movie in catalog.movies {
      text.append(movie.id)
      text.append(ascii: "::")
      text.append(movie.title, latin1: latin1)
      text.append(ascii: "::")
      text.append(movie.genres.map { names[$0] }.joined(separator: "|"))
      text.endLine(crlf: false)
    }
    return text.bytes
  }

  /// `UserID::Gender::Age::Occupation::Zip-code`.
  func datUsers() -> [UInt8] {
    var text = TextBuffer(capacity: population.users.count * 24)
    for user in population.users {
      text.append("\(user.id)::\(user.gender)::\(user.age)::\(user.occupation)::\(user.zip)")
      text.endLine(crlf: false)
    }
    return text.bytes
  }
}
