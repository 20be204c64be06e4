package dev.descent.spark.ml.schedule;

import java.util.Map;

/**
 * Linear warmup composed with any schedule: {@code lr(e) = inner(e) * factor(e)} with PyTorch
 * {@code LinearLR}'s factor (end factor 1)
 *
 * <pre>
 *   factor(e) = start + (1 - start) * min(e, W) / W
 * </pre>
 *
 * for {@code W = warmupEpochs}, {@code start = warmupStartFactor}: the factor multiplies the inner
 * schedule's rate (as chaining {@code LinearLR} with a chainable scheduler such as {@code StepLR}
 * does in PyTorch), rising linearly from {@code start} at epoch 0 to 1 at epoch {@code W} and
 * staying 1.
 * The inner schedule still advances from epoch 0, and a plateau schedule still observes every
 * epoch objective.
 */
public final class Warmup implements LearningRateSchedule {

  private final LearningRateSchedule inner;
  private final int epochs;
  private final double startFactor;

  public Warmup(LearningRateSchedule inner, int epochs, double startFactor) {
    this.inner = inner;
    this.epochs = Check.atLeast("warmupEpochs", epochs, 0);
    this.startFactor = Check.fraction("warmupStartFactor", startFactor, true);
  }

  /** The multiplier of epoch {@code epoch}; 1 when there is no warmup. */
  public double factor(int epoch) {
    if (epochs == 0) {
      return 1.0;
    }
    return startFactor + (1 - startFactor) * Math.min(epoch, epochs) / (double) epochs;
  }

  @Override
  public double learningRate(int epoch) {
    return inner.learningRate(epoch) * factor(epoch);
  }

  @Override
  public void observe(double objective) {
    inner.observe(objective);
  }

  /** The inner schedule's state: the warmup factor is a function of the epoch. */
  @Override
  public Map<String, Double> state() {
    return inner.state();
  }

  @Override
  public void restoreState(Map<String, Double> state) {
    inner.restoreState(state);
  }
}
