/// An error generating training examples from MovieLens ratings.
public enum ExampleGenerationError: Error, CustomStringConvertible, Equatable, Sendable {
  /// A configuration value is out of range; the message names it.
  case invalidConfiguration(String)
  /// The ratings columns have different lengths.
  case ratingsColumnsMismatch(user: Int, movie: Int, rating: Int, timestamp: Int)
  /// A rated movie that the generator needs is missing from the movie lookup.
  case unknownMovie(Int32)

  public var description: String {
    switch self {
    case .invalidConfiguration(let message): return "invalid configuration: \(message)"
    case .ratingsColumnsMismatch(let user, let movie, let rating, let timestamp):
      return "ratings columns differ in length: user \(user), movie \(movie), "
        + "rating \(rating), timestamp \(timestamp)"
    case .unknownMovie(let id): return "movie \(id) is rated but not in the movie lookup"
    }
  }
}
