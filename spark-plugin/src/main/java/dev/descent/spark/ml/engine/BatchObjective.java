package dev.descent.spark.ml.engine;

import dev.descent.spark.ml.data.RowBlock;
import java.io.Serializable;
import java.util.Iterator;

/**
 * The data term of a model the engine trains, computed where the blocks live: a linear model's
 * ({@link LinearObjective}) or a neural network's ({@link NetworkObjective}). One instance
 * travels to the executors with each step's task.
 */
public interface BatchObjective extends Serializable {

  /** Number of parameters, the length of theta and of the gradient. */
  int numParameters();

  /**
   * Where each layer's parameters (weights, then biases) begin in theta, first layer first; each
   * ends where the next begins, the last at {@link #numParameters()}. The summary reports norms
   * per layer (see {@link dev.descent.spark.ml.training.EpochReport}). A linear model is one layer.
   */
  default int[] layerStarts() {
    return new int[] {0};
  }

  /** The loss's name, for error messages. */
  String lossName();

  /**
   * The objective at {@code theta}, which the tasks of a step sum over their rows: computed once
   * on the driver (for a linear model, the coefficients as they meet the cached rows) and shipped
   * to every task, instead of each task computing it from theta again.
   */
  Evaluation at(double[] theta);

  /** The objective at one point, ready to sum over the rows where the blocks live. */
  interface Evaluation extends Serializable {

    /**
     * Sums the weighted loss and gradient over the rows of one partition's {@code blocks} that
     * {@code plan} names.
     *
     * @param stepSeed seeds any randomness of a training step (dropout); {@code training} false
     *     means an evaluation pass, with none
     */
    BatchGradient sum(Iterator<RowBlock> blocks, StepPlan plan, boolean training, long stepSeed);

    /** About how many bytes this evaluation takes to ship. */
    long shippedBytes();
  }

  /**
   * Completes the partitions' total on the driver, in place (for a linear model: into the
   * training {@link FeatureSpace}).
   */
  default void finish(double[] gradientSum) {}

  /** Whether a training step's gradient is random (dropout), so it cannot be reused. */
  default boolean stochastic() {
    return false;
  }
}
