package dev.descent.spark.ml.engine;

import dev.descent.spark.ml.util.NonFinite;
import java.util.List;
import java.util.Locale;

/**
 * Recognises a diverging run: a non-finite gradient, parameter or objective; an end-of-epoch
 * objective above {@code initial + factor * |initial|}, that is, far worse than the starting
 * point (for a loss whose initial value is that of the all-zero model, {@code factor} times worse
 * than predicting nothing); or {@code patience} epochs in a row ending above the initial
 * objective, which is how a learning rate too large shows with a bounded loss (the log loss of a
 * logistic regression bouncing around 0.9 from a start of 0.69 never grows without bound). Each
 * check returns a message naming where it happened, or null.
 */
final class DivergenceCheck {

  private final double initialObjective;
  private final double factor;
  private final int patience;
  private int epochsAbove;

  /**
   * @param history the objectives so far, epoch 0 first (more than one when a run resumes: the
   *     epochs that already ended above the start count)
   * @param patience epochs in a row above the initial objective that mean divergence; 0 never
   */
  DivergenceCheck(List<Double> history, double factor, int patience) {
    this.initialObjective = history.get(0);
    this.factor = factor;
    this.patience = patience;
    for (int e = history.size() - 1; e > 0 && history.get(e) > initialObjective; e--) {
      epochsAbove++;
    }
  }

  /** The epochs in a row, up to the last checked, that ended above the initial objective. */
  int epochsAbove() {
    return epochsAbove;
  }

  /** The first non-finite entry of {@code values}, described, or null. */
  static String nonFinite(double[] values, String what) {
    int i = NonFinite.firstIndex(values);
    return i < 0 ? null : "the " + what + " became " + values[i];
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
    epochsAbove = objective > initialObjective ? epochsAbove + 1 : 0;
    if (patience > 0 && epochsAbove >= patience) {
      return String.format(Locale.ROOT, "the objective stayed above its initial value %.6g for"
          + " %d epochs in a row (divergencePatience), ending at %.6g", initialObjective,
          epochsAbove, objective);
    }
    return null;
  }
}
