import Foundation
import ReelPipeline
import XCTest

@testable import ReelMovieLens

final class RatingsParserTests: XCTestCase {
  var directory: URL!

  override func setUpWithError() throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("reel-ml-\(UUID())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

  func write(_ name: String, _ text: String) throws -> String {
    let url = directory.appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return url.path
  }

  func parseAll(_ path: String, _ parser: RatingsParser, chunkSize: Int = 4 << 20, parallel: Bool = true) throws -> RatingsChunk {
    var all = RatingsChunk()
    let chunks = parallel
      ? try Datasets.ratings(path: path, parser: parser, chunkSize: chunkSize).collect()
      : try Datasets.fileChunks(path, chunkSize: chunkSize).map { try parser.parse($0) }.collect()
    for chunk in chunks {
      all.user += chunk.user
      all.movie += chunk.movie
      all.rating += chunk.rating
      all.timestamp += chunk.timestamp
      all.skipped += chunk.skipped
    }
    return all
  }

  func testEveryReleaseFormat() throws {
    let data = try write("u.data", "196\t242\t3\t881250949\n186\t302\t3\t891717742\n")
    let dat1m = try write("ratings.dat", "1::1193::5::978300760\n1::661::3::978302109\n")
    let dat10m = try write("r10.dat", "1::122::5::838985046\n3::590::3.5::1136075494\n")
    let csv = try write("ratings.csv", "userId,movieId,rating,timestamp\r\n1,1,4.0,964982703\r\n1,3,0.5,964981247\r\n")
    var r = try parseAll(data, RatingsParser(release: .ml100k))
    XCTAssertEqual(r.user, [196, 186])
    XCTAssertEqual(r.movie, [242, 302])
    XCTAssertEqual(r.rating, [3, 3])
    XCTAssertEqual(r.timestamp, [881_250_949, 891_717_742])
    r = try parseAll(dat1m, RatingsParser(release: .ml1m))
    XCTAssertEqual(r.movie, [1193, 661])
    r = try parseAll(dat10m, RatingsParser(release: .ml10m))
    XCTAssertEqual(r.rating, [5, 3.5])
    r = try parseAll(csv, RatingsParser(release: .latestSmall))
    XCTAssertEqual(r.user, [1, 1])
    XCTAssertEqual(r.rating, [4, 0.5])
    XCTAssertEqual(r.timestamp, [964_982_703, 964_981_247])
    XCTAssertEqual(RatingsParser(fileName: "ml-100k/u1.base")?.separator, [9])
    XCTAssertNil(RatingsParser(fileName: "notes.txt"))
  }

  func testBadLinesNameFileLineAndReason() throws {
    let cases: [(String, String, Int, String)] = [
      ("ratings.csv", "userId,movieId,rating,timestamp\n1,2,4.0,5\n1,2,4.0\n", 3, "expected 4 fields, found 3"),
      ("ratings.csv", "userId,movieId,rating,timestamp\n1,x,4.0,5\n", 2, "movie id 'x'"),
      ("ratings.csv", "userId,movieId,rating,timestamp\n1,2,5.5,5\n", 2, "rating '5.5'"),
      ("ratings.csv", "userId,movieId,rating,timestamp\n1,2,4.2,5\n", 2, "rating '4.2'"),
      ("ratings.csv", "userId,movieId,rating,timestamp\n\"1\",2,4.0,5\n", 2, "quoted field"),
      ("ratings.csv", "user,movie,rating,time\n1,2,4.0,5\n", 1, "expected the header"),
      ("ratings.csv", "userId,movieId,rating,timestamp\n1,2,4.0,-5\n", 2, "timestamp '-5'"),
      ("u.data", "1\t2\t3\t4\n1\t2\t3.5\t4\n", 2, "whole star"),
      ("u.data", "0\t2\t3\t4\n", 1, "user id '0'"),
    ]
    for (name, text, line, reason) in cases {
      let path = try write(name, text)
      XCTAssertThrowsError(try parseAll(path, RatingsParser(fileName: name)!), "\(text)") { error in
        guard case MovieLensError.badLine(let file, let l, let r) = error else { return XCTFail("\(error)") }
        XCTAssertEqual(file, path)
        XCTAssertEqual(l, line, text)
        XCTAssertTrue(r.contains(reason), "\(r) should mention \(reason)")
        XCTAssertTrue("\(error)".hasPrefix("\(path):\(line): "))
      }
    }
  }

  func testSkipPolicyCountsAndKeepsGoodRows() throws {
    let path = try write("ratings.dat", "1::2::3::4\nbad line\n5::6::7::8\n9::10::4.5::11\n")
    let r = try parseAll(path, RatingsParser(fileName: "ratings.dat", onBadLine: .skip)!)
    XCTAssertEqual(r.user, [1, 9])
    XCTAssertEqual(r.skipped.map(\.line), [2, 3])
    XCTAssertTrue(r.skipped[1].reason.contains("rating '7'"))
  }

  func testEveryChunkBoundaryGivesTheSameRowsAndLineNumbers() throws {
    var text = "userId,movieId,rating,timestamp\r\n"
    for i in 1...40 { text += "\(i % 7 + 1),\(i * 13),\(Double(i % 10 + 1) / 2),\(900_000_000 + i)\r\n" }
    text += "3,4,9.0,5\r\n"  // line 42 is bad
    text += "5,6,1.5,7"  // no final line ending
    let path = try write("ratings.csv", text)
    let reference = try parseAll(path, RatingsParser(release: .ml25m, onBadLine: .skip))
    XCTAssertEqual(reference.rowCount, 41)
    XCTAssertEqual(reference.skipped.map(\.line), [42])
    let sizes = Array(1...70) + Array(stride(from: 71, through: text.utf8.count + 1, by: 23))
    for chunkSize in sizes {
      let r = try parseAll(path, RatingsParser(release: .ml25m, onBadLine: .skip), chunkSize: chunkSize, parallel: chunkSize % 10 == 0)
      XCTAssertEqual(r.user, reference.user, "chunk size \(chunkSize)")
      XCTAssertEqual(r.rating, reference.rating, "chunk size \(chunkSize)")
      XCTAssertEqual(r.timestamp, reference.timestamp, "chunk size \(chunkSize)")
      XCTAssertEqual(r.skipped.map(\.line), [42], "chunk size \(chunkSize)")
    }
  }
}
