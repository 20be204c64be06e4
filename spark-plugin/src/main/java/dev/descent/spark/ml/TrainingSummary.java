package dev.descent.spark.ml;

import dev.descent.spark.ml.engine.StopReason;
import java.io.Serializable;

/**
 * How a fit went: the objective and learning rate per epoch, the counts of epochs, steps and rows, and why it
 * stopped. Kept on the model after {@code fit}; not saved with it, as in Spark MLlib.
 */
public final class TrainingSummary implements Serializable {

  private final double[] objectiveHistory;
  private final double[] learningRateHistory;
  private final int totalEpochs;
  private final long totalSteps;
  private final StopReason stopReason;
  private final long numRows;
  private final long numSkipped;

  /** A summary without a learning-rate history (it reads as empty). */
  public TrainingSummary(double[] objectiveHistory, int totalEpochs, long totalSteps,
      StopReason stopReason, long numRows, long numSkipped) {
    this(objectiveHistory, new double[0], totalEpochs, totalSteps, stopReason, numRows,
        numSkipped);
  }

  public TrainingSummary(double[] objectiveHistory, double[] learningRateHistory,
      int totalEpochs, long totalSteps, StopReason stopReason, long numRows, long numSkipped) {
    this.objectiveHistory = objectiveHistory.clone();
    this.learningRateHistory = learningRateHistory.clone();
    this.totalEpochs = totalEpochs;
    this.totalSteps = totalSteps;
    this.stopReason = stopReason;
    this.numRows = numRows;
    this.numSkipped = numSkipped;
  }

  /**
   * The objective of each epoch: the weighted mean of its mini-batch objectives (loss plus
   * penalty), each at the parameters before that step. With full-batch gradient descent, entry e
   * is exactly the objective at the start of epoch e + 1, so entry 0 is at the initial parameters.
   */
  public double[] objectiveHistory() {
    return objectiveHistory.clone();
  }

  /**
   * The learning rate of each epoch (entry e for epoch e, 0-based), as the {@code lrSchedule}
   * and warmup gave it: every step of that epoch used it.
   */
  public double[] learningRateHistory() {
    return learningRateHistory.clone();
  }

  public int totalEpochs() {
    return totalEpochs;
  }

  /** Optimizer steps taken over all epochs. */
  public long totalSteps() {
    return totalSteps;
  }

  public StopReason stopReason() {
    return stopReason;
  }

  /** Rows trained on. */
  public long numRows() {
    return numRows;
  }

  /** Invalid rows dropped under {@code handleInvalid=skip}. */
  public long numSkipped() {
    return numSkipped;
  }
}
