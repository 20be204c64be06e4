package dev.descent.spark.ml.regression;

import dev.descent.spark.ml.data.ScoredFeatures;
import dev.descent.spark.ml.loss.Losses;
import dev.descent.spark.ml.loss.RegressionLoss;
import dev.descent.spark.ml.param.DescriptionParams;
import dev.descent.spark.ml.param.LinearRegressorParams;
import dev.descent.spark.ml.param.ParamGroups;
import dev.descent.spark.ml.summary.FeatureCoefficients;
import dev.descent.spark.ml.summary.RegressionSummary;
import dev.descent.spark.ml.summary.RegressionTrainingSummary;
import dev.descent.spark.ml.util.LinearModelData;
import dev.descent.spark.ml.util.ModelDescription;
import dev.descent.spark.ml.util.PendingUid;
import dev.descent.spark.ml.util.StageIO;
import org.apache.spark.ml.linalg.DenseMatrix;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.RegressionModel;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * A model from {@link LinearRegressor}: prediction = coefficients . x + intercept, passed through
 * the loss's inverse link (exp for {@code poisson}).
 */
public final class LinearRegressionModel
    extends RegressionModel<Vector, LinearRegressionModel>
    implements LinearRegressorParams, DescriptionParams.Setters<LinearRegressionModel>,
    DefaultParamsWritable {

  private final String uid;
  private final ParamGroups params;
  private final Vector coefficients;
  private final double intercept;
  private final double[] featureStd;
  private final String[] featureNames;
  private transient RegressionLoss lossFunction;
  private transient RegressionTrainingSummary summary;

  /** An empty model, for Spark's service loader and readers; {@link #load} gives a real one. */
  public LinearRegressionModel() {
    this(Identifiable.randomUID("linearRegressionModel"));
  }

  public LinearRegressionModel(String uid) {
    this(uid, Vectors.zeros(0), 0.0);
  }

  public LinearRegressionModel(String uid, Vector coefficients, double intercept) {
    this(uid, new LinearModelData(0, new DenseMatrix(1, coefficients.size(),
        coefficients.toArray()), Vectors.dense(intercept), null, null));
  }

  /** A model from its saved values, the features' standard deviations and names included. */
  public LinearRegressionModel(String uid, LinearModelData data) {
    this(new PendingUid(uid), data);
  }

  private LinearRegressionModel(PendingUid pending, LinearModelData data) {
    super();
    this.uid = pending.release();
    this.params = new ParamGroups(this);
    if (data.coefficients().numRows() != 1) {
      throw new IllegalArgumentException("the model data has " + data.coefficients().numRows()
          + " outputs; a linear regression model has one");
    }
    this.coefficients = data.coefficients().rowIter().next();
    this.intercept = data.intercepts().apply(0);
    this.featureStd = data.featureStd();
    this.featureNames = data.featureNames();
  }

  @Override
  public String uid() {
    return uid != null ? uid : PendingUid.current();
  }

  @Override
  public ParamGroups paramGroups() {
    return params;
  }

  /** Coefficients on the original feature scale. */
  public Vector coefficients() {
    return coefficients;
  }

  public double intercept() {
    return intercept;
  }

  @Override
  public int numFeatures() {
    return coefficients.size();
  }

  public boolean hasSummary() {
    return summary != null;
  }

  /**
   * The training summary: the figures of each epoch and the metrics on the training rows; only on
   * a model fresh from {@code fit}.
   */
  public RegressionTrainingSummary summary() {
    if (summary == null) {
      throw new IllegalStateException(
          "no training summary: the model was loaded, not fitted in this session");
    }
    return summary;
  }

  LinearRegressionModel setSummary(RegressionTrainingSummary summary) {
    this.summary = summary;
    return this;
  }

  /**
   * The metrics of this model on {@code dataset} (which needs the label and features columns,
   * and the weight column if {@code weightCol} is set), as the summary has them for the training
   * rows.
   */
  public RegressionSummary evaluate(Dataset<?> dataset) {
    return new RegressionSummary(transform(dataset), getLabelCol(), getPredictionCol(),
        weightColOrNull());
  }

  /**
   * The coefficients by feature name, largest standardized effect first (see
   * {@link FeatureCoefficients#table}). Names come from the training features column's ML
   * attributes, else {@code f0, f1, ...}.
   */
  public Dataset<Row> featureCoefficients() {
    return FeatureCoefficients.table(SparkSession.active(), data().coefficients(), featureStd,
        featureNames);
  }

  private LinearModelData data() {
    return new LinearModelData(0, new DenseMatrix(1, coefficients.size(), coefficients.toArray()),
        Vectors.dense(intercept), featureStd, featureNames);
  }

  private RegressionLoss lossFunction() {
    if (lossFunction == null) {
      lossFunction = Losses.regression(
          getLoss(), getHuberDelta(), getInsensitivity(), getQuantile());
    }
    return lossFunction;
  }

  @Override
  public double predict(Vector features) {
    ScoredFeatures.require(features, numFeatures(), getFeaturesCol());
    return lossFunction().predict(features.dot(coefficients) + intercept);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    return ModelDescription.append(super.transform(dataset), getDescriptionCol(), this::describe);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return ModelDescription.append(super.transformSchema(schema), getDescriptionCol(),
        this::describe);
  }

  private ModelDescription describe() {
    LinearModelData data = data();
    return new ModelDescription("LinearRegressionModel", uid(), numFeatures())
        .put("coefficients", coefficients)
        .put("intercept", intercept)
        .putFeatureCoefficients(data.coefficients(), featureStd, featureNames)
        .putSummary(summary == null ? null : summary.training());
  }

  @Override
  public LinearRegressionModel copy(ParamMap extra) {
    LinearRegressionModel copy = copyValues(new LinearRegressionModel(uid, data()), extra);
    copy.summary = summary;
    return copy.setParent(parent());
  }

  @Override
  public MLWriter write() {
    return StageIO.linearModelWriter(DefaultParamsWritable.super.write(), data());
  }

  public static MLReader<LinearRegressionModel> read() {
    return StageIO.modelReader(LinearRegressionModel.class, (shell, path, spark) -> {
      LinearModelData data = LinearModelData.load(spark, path + "/data");
      if (data.coefficients().numRows() != 1) {
        throw new IllegalArgumentException("model data at " + path + " has "
            + data.coefficients().numRows() + " outputs; a linear regression model has one");
      }
      return shell.copyValues(new LinearRegressionModel(shell.uid(), data), ParamMap.empty());
    });
  }

  public static LinearRegressionModel load(String path) {
    return read().load(path);
  }

  @Override
  public String toString() {
    return "LinearRegressionModel: uid=" + uid + ", loss=" + getLoss() + ", numFeatures="
        + numFeatures();
  }
}
