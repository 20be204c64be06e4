package dev.descent.spark.ml.param;

/**
 * The param groups every gradient-descent stage and model has: the input, the training loop, the
 * penalty, the optimizer, the learning rate, the supervision and the description column. Linear
 * stages add {@link LinearModelParams} and {@link CheckpointParams}, network stages
 * {@link NetworkParams}, and each stage its loss group (classifiers also {@link DecisionParams}).
 */
public interface GradientDescentParams extends InputParams, TrainingLoopParams,
    RegularizationParams, OptimizerParams, LearningRateParams, SupervisionParams,
    DescriptionParams {}
