package dev.descent.spark.ml.training;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A stage's {@code validationMetric} other than the objective: scores a fitted model on the
 * validation rows with one of Spark's evaluators.
 *
 * @param <F> what the trainer fits (a linear or a network fit of the {@code fit} package), from
 *     which the stage builds its model
 */
public interface MetricEvaluator<F> {

  String name();

  boolean largerIsBetter();

  /**
   * The metric of {@code fit}'s model on {@code rows} (label, weight and features columns named
   * as the stage's, the weight column being {@code weightCol}).
   */
  double evaluate(F fit, Dataset<Row> rows, String weightCol);
}
