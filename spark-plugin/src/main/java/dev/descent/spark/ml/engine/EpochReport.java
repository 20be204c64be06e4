package dev.descent.spark.ml.engine;

/**
 * The figures of one epoch, as training listeners receive them and the summary keeps them.
 * Epoch 0 stands for the initial parameters (no steps, no learning rate).
 *
 * @param epoch 1-based epoch number (0: the initial parameters)
 * @param maxEpochs the {@code maxIter} of the fit
 * @param objective the training objective (mean loss plus penalty) at the parameters after this
 *     epoch, computed over all training rows
 * @param validationObjective the same objective over the validation rows, or NaN without them
 * @param validationMetricName the name of the validation metric, or null without validation rows
 * @param validationMetric that metric on the validation rows, or NaN without them
 * @param learningRate the learning rate every step of this epoch used (NaN for epoch 0)
 * @param steps optimizer steps taken in this epoch
 * @param seconds wall time of the epoch on the driver, its steps and evaluations included
 * @param rowsPerSecond training rows per second of wall time over this epoch
 */
public record EpochReport(
    int epoch,
    int maxEpochs,
    double objective,
    double validationObjective,
    String validationMetricName,
    double validationMetric,
    double learningRate,
    int steps,
    double seconds,
    double rowsPerSecond) {}
