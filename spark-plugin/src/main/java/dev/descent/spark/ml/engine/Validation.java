package dev.descent.spark.ml.engine;

/**
 * Scores the parameters on held-out rows after each epoch: the training objective over those rows
 * and a chosen metric, which early stopping monitors.
 */
public interface Validation {

  /** The metric's name, as the {@code validationMetric} param gives it. */
  String metricName();

  /** Whether a larger metric is better (accuracy) or a smaller one (objective, log loss). */
  boolean largerIsBetter();

  /** The validation objective and metric at {@code theta} (the training-space parameters). */
  Score score(double[] theta);

  /** A validation objective and metric. */
  record Score(double objective, double metric) {}
}
