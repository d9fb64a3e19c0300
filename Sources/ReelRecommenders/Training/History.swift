import Foundation

/// One epoch's figures in a ``History``.
public struct EpochRecord: Codable, Equatable, Sendable {
  /// The epoch index, from 0.
  public var epoch: Int
  /// Named values: `loss`, `regularization_loss`, `total_loss` (means over the epoch's
  /// steps), the tasks' metric results at the end of the epoch, and the same prefixed with
  /// `val_` for the validation pass.
  public var values: [String: Double]
  /// Training rows (examples) seen this epoch.
  public var rows: Int
  /// Training steps this epoch.
  public var steps: Int
  /// Wall-clock seconds of the training pass (validation excluded).
  public var seconds: Double
  /// Training throughput: `rows / seconds`.
  public var rowsPerSecond: Double { seconds > 0 ? Double(rows) / seconds : 0 }

  public init(epoch: Int, values: [String: Double], rows: Int, steps: Int, seconds: Double) {
    self.epoch = epoch
    self.values = values
    self.rows = rows
    self.steps = steps
    self.seconds = seconds
  }
}

/// Per-epoch training figures, as Keras's `History.history`, saved as JSON or CSV.
///
///     let history = try trainer.fit(train: data, epochs: 3)
///     history["loss"]          // one value per epoch
///     try history.writeCSV(to: URL(fileURLWithPath: "history.csv"))
public struct History: Codable, Equatable, Sendable {
  /// The epochs, in order.
  public var epochs: [EpochRecord]

  public init(epochs: [EpochRecord] = []) { self.epochs = epochs }

  /// The value `name` per epoch (nil where an epoch lacks it).
  public subscript(name: String) -> [Double?] { epochs.map { $0.values[name] } }

  /// Every value name, sorted: training names first, then `val_` names.
  public var names: [String] {
    let all = Set(epochs.flatMap(\.values.keys))
    return all.sorted { a, b in
      let (va, vb) = (a.hasPrefix("val_"), b.hasPrefix("val_"))
      return va == vb ? a < b : !va
    }
  }

  /// The history as pretty-printed JSON with sorted keys.
  public func jsonData() throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    return try encoder.encode(self)
  }

  /// The history as CSV: `epoch`, every value name, `rows`, `steps`, `seconds`,
  /// `rows_per_second`; one line per epoch; missing values are empty fields.
  public func csv() -> String {
    let names = self.names
    var lines = [
      (["epoch"] + names + ["rows", "steps", "seconds", "rows_per_second"])
        .map(Self.csvField).joined(separator: ",")
    ]
    for e in epochs {
      var fields = ["\(e.epoch)"]
      fields += names.map { e.values[$0].map { "\($0)" } ?? "" }
      fields += ["\(e.rows)", "\(e.steps)", "\(e.seconds)", "\(e.rowsPerSecond)"]
      lines.append(fields.joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Writes ``jsonData()`` to `url`.
  public func writeJSON(to url: URL) throws { try AtomicFile.write(jsonData(), to: url) }

  /// Writes ``csv()`` to `url`.
  public func writeCSV(to url: URL) throws {
    try AtomicFile.write(Data(csv().utf8), to: url)
  }

  /// Reads a history written by ``writeJSON(to:)``.
  public init(contentsOf url: URL) throws {
    self = try JSONDecoder().decode(History.self, from: Data(contentsOf: url))
  }

  static func csvField(_ s: String) -> String {
    s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
      ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
  }
}
