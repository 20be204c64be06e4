package dev.descent.spark.ml.engine;

import dev.descent.spark.ml.training.EpochReport;
import dev.descent.spark.ml.training.StopReason;
import dev.descent.spark.ml.training.TrainingListener;
import java.util.List;

/**
 * Decides after an epoch that ended normally whether the run stops, as Breeze's convergence
 * checks do; rules compose with {@link #or}, the first that fires giving the reason, and the rules
 * after it are not consulted for that epoch. (A diverged epoch never reaches the rules: it is
 * discarded first.)
 */
@FunctionalInterface
interface StopRule {

  /**
   * The reason to stop after the epoch of {@code report}, which ended at {@code theta}, or null
   * to go on; {@code history} holds every epoch's objective, epoch 0 first.
   */
  StopReason afterEpoch(EpochReport report, double[] theta, List<Double> history);

  default StopRule or(StopRule next) {
    return (report, theta, history) -> {
      StopReason reason = afterEpoch(report, theta, history);
      return reason != null ? reason : next.afterEpoch(report, theta, history);
    };
  }

  /** Calls every listener (all of them, even after one asks to stop); stops if any asked. */
  static StopRule listeners(List<TrainingListener> listeners) {
    return (report, theta, history) -> {
      boolean stop = false;
      for (TrainingListener listener : listeners) {
        stop |= listener.onEpochEnd(report);
      }
      return stop ? StopReason.LISTENER : null;
    };
  }

  /** Feeds the epoch's validation metric to {@code watch}; stops when it has lost patience. */
  static StopRule earlyStopping(EarlyStopping watch) {
    return (report, theta, history) -> watch.observe(report.epoch(), report.validationMetric(),
        theta) ? StopReason.EARLY_STOPPING : null;
  }

  /** A check of the objective history ({@code maxIter}, {@code tol}). */
  static StopRule objective(ConvergenceCheck check) {
    return (report, theta, history) -> check.check(history);
  }
}
