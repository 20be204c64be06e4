package dev.descent.spark.ml.param;

import dev.descent.spark.ml.loss.Losses;
import dev.descent.spark.ml.summary.ValidationMetrics;
import java.io.Serializable;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

/**
 * The loss of a regressor, its shape parameters, and the metric its validation rows are scored
 * by.
 */
public interface RegressionLossParams extends DescentParams {

  /** The param objects of this group for one stage, created with their defaults. */
  final class Group implements Serializable {

    final Param<String> loss;
    final Param<String> validationMetric;
    final DoubleParam huberDelta;
    final DoubleParam insensitivity;
    final DoubleParam quantile;

    Group(Params stage) {
      String uid = stage.uid();
      loss = StringParams.of(uid, "loss", "loss function, one of " + Losses.REGRESSION
          + "; poisson uses a log link; or the qualified class name of a"
          + " dev.descent.spark.ml.loss.CustomLoss", Losses.validator(Losses.REGRESSION));
      validationMetric = StringParams.of(uid, "validationMetric", "metric recorded on the"
          + " validation rows after each epoch and watched by early stopping: 'objective' (the"
          + " training objective over those rows) or a metric of Spark's evaluator, one of "
          + ValidationMetrics.regression(), Choices.oneOf("validationMetric",
          ValidationMetrics.regression()));
      huberDelta = new DoubleParam(uid, "huberDelta", "residual size where the huber loss turns"
          + " from quadratic to linear (> 0)", ParamValidators.gt(0));
      insensitivity = new DoubleParam(uid, "insensitivity", "half-width of the zone where the"
          + " epsilon_insensitive loss is zero (>= 0)", ParamValidators.gtEq(0));
      quantile = new DoubleParam(uid, "quantile", "quantile estimated by the quantile loss, in"
          + " (0, 1)", ParamValidators.inRange(0, 1, false, false));
      stage.setDefault(loss, "squared");
      stage.setDefault(validationMetric, ValidationMetrics.OBJECTIVE);
      stage.setDefault(huberDelta, 1.0);
      stage.setDefault(insensitivity, 0.1);
      stage.setDefault(quantile, 0.5);
    }
  }

  /** The loss: squared, huber, epsilon_insensitive, quantile or poisson. */
  default Param<String> loss() {
    return group().loss;
  }

  default String getLoss() {
    return getOrDefault(loss());
  }

  /** The metric recorded on validation rows and watched by early stopping. */
  default Param<String> validationMetric() {
    return group().validationMetric;
  }

  default String getValidationMetric() {
    return getOrDefault(validationMetric());
  }

  /** Threshold of the huber loss. */
  default DoubleParam huberDelta() {
    return group().huberDelta;
  }

  default double getHuberDelta() {
    return (Double) getOrDefault(huberDelta());
  }

  /** Half-width of the epsilon_insensitive loss's dead zone. */
  default DoubleParam insensitivity() {
    return group().insensitivity;
  }

  default double getInsensitivity() {
    return (Double) getOrDefault(insensitivity());
  }

  /** Quantile of the quantile loss. */
  default DoubleParam quantile() {
    return group().quantile;
  }

  default double getQuantile() {
    return (Double) getOrDefault(quantile());
  }

  private Group group() {
    return paramGroups().get(Group.class);
  }

  /** Setters of an estimator, returning the estimator so that calls chain. */
  interface Setters<S extends Setters<S>> extends RegressionLossParams {

    @SuppressWarnings("unchecked")
    private S self() {
      return (S) this;
    }

    default S setLoss(String value) {
      set(loss(), value);
      return self();
    }

    default S setValidationMetric(String value) {
      set(validationMetric(), value);
      return self();
    }

    default S setHuberDelta(double value) {
      set(huberDelta(), value);
      return self();
    }

    default S setInsensitivity(double value) {
      set(insensitivity(), value);
      return self();
    }

    default S setQuantile(double value) {
      set(quantile(), value);
      return self();
    }
  }
}
