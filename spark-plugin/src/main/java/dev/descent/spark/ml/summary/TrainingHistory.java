package dev.descent.spark.ml.summary;

import dev.descent.spark.ml.training.StopReason;
import dev.descent.spark.ml.training.TrainingSummary;
import java.util.List;

/**
 * The training figures of a model's summary, read from its {@link TrainingSummary}: so that
 * {@code model.summary().objectiveHistory()} works as on Spark's training summaries.
 */
public interface TrainingHistory {

  /** Everything recorded while training. */
  TrainingSummary training();

  default double[] objectiveHistory() {
    return training().objectiveHistory();
  }

  default double[] validationObjectiveHistory() {
    return training().validationObjectiveHistory();
  }

  default double[] validationMetricHistory() {
    return training().validationMetricHistory();
  }

  default double[] learningRateHistory() {
    return training().learningRateHistory();
  }

  default double[][] layerParameterNorms() {
    return training().layerParameterNorms();
  }

  default double[][] layerGradientNorms() {
    return training().layerGradientNorms();
  }

  default List<TrainingSummary> restarts() {
    return training().restarts();
  }

  default double[] epochSeconds() {
    return training().epochSeconds();
  }

  default double[] rowsPerSecond() {
    return training().rowsPerSecond();
  }

  default int totalEpochs() {
    return training().totalEpochs();
  }

  default long totalSteps() {
    return training().totalSteps();
  }

  default StopReason stopReason() {
    return training().stopReason();
  }

  default String stopMessage() {
    return training().stopMessage();
  }

  default int bestEpoch() {
    return training().bestEpoch();
  }

  default long numRows() {
    return training().numRows();
  }

  default long numValidationRows() {
    return training().numValidationRows();
  }

  default long numSkipped() {
    return training().numSkipped();
  }

  default void writeTrainingCurves(String path) {
    training().writeTrainingCurves(path);
  }
}
