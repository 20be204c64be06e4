package dev.descent.spark.ml.param;

import org.apache.spark.ml.param.Param;

/** Params of {@code LinearClassifier} and its model. */
public interface LinearClassifierParams extends GradientDescentParams {

  @Override
  ClassifierParamSet descentParams();

  /** The loss: log, hinge, squared_hinge or modified_huber. */
  default Param<String> loss() {
    return descentParams().loss;
  }

  default String getLoss() {
    return getOrDefault(loss());
  }

  /** The metric recorded on validation rows and watched by early stopping. */
  default Param<String> validationMetric() {
    return descentParams().validationMetric;
  }

  default String getValidationMetric() {
    return getOrDefault(validationMetric());
  }
}
