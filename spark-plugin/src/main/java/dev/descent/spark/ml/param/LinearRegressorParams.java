package dev.descent.spark.ml.param;

/** The param groups of {@code LinearRegressor} and its model. */
public interface LinearRegressorParams extends LinearTrainingParams, RegressionLossParams {}
