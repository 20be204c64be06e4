package dev.descent.spark.ml.fit;

import dev.descent.spark.ml.data.InputSpec;
import dev.descent.spark.ml.data.LabelRule;
import dev.descent.spark.ml.data.TrainingData;
import dev.descent.spark.ml.data.ValidationData;
import dev.descent.spark.ml.engine.TrainingResult;
import dev.descent.spark.ml.loss.Loss;
import dev.descent.spark.ml.param.GradientDescentParams;
import dev.descent.spark.ml.training.TrainingSummary;
import java.util.function.Function;
import java.util.function.IntToLongFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What a stage's fit reads, for every trainer: the training rows (those that
 * {@code validationIndicatorCol} does not mark) loaded and cached, the loss chosen once they are
 * read, and the validation rows, cached too, when the column is set. Close it to release the
 * caches.
 */
final class FitData implements AutoCloseable {

  private final TrainingData training;
  private final ValidationData validation;
  private final Dataset<Row> trainingRows;
  private final Loss loss;

  private FitData(TrainingData training, ValidationData validation, Dataset<Row> trainingRows,
      Loss loss) {
    this.training = training;
    this.validation = validation;
    this.trainingRows = trainingRows;
    this.loss = loss;
  }

  /**
   * Reads {@code dataset} as the stage's params say.
   *
   * @param lossFor the loss, chosen once the training rows have been read (it may depend on the
   *     labels seen)
   * @param parametersFor the fewest parameters a model of so many features can have, for the
   *     check of the driver's memory before the rows are read (see {@link DriverMemory})
   * @throws IllegalArgumentException if early stopping is asked for without validation rows, or
   *     the indicator column is not a usable boolean column, or the driver cannot hold the fit
   */
  static FitData load(TrainingSetup setup, Dataset<?> dataset, LabelRule labels,
      Function<TrainingData, Loss> lossFor, IntToLongFunction parametersFor) {
    GradientDescentParams stage = setup.stage();
    InputSpec spec = stage.inputSpec(labels);
    String indicator = stage.validationIndicatorColOrNull();
    if (stage.getEarlyStoppingPatience() > 0 && indicator == null) {
      throw new IllegalArgumentException("earlyStoppingPatience needs validation rows: set"
          + " validationIndicatorCol to a boolean column marking them");
    }
    Dataset<Row> trainingRows = indicator == null
        ? dataset.toDF()
        : ValidationData.trainingRows(dataset, indicator);
    TrainingData training = TrainingData.load(trainingRows, spec, (features, partitions) ->
        setup.checkDriverMemory(dataset.sparkSession().sparkContext(),
            parametersFor.applyAsLong(features), features, partitions));
    try {
      Loss loss = lossFor.apply(training);
      ValidationData validation = indicator == null
          ? null
          : ValidationData.load(dataset, indicator, spec, training.numFeatures());
      return new FitData(training, validation, trainingRows, loss);
    } catch (Throwable e) { // Spark's exceptions are checked ones thrown unchecked
      training.close();
      throw e;
    }
  }

  TrainingData training() {
    return training;
  }

  /** The validation rows, or null without {@code validationIndicatorCol}. */
  ValidationData validation() {
    return validation;
  }

  /** The rows trained on, as a DataFrame of the input's columns. */
  Dataset<Row> trainingRows() {
    return trainingRows;
  }

  Loss loss() {
    return loss;
  }

  /** The summary of {@code result}, with the counts of training, validation and skipped rows. */
  TrainingSummary summary(TrainingResult result) {
    return new TrainingSummary(result.epochs(), result.steps(), result.stopReason(),
        result.stopMessage(), result.bestEpoch(), training.numRows(),
        validation == null ? 0 : validation.numRows(),
        training.numSkipped() + (validation == null ? 0 : validation.numSkipped()));
  }

  @Override
  public void close() {
    try {
      training.close();
    } finally {
      if (validation != null) {
        validation.close();
      }
    }
  }
}
