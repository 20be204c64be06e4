package dev.descent.spark.ml.training;

import java.util.function.Consumer;

/**
 * Called on the driver after each epoch (1, 2, ...) of a fit, with the epoch's figures, as a
 * Keras callback's {@code on_epoch_end}: to draw live curves in a notebook, record metrics
 * elsewhere, or stop training. Register it with the estimator's {@code addTrainingListener}.
 *
 * <p>A listener runs inside {@code fit}, on the thread that called it: an exception it throws
 * fails the fit. Under {@code CrossValidator} with {@code parallelism > 1} several fits call the
 * same listener from different threads at once.
 */
@FunctionalInterface
public interface TrainingListener {

  /**
   * Sees epoch {@code report.epoch()}; returns true to stop training after it (the summary's
   * stop reason is then {@link StopReason#LISTENER}).
   */
  boolean onEpochEnd(EpochReport report);

  /** A listener that only observes and never stops training. */
  static TrainingListener observing(Consumer<EpochReport> observer) {
    return report -> {
      observer.accept(report);
      return false;
    };
  }
}
