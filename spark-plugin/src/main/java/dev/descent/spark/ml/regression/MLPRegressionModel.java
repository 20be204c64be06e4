package dev.descent.spark.ml.regression;

import dev.descent.spark.ml.data.ScoredFeatures;
import dev.descent.spark.ml.loss.Losses;
import dev.descent.spark.ml.loss.RegressionLoss;
import dev.descent.spark.ml.nn.Activation;
import dev.descent.spark.ml.nn.Network;
import dev.descent.spark.ml.nn.NetworkShape;
import dev.descent.spark.ml.param.DescriptionParams;
import dev.descent.spark.ml.param.MLPRegressorParams;
import dev.descent.spark.ml.param.ParamGroups;
import dev.descent.spark.ml.summary.RegressionSummary;
import dev.descent.spark.ml.summary.RegressionTrainingSummary;
import dev.descent.spark.ml.util.ModelDescription;
import dev.descent.spark.ml.util.NetworkModelData;
import dev.descent.spark.ml.util.PendingUid;
import dev.descent.spark.ml.util.StageIO;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.RegressionModel;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A model from {@link MLPRegressor}: the network's output for a row of features on their original
 * scale, passed through the loss's inverse link (exp for {@code poisson}).
 */
public final class MLPRegressionModel extends RegressionModel<Vector, MLPRegressionModel>
    implements MLPRegressorParams, DescriptionParams.Setters<MLPRegressionModel>,
    DefaultParamsWritable {

  private final String uid;
  private final ParamGroups params;
  private final int[] layers;
  private final DenseVector parameters;
  private transient Network net;
  private transient RegressionLoss lossFunction;
  private transient RegressionTrainingSummary summary;

  /** An empty model, for Spark's service loader and readers; {@link #load} gives a real one. */
  public MLPRegressionModel() {
    this(Identifiable.randomUID("mlpRegressionModel"));
  }

  public MLPRegressionModel(String uid) {
    this(uid, new int[] {1, 1}, new DenseVector(new double[2]));
  }

  /**
   * @param layers input size, hidden sizes, then 1 output
   * @param parameters the flat parameters in {@link NetworkShape}'s layout
   */
  public MLPRegressionModel(String uid, int[] layers, DenseVector parameters) {
    this(new PendingUid(uid), layers, parameters);
  }

  private MLPRegressionModel(PendingUid pending, int[] layers, DenseVector parameters) {
    super();
    this.uid = pending.release();
    this.params = new ParamGroups(this);
    NetworkShape shape = new NetworkShape(layers);
    if (shape.numOutputs() != 1 || parameters.size() != shape.numParameters()) {
      throw new IllegalArgumentException("a regression network " + shape + " needs 1 output and "
          + shape.numParameters() + " parameters, got " + parameters.size());
    }
    this.layers = layers.clone();
    this.parameters = parameters;
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
  public int numFeatures() {
    return layers[0];
  }

  /** Layer sizes: input, hidden layers, output. */
  public int[] layers() {
    return layers.clone();
  }

  /** All weights and biases, layer by layer (see {@link NetworkShape}). */
  public DenseVector parameters() {
    return parameters;
  }

  public boolean hasSummary() {
    return summary != null;
  }

  /**
   * The training summary: the figures of each epoch (per-layer norms and restarts included) and
   * the metrics on the training rows; only on a model fresh from {@code fit}.
   */
  public RegressionTrainingSummary summary() {
    if (summary == null) {
      throw new IllegalStateException(
          "no training summary: the model was loaded, not fitted in this session");
    }
    return summary;
  }

  MLPRegressionModel setSummary(RegressionTrainingSummary summary) {
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

  @Override
  public double predict(Vector features) {
    ScoredFeatures.require(features, numFeatures(), getFeaturesCol());
    if (net == null) {
      net = new Network(new NetworkShape(layers), Activation.named(getActivation()));
      lossFunction = Losses.regression(
          getLoss(), getHuberDelta(), getInsensitivity(), getQuantile());
    }
    double[] out = new double[1];
    net.outputs(parameters.values(), features.toArray(), out);
    return lossFunction.predict(out[0]);
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
    return new ModelDescription("MLPRegressionModel", uid(), numFeatures())
        .put("layers", layers)
        .putSummary(summary == null ? null : summary.training());
  }

  @Override
  public MLPRegressionModel copy(ParamMap extra) {
    MLPRegressionModel copy =
        copyValues(new MLPRegressionModel(uid, layers, parameters), extra);
    copy.summary = summary;
    return copy.setParent(parent());
  }

  @Override
  public MLWriter write() {
    return StageIO.modelWriter(DefaultParamsWritable.super.write(),
        new NetworkModelData(0, layers, parameters)::save);
  }

  public static MLReader<MLPRegressionModel> read() {
    return StageIO.modelReader(MLPRegressionModel.class, (shell, path, spark) -> {
      NetworkModelData data = NetworkModelData.load(spark, path + "/data");
      return shell.copyValues(new MLPRegressionModel(shell.uid(), data.layers(),
          data.parameters().toDense()), ParamMap.empty());
    });
  }

  public static MLPRegressionModel load(String path) {
    return read().load(path);
  }

  @Override
  public String toString() {
    return "MLPRegressionModel: uid=" + uid + ", layers=" + java.util.Arrays.toString(layers)
        + ", activation=" + getActivation();
  }
}
