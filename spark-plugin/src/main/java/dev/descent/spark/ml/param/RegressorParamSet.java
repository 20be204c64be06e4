package dev.descent.spark.ml.param;

import dev.descent.spark.ml.loss.Losses;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;
import dev.descent.spark.ml.summary.ValidationMetrics;

/** The params of the linear regressor and its model: the common ones plus the loss's. */
public final class RegressorParamSet extends DescentParamSet {

  public final Param<String> loss;
  public final Param<String> validationMetric;
  public final DoubleParam huberDelta;
  public final DoubleParam insensitivity;
  public final DoubleParam quantile;

  public RegressorParamSet(Params stage) {
    super(stage);
    String uid = stage.uid();
    loss = StringParams.of(uid, "loss", "loss function, one of " + Losses.REGRESSION
        + "; poisson uses a log link; or the qualified class name of a"
        + " dev.descent.spark.ml.loss.CustomLoss", Losses.validator(Losses.REGRESSION));
    huberDelta = new DoubleParam(uid, "huberDelta", "residual size where the huber loss turns"
        + " from quadratic to linear (> 0)", ParamValidators.gt(0));
    insensitivity = new DoubleParam(uid, "insensitivity", "half-width of the zone where the"
        + " epsilon_insensitive loss is zero (>= 0)", ParamValidators.gtEq(0));
    quantile = new DoubleParam(uid, "quantile", "quantile estimated by the quantile loss, in"
        + " (0, 1)", ParamValidators.inRange(0, 1, false, false));
    validationMetric = StringParams.of(stage.uid(), "validationMetric", "metric recorded on the"
        + " validation rows after each epoch and watched by early stopping: 'objective' (the"
        + " training objective over those rows) or a metric of Spark's evaluator, one of "
        + ValidationMetrics.regression(), ValidationMetrics.oneOf("validationMetric",
        ValidationMetrics.regression()));
    stage.setDefault(validationMetric, ValidationMetrics.OBJECTIVE);
    stage.setDefault(loss, "squared");
    stage.setDefault(huberDelta, 1.0);
    stage.setDefault(insensitivity, 0.1);
    stage.setDefault(quantile, 0.5);
  }
}
