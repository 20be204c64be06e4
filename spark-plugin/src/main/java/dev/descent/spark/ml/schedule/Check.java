package dev.descent.spark.ml.schedule;

/** Hyperparameter validation with the param name and the offending value in the message. */
final class Check {

  private Check() {}

  static double positive(String name, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be positive and finite, got " + value);
    }
    return value;
  }

  static double nonNegative(String name, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be non-negative and finite, got " + value);
    }
    return value;
  }

  static int atLeast(String name, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be at least " + min + ", got " + value);
    }
    return value;
  }

  /** A value in the open interval (0, 1), or (0, 1] when {@code closedAbove}. */
  static double fraction(String name, double value, boolean closedAbove) {
    if (!(value > 0 && (closedAbove ? value <= 1 : value < 1))) {
      throw new IllegalArgumentException(
          name + " must be in (0, 1" + (closedAbove ? "]" : ")") + ", got " + value);
    }
    return value;
  }

  /**
   * A schedule that decays towards {@code minLearningRate} would raise the rate instead if the
   * floor were above the base rate: that is a mistake, not a schedule.
   */
  static void floorNotAbove(String schedule, double minLearningRate, double learningRate) {
    if (minLearningRate > learningRate) {
      throw new IllegalArgumentException("minLearningRate (" + minLearningRate + ") is above"
          + " learningRate (" + learningRate + "): the " + schedule + " schedule decays the"
          + " rate towards minLearningRate, so lower minLearningRate or raise learningRate");
    }
  }
}
