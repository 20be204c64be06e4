package dev.descent.spark.ml.engine;

import dev.descent.spark.ml.training.StopReason;
import java.util.List;

/**
 * Decides after each epoch whether training is done, from the objective history so far: entry 0
 * at the initial parameters, entry e after epoch e. Checks compose with {@link #or}.
 */
@FunctionalInterface
public interface ConvergenceCheck {

  /** The reason to stop after {@code history.size() - 1} epochs, or null to go on. */
  StopReason check(List<Double> history);

  default ConvergenceCheck or(ConvergenceCheck other) {
    return history -> {
      StopReason reason = check(history);
      return reason != null ? reason : other.check(history);
    };
  }

  /** Stops once {@code maxEpochs} epochs have run. */
  static ConvergenceCheck maxEpochs(int maxEpochs) {
    return history -> history.size() - 1 >= maxEpochs ? StopReason.MAX_EPOCHS : null;
  }

  /**
   * Stops when the last epoch changed the objective (from the previous entry, the initial one for
   * epoch 1) by at most {@code tol} relative to the larger of the two values, as Breeze's
   * function-value test that MLlib's L-BFGS uses. {@code tol = 0} disables it.
   */
  static ConvergenceCheck relativeObjectiveChange(double tol) {
    return history -> {
      int n = history.size();
      if (tol <= 0 || n < 2) {
        return null;
      }
      double previous = history.get(n - 2);
      double current = history.get(n - 1);
      return Math.abs(previous - current) <= tol * scale(previous, current)
          ? StopReason.CONVERGED
          : null;
    };
  }

  /** What a change between two objectives is relative to: the larger of their sizes. */
  static double scale(double previous, double current) {
    return Math.max(Math.max(Math.abs(previous), Math.abs(current)), 1e-300);
  }
}
