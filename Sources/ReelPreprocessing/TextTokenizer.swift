/// The standardize → split → n-gram steps of ``TextVectorization`` on UTF-8 bytes: built-in
/// options work byte by byte on reused buffers and hand each token to the caller as raw bytes,
/// with no `String` or per-character work.
struct TextTokenizer: Sendable {
  let standardize: TextVectorization.Standardize
  let split: TextVectorization.Split
  let ngramSizes: [Int]?
  /// `standardize.byteActions`, computed once.
  private let byteActions: [UInt8]?

  init(
    standardize: TextVectorization.Standardize, split: TextVectorization.Split, ngramSizes: [Int]?
  ) {
    self.standardize = standardize
    self.split = split
    self.ngramSizes = ngramSizes
    self.byteActions = standardize.byteActions
  }

  /// The byte actions of the one-pass path (0 keep, 1 drop, 2 lowercase, 3 whitespace), or
  /// nil when it does not apply: it needs whitespace splitting, no n-grams and a built-in
  /// standardize. Standardizing only drops or lowercases ASCII bytes and keeps whitespace
  /// bytes, so splitting while standardizing gives the same tokens.
  var onePassActions: [UInt8]? {
    guard case .whitespace = split, ngramSizes == nil else { return nil }
    var actions: [UInt8]
    switch standardize {
    case .custom: return nil
    case .none: actions = [UInt8](repeating: 0, count: 256)
    default: actions = byteActions ?? [UInt8](repeating: 0, count: 256)
    }
    for b in 0...255 where TextVectorization.Split.isWhitespace(UInt8(b)) { actions[b] = 3 }
    return actions
  }

  /// Standardize and whitespace-split `input` in one pass, handing each non-empty token to
  /// `body`. `scratch` must hold `input.count` bytes.
  ///
  /// - Complexity: O(bytes), no allocation.
  @inline(__always)
  static func forEachOnePassToken(
    in input: UnsafeRawBufferPointer, actions: UnsafePointer<UInt8>, scratch: UnsafeMutableRawPointer,
    _ body: (UnsafeRawBufferPointer) -> Void
  ) {
    var length = 0
    for b in input {
      switch actions[Int(b)] {
      case 0:
        scratch.storeBytes(of: b, toByteOffset: length, as: UInt8.self)
        length += 1
      case 2:
        scratch.storeBytes(of: b | 0x20, toByteOffset: length, as: UInt8.self)
        length += 1
      case 3:
        if length > 0 {
          body(UnsafeRawBufferPointer(start: scratch, count: length))
          length = 0
        }
      default: break
      }
    }
    if length > 0 { body(UnsafeRawBufferPointer(start: scratch, count: length)) }
  }

  /// Buffers one caller reuses across strings.
  struct Buffers {
    var text: [UInt8] = []
    var starts: [Int] = []
    var ends: [Int] = []
    var gram: [UInt8] = []
  }

  /// Calls `body` with the bytes of each token of `input` (valid only during the call).
  ///
  /// - Complexity: O(bytes of `input` + bytes of the n-grams produced).
  func forEachToken(
    in input: String, _ buffers: inout Buffers, _ body: (UnsafeRawBufferPointer) throws -> Void
  ) rethrows {
    try forEachToken(buffers: &buffers, fill: { standardize(input, into: &$0) }, body)
  }

  /// ``forEachToken(in:_:_:)`` over UTF-8 bytes (a ``StringArray`` entry), creating a `String`
  /// only for a custom standardize function.
  func forEachToken(
    inUTF8 input: UnsafeRawBufferPointer, _ buffers: inout Buffers, _ body: (UnsafeRawBufferPointer) throws -> Void
  ) rethrows {
    try forEachToken(buffers: &buffers, fill: { text in
      if case .custom = standardize {
        standardize(String(decoding: input, as: UTF8.self), into: &text)
      } else {
        text.removeAll(keepingCapacity: true)
        text.append(contentsOf: input)
        applyByteActions(&text)
      }
    }, body)
  }

