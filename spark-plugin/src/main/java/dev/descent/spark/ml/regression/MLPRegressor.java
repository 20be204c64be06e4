package dev.descent.spark.ml.regression;

import dev.descent.spark.ml.engine.NetworkTrainer;
import dev.descent.spark.ml.loss.Losses;
import dev.descent.spark.ml.loss.RegressionLoss;
import dev.descent.spark.ml.param.GradientDescentSetters;
import dev.descent.spark.ml.param.LinearRegressorParams;
import dev.descent.spark.ml.param.NetworkParamSet;
import dev.descent.spark.ml.param.NetworkSetters;
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
 * A multilayer perceptron regressor trained by mini-batch gradient descent: fully connected
 * hidden layers and one linear output, with any regression loss of {@link LinearRegressor}
 * ({@code squared} by default; {@code poisson} applies exp to the output) and every optimizer,
 * schedule, clipping and penalty of the linear stages; the penalty covers weights, not biases.
 * The label is not standardized.
 */
public final class MLPRegressor extends Regressor<Vector, MLPRegressor, MLPRegressionModel>
    implements LinearRegressorParams, GradientDescentSetters<MLPRegressor>,
        NetworkSetters<MLPRegressor>, DefaultParamsWritable {

  private final String uid;
  private final RegressorParamSet params;
  private final NetworkParamSet network;

  public MLPRegressor() {
    this(Identifiable.randomUID("mlpRegressor"));
  }

  public MLPRegressor(String uid) {
    this(new PendingUid(uid));
  }

  private MLPRegressor(PendingUid pending) {
    super();
    this.uid = pending.release();
    this.params = new RegressorParamSet(this);
    this.network = new NetworkParamSet(this);
  }

  @Override
  public String uid() {
    return uid != null ? uid : PendingUid.current();
  }

  @Override
  public RegressorParamSet descentParams() {
    return params;
  }

  @Override
  public NetworkParamSet networkParams() {
    return network;
  }

  public MLPRegressor setLoss(String value) {
    set(loss(), value);
    return this;
  }

  public MLPRegressor setHuberDelta(double value) {
    set(huberDelta(), value);
    return this;
  }

  public MLPRegressor setInsensitivity(double value) {
    set(insensitivity(), value);
    return this;
  }

  public MLPRegressor setQuantile(double value) {
    set(quantile(), value);
    return this;
  }

  @Override
  public MLPRegressionModel train(Dataset<?> dataset) {
    RegressionLoss loss = Losses.regression(
        getLoss(), getHuberDelta(), getInsensitivity(), getQuantile());
    NetworkTrainer.Fit fit = NetworkTrainer.fit(this, this, dataset, loss::labelError,
        data -> loss, "MLPRegressor " + uid);
    MLPRegressionModel model = copyValues(
        new MLPRegressionModel(uid, fit.layers(), fit.parameters()), ParamMap.empty());
    model.setParent(this);
    return model.setSummary(fit.summary());
  }

  @Override
  public MLPRegressor copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  public static MLReader<MLPRegressor> read() {
    return StageIO.paramsReader(MLPRegressor.class);
  }

  public static MLPRegressor load(String path) {
    return read().load(path);
  }
}
