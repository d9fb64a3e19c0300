extension TextVectorization {
  /// Keras's `standardize=` step, applied to each input string before splitting.
  ///
  ///     TextVectorization.Standardize.lowerAndStripPunctuation   // "Léon: THE (1994)!" → "léon the 1994"
  ///
  /// - `lowerAndStripPunctuation` (the default): `lower`, then `stripPunctuation`.
  /// - `lower`: `tf.strings.lower`, which lowercases ASCII `A`–`Z` only; `É`, `Ä`, `Σ`, `İ`,
  ///   `Ａ` and every other non-ASCII letter stay as they are.
  /// - `stripPunctuation`: removes Keras's `DEFAULT_STRIP_REGEX`
  ///   `[!"#$%&()\*\+,-\./:;<=>?@\[\\\]^_`{|}~\']`, which is exactly the 32 ASCII punctuation
  ///   characters `!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~` (the `,-\.` in the class is the range
  ///   `,` `-` `.`); non-ASCII punctuation (`«`, `…`, `—`, `¿`) stays.
  /// - `none`: the input as it is.
  /// - `custom`: your function (Keras's callable); a layer using it cannot be saved as JSON.
  public enum Standardize: Sendable {
    case lowerAndStripPunctuation
    case lower
    case stripPunctuation
    case none
    case custom(@Sendable (String) -> String)

    /// The Keras name (`"lower_and_strip_punctuation"`, ..., `"none"`), nil for `custom`.
    public var name: String? {
      switch self {
      case .lowerAndStripPunctuation: return "lower_and_strip_punctuation"
      case .lower: return "lower"
      case .stripPunctuation: return "strip_punctuation"
      case .none: return "none"
      case .custom: return nil
      }
    }

    /// The option with Keras name `name` (`"none"` for Keras's `None`), nil if unknown.
    public init?(name: String) {
      switch name {
      case "lower_and_strip_punctuation": self = .lowerAndStripPunctuation
      case "lower": self = .lower
      case "strip_punctuation": self = .stripPunctuation
      case "none": self = .none
      default: return nil
      }
    }

    /// What a built-in option does with each byte: 0 keep, 1 drop, 2 lowercase (set 0x20).
    /// nil for `none` and `custom`. UTF-8 multi-byte sequences never contain ASCII bytes,
    /// so byte-wise edits keep the text valid UTF-8.
    var byteActions: [UInt8]? {
      let lower: Bool
      let strip: Bool
      switch self {
      case .lowerAndStripPunctuation: (lower, strip) = (true, true)
      case .lower: (lower, strip) = (true, false)
      case .stripPunctuation: (lower, strip) = (false, true)
      case .none, .custom: return nil
      }
      var actions = [UInt8](repeating: 0, count: 256)
      if lower { for b in UInt8(ascii: "A")...UInt8(ascii: "Z") { actions[Int(b)] = 2 } }
      if strip { for b in Self.punctuation { actions[Int(b)] = 1 } }
      return actions
    }

    /// The bytes `DEFAULT_STRIP_REGEX` matches: 0x21–0x2F, 0x3A–0x40, 0x5B–0x60, 0x7B–0x7E.
    static let punctuation: [UInt8] = Array("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".utf8)
  }
}
