package dev.descent.spark.ml.engine;

/**
 * The running objective of one epoch ({@link EpochObjective#RUNNING}): the sums, over the
 * epoch's mini-batches, of weight times the mini-batch's objective at the parameters its step
 * started from, of the weights, and of the data term's weighted gradient, so that the epoch
 * costs no pass beyond its steps.
 */
final class RunningObjective {

  private double objectiveSum;
  private double weightSum;
  private double[] gradientSum;

  /**
   * Adds a synchronous step's mini-batch, taken at parameters whose penalty is {@code penalty}.
   */
  void add(BatchGradient batch, double penalty) {
    objectiveSum += batch.lossSum() + batch.weightSum() * penalty;
    weightSum += batch.weightSum();
    double[] g = batch.gradientSum();
    if (gradientSum == null) {
      gradientSum = new double[g.length];
    }
    for (int i = 0; i < g.length; i++) {
      gradientSum[i] += g[i];
    }
  }

  /** Adds the local mini-batches of model averaging, whose gradients stay on the executors. */
  void add(EpochTotals totals) {
    objectiveSum += totals.objectiveSum();
    weightSum += totals.weightSum();
  }

  /** The weighted mean of the mini-batch objectives (NaN if no mini-batch had weight). */
  double objective() {
    return objectiveSum / weightSum;
  }

  /**
   * The weighted mean of the mini-batches' data-term gradients, or null when none was added
   * (model averaging).
   */
  double[] meanGradient() {
    if (gradientSum == null) {
      return null;
    }
    double[] mean = new double[gradientSum.length];
    for (int i = 0; i < mean.length; i++) {
      mean[i] = gradientSum[i] / weightSum;
    }
    return mean;
  }
}
