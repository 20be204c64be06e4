package dev.descent.spark.ml.param;

import dev.descent.spark.ml.loss.Losses;
import dev.descent.spark.ml.summary.ValidationMetrics;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/** The params of the linear classifier and its model: the common ones plus the loss. */
public final class ClassifierParamSet extends DescentParamSet {

  public final Param<String> loss;
  public final Param<String> validationMetric;

  public ClassifierParamSet(Params stage) {
    super(stage);
    loss = StringParams.of(stage.uid(), "loss", "loss function, one of " + Losses.CLASSIFICATION
        + ": log is logistic regression (softmax for more than 2 classes), hinge a linear SVM;"
        + " with more than 2 classes the margin losses are applied one-vs-rest; or the"
        + " qualified class name of a dev.descent.spark.ml.loss.CustomLoss",
        Losses.validator(Losses.CLASSIFICATION));
    validationMetric = StringParams.of(stage.uid(), "validationMetric", "metric recorded on the"
        + " validation rows after each epoch and watched by early stopping: 'objective' (the"
        + " training objective over those rows) or a metric of Spark's evaluator, one of "
        + ValidationMetrics.classification(), ValidationMetrics.oneOf("validationMetric",
        ValidationMetrics.classification()));
    stage.setDefault(validationMetric, ValidationMetrics.OBJECTIVE);
    stage.setDefault(loss, "log");
  }
}
