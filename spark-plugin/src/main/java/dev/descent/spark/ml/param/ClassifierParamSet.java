package dev.descent.spark.ml.param;

import dev.descent.spark.ml.loss.Losses;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

/** The params of the linear classifier and its model: the common ones plus the loss. */
public final class ClassifierParamSet extends DescentParamSet {

  public final Param<String> loss;

  public ClassifierParamSet(Params stage) {
    super(stage);
    loss = new Param<>(stage.uid(), "loss", "loss function, one of " + Losses.CLASSIFICATION
        + ": log is logistic regression (softmax for more than 2 classes), hinge a linear SVM;"
        + " with more than 2 classes the margin losses are applied one-vs-rest; or the"
        + " qualified class name of a dev.descent.spark.ml.loss.CustomLoss",
        Losses.validator(Losses.CLASSIFICATION), String.class);
    stage.setDefault(loss, "log");
  }
}
