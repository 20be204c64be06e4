package dev.descent.spark.ml.classification;

import dev.descent.spark.ml.data.ScoredFeatures;
import dev.descent.spark.ml.loss.ClassificationLoss;
import dev.descent.spark.ml.loss.Losses;
import dev.descent.spark.ml.nn.Activation;
import dev.descent.spark.ml.nn.Network;
import dev.descent.spark.ml.nn.NetworkShape;
import dev.descent.spark.ml.param.MLPClassifierParams;
import dev.descent.spark.ml.param.DecisionParams;
import dev.descent.spark.ml.param.DescriptionParams;
import dev.descent.spark.ml.param.ParamGroups;
import dev.descent.spark.ml.summary.ClassificationSummary;
import dev.descent.spark.ml.summary.ClassificationTrainingSummary;
import dev.descent.spark.ml.util.NetworkModelData;
import dev.descent.spark.ml.util.PendingUid;
import dev.descent.spark.ml.util.ModelDescription;
import dev.descent.spark.ml.util.StageIO;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A model from {@link MLPClassifier}: the network's output margins for a row of features on their
 * original scale (the training standardization is folded into the first layer). Raw predictions
 * are the margins ([-m, m] for two classes), probabilities come from the loss as for
 * {@link LinearClassificationModel}.
 */
