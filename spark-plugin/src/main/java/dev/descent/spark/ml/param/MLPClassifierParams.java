package dev.descent.spark.ml.param;

/** The param groups of {@code MLPClassifier} and its model. */
public interface MLPClassifierParams extends NetworkTrainingParams, ClassificationLossParams,
    DecisionParams {}
