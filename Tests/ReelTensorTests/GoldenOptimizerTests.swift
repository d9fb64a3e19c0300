import ReelPipeline
import ReelTestSupport
import XCTest

@testable import ReelTensor

/// Learning-rate schedules and gradient clipping against tf-keras 2.21:
/// `Fixtures/golden/optimizers.json`, made by `Fixtures/golden/make_optimizers.py`.
final class GoldenOptimizerTests: XCTestCase {
  private func cases(_ op: String) throws -> [GoldenCase] {
    let found = try Golden.cases("optimizers.json", op: op)
    XCTAssertFalse(found.isEmpty, "no golden cases for \(op)")
    return found
  }

  func testSchedulesMatchKeras() throws {
    for c in try cases("schedule") {
      let schedule = try makeSchedule(c.params["schedule"], c.params["config"], c.name)
      let expected = try c.output.field("rates").floatTensor().scalars
      for (step, rate) in expected.enumerated() {
        let actual = schedule.learningRate(atStep: step)
        XCTAssertEqual(actual, rate, accuracy: 1e-7 + 2e-6 * abs(rate), "\(c.name) step \(step)")
      }
    }
  }

  /// Four steps of every optimizer with every schedule, and with every clipping (constant
  /// rate and a schedule), on a sparse table gradient with repeated indices and a dense
  /// kernel gradient.
  func testOptimizerStepsWithSchedulesAndClippingMatchKeras() throws {
    let all = try cases("optimizer_steps")
    XCTAssertGreaterThanOrEqual(all.count, 80)
    for c in all {
      let optimizer = try makeOptimizer(c)
      let table = Parameter(name: "table", value: try c.input.field("table").floatTensor())
      let kernel = Parameter(name: "kernel", value: try c.input.field("kernel").floatTensor())
      let steps = try XCTUnwrap(c.input.field("steps").arrayValue)
      let tables = try XCTUnwrap(c.output.field("tables").arrayValue)
      let kernels = try XCTUnwrap(c.output.field("kernels").arrayValue)
      let rates = try c.output.field("rates").floatTensor().scalars
      XCTAssertEqual(steps.count, 4, c.name)
      for (i, step) in steps.enumerated() {
        XCTAssertEqual(
          optimizer.learningRate, rates[i], accuracy: 1e-7 + 2e-6 * abs(rates[i]),
          "\(c.name) rate \(i)")
        let sparse = try step.field("table")
        // Passed as Keras gets them: repeated indices not yet summed (clipping sees each row).
        let gradient = SparseRowGradient(
          indices: try sparse.field("indices").intTensor(),
          rows: try sparse.field("values").floatTensor(), denseShape: table.value.shape)
        optimizer.apply(
          [.sparse(gradient), .dense(try step.field("kernel").floatTensor())], to: [table, kernel])
        try assertClose(table.value, tables[i].floatTensor(), "\(c.name) table step \(i + 1)")
        try assertClose(kernel.value, kernels[i].floatTensor(), "\(c.name) kernel step \(i + 1)")
      }
      XCTAssertEqual(optimizer.iterations, 4)
    }
  }

  private func makeOptimizer(_ c: GoldenCase) throws -> any Optimizer {
    guard case .object(let config)? = c.params["config"] else { throw TestFailure(c.name) }
    let momentum = Float(config["momentum"]?.number ?? 0)
    let nesterov = config["nesterov"]?.boolValue ?? false
    let optimizer: any Optimizer
    switch c.params["optimizer"]?.stringValue {
    case "adagrad": optimizer = Adagrad()
    case "sgd": optimizer = SGD(momentum: momentum, nesterov: nesterov)
    case "adam": optimizer = Adam()
    default: throw TestFailure("\(c.name): unknown optimizer")
    }
    if case .object(let s)? = c.params["schedule"] {
      optimizer.schedule = try makeSchedule(s["schedule"], s["config"], c.name)
    } else {
      optimizer.learningRate = Float(try XCTUnwrap(c.params["learning_rate"]?.number))
    }
    if let bound = config["clipnorm"]?.number {
      optimizer.clipping = .norm(Float(bound))
    } else if let bound = config["global_clipnorm"]?.number {
      optimizer.clipping = .globalNorm(Float(bound))
    } else if let bound = config["clipvalue"]?.number {
      optimizer.clipping = .value(Float(bound))
    }
    return optimizer
  }

