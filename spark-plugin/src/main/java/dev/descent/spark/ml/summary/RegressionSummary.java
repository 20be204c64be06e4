package dev.descent.spark.ml.summary;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import org.apache.spark.mllib.evaluation.RegressionMetrics;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Tuple3;

/**
 * Metrics of a regression model on a DataFrame of its predictions, computed by Spark's
 * {@link RegressionMetrics} as {@code RegressionEvaluator} computes them, when first asked for.
 * Rows are weighted by the model's {@code weightCol} when the DataFrame has it.
 */
public class RegressionSummary {

  private final Dataset<Row> predictions;
  private final String labelCol;
  private final String predictionCol;
  private final String weightCol;
  private RegressionMetrics metrics;

  /** @param weightCol null for unweighted rows */
  public RegressionSummary(Dataset<Row> predictions, String labelCol, String predictionCol,
      String weightCol) {
    this.predictions = predictions;
    this.labelCol = labelCol;
    this.predictionCol = predictionCol;
    this.weightCol = weightCol;
  }

  /** The summary of the same predictions, for a subclass that adds to it. */
  protected RegressionSummary(RegressionSummary metrics) {
    this(metrics.predictions, metrics.labelCol, metrics.predictionCol, metrics.weightCol);
  }

  /** The model's output on the rows summarized. */
  public Dataset<Row> predictions() {
    return predictions;
  }

  private synchronized RegressionMetrics metrics() {
    if (metrics == null) {
      Dataset<Row> rows = predictions.select(col(predictionCol), col(labelCol).cast("double"),
          weightCol == null ? lit(1.0) : col(weightCol).cast("double"));
      metrics = new RegressionMetrics(rows.javaRDD().map(row -> new Tuple3<>(row.getDouble(0),
          row.getDouble(1), row.getDouble(2))).rdd(), false);
    }
    return metrics;
  }

  public double rootMeanSquaredError() {
    return metrics().rootMeanSquaredError();
  }

  public double meanSquaredError() {
    return metrics().meanSquaredError();
  }

  public double meanAbsoluteError() {
    return metrics().meanAbsoluteError();
  }

  /** The coefficient of determination. */
  public double r2() {
    return metrics().r2();
  }

  public double explainedVariance() {
    return metrics().explainedVariance();
  }
}
