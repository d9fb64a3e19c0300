// swift-tools-version:6.0
import PackageDescription

/// libFuzzer targets for Reel, kept in their own package so that the main package builds
/// without the fuzzer runtime. Build and run (see scripts/fuzz.sh):
///
///     swift build --package-path Fuzz -c debug --sanitize=fuzzer --sanitize=address
///     Fuzz/.build/debug/ShardReaderFuzzer -max_total_time=60 Fuzz/Corpus/ShardReader
let package = Package(
  name: "ReelFuzz",
  dependencies: [.package(name: "Reel", path: "..")],
  targets: [
    .executableTarget(
      name: "ShardReaderFuzzer",
      dependencies: [.product(name: "ReelShards", package: "Reel")],
      swiftSettings: [.unsafeFlags(["-parse-as-library"])]
    )
  ],
  swiftLanguageModes: [.v5]
)