  private func makeSchedule(_ kind: JSONValue?, _ config: JSONValue?, _ name: String) throws
    -> any LearningRateSchedule
  {
    guard case .object(let k)? = config else { throw TestFailure("\(name): no config") }
    func float(_ key: String) throws -> Float {
      guard let v = k[key]?.number else { throw TestFailure("\(name): no \(key)") }
      return Float(v)
    }
    func int(_ key: String) throws -> Int {
      guard let v = k[key]?.intValue else { throw TestFailure("\(name): no \(key)") }
      return v
    }
    switch kind?.stringValue {
    case "exponential":
      return ExponentialDecay(
        initialLearningRate: try float("initial_learning_rate"), decaySteps: try int("decay_steps"),
        decayRate: try float("decay_rate"), staircase: k["staircase"]?.boolValue ?? false)
    case "inverse_time":
      return InverseTimeDecay(
        initialLearningRate: try float("initial_learning_rate"), decaySteps: try int("decay_steps"),
        decayRate: try float("decay_rate"), staircase: k["staircase"]?.boolValue ?? false)
    case "piecewise":
      return PiecewiseConstantDecay(
        boundaries: try XCTUnwrap(k["boundaries"]?.intArray),
        values: try XCTUnwrap(k["values"]?.arrayValue).map { Float(try XCTUnwrap($0.number)) })
    case "cosine":
      return CosineDecay(
        initialLearningRate: try float("initial_learning_rate"), decaySteps: try int("decay_steps"),
        alpha: k["alpha"] == nil ? 0 : try float("alpha"),
        warmupTarget: k["warmup_target"] == nil ? nil : try float("warmup_target"),
        warmupSteps: k["warmup_steps"]?.intValue ?? 0)
    default:
      throw TestFailure("\(name): unknown schedule")
    }
  }

  /// Equal shapes and |a − b| ≤ 2e-5 + 1e-4·|b| elementwise.
  private func assertClose(
    _ actual: Tensor, _ expected: Tensor, _ label: String, file: StaticString = #filePath,
    line: UInt = #line
  ) {
    XCTAssertEqual(actual.shape, expected.shape, label, file: file, line: line)
    guard actual.shape == expected.shape else { return }
    for (i, (a, b)) in zip(actual.scalars, expected.scalars).enumerated()
    where !(abs(a - b) <= 2e-5 + 1e-4 * abs(b)) {
      return XCTFail(
        "\(label): element \(i) is \(a), TensorFlow \(b)", file: file, line: line)
    }
  }
}

extension JSONValue {
  /// A number of any JSON kind.
  fileprivate var number: Double? {
    switch self {
    case .double(let v): return v
    case .int(let v): return Double(v)
    case .uint(let v): return Double(v)
    default: return nil
    }
  }

  fileprivate func field(_ key: String) throws -> JSONValue {
    guard case .object(let fields) = self, let value = fields[key] else {
      throw TestFailure("no field '\(key)'")
    }
    return value
  }

  /// `{"shape", "values"}` as a float tensor.
  fileprivate func floatTensor() throws -> Tensor {
    guard let shape = try field("shape").intArray, let values = try field("values").arrayValue
    else { throw TestFailure("not a {shape, values} tensor") }
    let scalars = values.compactMap(\.number).map { Float($0) }
    guard scalars.count == values.count else { throw TestFailure("non-numeric tensor values") }
    return Tensor(shape: shape, scalars: scalars)
  }

  /// `{"shape", "values"}` of integers, flattened.
  fileprivate func intTensor() throws -> [Int32] {
    guard let values = try field("values").intArray else { throw TestFailure("not integers") }
    return values.map { Int32($0) }
  }
}
