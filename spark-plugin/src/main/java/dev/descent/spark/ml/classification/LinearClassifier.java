package dev.descent.spark.ml.classification;

import dev.descent.spark.ml.data.LabelRule;
import dev.descent.spark.ml.engine.LinearTrainer;
import dev.descent.spark.ml.loss.Losses;
import dev.descent.spark.ml.param.ClassifierParamSet;
import dev.descent.spark.ml.param.GradientDescentSetters;
import dev.descent.spark.ml.param.LinearClassifierParams;
import dev.descent.spark.ml.util.LinearModelData;
import dev.descent.spark.ml.util.PendingUid;
import dev.descent.spark.ml.util.StageIO;
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
        DefaultParamsWritable {

  /** The most classes inferred from label values, as Spark's classifiers allow. */
  static final int MAX_INFERRED_CLASSES = 1000;

  private final String uid;
  private final ClassifierParamSet params;
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
    this.params = new ClassifierParamSet(this);
  }

  @Override
  public String uid() {
    return uid != null ? uid : PendingUid.current();
  }

  @Override
  public ClassifierParamSet descentParams() {
    return params;
  }

  public LinearClassifier setLoss(String value) {
    set(loss(), value);
    return this;
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
    LinearTrainer.Fit fit = LinearTrainer.fit(this, dataset, labels,
        data -> Losses.classification(getLoss(),
            declared > 0 ? declared : Math.max(leastClasses, (int) data.maxLabel() + 1)),
        initialModel == null ? null : new LinearModelData(initialModel.numClasses(),
            initialModel.coefficientMatrix(), initialModel.interceptVector()),
        "LinearClassifier " + uid);
    int numClasses = Math.max(2, fit.loss().numOutputs());
    LinearClassificationModel model = copyValues(
        new LinearClassificationModel(uid, fit.coefficients(), fit.intercepts(), numClasses),
        ParamMap.empty());
    model.setParent(this);
    return model.setSummary(fit.summary());
  }

  /** The number of classes the label column's ML attributes declare, or -1. */
  private static int declaredNumClasses(StructField labelField) {
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
