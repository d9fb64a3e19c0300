import Foundation
import ReelTensor

/// The small JSON file written last into a checkpoint folder: where training stands and
/// which files hold the rest. A checkpoint exists exactly when its manifest does.
public struct CheckpointManifest: Codable, Equatable, Sendable {
  /// Always `"reel-checkpoint"`.
  public var format = CheckpointManifest.formatName
  /// The format version, 1.
  public var version = 1
  /// The epoch in progress, or the next to start when ``stepInEpoch`` is 0 and
  /// ``iteratorFile`` is nil.
  public var epoch: Int
  /// Steps done in ``epoch``.
  public var stepInEpoch: Int
  /// Steps done since the start of training.
  public var globalStep: Int
  /// Rows seen in ``epoch``.
  public var rowsInEpoch: Int
  /// Training seconds spent in ``epoch`` so far.
  public var secondsInEpoch: Double
  /// Running sums over ``epoch``'s steps of `loss`, `regularization_loss`, `total_loss`.
  public var lossSums: [String: Double]
  /// The weight file (parameters and optimizer state), relative to the folder.
  public var weightsFile: String
  /// The training iterator's saved state (``ReelPipeline`` JSON), or nil at an epoch boundary.
  public var iteratorFile: String?
  /// The ``History`` of the finished epochs, relative to the folder.
  public var historyFile: String
  /// The state of every task metric in the open epoch, in task and metric order (absent in
  /// checkpoints written before metric states were saved).
  public var metricStates: [[Double]]?

  public static let formatName = "reel-checkpoint"
  /// The manifest's file name inside a checkpoint folder.
  public static let fileName = "checkpoint.json"
}

/// Reads and writes checkpoint folders: `weights-<step>.safetensors` (``WeightFile`` with
/// optimizer state), `iterator-<step>.json`, `history-<step>.json`, then `checkpoint.json`.
/// Every file is written to a temporary name, fsynced and renamed; the manifest goes last,
/// so a crash at any point leaves the previous checkpoint intact. Files of older
/// checkpoints are removed after the new manifest is in place.
public enum Checkpoint {
  /// The manifest in `folder`, or nil when the folder holds no checkpoint.
  ///
  /// - Throws: ``RecommenderError`` when the manifest exists but cannot be read.
  public static func manifest(in folder: URL) throws -> CheckpointManifest? {
    let url = folder.appendingPathComponent(CheckpointManifest.fileName)
    guard FileManager.default.fileExists(atPath: url.path) else { return nil }
    let manifest: CheckpointManifest
    do {
      manifest = try JSONDecoder().decode(CheckpointManifest.self, from: Data(contentsOf: url))
    } catch {
      throw RecommenderError(
        component: "Checkpoint", reason: "\(url.path): unreadable manifest: \(error)")
    }
    guard manifest.format == CheckpointManifest.formatName, manifest.version == 1 else {
      throw RecommenderError(
        component: "Checkpoint",
        reason: "\(url.path): not a version-1 Reel checkpoint (format '\(manifest.format)', "
          + "version \(manifest.version))")
    }
    return manifest
  }

  /// Writes a checkpoint into `folder` (created if needed).
  static func write(
    to folder: URL, position: TrainingPosition, parameters: [Parameter],
    optimizer: any Optimizer, iteratorState: Data?, history: History
  ) throws {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let tag = "\(position.globalStep)"
    let weights = "weights-\(tag).safetensors"
    let iterator = iteratorState.map { _ in "iterator-\(tag).json" }
    let historyName = "history-\(tag).json"
    try AtomicFile.write(to: folder.appendingPathComponent(weights)) { temp in
      try WeightFile.save(
        parameters, optimizer: optimizer,
        metadata: ["global_step": tag, "epoch": "\(position.epoch)"], to: temp)
    }
    if let iterator = iterator, let state = iteratorState {
      try AtomicFile.write(state, to: folder.appendingPathComponent(iterator))
    }
    try AtomicFile.write(history.jsonData(), to: folder.appendingPathComponent(historyName))
    let manifest = CheckpointManifest(
      epoch: position.epoch, stepInEpoch: position.stepInEpoch, globalStep: position.globalStep,
      rowsInEpoch: position.rowsInEpoch, secondsInEpoch: position.secondsInEpoch,
      lossSums: position.lossSums, weightsFile: weights, iteratorFile: iterator,
      historyFile: historyName, metricStates: position.metricStates)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    try AtomicFile.write(
      encoder.encode(manifest), to: folder.appendingPathComponent(CheckpointManifest.fileName))
    // The new manifest is durable: files of older checkpoints can go.
    let keep = Set([weights, historyName, iterator].compactMap { $0 })
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    for name in names where !keep.contains(name) {
      let owned = ["weights-", "iterator-", "history-"].contains { name.hasPrefix($0) }
      if owned { try? FileManager.default.removeItem(at: folder.appendingPathComponent(name)) }
    }
  }

  /// Loads the checkpoint in `folder` into `parameters` and `optimizer`; returns the position,
  /// the iterator state and the history, or nil when there is no checkpoint.
  static func restore(
    from folder: URL, parameters: [Parameter], optimizer: any Optimizer
  ) throws -> (TrainingPosition, Data?, History)? {
    guard let m = try manifest(in: folder) else { return nil }
    try WeightFile.load(
      into: parameters, optimizer: optimizer, from: folder.appendingPathComponent(m.weightsFile))
    let iterator = try m.iteratorFile.map {
      try Data(contentsOf: folder.appendingPathComponent($0))
    }
    let history = try History(contentsOf: folder.appendingPathComponent(m.historyFile))
    let position = TrainingPosition(
      epoch: m.epoch, stepInEpoch: m.stepInEpoch, globalStep: m.globalStep,
      rowsInEpoch: m.rowsInEpoch, secondsInEpoch: m.secondsInEpoch, lossSums: m.lossSums,
      metricStates: m.metricStates)
    return (position, iterator, history)
  }
}

/// Where training stands (the manifest's counters).
struct TrainingPosition {
  var epoch = 0
  var stepInEpoch = 0
  var globalStep = 0
  var rowsInEpoch = 0
  var secondsInEpoch = 0.0
  var lossSums: [String: Double] = [:]
  var metricStates: [[Double]]?
}
