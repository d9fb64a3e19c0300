// swift-tools-version:6.0
import Foundation
import PackageDescription

/// Reel: tf.data and TensorFlow Recommenders for Swift on Linux.
///
/// Modules follow `../shared/ARCHITECTURE.md`: a lower module never imports a higher one.
let package = Package(
  name: "Reel",
  products: [
    .library(name: "Reel", targets: ["Reel"]),
    .library(name: "ReelPipeline", targets: ["ReelPipeline"]),
    .library(name: "ReelShards", targets: ["ReelShards"]),
    .library(name: "ReelMovieLens", targets: ["ReelMovieLens"]),
    .library(name: "ReelPreprocessing", targets: ["ReelPreprocessing"]),
    .library(name: "ReelTensor", targets: ["ReelTensor"]),
    .library(name: "ReelRecommenders", targets: ["ReelRecommenders"]),
    .library(name: "ReelANN", targets: ["ReelANN"]),
    .library(name: "ReelTutorials", targets: ["ReelTutorials"]),
    .library(name: "ReelCharts", targets: ["ReelCharts"]),
    .executable(name: "reel", targets: ["reel"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
    .package(url: "https://github.com/apple/swift-collections", exact: "1.6.0"),
    .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
  ],
  targets: [
    .target(
      name: "ReelPipeline",
      dependencies: [.product(name: "DequeModule", package: "swift-collections")]
    ),
    .systemLibrary(
      name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
    .target(name: "CReelChecksum"),
    .target(name: "ReelShards", dependencies: ["ReelPipeline", "CZstd", "CReelChecksum"]),
    .target(
      name: "ReelMovieLens",
      dependencies: ["ReelPipeline", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
    ),
    .target(name: "ReelPreprocessing", dependencies: ["ReelPipeline"]),
    .systemLibrary(
      name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
    .target(name: "CReelKernels"),
    .target(name: "ReelTensor", dependencies: ["CBLAS", "CReelKernels"]),
    .target(name: "ReelCharts"),
    .target(name: "ReelRecommenders", dependencies: ["ReelCharts", "ReelTensor", "ReelPipeline", "ReelPreprocessing", "ReelMovieLens", "ReelShards", "CReelChecksum", "CReelKernels"]),
    .target(name: "ReelANN", dependencies: ["ReelTensor", "ReelRecommenders", "CReelChecksum", "CReelKernels"]),
    .target(name: "ReelTutorials", dependencies: ["ReelCharts", "ReelANN", "ReelRecommenders", "ReelTensor", "ReelPreprocessing", "ReelMovieLens", "ReelPipeline"]),
    .target(name: "Reel", dependencies: ["ReelCharts", "ReelPipeline", "ReelShards", "ReelMovieLens", "ReelPreprocessing", "ReelTensor", "ReelRecommenders", "ReelANN", "ReelTutorials"]),
    .executableTarget(
      name: "reel",
      dependencies: [
        "Reel",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .target(name: "ReelTestSupport", dependencies: ["ReelPipeline"], path: "Tests/ReelTestSupport"),
    .testTarget(name: "ReelPipelineTests", dependencies: ["ReelPipeline", "ReelTestSupport"]),
    .testTarget(name: "ReelShardsTests", dependencies: ["ReelShards", "ReelTestSupport"]),
    .testTarget(name: "ReelMovieLensTests", dependencies: ["ReelMovieLens", "ReelTestSupport"]),
    .testTarget(name: "ReelPreprocessingTests", dependencies: ["ReelPreprocessing", "ReelTestSupport"]),
    .testTarget(name: "ReelTensorTests", dependencies: ["ReelTensor", "ReelTestSupport"]),
    .testTarget(name: "ReelRecommendersTests", dependencies: ["ReelRecommenders", "ReelMovieLens", "ReelTestSupport"]),
    .testTarget(name: "ReelANNTests", dependencies: ["ReelANN", "ReelTestSupport"]),
    .testTarget(name: "ReelTutorialsTests", dependencies: ["ReelTutorials", "ReelTestSupport"]),
    .testTarget(name: "ReelChartsTests", dependencies: ["ReelCharts"]),
    .testTarget(name: "ReelCLITests", dependencies: ["reel", "Reel"]),
  ],
  swiftLanguageModes: [.v5]
)

// CI switch for the sanitizer runs in scripts/test.sh. On Linux every declared test target links
// into one xctest bundle and `swift test` builds every declared target, so `--filter` does not
// shorten the build. `REEL_TEST_TARGETS=ReelPipelineTests` (a comma-separated list of test target
// names) declares only those test targets and the targets they depend on, directly or not, and no
// products, so e.g. `REEL_TEST_TARGETS=ReelShardsTests swift test --sanitize=address ...` compiles
// ReelShards and its dependencies, not the tensor, recommender and tutorial code. Unset or empty
// (the normal case), the package is exactly as declared above.
if let list = ProcessInfo.processInfo.environment["REEL_TEST_TARGETS"], !list.isEmpty {
  let byName = Dictionary(uniqueKeysWithValues: package.targets.map { ($0.name, $0) })
  let wanted = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
  for name in wanted where byName[name]?.type != .test {
    let known = package.targets.filter { $0.type == .test }.map(\.name).joined(separator: ", ")
    fatalError("REEL_TEST_TARGETS: '\(name)' is not a test target of Reel (test targets: \(known))")
  }
  var keep = Set<String>()
  var pending = wanted
  while let name = pending.popLast() {
    guard keep.insert(name).inserted, let target = byName[name] else { continue }
    for dependency in target.dependencies {
      switch dependency {
      case .targetItem(let name, _), .byNameItem(let name, _): pending.append(name)
      default: break  // products of other packages
      }
    }
  }
  package.targets = package.targets.filter { keep.contains($0.name) }
  package.products = []
}
