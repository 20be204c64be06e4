package dev.descent.spark.ml.param;

/** The param groups of {@code LinearClassifier} and its model. */
public interface LinearClassifierParams extends LinearTrainingParams, ClassificationLossParams,
    DecisionParams {}
