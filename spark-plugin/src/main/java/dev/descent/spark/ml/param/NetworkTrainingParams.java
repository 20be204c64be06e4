package dev.descent.spark.ml.param;

/** The param groups of every network stage and model, whatever its loss. */
public interface NetworkTrainingParams extends GradientDescentParams, NetworkParams {}
