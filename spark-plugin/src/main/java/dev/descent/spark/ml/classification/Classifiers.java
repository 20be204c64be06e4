package dev.descent.spark.ml.classification;

import dev.descent.spark.ml.loss.ClassificationLoss;
import dev.descent.spark.ml.loss.Loss;
import dev.descent.spark.ml.param.InputParams;
import dev.descent.spark.ml.summary.ClassificationSummary;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.sql.Dataset;

/** What the linear and network classifiers and their models share. */
final class Classifiers {

  private Classifiers() {}

  /** The classes a classifier's loss separates (see {@link ClassificationLoss#numClasses}). */
  static int numClasses(Loss loss) {
    return ((ClassificationLoss) loss).numClasses();
  }

  /**
   * The probability column a model writes: {@code probabilityCol}, or null when it is empty or
   * the loss gives no probabilities (then the model leaves the column out).
   */
  static String probabilityCol(Loss loss, String probabilityCol) {
    return ((ClassificationLoss) loss).hasProbabilities() && !probabilityCol.isEmpty()
        ? probabilityCol
        : null;
  }

  /**
   * The metrics of {@code model} on {@code dataset} (which needs the label and features columns,
   * and the weight column if {@code weightCol} is set).
   *
   * @param params the model's own params
   * @param rows what the rows are, for chart titles
   */
  static ClassificationSummary evaluate(ProbabilisticClassificationModel<?, ?> model,
      InputParams params, ClassificationLoss loss, Dataset<?> dataset, String rows) {
    return new ClassificationSummary(model.transform(dataset), model.getLabelCol(),
        model.getPredictionCol(), model.getRawPredictionCol(),
        probabilityCol(loss, model.getProbabilityCol()), params.weightColOrNull(),
        model.numClasses(), rows);
  }
}
