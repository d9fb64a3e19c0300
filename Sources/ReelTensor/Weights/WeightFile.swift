import Foundation

/// Saving and loading a model's parameters, and optionally its optimizer's state, as a
/// safetensors file (``SafeTensorsFile``) that Python's `safetensors` package also reads.
///
/// Tensor names in the file:
/// - each parameter under its own name (`"movie/embeddings"`, `"dense/kernel"`), `F32`;
/// - `"optimizer/iterations"`: the step count, `I64` of shape `[]`;
/// - `"optimizer/<slot>/<parameter>"`: each slot of each parameter, `F32` (`accumulator` for
///   Adagrad, `m` and `v` for Adam, `m` for SGD with momentum).
///
/// Metadata: `"format": "reel-weights"`, `"format_version": "1"`, and with an optimizer
/// `"optimizer"` (its ``Optimizer/name``), `"optimizer.learning_rate"` (the rate or the
/// schedule), `"optimizer.clipping"` and `"optimizer.<hyperparameter>"`, plus the caller's
/// own entries.
///
///     try WeightFile.save(model.parameters, optimizer: optimizer, to: url)
///     // later, into a model and optimizer built the same way:
///     try WeightFile.load(into: model.parameters, optimizer: optimizer, from: url)
public enum WeightFile {
  /// The metadata value of `"format"`.
  public static let format = "reel-weights"
  static let optimizerPrefix = "optimizer/"
  static let iterationsName = "optimizer/iterations"

  /// Writes `parameters` (and `optimizer`'s state for them, when given) to `url` atomically.
  ///
  /// - Parameter metadata: extra metadata; keys must not be `"format"`, `"format_version"` or
  ///   start with `"optimizer"`.
  /// - Throws: ``WeightFileError`` when two parameters share a name, a name starts with
  ///   `"optimizer/"`, a metadata key is reserved, or writing fails.
  public static func save(
    _ parameters: [Parameter], optimizer: (any Optimizer)? = nil,
    metadata: [String: String] = [:], to url: URL
  ) throws {
    try checkNames(parameters, url)
    for key in metadata.keys
    where key == "format" || key == "format_version" || key.hasPrefix("optimizer") {
      throw WeightFileError(path: url.path, reason: "metadata key '\(key)' is reserved")
    }
    var file = SafeTensorsFile(metadata: metadata)
    file.metadata["format"] = format
    file.metadata["format_version"] = "1"
    for p in parameters { file.tensors[p.name] = .float32(p.value) }
    if let optimizer = optimizer {
      file.metadata["optimizer"] = optimizer.name
      file.metadata["optimizer.learning_rate"] =
        optimizer.schedule.map { $0.description } ?? "\(optimizer.learningRate)"
      file.metadata["optimizer.clipping"] = optimizer.clipping.description
      for (key, value) in optimizer.hyperparameters { file.metadata["optimizer.\(key)"] = value }
      let state = optimizer.state(for: parameters)
      file.tensors[iterationsName] = .int64(shape: [], values: [Int64(state.iterations)])
      for (slot, values) in state.slots {
        for (p, value) in zip(parameters, values) {
          file.tensors[slotName(slot, p)] = .float32(value)
        }
      }
    }
    try file.write(to: url)
  }

  /// Replaces the values of `parameters` (matched by name) and, when `optimizer` is given,
  /// its step count and slots with those stored in `url`.
  ///
  /// Nothing is changed unless the whole file matches: every parameter present with the same
  /// shape and dtype, no tensor the model does not have, and, with an optimizer, state saved
  /// by an optimizer of the same kind for the same parameters. Without an optimizer, any
  /// optimizer state in the file is ignored.
  ///
  /// - Throws: ``WeightFileError`` listing every difference (missing and unexpected names,
  ///   shapes, dtypes), or saying why the file cannot be read.
  public static func load(
    into parameters: [Parameter], optimizer: (any Optimizer)? = nil, from url: URL
  ) throws {
    try checkNames(parameters, url)
    let file = try SafeTensorsFile(contentsOf: url)
    let fail = { (reason: String) in WeightFileError(path: url.path, reason: reason) }
    if file.metadata["format"] != format {
      let found = file.metadata["format"].map { "'\($0)'" } ?? "none"
      throw fail("not a Reel weight file (metadata format is \(found), expected '\(format)')")
    }
    var expected: [String: (dtype: String, shape: [Int])] = [:]
    for p in parameters { expected[p.name] = ("F32", p.value.shape) }
    var state: OptimizerState?
    if let optimizer = optimizer {
      guard let saved = file.metadata["optimizer"] else {
        throw fail("the file holds no optimizer state (it was saved without an optimizer)")
      }
      guard saved == optimizer.name else {
        throw fail("the file holds \(saved) state, not \(optimizer.name) state")
      }
      let current = optimizer.state(for: parameters)
      state = current
      expected[iterationsName] = ("I64", [])
      for (slot, values) in current.slots {
        for (p, value) in zip(parameters, values) {
          expected[slotName(slot, p)] = ("F32", value.shape)
        }
      }
    }
    var differences: [String] = []
    for (name, want) in expected.sorted(by: { $0.key < $1.key }) {
      guard let have = file.tensors[name] else {
        differences.append("missing '\(name)' (\(want.dtype) \(want.shape))")
        continue
      }
      if have.dtype != want.dtype {
        differences.append("'\(name)' is \(have.dtype) in the file, expected \(want.dtype)")
      } else if have.shape != want.shape {
        differences.append(
          "'\(name)' has shape \(have.shape) in the file, the model has \(want.shape)")
      }
    }
    for name in file.tensors.keys.sorted() where expected[name] == nil {
      if optimizer == nil && name.hasPrefix(optimizerPrefix) { continue }
      differences.append(
        "unexpected '\(name)' (\(file.tensors[name]!.dtype) "
          + "\(file.tensors[name]!.shape)), not in the model")
    }
    if !differences.isEmpty {
      let shown = differences.prefix(20).joined(separator: "\n  ")
      let more = differences.count > 20 ? "\n  … and \(differences.count - 20) more" : ""
      throw fail("does not match the model (\(differences.count) differences):\n  \(shown)\(more)")
    }
    if let optimizer = optimizer, var state = state {
      let steps = file.tensors[iterationsName]!.integers![0]
      guard steps >= 0 else { throw fail("optimizer/iterations is negative (\(steps))") }
      state.iterations = Int(steps)
      for slot in state.slots.keys {
        state.slots[slot] = parameters.map { file.tensors[slotName(slot, $0)]!.floatTensor! }
      }
      optimizer.restore(state, for: parameters)
    }
    for p in parameters { p.value = file.tensors[p.name]!.floatTensor! }
  }

  static func slotName(_ slot: String, _ parameter: Parameter) -> String {
    "\(optimizerPrefix)\(slot)/\(parameter.name)"
  }

  private static func checkNames(_ parameters: [Parameter], _ url: URL) throws {
    var seen = Set<String>()
    for p in parameters {
      if p.name.isEmpty || p.name == "__metadata__" || p.name.hasPrefix(optimizerPrefix) {
        throw WeightFileError(
          path: url.path,
          reason: "parameter name '\(p.name)' is reserved (empty, "
            + "'__metadata__' or starting with '\(optimizerPrefix)')")
      }
      guard seen.insert(p.name).inserted else {
        throw WeightFileError(path: url.path, reason: "two parameters are named '\(p.name)'")
      }
    }
  }
}
