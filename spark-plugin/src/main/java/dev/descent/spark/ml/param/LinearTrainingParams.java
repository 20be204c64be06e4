package dev.descent.spark.ml.param;

/** The param groups of every linear stage and model, whatever its loss. */
public interface LinearTrainingParams
    extends GradientDescentParams, LinearModelParams, CheckpointParams {}
