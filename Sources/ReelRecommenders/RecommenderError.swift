/// A bad input to a task, metric or index: which component rejected it and why.
///
///     RecommenderError(component: "Retrieval", reason: "5 queries but 3 candidates").description
///     // "Retrieval: 5 queries but 3 candidates"
public struct RecommenderError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The task, metric, index or file that rejected the input (`"Retrieval"`, `"auc"`, a path).
  public let component: String
  /// What was wrong.
  public let reason: String

  /// An error raised by `component` because of `reason`.
  public init(component: String, reason: String) {
    self.component = component
    self.reason = reason
  }

  /// `"component: reason"`.
  public var description: String { "\(component): \(reason)" }
}
