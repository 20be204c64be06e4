package dev.descent.spark.ml.training;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * The figures of one epoch, as training listeners receive them and the summary keeps them.
 * Epoch 0 stands for the initial parameters (no steps, no learning rate).
 *
 * <p>The per-layer norms diagnose vanishing and exploding gradients. A layer is a weight matrix
 * with its biases (a linear model is one layer: its coefficients and intercepts), so the layers
 * split the parameter vector and the squares of a report's norms add up to the squared norm of
 * all parameters (or of the whole gradient). Both are taken in the training space: with
 * {@code standardization} the first layer acts on standardized features, not on the original ones
 * the fitted model takes.
 *
 * <p>What {@code objective} and {@code layerGradientNorms} measure depends on the fit's
 * {@code epochObjective} ({@link EpochObjective}). With "exact" (or one step per epoch) they come
 * from a pass over all training rows at the parameters the epoch ends with. With "running" they
 * come from the epoch's own steps, each mini-batch at the parameters before its step, so they lag
 * the parameters reported and are noisier; epoch 0 is an estimate from the first mini-batch of
 * epoch 1 at the initial parameters. With "running" and model averaging ({@code localSteps > 1})
 * the gradients of an epoch's local steps stay on the executors, so its gradient norms are NaN
 * (epoch 0's are still those of its mini-batch).
 *
 * @param epoch 1-based epoch number (0: the initial parameters)
 * @param maxEpochs the {@code maxIter} of the fit
 * @param objective the training objective (mean loss plus penalty): with "exact", at the
 *     parameters after this epoch over all training rows; with "running", the mean of the epoch's
 *     mini-batch objectives weighted by their row weights
 * @param validationObjective the objective over the validation rows at the parameters after this
 *     epoch (whatever {@code epochObjective}), or NaN without them
 * @param validationMetricName the name of the validation metric, or null without validation rows
 * @param validationMetric that metric on the validation rows, or NaN without them
 * @param learningRate the learning rate every step of this epoch used (NaN for epoch 0)
 * @param steps optimizer steps taken in this epoch
 * @param seconds wall time of the epoch on the driver, its steps and evaluations included
 * @param rowsPerSecond training rows per second of wall time over this epoch
 * @param layerParameterNorms the L2 norm of each layer's parameters (weights and biases) after
 *     this epoch, first layer first
 * @param layerGradientNorms the L2 norm of each layer's part of the gradient of the mean loss (the
 *     penalty left out) that goes with {@code objective}: with "exact", over all training rows at
 *     the parameters after this epoch; with "running", the weighted mean of the epoch's mini-batch
 *     gradients, NaN with model averaging
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
    double rowsPerSecond,
    double[] layerParameterNorms,
    double[] layerGradientNorms) implements Serializable {

  public EpochReport {
    if (layerParameterNorms.length != layerGradientNorms.length) {
      throw new IllegalArgumentException("epoch " + epoch + " has parameter norms of "
          + layerParameterNorms.length + " layers but gradient norms of "
          + layerGradientNorms.length);
    }
    layerParameterNorms = layerParameterNorms.clone();
    layerGradientNorms = layerGradientNorms.clone();
  }

  /** A copy: a listener cannot change what the summary records. */
  @Override
  public double[] layerParameterNorms() {
    return layerParameterNorms.clone();
  }

  /** A copy, as {@link #layerParameterNorms()}. */
  @Override
  public double[] layerGradientNorms() {
    return layerGradientNorms.clone();
  }

  /** Layers of the model trained. */
  public int numLayers() {
    return layerParameterNorms.length;
  }

  /** Equal when every figure is, doubles compared bit for bit (as a record's own would). */
  @Override
  public boolean equals(Object other) {
    return other instanceof EpochReport that
        && epoch == that.epoch
        && maxEpochs == that.maxEpochs
        && Double.compare(objective, that.objective) == 0
        && Double.compare(validationObjective, that.validationObjective) == 0
        && Objects.equals(validationMetricName, that.validationMetricName)
        && Double.compare(validationMetric, that.validationMetric) == 0
        && Double.compare(learningRate, that.learningRate) == 0
        && steps == that.steps
        && Double.compare(seconds, that.seconds) == 0
        && Double.compare(rowsPerSecond, that.rowsPerSecond) == 0
        && Arrays.equals(layerParameterNorms, that.layerParameterNorms)
        && Arrays.equals(layerGradientNorms, that.layerGradientNorms);
  }

  @Override
  public int hashCode() {
    return Objects.hash(epoch, maxEpochs, objective, validationObjective, validationMetricName,
        validationMetric, learningRate, steps, seconds, rowsPerSecond,
        Arrays.hashCode(layerParameterNorms), Arrays.hashCode(layerGradientNorms));
  }

  @Override
  public String toString() {
    return "EpochReport[epoch=" + epoch + ", maxEpochs=" + maxEpochs + ", objective=" + objective
        + ", validationObjective=" + validationObjective + ", validationMetricName="
        + validationMetricName + ", validationMetric=" + validationMetric + ", learningRate="
        + learningRate + ", steps=" + steps + ", seconds=" + seconds + ", rowsPerSecond="
        + rowsPerSecond + ", layerParameterNorms=" + Arrays.toString(layerParameterNorms)
        + ", layerGradientNorms=" + Arrays.toString(layerGradientNorms) + "]";
  }
}
