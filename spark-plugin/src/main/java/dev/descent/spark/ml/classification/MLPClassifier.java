package dev.descent.spark.ml.classification;

import dev.descent.spark.ml.data.LabelRule;
import dev.descent.spark.ml.fit.NetworkTrainer;
import dev.descent.spark.ml.fit.TrainingHooks;
import dev.descent.spark.ml.loss.Losses;
import dev.descent.spark.ml.param.ClassificationLossParams;
import dev.descent.spark.ml.param.DecisionParams;
import dev.descent.spark.ml.param.GradientDescentSetters;
import dev.descent.spark.ml.param.MLPClassifierParams;
import dev.descent.spark.ml.param.NetworkParams;
import dev.descent.spark.ml.param.ParamGroups;
import dev.descent.spark.ml.summary.ClassificationTrainingSummary;
import dev.descent.spark.ml.summary.ValidationMetrics;
import dev.descent.spark.ml.training.HasTrainingListeners;
import dev.descent.spark.ml.training.TrainingListener;
import dev.descent.spark.ml.util.PendingUid;
import dev.descent.spark.ml.util.StageIO;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * softmax for more). Every optimizer, schedule, clipping and penalty of the linear stages applies
 * (the penalty covers the weights, not the biases), and so do validation rows, early stopping,
 * training listeners and the metric summary; {@code numRestarts} keeps the run with the best
 * validation metric, or without validation rows the lowest training objective.
 *
 * <p>Unlike Spark's MultilayerPerceptronClassifier, the input and output sizes come from the
 * data and {@code hiddenLayers} lists only the hidden layers.
 */
public final class MLPClassifier
    extends ProbabilisticClassifier<Vector, MLPClassifier, MLPClassificationModel>
    implements MLPClassifierParams, GradientDescentSetters<MLPClassifier>,
        NetworkParams.Setters<MLPClassifier>, ClassificationLossParams.Setters<MLPClassifier>,
        DecisionParams.Setters<MLPClassifier>, HasTrainingListeners<MLPClassifier>, DefaultParamsWritable {

  private final String uid;
  private final ParamGroups params;
  private transient List<TrainingListener> listeners = new CopyOnWriteArrayList<>();

  public MLPClassifier() {
    this(Identifiable.randomUID("mlpClassifier"));
  }

  public MLPClassifier(String uid) {
    this(new PendingUid(uid));
  }

  private MLPClassifier(PendingUid pending) {
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
  public MLPClassificationModel train(Dataset<?> dataset) {
    int declared = LinearClassifier.declaredNumClasses(dataset.schema().apply(getLabelCol()));
    LabelRule labels = LabelRule.classes(
        declared > 0 ? declared : LinearClassifier.MAX_INFERRED_CLASSES);
    TrainingHooks<NetworkTrainer.Fit> hooks = new TrainingHooks<>(
        loss -> ValidationMetrics.classification(getValidationMetric(),
            Classifiers.numClasses(loss), getLabelCol(), getPredictionCol(),
            getRawPredictionCol(), Classifiers.probabilityCol(loss, getProbabilityCol()),
            this::model),
        List.copyOf(trainingListeners()));
    NetworkTrainer.Fit fit = NetworkTrainer.fit(this, dataset, labels,
        data -> Losses.classification(getLoss(),
            declared > 0 ? declared : Math.max(2, (int) data.maxLabel() + 1)),
        "MLPClassifier " + uid, hooks);
    MLPClassificationModel model = model(fit);
    model.setParent(this);
    return model.setSummary(new ClassificationTrainingSummary(fit.summary(),
        model.evaluate(fit.trainingRows())));
  }

  /** The model of {@code fit} with this estimator's params (during training: no summary). */
  private MLPClassificationModel model(NetworkTrainer.Fit fit) {
    return copyValues(new MLPClassificationModel(uid, fit.layers(), fit.parameters(),
        Classifiers.numClasses(fit.loss())), ParamMap.empty());
  }

  @Override
  public MLPClassifier copy(ParamMap extra) {
    MLPClassifier copy = defaultCopy(extra);
    copy.trainingListeners().addAll(trainingListeners());
    return copy;
  }

  public static MLReader<MLPClassifier> read() {
    return StageIO.paramsReader(MLPClassifier.class);
  }

  public static MLPClassifier load(String path) {
    return read().load(path);
  }
}
