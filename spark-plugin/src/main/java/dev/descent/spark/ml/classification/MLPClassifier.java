package dev.descent.spark.ml.classification;

import dev.descent.spark.ml.data.LabelRule;
import dev.descent.spark.ml.engine.NetworkTrainer;
import dev.descent.spark.ml.loss.Losses;
import dev.descent.spark.ml.param.ClassifierParamSet;
import dev.descent.spark.ml.param.GradientDescentSetters;
import dev.descent.spark.ml.param.LinearClassifierParams;
import dev.descent.spark.ml.param.NetworkParamSet;
import dev.descent.spark.ml.param.NetworkSetters;
import dev.descent.spark.ml.util.PendingUid;
import dev.descent.spark.ml.util.StageIO;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;

/**
 * A multilayer perceptron classifier trained by mini-batch gradient descent: fully connected
 * hidden layers ({@code hiddenLayers}, {@code activation}, {@code dropout}) and a linear output
 * layer whose margins go to the loss, by default {@code log} (a sigmoid output for two classes,
 * softmax for more). Every optimizer, schedule, clipping and penalty of the linear stages applies;
 * the penalty covers the weights, not the biases.
 *
 * <p>Unlike Spark's MultilayerPerceptronClassifier, the input and output sizes come from the
 * data and {@code hiddenLayers} lists only the hidden layers.
 */
public final class MLPClassifier
    extends ProbabilisticClassifier<Vector, MLPClassifier, MLPClassificationModel>
    implements LinearClassifierParams, GradientDescentSetters<MLPClassifier>,
        NetworkSetters<MLPClassifier>, DefaultParamsWritable {

  private final String uid;
  private final ClassifierParamSet params;
  private final NetworkParamSet network;

  public MLPClassifier() {
    this(Identifiable.randomUID("mlpClassifier"));
  }

  public MLPClassifier(String uid) {
    this(new PendingUid(uid));
  }

  private MLPClassifier(PendingUid pending) {
    super();
    this.uid = pending.release();
    this.params = new ClassifierParamSet(this);
    this.network = new NetworkParamSet(this);
  }

  @Override
  public String uid() {
    return uid != null ? uid : PendingUid.current();
  }

  @Override
  public ClassifierParamSet descentParams() {
    return params;
  }

  @Override
  public NetworkParamSet networkParams() {
    return network;
  }

  public MLPClassifier setLoss(String value) {
    set(loss(), value);
    return this;
  }

  @Override
  public MLPClassificationModel train(Dataset<?> dataset) {
    int declared = LinearClassifier.declaredNumClasses(dataset.schema().apply(getLabelCol()));
    LabelRule labels = LabelRule.classes(
        declared > 0 ? declared : LinearClassifier.MAX_INFERRED_CLASSES);
    NetworkTrainer.Fit fit = NetworkTrainer.fit(this, this, dataset, labels,
        data -> Losses.classification(getLoss(),
            declared > 0 ? declared : Math.max(2, (int) data.maxLabel() + 1)),
        "MLPClassifier " + uid);
    int numClasses = Math.max(2, fit.loss().numOutputs());
    MLPClassificationModel model = copyValues(
        new MLPClassificationModel(uid, fit.layers(), fit.parameters(), numClasses),
        ParamMap.empty());
    model.setParent(this);
    return model.setSummary(fit.summary());
  }

  @Override
  public MLPClassifier copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  public static MLReader<MLPClassifier> read() {
    return StageIO.paramsReader(MLPClassifier.class);
  }

  public static MLPClassifier load(String path) {
    return read().load(path);
  }
}
