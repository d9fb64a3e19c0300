import ArgumentParser
import Foundation
import Reel

/// `reel bench pipeline`: ns/element of a typical input chain and the parallel-map speed-up.
struct BenchPipeline: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "pipeline",
    abstract:
      "range → map → filter → shuffle(10_000) → batch(1024) → prefetch(2), and parallel map 2 vs 1 workers."
  )

  @Option(help: "Elements in the chain benchmark.") var elements = 20_000_000
  @Option(help: "Elements in the parallel-map benchmark.") var heavyElements = 20_000
  @Option(help: "Runs per figure; the best is reported.") var repeats = 3
  @Flag(help: "Print one JSON object instead of text.") var json = false

  func run() throws {
    var chainSeconds = Double.infinity
    var produced = 0
    for _ in 0..<repeats {
      let (seconds, count) = try measure { try PipelineBenchmarks.chain(elements: elements) }
      chainSeconds = min(chainSeconds, seconds)
      produced = count
    }
    var oneWorker = Double.infinity
    var twoWorkers = Double.infinity
    for _ in 0..<repeats {
      oneWorker = min(
        oneWorker,
        try measure { try PipelineBenchmarks.heavyMap(elements: heavyElements, parallelism: 1) }.0)
      twoWorkers = min(
        twoWorkers,
        try measure { try PipelineBenchmarks.heavyMap(elements: heavyElements, parallelism: 2) }.0)
    }
    let nsPerElement = chainSeconds * 1e9 / Double(elements)
    let speedup = oneWorker / twoWorkers
    if json {
      let object: [String: Any] = [
        "chain_ns_per_element": nsPerElement, "parallel_map_speedup": speedup,
        "elements": elements, "elements_after_filter": produced,
        "parallel_map_seconds_1": oneWorker, "parallel_map_seconds_2": twoWorkers,
      ]
      let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
      print(String(decoding: data, as: UTF8.self))
    } else {
      print(
        "chain: \(elements) elements (\(produced) after filter) in \(fmt(chainSeconds)) s = \(fmt(nsPerElement)) ns/element"
      )
      print(
        "parallel map (\(heavyElements) heavy elements): 1 worker \(fmt(oneWorker)) s, 2 workers \(fmt(twoWorkers)) s, speed-up \(fmt(speedup))x"
      )
    }
  }

  func measure<T>(_ body: () throws -> T) rethrows -> (Double, T) {
    let start = ContinuousClock.now
    let value = try body()
    let elapsed = ContinuousClock.now - start
    let seconds =
      Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    return (seconds, value)
  }

  func fmt(_ x: Double) -> String { String(format: "%.3f", x) }
}
