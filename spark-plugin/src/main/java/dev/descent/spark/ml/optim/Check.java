package dev.descent.spark.ml.optim;

/** Hyperparameter validation with the offending value in the message, as torch.optim does. */
final class Check {

  private Check() {}

  static double nonNegative(String name, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be non-negative and finite, got " + value);
    }
    return value;
  }

  /** A decay rate in [0, 1). */
  static double unitInterval(String name, double value) {
    if (!(value >= 0 && value < 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1), got " + value);
    }
    return value;
  }

  /** A smoothing constant in [0, 1]. */
  static double closedUnitInterval(String name, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1], got " + value);
    }
    return value;
  }
}
