/// The class labels TensorFlow Datasets' `movielens` builder uses, so that TFRS code ports one
/// to one (../shared/reference/movielens-formats.md §5).
public enum TFDSLabels {
  /// `movie_genres` labels, index → name.
  public static let genres = [
    "Action", "Adventure", "Animation", "Children", "Comedy", "Crime", "Documentary", "Drama",
    "Fantasy", "Film-Noir", "Horror", "IMAX", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller",
    "Unknown", "War", "Western", "(no genres listed)",
  ]

  /// `user_occupation_label` labels, index → name.
  public static let occupations = [
    "academic/educator", "artist", "clerical/admin", "customer service", "doctor/health care",
    "entertainment", "executive/managerial", "farmer", "homemaker", "lawyer", "librarian",
    "other/not specified", "programmer", "retired", "sales/marketing", "scientist", "self-employed",
    "student", "technician/engineer", "tradesman/craftsman", "unemployed", "writer",
  ]

  static let genreIndex = Dictionary(uniqueKeysWithValues: genres.enumerated().map { ($1, Int32($0)) })
  static let occupationIndex = Dictionary(uniqueKeysWithValues: occupations.enumerated().map { ($1, Int32($0)) })

  /// The label of a genre name as a release writes it (`Children's` → Children, ml-100k's
  /// `unknown` → Unknown).
  public static func genreLabel(_ name: String) -> Int32? {
    switch name {
    case "Children's": return genreIndex["Children"]
    case "unknown": return genreIndex["Unknown"]
    default: return genreIndex[name]
    }
  }

  /// ml-100k occupation text → TFDS label name.
  static let ml100kOccupations: [String: String] = [
    "administrator": "clerical/admin", "doctor": "doctor/health care", "healthcare": "doctor/health care",
    "educator": "academic/educator", "engineer": "technician/engineer", "technician": "technician/engineer",
    "executive": "executive/managerial", "marketing": "sales/marketing", "salesman": "sales/marketing",
    "none": "other/not specified", "other": "other/not specified",
  ]

  /// `user_occupation_text` and `user_occupation_label` for a user of `release`.
  public static func occupation(_ text: String, release: MovieLensRelease) -> (text: String, label: Int32?) {
    if release == .ml100k {
      let name = ml100kOccupations[text] ?? text
      return (text, occupationIndex[name])
    }
    let shown = text == "other" ? "other/not specified" : text
    let name = (shown == "K-12 student" || shown == "college/grad student") ? "student" : shown
    return (shown, occupationIndex[name])
  }

  /// `bucketized_user_age`: ml-1m passes its age code through; ml-100k buckets exact ages at
  /// 18, 25, 35, 45, 50, 56 (below 18 → 1).
  public static func ageBucket(_ age: Int, release: MovieLensRelease) -> Float {
    guard release == .ml100k else { return Float(age) }
    let bucket = [18, 25, 35, 45, 50, 56].last { $0 <= age } ?? 1
    return Float(bucket)
  }
}
