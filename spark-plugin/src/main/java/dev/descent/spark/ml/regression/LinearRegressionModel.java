package dev.descent.spark.ml.regression;

import dev.descent.spark.ml.TrainingSummary;
import dev.descent.spark.ml.loss.Losses;
import dev.descent.spark.ml.loss.RegressionLoss;
import dev.descent.spark.ml.param.LinearRegressorParams;
import dev.descent.spark.ml.param.RegressorParamSet;
import dev.descent.spark.ml.util.LinearModelData;
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

/**
 * A model from {@link LinearRegressor}: prediction = coefficients . x + intercept, passed through
 * the loss's inverse link (exp for {@code poisson}).
 */
public final class LinearRegressionModel
    extends RegressionModel<Vector, LinearRegressionModel>
    implements LinearRegressorParams, DefaultParamsWritable {

  private final String uid;
  private final RegressorParamSet params;
  private final Vector coefficients;
  private final double intercept;
  private transient RegressionLoss lossFunction;
  private transient TrainingSummary summary;

  /** An empty model, for Spark's service loader and readers; {@link #load} gives a real one. */
  public LinearRegressionModel() {
    this(Identifiable.randomUID("linearRegressionModel"));
  }

  public LinearRegressionModel(String uid) {
    this(uid, Vectors.zeros(0), 0.0);
  }

  public LinearRegressionModel(String uid, Vector coefficients, double intercept) {
    this(new PendingUid(uid), coefficients, intercept);
  }

  private LinearRegressionModel(PendingUid pending, Vector coefficients, double intercept) {
    super();
    this.uid = pending.release();
    this.params = new RegressorParamSet(this);
    this.coefficients = coefficients;
    this.intercept = intercept;
  }

  @Override
  public String uid() {
    return uid != null ? uid : PendingUid.current();
  }

  @Override
  public RegressorParamSet descentParams() {
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

  /** The training summary; only on a model fresh from {@code fit}. */
  public TrainingSummary summary() {
    if (summary == null) {
      throw new IllegalStateException(
          "no training summary: the model was loaded, not fitted in this session");
    }
    return summary;
  }

  LinearRegressionModel setSummary(TrainingSummary summary) {
    this.summary = summary;
    return this;
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
    if (features.size() != numFeatures()) {
      throw new IllegalArgumentException("features column '" + getFeaturesCol() + "' has a vector"
          + " of size " + features.size() + " but the model has " + numFeatures() + " features");
    }
    return lossFunction().predict(features.dot(coefficients) + intercept);
  }

  @Override
  public LinearRegressionModel copy(ParamMap extra) {
    LinearRegressionModel copy =
        copyValues(new LinearRegressionModel(uid, coefficients, intercept), extra);
    copy.summary = summary;
    return copy.setParent(parent());
  }

  @Override
  public MLWriter write() {
    return StageIO.linearModelWriter(DefaultParamsWritable.super.write(), new LinearModelData(0,
        new DenseMatrix(1, coefficients.size(), coefficients.toArray()), Vectors.dense(intercept)));
  }

  public static MLReader<LinearRegressionModel> read() {
    return StageIO.modelReader(LinearRegressionModel.class, (shell, path, spark) -> {
      LinearModelData data = LinearModelData.load(spark, path + "/data");
      if (data.coefficients().numRows() != 1) {
        throw new IllegalArgumentException("model data at " + path + " has "
            + data.coefficients().numRows() + " outputs; a linear regression model has one");
      }
      return shell.copyValues(new LinearRegressionModel(shell.uid(),
          data.coefficients().rowIter().next(), data.intercepts().apply(0)), ParamMap.empty());
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
