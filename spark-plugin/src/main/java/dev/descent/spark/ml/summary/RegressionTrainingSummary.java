package dev.descent.spark.ml.summary;

import dev.descent.spark.ml.training.TrainingSummary;

/**
 * A regression model's summary after {@code fit}: the training figures, and the metrics of the
 * model on its training rows (validation rows excluded), computed when first asked for.
 */
public final class RegressionTrainingSummary extends RegressionSummary implements TrainingHistory {

  private final TrainingSummary training;

  /** @param metrics the model's metrics on its training rows */
  public RegressionTrainingSummary(TrainingSummary training, RegressionSummary metrics) {
    super(metrics);
    this.training = training;
  }

  @Override
  public TrainingSummary training() {
    return training;
  }
}
