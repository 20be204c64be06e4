package dev.descent.spark.ml.optim;

/**
 * An optimizer that evaluates the objective itself, at points of its choosing (a line search),
 * instead of taking one step per gradient it is given: PyTorch's optimizers whose {@code step}
 * needs a closure. Each call of {@link #iterate} is one iteration over the full training set.
 * It handles an L1 penalty itself, so the engine's proximal step does not apply to it.
 */
public interface FullBatchOptimizer extends Optimizer {

  /**
   * One iteration from {@code parameters}, which it updates in place, advancing {@code state}.
   *
   * @param objective the smooth part of the objective (data term and L2 penalty)
   * @param l1 the L1 penalty's weight per parameter (0 where a parameter is not penalized), or
   *     null when there is no L1 penalty
   * @param learningRate this iteration's learning rate: the line search's first trial step
   * @return null to go on, or why the iteration found the parameters converged, naming the
   *     tolerance that decided it
   */
  String iterate(double[] parameters, SmoothObjective objective, double[] l1,
      double learningRate, OptimizerState state);

  /** Always throws: this optimizer needs the objective, not one gradient. */
  @Override
  default void step(double[] parameters, double[] gradient, double learningRate,
      OptimizerState state) {
    throw new UnsupportedOperationException("optimizer '" + name() + "' evaluates the objective"
        + " itself: call iterate with the objective instead of step with a gradient");
  }

  /** Always throws: this optimizer fits the L1 penalty inside {@link #iterate}. */
  @Override
  default void proximalSteps(double learningRate, OptimizerState state, double[] steps) {
    throw new UnsupportedOperationException("optimizer '" + name() + "' fits the L1 penalty"
        + " inside its iterations and takes no proximal step");
  }
}
