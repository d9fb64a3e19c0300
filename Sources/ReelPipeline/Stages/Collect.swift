extension Dataset {
  /// Runs a pass and returns every element (tf.data's `list(ds.as_numpy_iterator())`).
  ///
  ///     try Datasets.range(0..<3).map { $0 * 2 }.collect()   // [0, 2, 4]
  ///
  /// - Complexity: O(n) time and memory; never returns for an infinite dataset.
  public func collect(epoch: Int = 0) throws -> [Element] {
    var iterator = makeIterator(epoch: epoch)
    var out: [Element] = []
    if let n = cardinality.count { out.reserveCapacity(n) }
    while let value = try iterator.next() { out.append(value) }
    return out
  }

  /// Folds a pass into one value (tf.data's `reduce`).
  ///
  ///     try Datasets.range(1..<5).reduce(0, +)   // 10
  public func reduce<Result>(
    _ initial: Result, epoch: Int = 0, _ combine: (Result, Element) throws -> Result
  ) throws -> Result {
    var iterator = makeIterator(epoch: epoch)
    var result = initial
    while let value = try iterator.next() { result = try combine(result, value) }
    return result
  }

  /// Calls `body` on every element of a pass, in order.
  public func forEach(epoch: Int = 0, _ body: (Element) throws -> Void) throws {
    var iterator = makeIterator(epoch: epoch)
    while let value = try iterator.next() { try body(value) }
  }

  /// The only element of a one-element dataset (tf.data's `get_single_element`).
  ///
  /// - Throws: ``PipelineError/invalidArgument(stage:_:)`` when the pass has zero or several elements.
  public func singleElement(epoch: Int = 0) throws -> Element {
    var iterator = makeIterator(epoch: epoch)
    guard let first = try iterator.next() else {
      throw PipelineError.invalidArgument(stage: "singleElement", "the dataset is empty")
    }
    guard try iterator.next() == nil else {
      throw PipelineError.invalidArgument(
        stage: "singleElement", "the dataset has more than one element")
    }
    return first
  }
}
