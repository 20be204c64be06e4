package dev.descent.spark.ml.param;

import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;

/** Params of {@code LinearRegressor} and its model. */
public interface LinearRegressorParams extends GradientDescentParams {

  @Override
  RegressorParamSet descentParams();

  /** The loss: squared, huber, epsilon_insensitive, quantile or poisson. */
  default Param<String> loss() {
    return descentParams().loss;
  }

  default String getLoss() {
    return getOrDefault(loss());
  }

  /** Threshold of the huber loss. */
  default DoubleParam huberDelta() {
    return descentParams().huberDelta;
  }

  default double getHuberDelta() {
    return (Double) getOrDefault(huberDelta());
  }

  /** Half-width of the epsilon_insensitive loss's dead zone. */
  default DoubleParam insensitivity() {
    return descentParams().insensitivity;
  }

  default double getInsensitivity() {
    return (Double) getOrDefault(insensitivity());
  }

  /** Quantile of the quantile loss. */
  default DoubleParam quantile() {
    return descentParams().quantile;
  }

  default double getQuantile() {
    return (Double) getOrDefault(quantile());
  }

  /** The metric recorded on validation rows and watched by early stopping. */
  default Param<String> validationMetric() {
    return descentParams().validationMetric;
  }

  default String getValidationMetric() {
    return getOrDefault(validationMetric());
  }
}
