/// The fixed code tables of the MovieLens releases (genres, occupations, age codes) with
/// the real frequencies as sampling weights, and the invented words that synthetic titles
/// and tags are made of. No MovieLens titles or tags are used.
///
///     MovieLensVocabulary.genres(for: .ml100k).first   // "unknown"
///     MovieLensVocabulary.genres(for: .ml25m).last     // "(no genres listed)"
public enum MovieLensVocabulary {
  /// The 18 genres of ml-1m, in README order, with `Children's`.
  public static let genres1m = [
    "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary",
    "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi",
    "Thriller", "War", "Western",
  ]

  /// The 19 ml-100k genres in `u.genre` order (index 0 is `unknown`).
  public static let genres100k = ["unknown"] + genres1m

  /// The genres used by ml-10m and the CSV releases: `Children`, `IMAX` and
  /// `(no genres listed)`, sorted the way MovieLens joins them.
  public static let genresModern = [
    "Action", "Adventure", "Animation", "Children", "Comedy", "Crime", "Documentary",
    "Drama", "Fantasy", "Film-Noir", "Horror", "IMAX", "Musical", "Mystery", "Romance",
    "Sci-Fi", "Thriller", "War", "Western", "(no genres listed)",
  ]

  /// The genre names a release writes.
  public static func genres(for release: MovieLensRelease) -> [String] {
    switch release {
    case .ml100k: return genres100k
    case .ml1m: return genres1m
    default: return genresModern
    }
  }

  /// How many ml-1m movies have each of `genres1m` (sampling weights).
  static let genreWeights1m: [Double] = [
    503, 283, 105, 251, 1200, 211, 127, 1603, 68, 44, 343, 114, 106, 471, 276, 492, 143, 68,
  ]

  /// Sampling weights for a release's genre list (the last modern genre is never sampled:
  /// `(no genres listed)` is planted separately; `unknown` only on its planted movies).
  static func genreWeights(for release: MovieLensRelease) -> [Double] {
    switch release {
    case .ml100k: return [0] + genreWeights1m
    case .ml1m: return genreWeights1m
    default:
      var weights = genreWeights1m
      weights.insert(12, at: 11)  // IMAX
      return weights + [0]
    }
  }

  /// The 21 ml-100k occupations (`u.occupation`, alphabetical).
  public static let occupations100k = [
    "administrator", "artist", "doctor", "educator", "engineer", "entertainment",
    "executive", "healthcare", "homemaker", "lawyer", "librarian", "marketing", "none",
    "other", "programmer", "retired", "salesman", "scientist", "student", "technician",
    "writer",
  ]

  /// Users per ml-100k occupation (sampling weights).
  static let occupationWeights100k: [Double] = [
    79, 28, 7, 95, 67, 18, 32, 16, 7, 12, 51, 26, 9, 105, 66, 14, 12, 31, 196, 27, 45,
  ]

  /// Users per ml-1m occupation code 0-20 (sampling weights).
  static let occupationWeights1m: [Double] = [
    711, 528, 267, 173, 759, 112, 236, 679, 17, 92, 195, 129, 388, 142, 302, 144, 241, 502,
    70, 72, 281,
  ]

  /// The ml-1m age codes and how many users have each.
  static let ageCodes1m: [Int] = [1, 18, 25, 35, 45, 50, 56]
  static let ageCodeWeights1m: [Double] = [222, 1103, 2096, 1193, 550, 496, 380]

  /// English month abbreviations of the ml-100k release dates.
  static let months = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
  ]

  // MARK: - Invented words for titles and tags

  static let adjectives = [
    "Silent", "Broken", "Golden", "Last", "Hidden", "Crimson", "Wild", "Lonely", "Dark",
    "Bright", "Lost", "Little", "Electric", "Frozen", "Secret", "Endless", "Burning",
    "Quiet", "Savage", "Gentle", "Midnight", "Paper", "Iron", "Velvet", "Hollow", "Distant",
  ]
  static let nouns = [
    "River", "Garden", "Empire", "Stranger", "Harbor", "Mirror", "Summer", "Winter", "Road",
    "Kingdom", "Signal", "Machine", "Orchard", "Island", "Frontier", "Detective", "Circus",
    "Voyage", "Witness", "Letter", "Shadow", "Engine", "Lantern", "Canyon", "Promise",
    "Avenue", "Comet", "Fortress", "Melody", "Harvest",
  ]
  static let names = [
    "Billy", "Clara", "Max", "Rosa", "Hank", "Edith", "Otto", "Nina", "Walter", "June",
  ]
  static let articles = ["The", "A", "An"]

  /// Foreign words with latin-1 letters (é = 0xE9, Á = 0xC1, ³ = 0xB3 in latin-1).
  static let latin1Words = [
    "Misérables, Les", "Á köldum dal", "Déjà Vu", "Café Noir", "Niño Perdido",
    "Garçon Stupide", "Über Alles", "Señorita Luna", "Crème Brûlée", "Ödön",
  ]
  /// Sequel marks written with latin-1 superscripts (`Alien³`).
  static let superscripts = ["²", "³"]

  /// Words beyond latin-1 for the UTF-8 releases.
  static let unicodeWords = [
    "Łódź Nocą", "Ночной дозор", "東京の夜", "Sōgen no kaze", "Cidade dos Sonhos", "Žena",
  ]

  static let tagWords = [
    "funny", "atmospheric", "twist ending", "dark comedy", "based on a book",
    "visually appealing", "thought-provoking", "slow", "quirky", "great soundtrack",
    "predictable", "cult film", "beautiful", "overrated", "classic", "surreal",
  ]
  /// Tags with commas, quotes or non-ASCII text, to exercise quoting and encodings.
  static let awkwardTags = [
    "funny, sad", "\"artsy\"", "sci-fi, dystopia", "Almodóvar", "Kurosawa 黒澤",
    "so bad it's \"good\"",
  ]
  /// Double-encoded UTF-8, as some ml-10m tags are.
  static let mojibakeTags = ["Lasse Ã…berg", "AlmodÃƒÂ³var"]

  /// Per-genre tag words, so tags carry the planted genre signal.
  static let genreTags = [
    "explosions", "quest", "hand-drawn", "family", "hilarious", "heist", "true story",
    "tearjerker", "magic", "noir", "gore", "imax", "songs", "whodunit", "love story",
    "space", "suspense", "battle", "cowboys", "obscure",
  ]
}
