package dev.descent.spark.ml.optim;

/**
 * The differentiable part of an objective, which a {@link FullBatchOptimizer} evaluates at the
 * points it chooses: PyTorch's closure. For a model that is the weighted mean loss over every
 * training row plus the L2 penalty; an L1 penalty is passed to the optimizer separately.
 */
@FunctionalInterface
public interface SmoothObjective {

  /** The value and gradient at {@code x}, which the call neither keeps nor modifies. */
  Value at(double[] x);

  /** An objective value and its gradient, which belongs to the caller. */
  record Value(double value, double[] gradient) {}
}
