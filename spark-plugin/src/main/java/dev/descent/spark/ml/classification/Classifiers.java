package dev.descent.spark.ml.classification;

import dev.descent.spark.ml.loss.ClassificationLoss;
import dev.descent.spark.ml.loss.Loss;
import dev.descent.spark.ml.param.ClassificationLossParams;
import dev.descent.spark.ml.param.DecisionParams;
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
   * The binary decision threshold in effect, or NaN when unset (the likelier label); checks it
   * against the model first.
   *
   * @param onProbability whether it is a threshold on the probability of label 1 (the loss
   *     gives probabilities) rather than on the margin
   */
  static <P extends DecisionParams & ClassificationLossParams> double threshold(
      ProbabilisticClassificationModel<?, ?> model, P params, boolean onProbability) {
    if (!params.isSet(params.threshold())) {
      return Double.NaN;
    }
    double threshold = params.getThreshold();
    if (model.numClasses() != 2) {
      throw new IllegalArgumentException("threshold is for binary models; this one has "
          + model.numClasses() + " classes, set thresholds (one per class) instead");
    }
    if (model.isSet(model.thresholds())) {
      throw new IllegalArgumentException("threshold and thresholds are both set; set one");
    }
    if (onProbability && !(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException("threshold " + threshold + " is on the probability of"
          + " label 1 for loss '" + params.getLoss() + "', so it must be in [0, 1]");
    }
    return threshold;
  }

  /**
   * The prediction of a binary {@code model} at {@code threshold} (see {@link #threshold}) for
   * a score (probability or margin of label 1), or NaN to leave it to Spark's rule.
   */
  static double decide(double threshold, double score) {
    if (Double.isNaN(threshold)) {
      return Double.NaN;
    }
    return score > threshold ? 1.0 : 0.0;
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
