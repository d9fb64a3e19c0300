/// Keras's `output_mode` for lookup layers and ``TextVectorization``.
///
///     LookupOutputMode(rawValue: "tf_idf")   // .tfIDF
///
/// `int` maps each token to its index. The others produce one float row per input row
/// (`one_hot`: one row per input token) whose width is the vocabulary size without the mask
/// slot, or `maxTokens` with `padToMaxTokens`:
/// - `one_hot` / `multi_hot`: 1 where a token occurs;
/// - `count`: how often it occurs;
/// - `tf_idf`: the count times the token's inverse document frequency.
public enum LookupOutputMode: String, Codable, Sendable, CaseIterable {
  case int
  case oneHot = "one_hot"
  case multiHot = "multi_hot"
  case count
  case tfIDF = "tf_idf"
}
