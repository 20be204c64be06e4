package dev.descent.spark.ml.regression;

import dev.descent.spark.ml.fit.NetworkTrainer;
import dev.descent.spark.ml.fit.TrainingHooks;
import dev.descent.spark.ml.loss.Losses;
import dev.descent.spark.ml.loss.RegressionLoss;
import dev.descent.spark.ml.param.GradientDescentSetters;
import dev.descent.spark.ml.param.MLPRegressorParams;
import dev.descent.spark.ml.param.NetworkParams;
import dev.descent.spark.ml.param.ParamGroups;
import dev.descent.spark.ml.param.RegressionLossParams;
import dev.descent.spark.ml.summary.RegressionTrainingSummary;
import dev.descent.spark.ml.summary.ValidationMetrics;
import dev.descent.spark.ml.training.HasTrainingListeners;
import dev.descent.spark.ml.training.TrainingListener;
import dev.descent.spark.ml.util.PendingUid;
import dev.descent.spark.ml.util.StageIO;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * schedule, clipping and penalty of the linear stages (the penalty covers weights, not biases),
 * validation rows, early stopping, training listeners and the metric summary; {@code numRestarts}
 * keeps the run with the best validation metric, or without validation rows the lowest training
 * objective. The label is not standardized.
 */
public final class MLPRegressor extends Regressor<Vector, MLPRegressor, MLPRegressionModel>
    implements MLPRegressorParams, GradientDescentSetters<MLPRegressor>,
        NetworkParams.Setters<MLPRegressor>, RegressionLossParams.Setters<MLPRegressor>,
        HasTrainingListeners<MLPRegressor>, DefaultParamsWritable {

  private final String uid;
  private final ParamGroups params;
  private transient List<TrainingListener> listeners = new CopyOnWriteArrayList<>();

  public MLPRegressor() {
    this(Identifiable.randomUID("mlpRegressor"));
  }

  public MLPRegressor(String uid) {
    this(new PendingUid(uid));
  }

  private MLPRegressor(PendingUid pending) {
    super();
    this.uid = pending.release();
    this.params = new ParamGroups(this);
  }

  @Override
  public String uid() {
    return uid != null ? uid : PendingUid.current();
  }

  @Override
  public ParamGroups paramGroups() {
    return params;
  }

  @Override
  public List<TrainingListener> trainingListeners() {
    // Null after Java deserialization, which skips field initializers.
    return listeners != null ? listeners : (listeners = new CopyOnWriteArrayList<>());
  }

  @Override
  public MLPRegressionModel train(Dataset<?> dataset) {
    RegressionLoss loss = Losses.regression(
        getLoss(), getHuberDelta(), getInsensitivity(), getQuantile());
    TrainingHooks<NetworkTrainer.Fit> hooks = new TrainingHooks<>(
        fitLoss -> ValidationMetrics.regression(getValidationMetric(), getLabelCol(),
            getPredictionCol(), this::model),
        List.copyOf(trainingListeners()));
    NetworkTrainer.Fit fit = NetworkTrainer.fit(this, dataset, loss::labelError,
        data -> loss, "MLPRegressor " + uid, hooks);
    MLPRegressionModel model = model(fit);
    model.setParent(this);
    return model.setSummary(new RegressionTrainingSummary(fit.summary(),
        model.evaluate(fit.trainingRows())));
  }

  /** The model of {@code fit} with this estimator's params (during training: no summary). */
  private MLPRegressionModel model(NetworkTrainer.Fit fit) {
    return copyValues(new MLPRegressionModel(uid, fit.layers(), fit.parameters()),
        ParamMap.empty());
  }

  @Override
  public MLPRegressor copy(ParamMap extra) {
    MLPRegressor copy = defaultCopy(extra);
    copy.trainingListeners().addAll(trainingListeners());
    return copy;
  }

  public static MLReader<MLPRegressor> read() {
    return StageIO.paramsReader(MLPRegressor.class);
  }

  public static MLPRegressor load(String path) {
    return read().load(path);
  }
}
