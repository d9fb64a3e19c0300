import Foundation

extension Datasets {
  /// The paths of the regular files in `directory` whose names match `pattern` (a shell glob
  /// such as `"*.csv"`; `nil` matches all), sorted by path so that every run sees the same
  /// order. tf.data's `list_files` shuffles by default; Reel does not, and offers
  /// `shuffle(bufferSize:seed:)` for that.
  ///
  ///     Datasets.files(in: "data", matching: "part-*.csv")   // data/part-0.csv, data/part-1.csv, ...
  ///
  /// Listing happens when the dataset is built; an unreadable directory is reported by the
  /// first `next()`.
  public static func files(
    in directory: String, matching pattern: String? = nil, recursive: Bool = false
  ) -> FileListDataset {
    do {
      let paths = try listFiles(in: directory, matching: pattern, recursive: recursive)
      return FileListDataset(base: Datasets.from(paths), error: nil)
    } catch {
      return FileListDataset(
        base: Datasets.from([]), error: .io(path: directory, "cannot list files: \(error)"))
    }
  }

  static func listFiles(in directory: String, matching pattern: String?, recursive: Bool) throws
    -> [String]
  {
    let manager = FileManager.default
    let root = URL(fileURLWithPath: directory)
    var paths: [String] = []
    let names: [String] =
      recursive
      ? (manager.enumerator(atPath: directory)?.allObjects as? [String] ?? [])
      : try manager.contentsOfDirectory(atPath: directory)
    if !manager.fileExists(atPath: directory) {
      throw PipelineError.io(path: directory, "no such directory")
    }
    for name in names {
      let url = root.appendingPathComponent(name)
      var isDirectory: ObjCBool = false
      guard manager.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue
      else { continue }
      if let pattern, fnmatch(pattern, url.lastPathComponent, 0) != 0 { continue }
      paths.append(url.path)
    }
    return paths.sorted()
  }
}

/// A sorted list of file paths. Build with ``Datasets/files(in:matching:recursive:)``.
public struct FileListDataset: Dataset {
  public typealias Element = String
  let base: ArrayDataset<String>
  let error: PipelineError?

  public func makeIterator(epoch: Int) -> Iterator {
    Iterator(base: base.makeIterator(epoch: epoch), error: error)
  }

  public func makeIterator(restoring state: Int) throws -> Iterator {
    Iterator(base: try base.makeIterator(restoring: state), error: error)
  }

  public var cardinality: Cardinality { base.cardinality }

  /// Iterates the listed paths; its state is the index of the next path.
  public struct Iterator: DatasetIterator {
    var base: ArrayDataset<String>.Iterator
    let error: PipelineError?

    public mutating func next() throws -> String? {
      if let error { throw error }
      return base.next()
    }

    public func checkpoint() -> Int { base.checkpoint() }
    public mutating func skip(_ count: Int) -> Int { base.skip(count) }
  }
}
