package dev.descent.spark.ml.engine;

import dev.descent.spark.ml.training.TrainingListener;
import java.util.List;

/**
 * What watches a run between epochs: the validation rows (null without them), early stopping on
 * their metric, the divergence threshold, and the listeners.
 *
 * @param earlyStoppingPatience epochs without improvement of the validation metric before
 *     stopping; 0 disables early stopping (which needs a validation)
 * @param earlyStoppingMinDelta the smallest change of the metric that counts as an improvement
 * @param divergenceFactor see {@link DivergenceCheck}
 * @param divergencePatience see {@link DivergenceCheck}; 0 disables that rule
 */
public record Supervision(
    Validation validation,
    int earlyStoppingPatience,
    double earlyStoppingMinDelta,
    double divergenceFactor,
    int divergencePatience,
    List<TrainingListener> listeners) {

  public Supervision {
    if (earlyStoppingPatience > 0 && validation == null) {
      throw new IllegalArgumentException("earlyStoppingPatience needs validation rows: set"
          + " validationIndicatorCol to a boolean column marking them");
    }
    if (earlyStoppingPatience < 0 || !(divergenceFactor > 0) || divergencePatience < 0) {
      throw new IllegalArgumentException("earlyStoppingPatience and divergencePatience must be"
          + " >= 0 and divergenceFactor > 0");
    }
    listeners = List.copyOf(listeners);
  }

  /**
   * No validation, no early stopping, no listeners, the stages' default divergence rules (100
   * times beyond the start, or 3 epochs in a row above it).
   */
  public static Supervision none() {
    return new Supervision(null, 0, 0.0, 100.0, 3, List.of());
  }
}
