package dev.descent.spark.ml.summary;

import dev.descent.spark.ml.TrainingSummary;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A regression model's summary after {@code fit}: the training figures, and the metrics of the
 * model on its training rows (validation rows excluded), computed when first asked for.
 */
public final class RegressionTrainingSummary extends RegressionSummary implements TrainingHistory {

  private final TrainingSummary training;

  public RegressionTrainingSummary(TrainingSummary training, Dataset<Row> predictions,
      String labelCol, String predictionCol, String weightCol) {
    super(predictions, labelCol, predictionCol, weightCol);
    this.training = training;
  }

  @Override
  public TrainingSummary training() {
    return training;
  }
}
