package dev.descent.spark.ml.summary;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.descent.spark.ml.util.Charts;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.mllib.evaluation.BinaryClassificationMetrics;
import org.apache.spark.mllib.evaluation.MulticlassMetrics;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;
import scala.Tuple3;
import scala.Tuple4;

/**
 * Metrics of a classification model on a DataFrame of its predictions, computed by Spark's
 * {@link MulticlassMetrics} and {@link BinaryClassificationMetrics} exactly as Spark's evaluators
 * compute them (the same weights, scores from {@code rawPrediction}, 1000 bins for the curves),
 * each only when first asked for. Rows are weighted by the model's {@code weightCol} when the
 * DataFrame has it.
 */
public class ClassificationSummary {

  /** Bins of the ROC and PR curves, as {@code BinaryClassificationEvaluator}'s default. */
  static final int NUM_BINS = 1000;

  private final Dataset<Row> predictions;
  private final String labelCol;
  private final String predictionCol;
  private final String rawPredictionCol;
  private final String probabilityCol;
  private final String weightCol;
  private final int numClasses;
  private final String rows;
  private MulticlassMetrics multiclass;
  private BinaryClassificationMetrics binary;

  /**
   * The metrics of rows described as "evaluated rows" in chart titles.
   *
   * @param probabilityCol null when the model gives no probabilities (hinge losses)
   * @param weightCol null for unweighted rows
   */
  public ClassificationSummary(Dataset<Row> predictions, String labelCol, String predictionCol,
      String rawPredictionCol, String probabilityCol, String weightCol, int numClasses) {
    this(predictions, labelCol, predictionCol, rawPredictionCol, probabilityCol, weightCol,
        numClasses, "evaluated rows");
  }

  /**
   * @param probabilityCol null when the model gives no probabilities (hinge losses)
   * @param weightCol null for unweighted rows
   * @param rows what the rows are ("training rows", "test rows"), for chart titles
   */
  public ClassificationSummary(Dataset<Row> predictions, String labelCol, String predictionCol,
      String rawPredictionCol, String probabilityCol, String weightCol, int numClasses,
      String rows) {
    if (rows == null || rows.isBlank()) {
      throw new IllegalArgumentException("the rows a summary describes need a name");
    }
    this.rows = rows;
    this.predictions = predictions;
    this.labelCol = labelCol;
    this.predictionCol = predictionCol;
    this.rawPredictionCol = rawPredictionCol;
    this.probabilityCol = probabilityCol;
    this.weightCol = weightCol;
    this.numClasses = numClasses;
  }

  /** The summary of the same predictions, for a subclass that adds to it. */
  protected ClassificationSummary(ClassificationSummary metrics, String rows) {
    this(metrics.predictions, metrics.labelCol, metrics.predictionCol, metrics.rawPredictionCol,
        metrics.probabilityCol, metrics.weightCol, metrics.numClasses, rows);
  }

  /** What the summarized rows are ("training rows", "evaluated rows" or a given name). */
  public String rows() {
    return rows;
  }

  /** The model's output on the rows summarized. */
  public Dataset<Row> predictions() {
    return predictions;
  }

  public int numClasses() {
    return numClasses;
  }

  private Column weight() {
    return weightCol == null ? lit(1.0) : col(weightCol).cast("double");
  }

  private synchronized MulticlassMetrics multiclass() {
    if (multiclass == null) {
      Dataset<Row> rows = predictions.select(col(predictionCol), col(labelCol).cast("double"),
          weight(), probabilityCol == null ? lit(null) : col(probabilityCol));
      boolean withProbability = probabilityCol != null;
      multiclass = new MulticlassMetrics(rows.javaRDD().map(row -> withProbability
          ? new Tuple4<>(row.getDouble(0), row.getDouble(1), row.getDouble(2),
              ((Vector) row.get(3)).toArray())
          : new Tuple3<>(row.getDouble(0), row.getDouble(1), row.getDouble(2))).rdd());
    }
    return multiclass;
  }

  private synchronized BinaryClassificationMetrics binary(String metric) {
    if (numClasses != 2) {
      throw new UnsupportedOperationException(metric + " is for binary models; this one has "
          + numClasses + " classes");
    }
    if (binary == null) {
      Dataset<Row> rows = predictions.select(col(rawPredictionCol), col(labelCol).cast("double"),
          weight());
      binary = new BinaryClassificationMetrics(rows.javaRDD().map(row -> new Tuple3<>(
          ((Vector) row.get(0)).apply(1), row.getDouble(1), row.getDouble(2))).rdd(), NUM_BINS);
    }
    return binary;
  }

  /** Fraction of the weight correctly classified. */
  public double accuracy() {
    return multiclass().accuracy();
  }

  /** The labels present, ascending: the order of the by-label metrics. */
  public double[] labels() {
    return multiclass().labels();
  }

