extension Variable {
  /// `max(x, 0)`; the gradient passes where `x > 0`.
  public func relu() -> Variable {
    let x = value
    return Tape.recording(x.relu(), [self]) { g, _ in
      [.dense(zipElements(g, x) { $1 > 0 ? $0 : 0 })]
    }
  }

  /// The logistic function; gradient `y·(1 − y)`.
  public func sigmoid() -> Variable {
    let y = value.sigmoid()
    return Tape.recording(y, [self]) { g, _ in
      [.dense(zipElements(g, y) { $0 * $1 * (1 - $1) })]
    }
  }

  /// The hyperbolic tangent; gradient `1 − y²`.
  public func tanh() -> Variable {
    let y = value.tanh()
    return Tape.recording(y, [self]) { g, _ in
      [.dense(zipElements(g, y) { $0 * (1 - $1 * $1) })]
    }
  }

  /// `e^x`; gradient `e^x`.
  public func exp() -> Variable {
    let y = value.exp()
    return Tape.recording(y, [self]) { g, _ in [.dense(g * y)] }
  }

  /// The natural logarithm; gradient `1/x`.
  public func log() -> Variable {
    let x = value
    return Tape.recording(x.log(), [self]) { g, _ in [.dense(g / x)] }
  }

  /// `x²`; gradient `2x`.
  public func squared() -> Variable {
    let x = value
    return Tape.recording(x.squared(), [self]) { g, _ in
      [.dense(zipElements(g, x) { 2 * $0 * $1 })]
    }
  }

  /// Elements clipped into `range`; as `tf.clip_by_value`, the gradient passes where the
  /// input lies inside the range, ends included.
  public func clipped(to range: ClosedRange<Float>) -> Variable {
    let x = value
    return Tape.recording(x.clipped(to: range), [self]) { g, _ in
      [.dense(zipElements(g, x) { range.contains($1) ? $0 : 0 })]
    }
  }
}
