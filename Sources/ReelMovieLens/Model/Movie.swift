/// One movie of a MovieLens release, as the movies file describes it.
public struct MovieLensMovie: Hashable, Sendable {
  /// The movie id (`movieId` / `MovieID` / u.item's first field).
  public var id: Int32
  /// The title, decoded from latin-1 (100k, 1m) or UTF-8, with its year, e.g. `Toy Story (1995)`.
  public var title: String
  /// Genre names as the file writes them (`Children's` in 100k and 1m, `Children` later;
  /// ml-100k's flags become names in u.genre order).
  public var genres: [String]
  /// ml-100k only: the release date text (`01-Jan-1995`), empty when unknown.
  public var releaseDate: String?
  /// ml-100k only: the IMDb URL, empty when unknown.
  public var imdbURL: String?

  public init(id: Int32, title: String, genres: [String], releaseDate: String? = nil, imdbURL: String? = nil) {
    self.id = id
    self.title = title
    self.genres = genres
    self.releaseDate = releaseDate
    self.imdbURL = imdbURL
  }

  /// The year in the title's last `(YYYY)` (or `(YYYY–YYYY)`), if any.
  public var year: Int? {
    guard let open = title.lastIndex(of: "("), let close = title.lastIndex(of: ")"), open < close else { return nil }
    let inside = title[title.index(after: open)..<close]
    let digits = inside.prefix(4)
    guard digits.count == 4, digits.allSatisfy(\.isNumber) else { return nil }
    return Int(digits)
  }
}

/// One user of ml-100k or ml-1m (the releases with demographics).
public struct MovieLensUser: Hashable, Sendable {
  public var id: Int32
  /// `M` or `F`.
  public var gender: String
  /// ml-100k: the exact age; ml-1m: the age bucket code (1, 18, 25, 35, 45, 50, 56).
  public var age: Int
  /// The occupation as text (ml-1m codes are mapped to the README's names).
  public var occupation: String
  /// The zip code as written (leading zeros and letters kept).
  public var zipCode: String

  public init(id: Int32, gender: String, age: Int, occupation: String, zipCode: String) {
    self.id = id
    self.gender = gender
    self.age = age
    self.occupation = occupation
    self.zipCode = zipCode
  }
}

/// Ratings held in memory as columns, in file order.
public struct MovieLensRatings: Sendable {
  public var user: [Int32] = []
  public var movie: [Int32] = []
  public var rating: [Float] = []
  public var timestamp: [Int64] = []

  public init() {}

  public init(user: [Int32], movie: [Int32], rating: [Float], timestamp: [Int64]) {
    self.user = user
    self.movie = movie
    self.rating = rating
    self.timestamp = timestamp
  }

  public var count: Int { user.count }

  /// Appends a parsed chunk.
  public mutating func append(_ chunk: RatingsChunk) {
    user += chunk.user
    movie += chunk.movie
    rating += chunk.rating
    timestamp += chunk.timestamp
  }
}
