package dev.descent.spark.ml.fit;

import dev.descent.spark.ml.loss.Loss;
import dev.descent.spark.ml.training.MetricEvaluator;
import dev.descent.spark.ml.training.TrainingListener;
import java.util.List;
import java.util.function.Function;

/**
 * What a stage adds to a fit: its validation metric and its training listeners.
 *
 * @param metricFor the metric for a {@code validationMetric} other than the objective, given the
 *     loss (it may depend on the number of classes); null from it means the objective
 * @param <F> what the trainer fits
 */
public record TrainingHooks<F>(Function<Loss, MetricEvaluator<F>> metricFor,
    List<TrainingListener> listeners) {

  public TrainingHooks {
    listeners = List.copyOf(listeners);
  }

  /** No metric but the objective, no listeners. */
  public static <F> TrainingHooks<F> none() {
    return new TrainingHooks<>(loss -> null, List.of());
  }
}
