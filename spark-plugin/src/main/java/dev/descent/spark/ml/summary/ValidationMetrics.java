package dev.descent.spark.ml.summary;

import dev.descent.spark.ml.training.MetricEvaluator;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The names {@code validationMetric} accepts: {@code objective} (the training objective over the
 * validation rows, smaller is better), or any metric of the Spark evaluator for the task, which
 * then computes it: {@code BinaryClassificationEvaluator} (binary models only) and
 * {@code MulticlassClassificationEvaluator} for classification, {@code RegressionEvaluator} for
 * regression. The evaluators' defaults apply otherwise (the by-label metrics use label 0).
 */
public final class ValidationMetrics {

  public static final String OBJECTIVE = "objective";
  /** {@code BinaryClassificationEvaluator}'s metrics. */
  public static final List<String> BINARY = List.of("areaUnderROC", "areaUnderPR");
  /** {@code MulticlassClassificationEvaluator}'s metrics. */
  public static final List<String> MULTICLASS = List.of("f1", "accuracy", "weightedPrecision",
      "weightedRecall", "weightedTruePositiveRate", "weightedFalsePositiveRate",
      "weightedFMeasure", "truePositiveRateByLabel", "falsePositiveRateByLabel",
      "precisionByLabel", "recallByLabel", "fMeasureByLabel", "logLoss", "hammingLoss");
  /** {@code RegressionEvaluator}'s metrics. */
  public static final List<String> REGRESSION = List.of("rmse", "mse", "r2", "mae", "var");

  private ValidationMetrics() {}

  /** Every name a classifier accepts. */
  public static List<String> classification() {
    List<String> names = new ArrayList<>(List.of(OBJECTIVE));
    names.addAll(BINARY);
    names.addAll(MULTICLASS);
    return List.copyOf(names);
  }

  /** Every name a regressor accepts. */
  public static List<String> regression() {
    List<String> names = new ArrayList<>(List.of(OBJECTIVE));
    names.addAll(REGRESSION);
    return List.copyOf(names);
  }

  /**
   * The classification metric {@code name} on the model {@code modelFor} builds, or null for the
   * objective.
   *
   * @param probabilityCol the model's probability column, or null when its loss gives none
   */
  public static <F> MetricEvaluator<F> classification(String name, int numClasses,
      String labelCol, String predictionCol, String rawPredictionCol, String probabilityCol,
      Function<F, Transformer> modelFor) {
    if (OBJECTIVE.equals(name)) {
      return null;
    }
    if (BINARY.contains(name) && numClasses != 2) {
      throw new IllegalArgumentException("validationMetric '" + name + "' is for two classes;"
          + " this fit has " + numClasses + "; use one of " + MULTICLASS + " or " + OBJECTIVE);
    }
    if ("logLoss".equals(name) && probabilityCol == null) {
      throw new IllegalArgumentException("validationMetric 'logLoss' needs probabilities, which"
          + " this loss does not give; use loss 'log' or 'modified_huber' or another metric");
    }
    return evaluator(name, modelFor, weightCol -> BINARY.contains(name)
        ? new BinaryClassificationEvaluator().setMetricName(name).setLabelCol(labelCol)
            .setRawPredictionCol(rawPredictionCol).setWeightCol(weightCol)
        : multiclass(name, labelCol, predictionCol, probabilityCol).setWeightCol(weightCol));
  }

  private static MulticlassClassificationEvaluator multiclass(String name, String labelCol,
      String predictionCol, String probabilityCol) {
    MulticlassClassificationEvaluator evaluator = new MulticlassClassificationEvaluator()
        .setMetricName(name).setLabelCol(labelCol).setPredictionCol(predictionCol);
    return probabilityCol == null ? evaluator : evaluator.setProbabilityCol(probabilityCol);
  }

  /** The regression metric {@code name} on the model {@code modelFor} builds, or null. */
  public static <F> MetricEvaluator<F> regression(String name, String labelCol,
      String predictionCol, Function<F, Transformer> modelFor) {
    if (OBJECTIVE.equals(name)) {
      return null;
    }
    return evaluator(name, modelFor, weightCol -> new RegressionEvaluator().setMetricName(name)
        .setLabelCol(labelCol).setPredictionCol(predictionCol).setWeightCol(weightCol));
  }

  private static <F> MetricEvaluator<F> evaluator(String name,
      Function<F, Transformer> modelFor, Function<String, Evaluator> create) {
    boolean largerIsBetter = create.apply("w").isLargerBetter();
    return new MetricEvaluator<>() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public boolean largerIsBetter() {
        return largerIsBetter;
      }

      @Override
      public double evaluate(F fit, Dataset<Row> rows, String weightCol) {
        return create.apply(weightCol).evaluate(modelFor.apply(fit).transform(rows));
      }
    };
  }
}