  private func forEachToken(
    buffers: inout Buffers, fill: (inout [UInt8]) -> Void, _ body: (UnsafeRawBufferPointer) throws -> Void
  ) rethrows {
    var text: [UInt8] = []
    var starts: [Int] = []
    var ends: [Int] = []
    var gram: [UInt8] = []
    swap(&text, &buffers.text)
    swap(&starts, &buffers.starts)
    swap(&ends, &buffers.ends)
    swap(&gram, &buffers.gram)
    defer {
      swap(&text, &buffers.text)
      swap(&starts, &buffers.starts)
      swap(&ends, &buffers.ends)
      swap(&gram, &buffers.gram)
    }
    fill(&text)
    splitRanges(&text, &starts, &ends)
    try text.withUnsafeBytes { bytes in
      guard let sizes = ngramSizes else {
        for k in 0..<starts.count {
          try body(UnsafeRawBufferPointer(rebasing: bytes[starts[k]..<ends[k]]))
        }
        return
      }
      let n = starts.count
      for size in sizes where size <= n {
        for k in 0...(n - size) {
          if size == 1 {
            try body(UnsafeRawBufferPointer(rebasing: bytes[starts[k]..<ends[k]]))
            continue
          }
          gram.removeAll(keepingCapacity: true)
          for j in k..<(k + size) {
            if j > k { gram.append(0x20) }
            gram.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[starts[j]..<ends[j]]))
          }
          try gram.withUnsafeBytes { try body($0) }
        }
      }
    }
  }

  /// The tokens of `input` as strings (Keras's `output_mode=None`).
  func tokens(_ input: String) -> [String] {
    var buffers = Buffers()
    var result: [String] = []
    forEachToken(in: input, &buffers) { result.append(String(decoding: $0, as: UTF8.self)) }
    return result
  }

  private func standardize(_ input: String, into text: inout [UInt8]) {
    text.removeAll(keepingCapacity: true)
    if case .custom(let function) = standardize {
      Self.append(function(input), to: &text)
      return
    }
    Self.append(input, to: &text)
    applyByteActions(&text)
  }

  /// The built-in standardize steps, byte by byte in place.
  private func applyByteActions(_ text: inout [UInt8]) {
    guard let byteActions else { return }
    let kept = byteActions.withUnsafeBufferPointer { actions in
      text.withUnsafeMutableBufferPointer { buffer -> Int in
        var j = 0
        for i in 0..<buffer.count {
          let b = buffer[i]
          switch actions[Int(b)] {
          case 0:
            buffer[j] = b
            j += 1
          case 2:
            buffer[j] = b | 0x20
            j += 1
          default: break
          }
        }
        return j
      }
    }
    text.removeLast(text.count - kept)
  }

  /// Token byte ranges of `text`; a custom split replaces `text` by its tokens back to back.
  private func splitRanges(_ text: inout [UInt8], _ starts: inout [Int], _ ends: inout [Int]) {
    starts.removeAll(keepingCapacity: true)
    ends.removeAll(keepingCapacity: true)
    switch split {
    case .none:
      starts.append(0)
      ends.append(text.count)
    case .whitespace:
      text.withUnsafeBufferPointer { p in
        let n = p.count
        var i = 0
        while i < n {
          while i < n, TextVectorization.Split.isWhitespace(p[i]) { i += 1 }
          if i == n { break }
          let start = i
          while i < n, !TextVectorization.Split.isWhitespace(p[i]) { i += 1 }
          starts.append(start)
          ends.append(i)
        }
      }
    case .character:
      text.withUnsafeBufferPointer { p in
        for i in 0..<p.count where p[i] & 0xC0 != 0x80 {
          if !starts.isEmpty { ends.append(i) }
          starts.append(i)
        }
        if !starts.isEmpty { ends.append(p.count) }
      }
    case .custom(let function):
      let pieces = function(String(decoding: text, as: UTF8.self))
      text.removeAll(keepingCapacity: true)
      for piece in pieces {
        starts.append(text.count)
        Self.append(piece, to: &text)
        ends.append(text.count)
      }
    }
  }

  private static func append(_ string: String, to bytes: inout [UInt8]) {
    var string = string
    string.withUTF8 { bytes.append(contentsOf: $0) }
  }
}
