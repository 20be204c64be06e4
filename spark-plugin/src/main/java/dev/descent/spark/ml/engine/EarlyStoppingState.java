package dev.descent.spark.ml.engine;

/**
 * What {@link EarlyStopping} remembers between epochs, as a checkpoint saves it.
 *
 * @param bestEpoch the epoch with the best validation metric so far
 * @param bestMetric that metric
 * @param bestParameters the parameters after that epoch
 * @param epochsWithoutImprovement epochs since then that did not improve on it
 */
public record EarlyStoppingState(int bestEpoch, double bestMetric, double[] bestParameters,
    int epochsWithoutImprovement) {}
