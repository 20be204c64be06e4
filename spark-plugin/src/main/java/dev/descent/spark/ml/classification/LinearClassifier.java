package dev.descent.spark.ml.classification;

import dev.descent.spark.ml.data.LabelRule;
import dev.descent.spark.ml.fit.LinearTrainer;
import dev.descent.spark.ml.fit.TrainingHooks;
import dev.descent.spark.ml.loss.Losses;
import dev.descent.spark.ml.param.CheckpointParams;
import dev.descent.spark.ml.param.ClassificationLossParams;
import dev.descent.spark.ml.param.DecisionParams;
import dev.descent.spark.ml.param.GradientDescentSetters;
import dev.descent.spark.ml.param.LinearClassifierParams;
import dev.descent.spark.ml.param.LinearModelParams;
import dev.descent.spark.ml.param.ParamGroups;
import dev.descent.spark.ml.summary.ClassificationTrainingSummary;
import dev.descent.spark.ml.summary.FeatureCoefficients;
import dev.descent.spark.ml.summary.ValidationMetrics;
import dev.descent.spark.ml.training.HasTrainingListeners;
import dev.descent.spark.ml.training.TrainingListener;
import dev.descent.spark.ml.util.LinearModelData;
import dev.descent.spark.ml.util.PendingUid;
import dev.descent.spark.ml.util.StageIO;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.BinaryAttribute;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructField;

/**
 * A linear classifier trained by mini-batch gradient descent: logistic regression
 * ({@code loss=log}, multinomial with more than two classes), a linear SVM ({@code hinge}),
 * {@code squared_hinge} or {@code modified_huber}, with any registered optimizer and an
 * elastic-net penalty.
 *
 * <p>Labels are class indices 0, 1, ...; the number of classes comes from the label column's ML
 * attributes when present, else from the largest label (at most 1000 classes are inferred).
 */
public final class LinearClassifier
    extends ProbabilisticClassifier<Vector, LinearClassifier, LinearClassificationModel>
    implements LinearClassifierParams, GradientDescentSetters<LinearClassifier>,
        LinearModelParams.Setters<LinearClassifier>, CheckpointParams.Setters<LinearClassifier>,
        ClassificationLossParams.Setters<LinearClassifier>, DecisionParams.Setters<LinearClassifier>,
        HasTrainingListeners<LinearClassifier>, DefaultParamsWritable {

  /** The most classes inferred from label values, as Spark's classifiers allow. */
  static final int MAX_INFERRED_CLASSES = 1000;

  private final String uid;
  private final ParamGroups params;
  private transient List<TrainingListener> listeners = new CopyOnWriteArrayList<>();
  private LinearClassificationModel initialModel;

  public LinearClassifier() {
    this(Identifiable.randomUID("linearClassifier"));
  }

  public LinearClassifier(String uid) {
    this(new PendingUid(uid));
  }

  private LinearClassifier(PendingUid pending) {
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
   * Starts training from {@code model}'s coefficients and intercepts instead of zeros (a warm
   * start), with a fresh optimizer and learning-rate schedule; null starts from zeros again. The
   * model must have the data's number of features and classes (when the label column declares no
   * classes, the model's count is the least assumed). Like {@code KMeans.setInitialModel} in
   * MLlib this is not a Param: a model is not a JSON value, so it stays with this estimator and
   * its copies but is not saved with it. To continue an interrupted run exactly, optimizer state
   * included, use checkpoints ({@code resumeFrom}) instead.
   */
  public LinearClassifier setInitialModel(LinearClassificationModel model) {
    this.initialModel = model;
    return this;
  }

  /** The warm-start model, or null. */
  public LinearClassificationModel getInitialModel() {
    return initialModel;
  }

  @Override
  public LinearClassificationModel train(Dataset<?> dataset) {
    int declared = declaredNumClasses(dataset.schema().apply(getLabelCol()));
    LabelRule labels = LabelRule.classes(declared > 0 ? declared : MAX_INFERRED_CLASSES);
    int leastClasses = initialModel == null ? 2 : initialModel.numClasses();
    String[] featureNames = FeatureCoefficients.names(dataset.schema().apply(getFeaturesCol()));
    TrainingHooks<LinearTrainer.Fit> hooks = new TrainingHooks<>(
        loss -> ValidationMetrics.classification(getValidationMetric(),
            Classifiers.numClasses(loss), getLabelCol(), getPredictionCol(),
            getRawPredictionCol(), Classifiers.probabilityCol(loss, getProbabilityCol()),
            fit -> model(fit, featureNames)),
        List.copyOf(trainingListeners()));
    // Two classes take one output; k declared classes at least k.
    LinearTrainer.Fit fit = LinearTrainer.fit(this, dataset, labels, declared > 2 ? declared : 1,
        data -> Losses.classification(getLoss(),
            declared > 0 ? declared : Math.max(leastClasses, (int) data.maxLabel() + 1)),
        initialModel == null ? null : new LinearModelData(initialModel.numClasses(),
            initialModel.coefficientMatrix(), initialModel.interceptVector(), null, null),
        "LinearClassifier " + uid, hooks);
    LinearClassificationModel model = model(fit, featureNames);
    model.setParent(this);
    return model.setSummary(new ClassificationTrainingSummary(fit.summary(),
        model.evaluate(fit.trainingRows())));
  }

  /** The model of {@code fit} with this estimator's params (during training: no summary). */
  private LinearClassificationModel model(LinearTrainer.Fit fit, String[] featureNames) {
    return copyValues(new LinearClassificationModel(uid, new LinearModelData(
        Classifiers.numClasses(fit.loss()), fit.coefficients(), fit.intercepts(),
        fit.featureStd(), featureNames)), ParamMap.empty());
  }

  /** The number of classes the label column's ML attributes declare, or -1. */
  static int declaredNumClasses(StructField labelField) {
    Attribute attribute = Attribute.fromStructField(labelField);
    if (attribute instanceof BinaryAttribute) {
      return 2;
    }
    if (attribute instanceof NominalAttribute nominal && nominal.getNumValues().isDefined()) {
      return (Integer) nominal.getNumValues().get();
    }
    return -1;
  }

  @Override
  public LinearClassifier copy(ParamMap extra) {
    LinearClassifier copy = defaultCopy(extra);
    copy.trainingListeners().addAll(trainingListeners());
    copy.initialModel = initialModel;
    return copy;
  }

  public static MLReader<LinearClassifier> read() {
    return StageIO.paramsReader(LinearClassifier.class);
  }

  public static LinearClassifier load(String path) {
    return read().load(path);
  }
}
