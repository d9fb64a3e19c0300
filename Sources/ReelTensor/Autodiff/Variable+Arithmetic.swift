extension Tensor {
  /// This tensor summed down to `target`, the shape of an operand that was broadcast to this
  /// tensor's shape: the adjoint of broadcasting.
  func summed(toShape target: [Int]) -> Tensor {
    if shape == target { return self }
    let padded = Array(repeating: 1, count: rank - target.count) + target
    let axes = (0..<rank).filter { padded[$0] == 1 && shape[$0] != 1 }
    return sum(alongAxes: axes, keepingDimensions: true).reshaped(target)
  }
}

extension Variable {
  /// Elementwise sum with broadcasting.
  ///
  ///     (Variable(constant: Tensor([1, 2])) + Variable(constant: Tensor(1))).value.scalars
  ///     // [2, 3]
  public static func + (lhs: Variable, rhs: Variable) -> Variable {
    let value = lhs.value + rhs.value
    let (a, b) = (lhs.shape, rhs.shape)
    return Tape.recording(value, [lhs, rhs]) { g, needs in
      [
        needs[0] ? .dense(g.summed(toShape: a)) : nil,
        needs[1] ? .dense(g.summed(toShape: b)) : nil,
      ]
    }
  }

  /// Elementwise difference with broadcasting.
  public static func - (lhs: Variable, rhs: Variable) -> Variable {
    let value = lhs.value - rhs.value
    let (a, b) = (lhs.shape, rhs.shape)
    return Tape.recording(value, [lhs, rhs]) { g, needs in
      [
        needs[0] ? .dense(g.summed(toShape: a)) : nil,
        needs[1] ? .dense((-g).summed(toShape: b)) : nil,
      ]
    }
  }

  /// Elementwise product with broadcasting.
  public static func * (lhs: Variable, rhs: Variable) -> Variable {
    let (x, y) = (lhs.value, rhs.value)
    return Tape.recording(x * y, [lhs, rhs]) { g, needs in
      [
        needs[0] ? .dense((g * y).summed(toShape: x.shape)) : nil,
        needs[1] ? .dense((g * x).summed(toShape: y.shape)) : nil,
      ]
    }
  }

  /// Elementwise quotient with broadcasting.
  public static func / (lhs: Variable, rhs: Variable) -> Variable {
    let (x, y) = (lhs.value, rhs.value)
    return Tape.recording(x / y, [lhs, rhs]) { g, needs in
      [
        needs[0] ? .dense((g / y).summed(toShape: x.shape)) : nil,
        needs[1] ? .dense((-(g * x) / (y * y)).summed(toShape: y.shape)) : nil,
      ]
    }
  }

  /// Every element plus `rhs`.
  public static func + (lhs: Variable, rhs: Float) -> Variable {
    Tape.recording(lhs.value + rhs, [lhs]) { g, _ in [.dense(g)] }
  }

  /// Every element minus `rhs`.
  public static func - (lhs: Variable, rhs: Float) -> Variable { lhs + (-rhs) }

  /// Every element times `rhs`.
  public static func * (lhs: Variable, rhs: Float) -> Variable {
    Tape.recording(lhs.value * rhs, [lhs]) { g, _ in [.dense(g * rhs)] }
  }

  /// `lhs` times every element.
  public static func * (lhs: Float, rhs: Variable) -> Variable { rhs * lhs }

  /// Every element divided by `rhs`.
  public static func / (lhs: Variable, rhs: Float) -> Variable { lhs * (1 / rhs) }

  /// `−x` elementwise.
  public static prefix func - (x: Variable) -> Variable {
    Tape.recording(-x.value, [x]) { g, _ in [.dense(-g)] }
  }
}

extension Tape {
  /// Records `value` on the tape of whichever input has one (nothing if none does).
  static func recording(
    _ value: Tensor, _ inputs: [Variable],
    backward: @escaping (_ upstream: Tensor, _ needs: [Bool]) -> [Gradient?]
  ) -> Variable {
    guard let tape = inputs.first(where: { $0.tape != nil })?.tape else {
      return Variable(constant: value)
    }
    return tape.record(value, inputs: inputs, backward: backward)
  }
}
