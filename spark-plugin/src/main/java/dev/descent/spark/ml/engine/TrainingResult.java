package dev.descent.spark.ml.engine;

/**
 * The outcome of a training run: the final parameters (in the training space, i.e. standardized
 * features), the objective and the learning rate of each epoch, and how the run ended.
 */
public record TrainingResult(
    double[] parameters,
    double[] objectiveHistory,
    double[] learningRateHistory,
    int epochs,
    long steps,
    StopReason stopReason) {}