public final class MLPClassificationModel
    extends ProbabilisticClassificationModel<Vector, MLPClassificationModel>
    implements MLPClassifierParams, DecisionParams.Setters<MLPClassificationModel>,
        DescriptionParams.Setters<MLPClassificationModel>, DefaultParamsWritable {

  private final String uid;
  private final ParamGroups params;
  private final int[] layers;
  private final DenseVector parameters;
  private final int numClasses;
  private transient Network net;
  private transient ClassificationLoss lossFunction;
  private transient ClassificationTrainingSummary summary;

  /** An empty model, for Spark's service loader and readers; {@link #load} gives a real one. */
  public MLPClassificationModel() {
    this(Identifiable.randomUID("mlpClassificationModel"));
  }

  public MLPClassificationModel(String uid) {
    this(uid, new int[] {1, 1}, new DenseVector(new double[2]), 2);
  }

  /**
   * @param layers input size, hidden sizes, then outputs (1 for two classes, else numClasses)
   * @param parameters the flat parameters in {@link NetworkShape}'s layout
   */
  public MLPClassificationModel(String uid, int[] layers, DenseVector parameters, int numClasses) {
    this(new PendingUid(uid), layers, parameters, numClasses);
  }

  private MLPClassificationModel(PendingUid pending, int[] layers, DenseVector parameters,
      int numClasses) {
    super();
    this.uid = pending.release();
    this.params = new ParamGroups(this);
    NetworkShape shape = new NetworkShape(layers);
    int outputs = numClasses == 2 ? 1 : numClasses;
    if (numClasses < 2 || shape.numOutputs() != outputs
        || parameters.size() != shape.numParameters()) {
      throw new IllegalArgumentException("a network " + shape + " for " + numClasses
          + " classes needs " + outputs + " outputs and " + shape.numParameters()
          + " parameters, got " + parameters.size());
    }
    this.layers = layers.clone();
    this.parameters = parameters;
    this.numClasses = numClasses;
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
  public int numClasses() {
    return numClasses;
  }

  @Override
  public int numFeatures() {
    return layers[0];
  }

  /** Layer sizes: input, hidden layers, outputs. */
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
  public ClassificationTrainingSummary summary() {
    if (summary == null) {
      throw new IllegalStateException("no training summary: the model was loaded,"
          + " not fitted in this session");
    }
    return summary;
  }

  MLPClassificationModel setSummary(ClassificationTrainingSummary summary) {
    this.summary = summary;
    return this;
  }

  /**
   * The metrics of this model on {@code dataset} (which needs the label and features columns,
   * and the weight column if {@code weightCol} is set), as the summary has them for the training
   * rows.
   */
  public ClassificationSummary evaluate(Dataset<?> dataset) {
    return evaluate(dataset, "evaluated rows");
  }

  /**
   * {@link #evaluate(Dataset)}, with {@code rows} saying what the rows are ("test rows") in the
   * titles of the summary's charts.
   */
  public ClassificationSummary evaluate(Dataset<?> dataset, String rows) {
    return Classifiers.evaluate(this, this, lossFunction(), dataset, rows);
  }

  private Network net() {
    if (net == null) {
      net = new Network(new NetworkShape(layers), Activation.named(getActivation()));
    }
    return net;
  }

  private ClassificationLoss lossFunction() {
    if (lossFunction == null) {
      lossFunction = Losses.classification(getLoss(), numClasses);
    }
    return lossFunction;
  }

  @Override
  public Vector predictRaw(Vector features) {
    ScoredFeatures.require(features, numFeatures(), getFeaturesCol());
    double[] margins = new double[numClasses == 2 ? 1 : numClasses];
    net().outputs(parameters.values(), features.toArray(), margins);
    return numClasses == 2 ? Vectors.dense(-margins[0], margins[0]) : Vectors.dense(margins);
  }

  @Override
  public Vector raw2probabilityInPlace(Vector rawPrediction) {
    ClassificationLoss loss = lossFunction();
    if (!loss.hasProbabilities()) {
      throw new UnsupportedOperationException("loss '" + getLoss() + "' does not estimate"
          + " probabilities; train with loss 'log' to get them");
    }
    double[] values = ((DenseVector) rawPrediction).values();
    double[] margins = numClasses == 2 ? new double[] {values[1]} : values.clone();
    loss.probabilities(margins, values);
    return rawPrediction;
  }


  /** Spark's rule, or the binary {@code threshold} on the probability or margin of label 1. */
  @Override
  public double raw2prediction(Vector rawPrediction) {
    boolean onProbability = lossFunction().hasProbabilities();
    double threshold = Classifiers.threshold(this, this, onProbability);
    if (Double.isNaN(threshold)) {
      return super.raw2prediction(rawPrediction);
    }
    double score = onProbability ? raw2probability(rawPrediction).apply(1) : rawPrediction.apply(1);
    return Classifiers.decide(threshold, score);
  }

  @Override
  public double probability2prediction(Vector probability) {
    double threshold = Classifiers.threshold(this, this, true);
    return Double.isNaN(threshold)
        ? super.probability2prediction(probability)
        : Classifiers.decide(threshold, probability.apply(1));
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    if (omitsProbability()) {
      return copy(ParamMap.empty()).setProbabilityCol("").transform(dataset);
    }
    Classifiers.threshold(this, this, lossFunction().hasProbabilities());
    return ModelDescription.append(super.transform(dataset), getDescriptionCol(), this::describe);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    if (omitsProbability()) {
      return copy(ParamMap.empty()).setProbabilityCol("").transformSchema(schema);
    }
    Classifiers.threshold(this, this, lossFunction().hasProbabilities());
    return ModelDescription.append(super.transformSchema(schema), getDescriptionCol(),
        this::describe);
  }

  private ModelDescription describe() {
    return new ModelDescription("MLPClassificationModel", uid(), numFeatures())
        .put("numClasses", numClasses)
        .put("hasProbabilities", lossFunction().hasProbabilities())
        .put("layers", layers)
        .putSummary(summary == null ? null : summary.training());
  }

  /** As {@link LinearClassificationModel}: a loss without probabilities drops the column. */
  private boolean omitsProbability() {
    if (lossFunction().hasProbabilities()) {
      return false;
    }
    if (isSet(thresholds())) {
      throw new IllegalArgumentException("thresholds act on class probabilities, which loss '"
          + getLoss() + "' does not give; clear thresholds or train with loss 'log'");
    }
    return !getProbabilityCol().isEmpty();
  }

  /** See {@link LinearClassificationModel#findSummaryModel()}. */
  @Override
  @SuppressWarnings("rawtypes")
  public scala.Tuple3 findSummaryModel() {
    return super.findSummaryModel();
  }

  @Override
  public MLPClassificationModel copy(ParamMap extra) {
    MLPClassificationModel copy = copyValues(
        new MLPClassificationModel(uid, layers, parameters, numClasses), extra);
    copy.summary = summary;
    return copy.setParent(parent());
  }

  @Override
  public MLWriter write() {
    return StageIO.modelWriter(DefaultParamsWritable.super.write(),
        new NetworkModelData(numClasses, layers, parameters)::save);
  }

  public static MLReader<MLPClassificationModel> read() {
    return StageIO.modelReader(MLPClassificationModel.class, (shell, path, spark) -> {
      NetworkModelData data = NetworkModelData.load(spark, path + "/data");
      return shell.copyValues(new MLPClassificationModel(shell.uid(), data.layers(),
          data.parameters().toDense(), data.numClasses()), ParamMap.empty());
    });
  }

  public static MLPClassificationModel load(String path) {
    return read().load(path);
  }

  @Override
  public String toString() {
    return "MLPClassificationModel: uid=" + uid + ", layers=" + java.util.Arrays.toString(layers)
        + ", activation=" + getActivation() + ", numClasses=" + numClasses;
  }
}
