extension Datasets {
  /// Takes each element from the source whose index the `choices` dataset gives next
  /// (tf.data's `choose_from_datasets`). By default the pass ends when a chosen source is
  /// exhausted; with `stopOnEmptyDataset: false` such choices are skipped. A choice outside
  /// `0..<sources.count` is an error naming its position.
  ///
  ///     Datasets.choose(from: [a.eraseToAnyDataset(), b.eraseToAnyDataset()],
  ///                     choices: Datasets.from([0, 1, 1, 0]))   // a0, b0, b1, a1
  public static func choose<Element, Choices: Dataset>(
    from sources: [AnyDataset<Element>], choices: Choices, stopOnEmptyDataset: Bool = true
  ) -> ChooseDataset<Element, Choices> where Choices.Element == Int {
    ChooseDataset(sources: sources, choices: choices, stopOnEmpty: stopOnEmptyDataset)
  }
}

/// Elements picked from several sources by an index stream. Build with ``Datasets/choose(from:choices:stopOnEmptyDataset:)``.
public struct ChooseDataset<Element, Choices: Dataset>: Dataset where Choices.Element == Int {
  let sources: [AnyDataset<Element>]
  let choices: Choices
  let stopOnEmpty: Bool

  public var cardinality: Cardinality {
    if choices.cardinality == .finite(0) { return .finite(0) }
    if choices.cardinality == .infinite && sources.allSatisfy({ $0.cardinality == .infinite }) {
      return .infinite
    }
    return .unknown
  }

  public func makeIterator(epoch: Int) -> Iterator {
    Iterator(
      dataset: self, choices: choices.makeIterator(epoch: epoch),
      iterators: sources.map { $0.makeIterator(epoch: epoch) }, choiceIndex: 0)
  }

  public func makeIterator(restoring state: State) throws -> Iterator {
    guard state.sources.count == sources.count else {
      throw PipelineError.invalidState(
        stage: "choose", "\(state.sources.count) sources, expected \(sources.count)")
    }
    return Iterator(
      dataset: self, choices: try choices.makeIterator(restoring: state.choices),
      iterators: try Swift.zip(sources, state.sources).map { source, saved in
        try saved.map { try source.makeIterator(restoring: $0) }
      }, choiceIndex: state.choiceIndex, finished: state.finished)
  }

  /// The saved position: the choice stream's and each source's (nil when exhausted).
  public struct State: Codable {
    public var choices: Choices.Iterator.State
    public var sources: [ErasedState?]
    public var choiceIndex: Int
    public var finished: Bool
  }

  /// The iterator of a ``ChooseDataset``.
  public struct Iterator: DatasetIterator {
    let dataset: ChooseDataset
    var choices: Choices.Iterator
    var iterators: [AnyDatasetIterator<Element>?]
    var choiceIndex: Int
    var finished = false

    public mutating func next() throws -> Element? {
      while !finished, let choice = try choices.next() {
        let position = choiceIndex
        choiceIndex += 1
        guard iterators.indices.contains(choice) else {
          throw PipelineError.stage(
            "choose", elementIndex: position,
            underlying: PipelineError.invalidArgument(
              stage: "choose", "choice \(choice) is outside 0..<\(iterators.count)"))
        }
        if iterators[choice] != nil, let value = try iterators[choice]!.next() { return value }
        iterators[choice] = nil
        if dataset.stopOnEmpty { finished = true }
      }
      finished = true
      return nil
    }

    public func checkpoint() throws -> State {
      State(
        choices: try choices.checkpoint(), sources: try iterators.map { try $0?.checkpoint() },
        choiceIndex: choiceIndex, finished: finished)
    }
  }
}
