import Foundation

/// Writes tiny hand-made release folders (a few rows each) for parser tests. Bytes follow the
/// real layouts: latin-1 in 100k and 1m, CRLF in CSV releases.
enum TinyRelease {
  static func folder() -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("reel-tiny-\(UUID())")
  }

  static func write(_ files: [String: [UInt8]], in root: URL, top: String) throws -> URL {
    let dir = root.appendingPathComponent(top)
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    for (name, bytes) in files { try Data(bytes).write(to: dir.appendingPathComponent(name)) }
    return dir
  }

  static func latin1(_ s: String) -> [UInt8] { s.unicodeScalars.map { UInt8($0.value) } }
  static func utf8(_ s: String) -> [UInt8] { Array(s.utf8) }

  static func ml100k(in root: URL) throws -> URL {
    let flags = { (on: [Int]) in (0..<19).map { on.contains($0) ? "1" : "0" }.joined(separator: "|") }
    let items = [
      "1|Toy Story (1995)|01-Jan-1995||http://us.imdb.com/M/title-exact?Toy%20Story%20(1995)|\(flags([3, 4, 5]))",
      "2|Misérables, Les (1995)|4-Feb-1971||http://us.imdb.com/Title?Mis%E9rables|\(flags([8]))",
      "267|unknown||||\(flags([0]))",
    ]
    return try write([
      "u.data": utf8("1\t1\t5\t874965758\n2\t2\t3\t876893171\n1\t267\t1\t878542960\n2\t1\t4\t880606923\n"),
      "u.item": latin1(items.joined(separator: "\n") + "\n"),
      "u.user": utf8("1|24|M|technician|85711\n2|53|F|other|T8H1N\n"),
      "u1.base": utf8("1\t1\t5\t874965758\n1\t267\t1\t878542960\n2\t1\t4\t880606923\n"),
      "u1.test": utf8("2\t2\t3\t876893171\n"),
    ], in: root, top: "ml-100k")
  }

  static func ml1m(in root: URL) throws -> URL {
    try write([
      "ratings.dat": utf8("1::1193::5::978300760\n1::661::3::978302109\n2::1193::4::978298413\n"),
      "movies.dat": latin1("661::James and the Giant Peach (1996)::Animation|Children's|Musical\n1193::Alien³ (1992)::Action|Sci-Fi\n"),
      "users.dat": utf8("1::F::1::10::48067\n2::M::56::0::70072-1234\n"),
    ], in: root, top: "ml-1m")
  }

  static func mlLatestSmall(in root: URL) throws -> URL {
    try write([
      "ratings.csv": utf8("userId,movieId,rating,timestamp\r\n1,1,4.0,964982703\r\n1,3,0.5,964981247\r\n2,3,5.0,964983815\r\n2,7789,3.5,964983900\r\n"),
      "movies.csv": utf8("movieId,title,genres\r\n1,Toy Story (1995),Adventure|Animation|Children|Comedy|Fantasy\r\n3,\"American President, The (1995)\",Comedy|Drama|Romance\r\n7789,\"11'09\"\"01 - September 11 (2002)\",(no genres listed)\r\n"),
      "tags.csv": utf8("userId,movieId,tag,timestamp\r\n2,3,\"\"\"artsy\"\", slow\",1445714994\r\n"),
      "links.csv": utf8("movieId,imdbId,tmdbId\r\n1,0114709,862\r\n3,0112346,\r\n7789,0332452,1234\r\n"),
    ], in: root, top: "ml-latest-small")
  }
}
