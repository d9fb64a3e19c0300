import CReelKernels

/// The best `capacity` approximate candidates of a query, kept cheaply: candidates at or
/// above a threshold are appended to a buffer of `2 · capacity`, and when it fills, a
/// selection finds the `capacity`-th best score, which becomes the new threshold, and the
/// buffer is cut back to `capacity`. Amortized O(1) per candidate (a heap costs O(log capacity)
/// per replacement). Among equal scores at the threshold, earlier candidates are kept. NaN is
/// never kept. One per searching thread.
///
/// The state lives in a C struct (`reel_candidate_buffer`) so that the code scan
/// (`reel_lut16_scan_collect`) fills it directly; ``admits(_:)`` and ``append(_:slot:)`` do
/// the same from Swift.
final class CandidateBuffer {
  let capacity: Int
  /// The C state, for `reel_lut16_scan_collect`.
  let state: UnsafeMutablePointer<reel_candidate_buffer>

  init(capacity: Int) {
    precondition(capacity >= 1, "CandidateBuffer: capacity must be positive")
    self.capacity = capacity
    state = .allocate(capacity: 1)
    state.initialize(
      to: reel_candidate_buffer(
        scores: .allocate(capacity: 2 * capacity), slots: .allocate(capacity: 2 * capacity),
        scratch: .allocate(capacity: 2 * capacity), count: 0, capacity: capacity,
        threshold: -.infinity))
  }

  deinit {
    state.pointee.scores.deallocate()
    state.pointee.slots.deallocate()
    state.pointee.scratch.deallocate()
    state.deallocate()
  }

  var count: Int { state.pointee.count }
  var threshold: Float { state.pointee.threshold }

  /// The kept slots (after ``finish()``, at most `capacity`).
  var slots: UnsafeBufferPointer<Int32> {
    UnsafeBufferPointer(start: state.pointee.slots, count: count)
  }

  func reset() {
    state.pointee.count = 0
    state.pointee.threshold = -.infinity
  }

  /// Whether a candidate with this score would be kept for now.
  @inline(__always)
  func admits(_ score: Float) -> Bool { score >= state.pointee.threshold }

  /// Adds a candidate that ``admits(_:)`` accepted.
  @inline(__always)
  func append(_ score: Float, slot: Int32) {
    let n = state.pointee.count
    state.pointee.scores[n] = score
    state.pointee.slots[n] = slot
    state.pointee.count = n + 1
    if n + 1 == 2 * capacity { reel_candidate_buffer_shrink(state) }
  }

  /// Cuts the buffer to the best `capacity` candidates.
  func finish() { reel_candidate_buffer_shrink(state) }

  /// The value of rank `rank` (0 = largest) among `count` values (reordered in place).
  static func select(_ x: UnsafeMutablePointer<Float>, count: Int, rank: Int) -> Float {
    reel_select_rank(x, count, rank)
  }
}
