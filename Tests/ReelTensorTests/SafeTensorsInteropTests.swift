import Foundation
import ReelPipeline
import XCTest

@testable import ReelTensor

/// Reel's weight files against Python's `safetensors` package (`scripts/safetensors_interop.py`),
/// in both directions. Skipped when python3 with numpy and safetensors is not installed
/// (`scripts/install-deps.sh` installs them).
final class SafeTensorsInteropTests: XCTestCase {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
  private var directory: URL!

  override func setUpWithError() throws {
    guard Self.pythonHasSafetensors else {
      throw XCTSkip("python3 with numpy and safetensors is not available")
    }
    directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("reel-interop-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws {
    if let directory = directory { try? FileManager.default.removeItem(at: directory) }
  }

  static let pythonHasSafetensors: Bool = {
    (try? python(["-c", "import numpy, safetensors.numpy"]).status) == 0
  }()

  static func python(_ arguments: [String]) throws -> (status: Int32, output: Data) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3"] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, data)
  }

  /// Runs the interop script and decodes its JSON description of the file.
  private func script(_ mode: String, _ url: URL) throws -> Description {
    let script = Self.root.appendingPathComponent("scripts/safetensors_interop.py").path
    let (status, output) = try Self.python([script, mode, url.path])
    XCTAssertEqual(status, 0, String(decoding: output.prefix(2000), as: UTF8.self))
    return try JSONDecoder().decode(Description.self, from: output)
  }

  struct Description: Decodable {
    struct Entry: Decodable {
      let dtype: String
      let shape: [Int]
      let values: [Double]
    }
    let metadata: [String: String]
    let tensors: [String: Entry]
  }

  func testPythonReadsWhatReelWrites() throws {
    var rng = SplitMix64(seed: 11)
    let parameters = [
      Parameter(name: "user/embeddings", value: randomTensor([9, 4], &rng)),
      Parameter(name: "dense/bias", value: Tensor([1e-30, -3.5, .greatestFiniteMagnitude])),
    ]
    let optimizer = Adagrad(learningRate: 0.1)
    optimizer.apply(
      [.dense(randomTensor([9, 4], &rng)), .dense(randomTensor([3], &rng))], to: parameters)
    let url = directory.appendingPathComponent("reel.safetensors")
    try WeightFile.save(parameters, optimizer: optimizer, metadata: ["run": "interop"], to: url)

    let seen = try script("read", url)
    XCTAssertEqual(seen.metadata["format"], "reel-weights")
    XCTAssertEqual(seen.metadata["run"], "interop")
    XCTAssertEqual(seen.metadata["optimizer"], "Adagrad")
    let reel = try SafeTensorsFile(contentsOf: url)
    XCTAssertEqual(Set(seen.tensors.keys), Set(reel.tensors.keys))
    for (name, value) in reel.tensors {
      let python = try XCTUnwrap(seen.tensors[name], name)
      XCTAssertEqual(python.dtype, value.dtype, name)
      XCTAssertEqual(python.shape, value.shape, name)
      switch value {
      case .float32(let t): XCTAssertEqual(python.values.map(Float.init), t.scalars, name)
      case .int64(_, let v): XCTAssertEqual(python.values.map { Int64($0) }, v, name)
      }
    }
    XCTAssertEqual(seen.tensors["optimizer/iterations"]?.values, [1])
  }

  func testReelReadsWhatPythonWrites() throws {
    let url = directory.appendingPathComponent("python.safetensors")
    let written = try script("write", url)
    let file = try SafeTensorsFile(contentsOf: url)
    XCTAssertEqual(file.metadata, written.metadata)
    XCTAssertEqual(file.tensors.count, written.tensors.count)
    XCTAssertEqual(file.tensors["counts"], .int64(shape: [2, 2], values: [1, -2, 3, 1 << 40]))
    XCTAssertEqual(file.tensors["scalar"], .float32(Tensor(2.5)))
    XCTAssertEqual(file.tensors["empty"], .float32(Tensor(shape: [0, 4])))
    for (name, entry) in written.tensors {
      let value = try XCTUnwrap(file.tensors[name], name)
      XCTAssertEqual(value.dtype, entry.dtype, name)
      XCTAssertEqual(value.shape, entry.shape, name)
      if let t = value.floatTensor {
        XCTAssertEqual(t.scalars, entry.values.map(Float.init), name)
      }
    }
  }
}
