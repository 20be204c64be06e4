package dev.descent.spark.ml.classification;

import dev.descent.spark.ml.data.ScoredFeatures;
import dev.descent.spark.ml.loss.ClassificationLoss;
import dev.descent.spark.ml.loss.Losses;
import dev.descent.spark.ml.param.LinearClassifierParams;
import dev.descent.spark.ml.param.DecisionParams;
import dev.descent.spark.ml.param.DescriptionParams;
import dev.descent.spark.ml.param.ParamGroups;
import dev.descent.spark.ml.summary.ClassificationSummary;
import dev.descent.spark.ml.summary.ClassificationTrainingSummary;
import dev.descent.spark.ml.summary.FeatureCoefficients;
import dev.descent.spark.ml.util.LinearModelData;
import dev.descent.spark.ml.util.PendingUid;
import dev.descent.spark.ml.util.ModelDescription;
import dev.descent.spark.ml.util.StageIO;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseMatrix;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * A model from {@link LinearClassifier}: margins m = coefficientMatrix * x + interceptVector, one
 * row per class (a single row for two classes, as Spark's binary LogisticRegressionModel). Raw
 * predictions are the margins ([-m, m] for two classes); probabilities are given by the loss
 * (sigmoid or softmax for {@code log}, clipped margins for {@code modified_huber}). The hinge
 * losses give none, so for them {@code transform} leaves out the probability column.
 */
public final class LinearClassificationModel
    extends ProbabilisticClassificationModel<Vector, LinearClassificationModel>
    implements LinearClassifierParams, DecisionParams.Setters<LinearClassificationModel>,
        DescriptionParams.Setters<LinearClassificationModel>, DefaultParamsWritable {

  private final String uid;
  private final ParamGroups params;
  private final Matrix coefficientMatrix;
  private final Vector interceptVector;
  private final int numClasses;
  private final double[] featureStd;
  private final String[] featureNames;
  private transient ClassificationLoss lossFunction;
  private transient ClassificationTrainingSummary summary;

  /** An empty model, for Spark's service loader and readers; {@link #load} gives a real one. */
  public LinearClassificationModel() {
    this(Identifiable.randomUID("linearClassificationModel"));
  }

  public LinearClassificationModel(String uid) {
    this(uid, DenseMatrix.zeros(1, 0), Vectors.dense(0.0), 2);
  }

  public LinearClassificationModel(
      String uid, Matrix coefficientMatrix, Vector interceptVector, int numClasses) {
    this(uid, new LinearModelData(numClasses, coefficientMatrix, interceptVector, null, null));
  }

  /** A model from its saved values, the features' standard deviations and names included. */
  public LinearClassificationModel(String uid, LinearModelData data) {
    this(new PendingUid(uid), data);
  }

  private LinearClassificationModel(PendingUid pending, LinearModelData data) {
    super();
    Matrix coefficientMatrix = data.coefficients();
    Vector interceptVector = data.intercepts();
    int numClasses = data.numClasses();
    this.uid = pending.release();
    this.params = new ParamGroups(this);
    int outputs = numClasses == 2 ? 1 : numClasses;
    if (numClasses < 2 || coefficientMatrix.numRows() != outputs
        || interceptVector.size() != outputs) {
      throw new IllegalArgumentException("a model of " + numClasses + " classes needs " + outputs
          + " coefficient rows and intercepts, got " + coefficientMatrix.numRows() + " and "
          + interceptVector.size());
    }
    this.coefficientMatrix = coefficientMatrix;
    this.interceptVector = interceptVector;
    this.numClasses = numClasses;
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

  @Override
  public int numClasses() {
    return numClasses;
  }

  @Override
  public int numFeatures() {
    return coefficientMatrix.numCols();
  }

  /** Coefficients, one row per class (one row for a binary model), on the original scale. */
  public Matrix coefficientMatrix() {
    return coefficientMatrix;
  }

  /** Intercepts, one per row of {@link #coefficientMatrix()}. */
  public Vector interceptVector() {
    return interceptVector;
  }

  /** The coefficients of a binary model. */
  public Vector coefficients() {
    requireBinary("coefficients", "coefficientMatrix");
    return Vectors.dense(coefficientMatrix.rowIter().next().toArray());
  }

  /** The intercept of a binary model. */
  public double intercept() {
    requireBinary("intercept", "interceptVector");
    return interceptVector.apply(0);
  }

  private void requireBinary(String method, String alternative) {
    if (numClasses != 2) {
      throw new UnsupportedOperationException("this model has " + numClasses + " classes; "
          + method + "() is for binary models, use " + alternative + "() instead");
    }
  }

  public boolean hasSummary() {
    return summary != null;
  }

  /**
   * The training summary: the figures of each epoch and the metrics on the training rows; only on
   * a model fresh from {@code fit}.
   */
  public ClassificationTrainingSummary summary() {
    if (summary == null) {
      throw new IllegalStateException("no training summary: the model was loaded,"
          + " not fitted in this session");
    }
    return summary;
  }

  LinearClassificationModel setSummary(ClassificationTrainingSummary summary) {
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

  /**
   * The coefficients by feature name, largest standardized effect first (see
   * {@link FeatureCoefficients#table}); {@code output} is the class for a multinomial model.
   * Names come from the training features column's ML attributes, else {@code f0, f1, ...}.
   */
  public Dataset<Row> featureCoefficients() {
    return FeatureCoefficients.table(SparkSession.active(), coefficientMatrix, featureStd,
        featureNames);
  }

  private LinearModelData data() {
    return new LinearModelData(numClasses, coefficientMatrix, interceptVector, featureStd,
        featureNames);
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
    double[] margins = coefficientMatrix.multiply(features).values();
    for (int k = 0; k < margins.length; k++) {
      margins[k] += interceptVector.apply(k);
    }
    return numClasses == 2 ? Vectors.dense(-margins[0], margins[0]) : Vectors.dense(margins);
  }

  @Override
  public Vector raw2probabilityInPlace(Vector rawPrediction) {
    ClassificationLoss loss = lossFunction();
    if (!loss.hasProbabilities()) {
      throw new UnsupportedOperationException("loss '" + getLoss() + "' does not estimate"
          + " probabilities; train with loss 'log' or 'modified_huber' to get them");
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
      return withoutProbability().transform(dataset);
    }
    Classifiers.threshold(this, this, lossFunction().hasProbabilities());
    return ModelDescription.append(super.transform(dataset), getDescriptionCol(), this::describe);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    if (omitsProbability()) {
      return withoutProbability().transformSchema(schema);
    }
    Classifiers.threshold(this, this, lossFunction().hasProbabilities());
    return ModelDescription.append(super.transformSchema(schema), getDescriptionCol(),
        this::describe);
  }

  private ModelDescription describe() {
    return new ModelDescription("LinearClassificationModel", uid(), numFeatures())
        .put("numClasses", numClasses)
        .put("hasProbabilities", lossFunction().hasProbabilities())
        .put("coefficientMatrix", coefficientMatrix)
        .put("interceptVector", interceptVector)
        .putFeatureCoefficients(coefficientMatrix, featureStd, featureNames)
        .putSummary(summary == null ? null : summary.training());
  }

  /**
   * True when the loss gives no probabilities but the probability column is asked for: then the
   * column is left out. Thresholds act on probabilities, so they cannot apply to such a model.
   */
  private boolean omitsProbability() {
    if (lossFunction().hasProbabilities()) {
      return false;
    }
    if (isSet(thresholds())) {
      throw new IllegalArgumentException("thresholds act on class probabilities, which loss '"
          + getLoss() + "' does not give; clear thresholds or train with loss 'log' or"
          + " 'modified_huber'");
    }
    return !getProbabilityCol().isEmpty();
  }

  private LinearClassificationModel withoutProbability() {
    return copy(ParamMap.empty()).setProbabilityCol("");
  }

  /**
   * Spark declares this helper in two superclasses with generic return types that javac cannot
   * reconcile (Scala's tuples are covariant, Java's generics are not); the raw type overrides both.
   */
  @Override
  @SuppressWarnings("rawtypes")
  public scala.Tuple3 findSummaryModel() {
    return super.findSummaryModel();
  }

  @Override
  public LinearClassificationModel copy(ParamMap extra) {
    LinearClassificationModel copy =
        copyValues(new LinearClassificationModel(uid, data()), extra);
    copy.summary = summary;
    return copy.setParent(parent());
  }

  @Override
  public MLWriter write() {
    return StageIO.linearModelWriter(DefaultParamsWritable.super.write(), data());
  }

  public static MLReader<LinearClassificationModel> read() {
    return StageIO.modelReader(LinearClassificationModel.class, (shell, path, spark) -> {
      LinearModelData data = LinearModelData.load(spark, path + "/data");
      return shell.copyValues(new LinearClassificationModel(shell.uid(), data), ParamMap.empty());
    });
  }

  public static LinearClassificationModel load(String path) {
    return read().load(path);
  }

  @Override
  public String toString() {
    return "LinearClassificationModel: uid=" + uid + ", loss=" + getLoss() + ", numClasses="
        + numClasses + ", numFeatures=" + numFeatures();
  }
}
