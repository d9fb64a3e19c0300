/// Which features a tower reads besides its id embedding.
///
///     let query: UserFeatures = [.timestamps]          // context-features with timestamps
///     let candidate: MovieFeatures = [.titleText]
public struct UserFeatures: OptionSet, Hashable, Sendable {
  public let rawValue: Int
  public init(rawValue: Int) { self.rawValue = rawValue }

  /// `Hashing(200_000)` of `user_id` → `Embedding(200_000, d)`, next to the lookup embedding.
  public static let hashedID = UserFeatures(rawValue: 1)
  /// `Discretization` of `timestamp` → `Embedding(1001, d)`, and the normalized timestamp.
  public static let timestamps = UserFeatures(rawValue: 2)
}

/// Which features the movie tower reads besides its title embedding.
public struct MovieFeatures: OptionSet, Hashable, Sendable {
  public let rawValue: Int
  public init(rawValue: Int) { self.rawValue = rawValue }

  /// `TextVectorization` of the title → `Embedding(10_000, d, mask_zero)` →
  /// `GlobalAveragePooling1D`.
  public static let titleText = MovieFeatures(rawValue: 1)
}
