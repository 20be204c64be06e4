package dev.descent.spark.ml.regression;

import dev.descent.spark.ml.engine.LinearTrainer;
import dev.descent.spark.ml.loss.Losses;
import dev.descent.spark.ml.loss.RegressionLoss;
import dev.descent.spark.ml.param.GradientDescentSetters;
import dev.descent.spark.ml.param.LinearRegressorParams;
import dev.descent.spark.ml.param.RegressorParamSet;
import dev.descent.spark.ml.util.PendingUid;
import dev.descent.spark.ml.util.StageIO;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.Regressor;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;

/**
 * A linear regressor trained by mini-batch gradient descent, with the {@code squared},
 * {@code huber}, {@code epsilon_insensitive}, {@code quantile} or {@code poisson} (log link) loss,
 * any registered optimizer and an elastic-net penalty.
 *
 * <p>Unlike Spark's LinearRegression, the label is not standardized: the objective is on the
 * label's own scale, so regParam means the same for every loss.
 */
public final class LinearRegressor
    extends Regressor<Vector, LinearRegressor, LinearRegressionModel>
    implements LinearRegressorParams, GradientDescentSetters<LinearRegressor>,
        DefaultParamsWritable {

  private final String uid;
  private final RegressorParamSet params;

  public LinearRegressor() {
    this(Identifiable.randomUID("linearRegressor"));
  }

  public LinearRegressor(String uid) {
    this(new PendingUid(uid));
  }

  private LinearRegressor(PendingUid pending) {
    super();
    this.uid = pending.release();
    this.params = new RegressorParamSet(this);
  }

  @Override
  public String uid() {
    return uid != null ? uid : PendingUid.current();
  }

  @Override
  public RegressorParamSet descentParams() {
    return params;
  }

  public LinearRegressor setLoss(String value) {
    set(loss(), value);
    return this;
  }

  public LinearRegressor setHuberDelta(double value) {
    set(huberDelta(), value);
    return this;
  }

  public LinearRegressor setInsensitivity(double value) {
    set(insensitivity(), value);
    return this;
  }

  public LinearRegressor setQuantile(double value) {
    set(quantile(), value);
    return this;
  }

  @Override
  public LinearRegressionModel train(Dataset<?> dataset) {
    RegressionLoss loss = Losses.regression(
        getLoss(), getHuberDelta(), getInsensitivity(), getQuantile());
    LinearTrainer.Fit fit = LinearTrainer.fit(
        this, dataset, loss::labelError, data -> loss, "LinearRegressor " + uid);
    LinearRegressionModel model = copyValues(new LinearRegressionModel(uid,
        fit.coefficients().rowIter().next(), fit.intercepts().apply(0)), ParamMap.empty());
    model.setParent(this);
    return model.setSummary(fit.summary());
  }

  @Override
  public LinearRegressor copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  public static MLReader<LinearRegressor> read() {
    return StageIO.paramsReader(LinearRegressor.class);
  }

  public static LinearRegressor load(String path) {
    return read().load(path);
  }
}
