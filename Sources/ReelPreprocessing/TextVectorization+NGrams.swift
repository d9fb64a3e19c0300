extension TextVectorization {
  /// Keras's `ngrams=`: the n-gram sizes to produce from each row's tokens, joined with `" "`.
  ///
  ///     let two: TextVectorization.NGrams = 2          // sizes [1, 2], as Keras's ngrams=2
  ///     let some: TextVectorization.NGrams = [1, 3]    // sizes [1, 3], as ngrams=(1, 3)
  ///     // tokens ["a", "b", "c"] with [1, 3] → ["a", "b", "c", "a b c"]
  ///
  /// Output order is `tf.strings.ngrams`': all n-grams of the first size in row order, then
  /// the next size. A row shorter than a size gives none of that size. Sizes must be ≥ 1
  /// (Keras gives no tokens for `ngrams=0` and fails for negative sizes).
  public struct NGrams: Sendable, Equatable, Codable, ExpressibleByIntegerLiteral,
    ExpressibleByArrayLiteral
  {
    /// The sizes, in output order (repeats allowed, as in Keras).
    public let sizes: [Int]

    /// Sizes `1...n` (Keras's `ngrams=n`).
    public init(upTo n: Int) { sizes = n >= 1 ? Array(1...n) : [n] }

    /// Explicit sizes (Keras's `ngrams=(...)`).
    public init(sizes: [Int]) { self.sizes = sizes }

    public init(integerLiteral n: Int) { self.init(upTo: n) }
    public init(arrayLiteral sizes: Int...) { self.init(sizes: sizes) }
  }
}
