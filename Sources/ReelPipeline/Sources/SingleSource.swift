extension Datasets {
  /// A dataset of exactly one element (tf.data's `from_tensors`).
  ///
  ///     Datasets.single([1, 2, 3])   // [1, 2, 3] (one element)
  @inlinable
  public static func single<Element>(_ element: Element) -> ArrayDataset<Element> {
    ArrayDataset(elements: [element])
  }
}
