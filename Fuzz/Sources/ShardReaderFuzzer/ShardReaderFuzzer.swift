import Foundation
import ReelShards

/// libFuzzer entry point: the input bytes are written as a shard file, which is opened and
/// every block read. Errors are expected; a crash, hang or sanitizer report is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzShardReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let path = FileManager.default.temporaryDirectory
    .appendingPathComponent("reel-fuzz-\(getpid()).reelshard").path
  let bytes = Data(bytes: data, count: size)
  guard FileManager.default.createFile(atPath: path, contents: bytes) else { return 0 }
  defer { unlink(path) }
  guard let reader = try? ShardFileReader(path: path) else { return 0 }
  for block in 0..<reader.blockCount {
    _ = try? reader.readBlock(block)
    _ = try? reader.readBlock(block, columns: [0])
  }
  if reader.rowCount > 0 { _ = try? reader.block(containingRow: reader.rowCount - 1) }
  return 0
}
