package dev.descent.spark.ml.engine;

import java.util.Locale;

/**
 * Recognises a diverging run: a non-finite gradient, parameter or objective, or an end-of-epoch
 * objective above {@code initial + factor * |initial|}, that is, far worse than the starting
 * point (for a loss whose initial value is that of the all-zero model, {@code factor} times worse
 * than predicting nothing). Each check returns a message naming where it happened, or null.
 */
final class DivergenceCheck {

  private final double initialObjective;
  private final double factor;

  DivergenceCheck(double initialObjective, double factor) {
    this.initialObjective = initialObjective;
    this.factor = factor;
  }

  /** The first non-finite entry of {@code values}, described, or null. */
  static String nonFinite(double[] values, String what) {
    for (double v : values) {
      if (!Double.isFinite(v)) {
        return "the " + what + " became " + v;
      }
    }
    return null;
  }

  /** Why {@code objective} (at an epoch's end) means divergence, or null. */
  String objective(double objective) {
    if (!Double.isFinite(objective)) {
      return "the objective became " + objective;
    }
    if (objective - initialObjective > factor * Math.abs(initialObjective)) {
      return String.format(Locale.ROOT, "the objective grew to %.6g, more than divergenceFactor"
          + " (%s) times beyond its initial value %.6g", objective, factor, initialObjective);
    }
    return null;
  }
}