  public double[] precisionByLabel() {
    MulticlassMetrics m = multiclass();
    return byLabel(label -> m.precision(label));
  }

  public double[] recallByLabel() {
    MulticlassMetrics m = multiclass();
    return byLabel(label -> m.recall(label));
  }

  public double[] fMeasureByLabel() {
    MulticlassMetrics m = multiclass();
    return byLabel(label -> m.fMeasure(label));
  }

  private double[] byLabel(java.util.function.DoubleUnaryOperator metric) {
    double[] labels = labels();
    double[] values = new double[labels.length];
    for (int i = 0; i < labels.length; i++) {
      values[i] = metric.applyAsDouble(labels[i]);
    }
    return values;
  }

  public double weightedPrecision() {
    return multiclass().weightedPrecision();
  }

  public double weightedRecall() {
    return multiclass().weightedRecall();
  }

  /** Weighted F1, the evaluator's {@code f1}. */
  public double weightedFMeasure() {
    return multiclass().weightedFMeasure();
  }

  /** Mean negative log-likelihood of the labels (probabilities clipped at 1e-15, as Spark). */
  public double logLoss() {
    if (probabilityCol == null) {
      throw new UnsupportedOperationException("log loss needs probabilities, which this model"
          + " does not give (train with loss 'log' or 'modified_huber')");
    }
    return multiclass().logLoss(1e-15);
  }

  /** Area under the ROC curve; binary models only. */
  public double areaUnderROC() {
    return binary("areaUnderROC").areaUnderROC();
  }

  /** Area under the precision-recall curve; binary models only. */
  public double areaUnderPR() {
    return binary("areaUnderPR").areaUnderPR();
  }

  /**
   * The confusion matrix in long form: one row per (label, prediction) pair of the labels
   * present, with the total weight of such rows in {@code weight} (the row count when
   * unweighted).
   */
  public Dataset<Row> confusionMatrix() {
    double[] labels = labels();
    org.apache.spark.mllib.linalg.Matrix counts = multiclass().confusionMatrix();
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < labels.length; i++) {
      for (int j = 0; j < labels.length; j++) {
        rows.add(RowFactory.create(labels[i], labels[j], counts.apply(i, j)));
      }
    }
    return session().createDataFrame(rows, new StructType()
        .add("label", DataTypes.DoubleType, false)
        .add("prediction", DataTypes.DoubleType, false)
        .add("weight", DataTypes.DoubleType, false));
  }

  /** The ROC curve: columns FPR and TPR, from (0, 0) to (1, 1); binary models only. */
  public Dataset<Row> roc() {
    return curve(binary("roc").roc().toJavaRDD().collect(), "FPR", "TPR");
  }

  /** The precision-recall curve: columns recall and precision; binary models only. */
  public Dataset<Row> pr() {
    return curve(binary("pr").pr().toJavaRDD().collect(), "recall", "precision");
  }

  private Dataset<Row> curve(List<Tuple2<Object, Object>> points, String x, String y) {
    List<Row> rows = new ArrayList<>();
    for (Tuple2<Object, Object> p : points) {
      rows.add(RowFactory.create(p._1(), p._2()));
    }
    return session().createDataFrame(rows, new StructType()
        .add(x, DataTypes.DoubleType, false).add(y, DataTypes.DoubleType, false));
  }

  /** Writes the ROC curve, with the diagonal of a random guess, as a PNG; binary models only. */
  public void writeRocCurve(String path, int width, int height) {
    double[][] xy = columns(roc());
    Charts.writePng(path, String.format(java.util.Locale.ROOT, "ROC curve, %s (AUC %.4f)",
            rows, areaUnderROC()), "false positive rate", List.of(new Charts.Panel(
            "true positive rate", Charts.Scale.FROM_ZERO, List.of(new Charts.Series("model", xy[0], xy[1]),
                new Charts.Series("random guess", new double[] {0, 1}, new double[] {0, 1})))),
        width, height);
  }

  /** Writes the precision-recall curve as a PNG; binary models only. */
  public void writePrCurve(String path, int width, int height) {
    double[][] xy = columns(pr());
    Charts.writePng(path, String.format(java.util.Locale.ROOT,
            "precision-recall curve, %s (area %.4f)", rows, areaUnderPR()), "recall",
        List.of(new Charts.Panel("precision", Charts.Scale.FROM_ZERO,
            List.of(new Charts.Series("model", xy[0], xy[1])))), width, height);
  }

  private static double[][] columns(Dataset<Row> curve) {
    List<Row> rows = curve.collectAsList();
    double[][] xy = new double[2][rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      xy[0][i] = rows.get(i).getDouble(0);
      xy[1][i] = rows.get(i).getDouble(1);
    }
    return xy;
  }

  private SparkSession session() {
    return predictions.sparkSession();
  }
}
