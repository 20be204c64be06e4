package dev.descent.spark.ml.engine;

import dev.descent.spark.ml.data.ValidationData;
import dev.descent.spark.ml.loss.Loss;
import dev.descent.spark.ml.util.PartitionOrder;
import java.util.function.ToDoubleFunction;
import org.apache.spark.ml.linalg.DenseMatrix;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;

/**
 * Scores training-space parameters on the validation rows: maps them to the model on the original
 * feature scale (as the fit would return it), computes the training objective over the rows in
 * one Spark job, and the metric with Spark's evaluator on the model's predictions (no extra job
 * when the metric is the objective itself).
 */
final class HeldOutValidation implements Validation {

  /** The metric name that means the validation objective itself. */
  static final String OBJECTIVE = "objective";

  private final ValidationData data;
  private final String metricName;
  private final boolean largerIsBetter;
  private final ToDoubleFunction<LinearTrainer.Fit> metric;
  private final java.util.function.Function<double[], LinearTrainer.Fit> toFit;
  private final Regularization regularization;

  /**
   * @param metric the metric of a fitted model on {@code data}, or null when the metric is the
   *     objective
   */
  HeldOutValidation(ValidationData data, String metricName, boolean largerIsBetter,
      ToDoubleFunction<LinearTrainer.Fit> metric,
      java.util.function.Function<double[], LinearTrainer.Fit> toFit,
      Regularization regularization) {
    this.data = data;
    this.metricName = metricName;
    this.largerIsBetter = largerIsBetter;
    this.metric = metric;
    this.toFit = toFit;
    this.regularization = regularization;
  }

  @Override
  public String metricName() {
    return metricName;
  }

  @Override
  public boolean largerIsBetter() {
    return largerIsBetter;
  }

  @Override
  public Score score(double[] theta) {
    LinearTrainer.Fit fit = toFit.apply(theta);
    DenseMatrix coefficients = fit.coefficients();
    double[] intercepts = fit.intercepts().values();
    Loss loss = fit.loss();
    double[] sums = PartitionOrder.aggregate(data.rows().javaRDD(), () -> new double[2],
        (acc, row) -> {
          add(acc, row, coefficients, intercepts, loss);
          return acc;
        }, (a, b) -> {
          a[0] += b[0];
          a[1] += b[1];
          return a;
        });
    double objective = sums[0] / sums[1] + regularization.penalty(theta);
    return new Score(objective, metric == null ? objective : metric.applyAsDouble(fit));
  }

  /** Adds one row's weighted loss and weight (label, weight, features) to acc. */
  private static void add(double[] acc, Row row, DenseMatrix coefficients, double[] intercepts,
      Loss loss) {
    double weight = row.getDouble(1);
    if (weight == 0) {
      return;
    }
    double[] margins = coefficients.multiply((Vector) row.get(2)).values();
    for (int k = 0; k < margins.length; k++) {
      margins[k] += intercepts[k];
    }
    acc[0] += weight * loss.lossAndGradient(margins, row.getDouble(0), new double[margins.length]);
    acc[1] += weight;
  }
}
