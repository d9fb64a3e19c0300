extension TextVectorization {
  /// Keras's `split=` step, applied to each standardized string.
  ///
  ///     "a\tb  c\u{00A0}d"   // .whitespace → ["a", "b", "c\u{00A0}d"]
  ///     "né"                 // .character  → ["n", "é"]
  ///
  /// - `whitespace` (the default): `tf.strings.split` without a separator: splits on runs of
  ///   the ASCII whitespace bytes space, `\t`, `\n`, `\v`, `\f`, `\r` and drops empty pieces
  ///   (so leading, trailing and repeated whitespace give no tokens). Unicode spaces such as
  ///   U+00A0, U+2003, U+3000 and U+0085 do not split.
  /// - `character`: `tf.strings.unicode_split(text, "UTF-8")`: one token per Unicode code
  ///   point (a decomposed `e` + U+0301 gives two tokens), spaces included.
  /// - `none`: the whole string is one token (the empty string is the padding token).
  /// - `custom`: your function (Keras's callable); a layer using it cannot be saved as JSON.
  public enum Split: Sendable {
    case whitespace
    case character
    case none
    case custom(@Sendable (String) -> [String])

    /// The Keras name (`"whitespace"`, `"character"`, `"none"`), nil for `custom`.
    public var name: String? {
      switch self {
      case .whitespace: return "whitespace"
      case .character: return "character"
      case .none: return "none"
      case .custom: return nil
      }
    }

    /// The option with Keras name `name` (`"none"` for Keras's `None`), nil if unknown.
    public init?(name: String) {
      switch name {
      case "whitespace": self = .whitespace
      case "character": self = .character
      case "none": self = .none
      default: return nil
      }
    }

    /// `absl::ascii_isspace`, which `tf.strings.split` uses.
    @inline(__always)
    static func isWhitespace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }
  }
}
