package dev.descent.spark.ml.engine;

/**
 * Keras's {@code EarlyStopping} with {@code restore_best_weights}: watches the validation metric
 * after each epoch, remembers the parameters of the best epoch, and says to stop once
 * {@code patience} epochs in a row have not improved on the best by more than {@code minDelta}
 * (in the metric's better direction). The initial parameters count as epoch 0.
 */
final class EarlyStopping {

  private final int patience;
  private final double minDelta;
  private final boolean largerIsBetter;
  private double best = Double.NaN;
  private int bestEpoch = -1;
  private double[] bestParameters;
  private int epochsWithoutImprovement;

  /** @param patience epochs without improvement to tolerate; 0 disables early stopping */
  EarlyStopping(int patience, double minDelta, boolean largerIsBetter) {
    this.patience = patience;
    this.minDelta = minDelta;
    this.largerIsBetter = largerIsBetter;
  }

  /** Records epoch {@code epoch}'s metric at {@code theta}; true when training should stop. */
  boolean observe(int epoch, double metric, double[] theta) {
    if (patience == 0) {
      return false;
    }
    if (bestEpoch < 0 || improves(metric)) {
      best = metric;
      bestEpoch = epoch;
      bestParameters = theta.clone();
      epochsWithoutImprovement = 0;
      return false;
    }
    return ++epochsWithoutImprovement >= patience;
  }

  private boolean improves(double metric) {
    return largerIsBetter ? metric > best + minDelta : metric < best - minDelta;
  }

  /** The epoch with the best metric, or -1 when disabled. */
  int bestEpoch() {
    return bestEpoch;
  }

  double[] bestParameters() {
    return bestParameters.clone();
  }

  /** What this watch remembers, or null when it is disabled or has seen no epoch. */
  EarlyStoppingState state() {
    return patience == 0 || bestEpoch < 0 ? null : new EarlyStoppingState(
        bestEpoch, best, bestParameters.clone(), epochsWithoutImprovement);
  }

  /** Continues from a saved {@link #state()}; null leaves the watch as it is. */
  void restore(EarlyStoppingState state) {
    if (state != null) {
      best = state.bestMetric();
      bestEpoch = state.bestEpoch();
      bestParameters = state.bestParameters().clone();
      epochsWithoutImprovement = state.epochsWithoutImprovement();
    }
  }
}
