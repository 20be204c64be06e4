package dev.descent.spark.ml.param;

/** The param groups of {@code MLPRegressor} and its model. */
public interface MLPRegressorParams extends NetworkTrainingParams, RegressionLossParams {}
