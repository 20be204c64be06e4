package dev.descent.spark.ml.engine;

/**
 * What one epoch's steps add up to: the weighted objective and weight sums of its mini-batches
 * (the epoch objective is their ratio) and the number of steps that changed the parameters.
 */
record EpochTotals(double objectiveSum, double weightSum, int steps) {}
