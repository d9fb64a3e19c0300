import Foundation

/// Runs the built `reel` binary as a user would and captures what it prints.
enum ReelProcess {
  /// Runs `reel arguments` (in `directory` when given) and returns its exit status and its
  /// standard output and error interleaved.
  static func run(_ arguments: [String], in directory: URL? = nil) throws
    -> (status: Int32, output: String)
  {
    let process = Process()
    process.executableURL = try DemoTests.reelBinary()
    process.arguments = arguments
    if let directory = directory { process.currentDirectoryURL = directory }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }
}
