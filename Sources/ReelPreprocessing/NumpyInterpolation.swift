/// `numpy.interp(x, xp, fp)` (default `left`/`right`), step for step, so results agree bit for
/// bit with numpy ≥ 1.x's C implementation (`arr_interp` with `binary_search_with_guess`):
///
/// - `x` below `xp[0]` gives `fp[0]`, above `xp.last` gives `fp.last`; a NaN `x` gives NaN.
/// - With one sample point: `fp[0]` everywhere.
/// - The segment is `j` with `xp[j] <= x < xp[j + 1]` (the last of equal `xp` values); at
///   `x == xp.last`, or when `xp[j] == x`, the result is `fp[j]` itself.
/// - Otherwise `slope * (x - xp[j]) + fp[j]` with `slope = (fp[j+1] - fp[j]) / (xp[j+1] - xp[j])`;
///   if that is NaN, `slope * (x - xp[j+1]) + fp[j+1]`; if still NaN and `fp[j] == fp[j+1]`,
///   `fp[j]`.
///
/// The search starts from the previous answer (numpy's "guess"), which only changes speed, not
/// the answer, while `xp` is sorted; it is reproduced anyway so unsorted `xp` behaves the same.
///
/// - Complexity: O(|x| · log |xp|) worst case, O(|x| + |xp|) for increasing `x`.
enum NumpyInterpolation {
  /// `numpy.interp(x, xp, fp)`. `xp` and `fp` must have the same, non-zero length.
  static func interp(_ x: [Double], _ xp: [Double], _ fp: [Double]) -> [Double] {
    precondition(xp.count == fp.count && !xp.isEmpty, "interp: xp and fp need the same, non-zero length")
    let left = fp[0]
    let right = fp[fp.count - 1]
    if xp.count == 1 {
      return x.map { $0 < xp[0] ? left : ($0 > xp[0] ? right : fp[0]) }
    }
    var result = [Double](repeating: 0, count: x.count)
    var j = 0
    for (i, value) in x.enumerated() {
      if value.isNaN {
        result[i] = value
        continue
      }
      j = searchWithGuess(value, xp, guess: j)
      if j == -1 {
        result[i] = left
      } else if j == xp.count {
        result[i] = right
      } else if j == xp.count - 1 {
        result[i] = fp[j]
      } else if xp[j] == value {
        result[i] = fp[j]
      } else {
        let slope = (fp[j + 1] - fp[j]) / (xp[j + 1] - xp[j])
        var y = slope * (value - xp[j]) + fp[j]
        if y.isNaN {
          y = slope * (value - xp[j + 1]) + fp[j + 1]
          if y.isNaN && fp[j] == fp[j + 1] { y = fp[j] }
        }
        result[i] = y
      }
    }
    return result
  }

  /// numpy's `binary_search_with_guess`: `i` with `array[i] <= key < array[i + 1]`, -1 below
  /// the first element, `count` above the last, `count - 1` at the last.
  static func searchWithGuess(_ key: Double, _ array: [Double], guess initialGuess: Int) -> Int {
    let count = array.count
    let likelyInCache = 8
    if key > array[count - 1] { return count }
    if key < array[0] { return -1 }
    if count <= 4 {
      var i = 1
      while i < count && key >= array[i] { i += 1 }
      return i - 1
    }
    var guess = min(initialGuess, count - 3)
    guess = max(guess, 1)
    var low = 0
    var high = count
    if key < array[guess] {
      if key < array[guess - 1] {
        high = guess - 1
        if guess > likelyInCache && key >= array[guess - likelyInCache] {
          low = guess - likelyInCache
        }
      } else {
        return guess - 1
      }
    } else {
      if key < array[guess + 1] { return guess }
      if key < array[guess + 2] { return guess + 1 }
      low = guess + 2
      if guess < count - likelyInCache - 1 && key < array[guess + likelyInCache] {
        high = guess + likelyInCache
      }
    }
    while low < high {
      let mid = low + (high - low) >> 1
      if key >= array[mid] { low = mid + 1 } else { high = mid }
    }
    return low - 1
  }
}
