import Foundation
import ReelMovieLens
import XCTest

/// Helpers shared by the Synth*Tests: write a synthetic release to a temporary folder and
/// read its files back as raw bytes, lines and CSV fields.
enum SynthTestSupport {
  /// Writes `config` into a fresh temporary directory; returns (directory, release folder).
  /// With `cleanup`, the directory is removed when that test ends.
  static func write(
    _ config: MovieLensSynthesizer.Configuration, cleanup: XCTestCase? = nil
  ) throws -> (root: URL, folder: URL) {
    let root = FileManager.default.temporaryDirectory
      .appendingPathComponent("reel-synth-\(UUID().uuidString)")
    cleanup?.addTeardownBlock { try? FileManager.default.removeItem(at: root) }
    try MovieLensSynthesizer(config).write(to: root)
    return (root, root.appendingPathComponent(config.release.topFolder))
  }

  static func bytes(_ folder: URL, _ name: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: folder.appendingPathComponent(name)))
  }

  /// Lines split on LF; with `crlf`, asserts every line ends in CR and strips it.
  static func lines(
    _ bytes: [UInt8], crlf: Bool, file: StaticString = #filePath, line: UInt = #line
  ) -> [[UInt8]] {
    XCTAssertEqual(bytes.last, 0x0A, "file must end with a line terminator", file: file,
                   line: line)
    var out = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
    out.removeLast()
    if crlf {
      for (i, l) in out.enumerated() {
        XCTAssertEqual(l.last, 0x0D, "line \(i + 1) lacks CR", file: file, line: line)
        out[i] = Array(l.dropLast())
      }
    } else {
      XCTAssertFalse(bytes.contains(0x0D), "LF file contains CR", file: file, line: line)
    }
    return out
  }

  static func latin1(_ bytes: [UInt8]) -> String {
    String(bytes.map { Character(Unicode.Scalar($0)) })
  }

  static func fields(_ line: [UInt8], _ separator: String) -> [String] {
    latin1(line).components(separatedBy: separator)
  }

  /// A tiny RFC 4180 field splitter for one CSV line (no embedded newlines).
  static func csvFields(_ line: String) -> [String]? {
    var fields: [String] = []
    var field = ""
    var chars = Array(line)[...]
    while true {
      field = ""
      if chars.first == "\"" {
        chars.removeFirst()
        while true {
          guard let c = chars.popFirst() else { return nil }
          if c == "\"" {
            if chars.first == "\"" {
              chars.removeFirst()
              field.append("\"")
            } else {
              break
            }
          } else {
            field.append(c)
          }
        }
        fields.append(field)
        guard let next = chars.popFirst() else { return fields }
        guard next == "," else { return nil }
      } else {
        while let c = chars.first, c != "," {
          if c == "\"" { return nil }
          field.append(c)
          chars.removeFirst()
        }
        fields.append(field)
        guard chars.popFirst() != nil else { return fields }
      }
    }
  }

  /// Writes a field the way the real CSVs do (quote iff `,` or `"`), for round-trips.
  static func csvQuote(_ field: String) -> String {
    guard field.contains(",") || field.contains("\"") else { return field }
    return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}
