package dev.descent.spark.ml.engine;

import dev.descent.spark.ml.data.ValidationData;
import dev.descent.spark.ml.loss.Loss;
import dev.descent.spark.ml.training.MetricEvaluator;
import dev.descent.spark.ml.util.TreeAggregation;
import java.io.Serializable;
import java.util.function.Function;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;

/**
 * Scores training-space parameters on the validation rows: maps them to the model on the original
 * feature scale (as the fit would return it), computes the training objective over the rows in
 * one Spark job (summed in a fixed tree, so it is the same bit for bit on every run), and the
 * metric with Spark's evaluator on the model's predictions (no extra job when the metric is the
 * objective itself). Linear models and networks differ only in how a fit gives its margins.
 *
 * @param <F> what the trainer fits
 */
public final class HeldOutValidation<F> implements Validation {

  /** The metric name that means the validation objective itself. */
  static final String OBJECTIVE = "objective";

  /** A fitted model's output margins for one row of original features, as the loss takes them. */
  @FunctionalInterface
  public interface Margins extends Serializable {
    double[] of(Vector features);
  }

  private final ValidationData data;
  private final MetricEvaluator<F> metric;
  private final Function<double[], F> toFit;
  private final Function<F, Margins> margins;
  private final Loss loss;
  private final Regularization regularization;
  private final int aggregationDepth;

  /**
   * @param metric the metric, or null when it is the objective
   * @param toFit the fit of training-space parameters
   * @param margins a fit's margins, to ship to the executors
   * @param aggregationDepth the depth of the tree the partitions' sums are added in
   */
  public HeldOutValidation(ValidationData data, MetricEvaluator<F> metric,
      Function<double[], F> toFit, Function<F, Margins> margins, Loss loss,
      Regularization regularization, int aggregationDepth) {
    this.data = data;
    this.metric = metric;
    this.toFit = toFit;
    this.margins = margins;
    this.loss = loss;
    this.regularization = regularization;
    this.aggregationDepth = aggregationDepth;
  }

  @Override
  public String metricName() {
    return metric == null ? OBJECTIVE : metric.name();
  }

  @Override
  public boolean largerIsBetter() {
    return metric != null && metric.largerIsBetter();
  }

  @Override
  public Score score(double[] theta) {
    F fit = toFit.apply(theta);
    Loss loss = this.loss;
    double[] sums;
    // The model is about as large as theta: large ones go out as a broadcast (see Shipment).
    try (Shipment<Margins> model = Shipment.of(JavaSparkContext.fromSparkContext(
        data.rows().sparkSession().sparkContext()), margins.apply(fit), 8L * theta.length)) {
      sums = TreeAggregation.aggregate(data.rows().javaRDD(), aggregationDepth, rows -> {
        double[] acc = new double[2];
        Margins shipped = model.value();
        rows.forEachRemaining(row -> add(acc, row, shipped, loss));
        return acc;
      }, TreeAggregation.sums());
    }
    double objective = sums[0] / sums[1] + regularization.penalty(theta);
    return new Score(objective, metric == null
        ? objective
        : metric.evaluate(fit, data.rows(), data.weightCol()));
  }

  /** Adds one row's weighted loss and weight (label, weight, features) to acc. */
  private static void add(double[] acc, Row row, Margins model, Loss loss) {
    double weight = row.getDouble(1);
    if (weight == 0) {
      return;
    }
    double[] margins = model.of((Vector) row.get(2));
    acc[0] += weight * loss.lossAndGradient(margins, row.getDouble(0), new double[margins.length]);
    acc[1] += weight;
  }
}
