package dev.descent.spark.ml.regression;

import dev.descent.spark.ml.fit.LinearTrainer;
import dev.descent.spark.ml.fit.TrainingHooks;
import dev.descent.spark.ml.loss.Losses;
import dev.descent.spark.ml.loss.RegressionLoss;
import dev.descent.spark.ml.param.CheckpointParams;
import dev.descent.spark.ml.param.GradientDescentSetters;
import dev.descent.spark.ml.param.LinearModelParams;
import dev.descent.spark.ml.param.LinearRegressorParams;
import dev.descent.spark.ml.param.ParamGroups;
import dev.descent.spark.ml.param.RegressionLossParams;
import dev.descent.spark.ml.summary.FeatureCoefficients;
import dev.descent.spark.ml.summary.RegressionTrainingSummary;
import dev.descent.spark.ml.summary.ValidationMetrics;
import dev.descent.spark.ml.training.HasTrainingListeners;
import dev.descent.spark.ml.training.TrainingListener;
import dev.descent.spark.ml.util.LinearModelData;
import dev.descent.spark.ml.util.PendingUid;
import dev.descent.spark.ml.util.StageIO;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.ml.linalg.DenseMatrix;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
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
        LinearModelParams.Setters<LinearRegressor>, CheckpointParams.Setters<LinearRegressor>,
        RegressionLossParams.Setters<LinearRegressor>, HasTrainingListeners<LinearRegressor>,
        DefaultParamsWritable {

  private final String uid;
  private final ParamGroups params;
  private transient List<TrainingListener> listeners = new CopyOnWriteArrayList<>();
  private LinearRegressionModel initialModel;

  public LinearRegressor() {
    this(Identifiable.randomUID("linearRegressor"));
  }

  public LinearRegressor(String uid) {
    this(new PendingUid(uid));
  }

  private LinearRegressor(PendingUid pending) {
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

  /**
   * Starts training from {@code model}'s coefficients and intercept instead of zeros (a warm
   * start), with a fresh optimizer and learning-rate schedule; null starts from zeros again. The
   * model must have the data's number of features. Like {@code KMeans.setInitialModel} in MLlib
   * this is not a Param: a model is not a JSON value, so it stays with this estimator and its
   * copies but is not saved with it. To continue an interrupted run exactly, optimizer state
   * included, use checkpoints ({@code resumeFrom}) instead.
   */
  public LinearRegressor setInitialModel(LinearRegressionModel model) {
    this.initialModel = model;
    return this;
  }

  /** The warm-start model, or null. */
  public LinearRegressionModel getInitialModel() {
    return initialModel;
  }

  @Override
  public LinearRegressionModel train(Dataset<?> dataset) {
    RegressionLoss loss = Losses.regression(
        getLoss(), getHuberDelta(), getInsensitivity(), getQuantile());
    String[] featureNames = FeatureCoefficients.names(dataset.schema().apply(getFeaturesCol()));
    TrainingHooks<LinearTrainer.Fit> hooks = new TrainingHooks<>(
        fitLoss -> ValidationMetrics.regression(getValidationMetric(), getLabelCol(),
            getPredictionCol(), fit -> model(fit, featureNames)),
        List.copyOf(trainingListeners()));
    LinearModelData initial = initialModel == null ? null : new LinearModelData(0,
        new DenseMatrix(1, initialModel.numFeatures(), initialModel.coefficients().toArray()),
        Vectors.dense(initialModel.intercept()), null, null);
    LinearTrainer.Fit fit = LinearTrainer.fit(this, dataset, loss::labelError, 1, data -> loss,
        initial, "LinearRegressor " + uid, hooks);
    LinearRegressionModel model = model(fit, featureNames);
    model.setParent(this);
    return model.setSummary(new RegressionTrainingSummary(fit.summary(),
        model.evaluate(fit.trainingRows())));
  }

  /** The model of {@code fit} with this estimator's params (during training: no summary). */
  private LinearRegressionModel model(LinearTrainer.Fit fit, String[] featureNames) {
    return copyValues(new LinearRegressionModel(uid, new LinearModelData(0, fit.coefficients(),
        fit.intercepts(), fit.featureStd(), featureNames)), ParamMap.empty());
  }

  @Override
  public LinearRegressor copy(ParamMap extra) {
    LinearRegressor copy = defaultCopy(extra);
    copy.trainingListeners().addAll(trainingListeners());
    copy.initialModel = initialModel;
    return copy;
  }

  public static MLReader<LinearRegressor> read() {
    return StageIO.paramsReader(LinearRegressor.class);
  }

  public static LinearRegressor load(String path) {
    return read().load(path);
  }
}
