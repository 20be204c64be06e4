package dev.descent.spark.ml.engine;

import dev.descent.spark.ml.optim.FullBatchOptimizer;
import dev.descent.spark.ml.optim.Optimizer;
import dev.descent.spark.ml.optim.OptimizerState;
import dev.descent.spark.ml.optim.SmoothObjective;
import java.io.Serializable;
import java.util.function.Function;

/**
 * The update of one optimizer step, the same for a synchronous step on the driver and a local
 * step of {@link ModelAveraging} on an executor: add the L2 penalty's gradient to the data term's
 * mean gradient, clip the sum ({@link GradientClipping}), let the optimizer step, then apply the
 * L1 penalty's proximal step ({@link Regularization#applyProximal}), each coordinate thresholded
 * by the step the optimizer just took on it ({@link Optimizer#proximalSteps}).
 * A non-finite gradient stops the step before the optimizer sees it, so that the optimizer's
 * state is never poisoned by it.
 */
public final class StepRule implements Serializable {

  private final Regularization regularization;
  private final GradientClipping clipping;
  private final Optimizer optimizer;

  public StepRule(Regularization regularization, GradientClipping clipping, Optimizer optimizer) {
    if (regularization == null || clipping == null || optimizer == null) {
      throw new IllegalArgumentException("a regularization, a clipping (maybe none) and an"
          + " optimizer are needed");
    }
    this.regularization = regularization;
    this.clipping = clipping;
    this.optimizer = optimizer;
  }

  /**
   * Whether a step was applied, and the non-finite value it met, if any: a non-finite gradient
   * (then the step was not applied) or non-finite parameters after it.
   */
  record Outcome(boolean applied, String problem) {
    static final Outcome CLEAN = new Outcome(true, null);
  }

  /**
   * Updates {@code theta} and {@code state} in place from {@code gradient}, the data term's mean
   * gradient at theta, which this consumes.
   */
  Outcome apply(double[] theta, double[] gradient, double learningRate, OptimizerState state) {
    regularization.addSmoothGradient(theta, gradient);
    String problem = DivergenceCheck.nonFinite(gradient, "gradient");
    if (problem != null) {
      return new Outcome(false, problem);
    }
    clipping.apply(gradient);
    optimizer.step(theta, gradient, learningRate, state);
    if (regularization.hasL1()) {
      // The gradient is spent: it holds the steps now, saving an allocation per step.
      optimizer.proximalSteps(learningRate, state, gradient);
      regularization.applyProximal(theta, gradient);
    }
    problem = DivergenceCheck.nonFinite(theta, "parameters");
    return problem == null ? Outcome.CLEAN : new Outcome(true, problem);
  }

  /**
   * One iteration of a {@link FullBatchOptimizer} from {@code theta}, updated in place. The
   * optimizer evaluates the objective where it chooses through {@code dataTerm}, the data term's
   * sums over every training row at a point; this adds the L2 penalty to them and passes the L1
   * penalty's weights, which the optimizer fits itself (OWL-QN). Clipping does not apply: the
   * setup refuses it for such an optimizer.
   */
  Iteration iterate(double[] theta, Function<double[], BatchGradient> dataTerm,
      double learningRate, OptimizerState state) {
    SmoothObjective smooth = x -> {
      BatchGradient sums = dataTerm.apply(x);
      double[] gradient = sums.meanGradient();
      regularization.addSmoothGradient(x, gradient);
      double value = sums.lossSum() / sums.weightSum() + regularization.smoothPenalty(x);
      // A point where the loss overflows is one to step back from, never a minimum.
      return new SmoothObjective.Value(Double.isNaN(value) ? Double.POSITIVE_INFINITY : value,
          gradient);
    };
    String converged = ((FullBatchOptimizer) optimizer).iterate(theta, smooth,
        regularization.l1Weights(theta.length), learningRate, state);
    return new Iteration(converged, DivergenceCheck.nonFinite(theta, "parameters"));
  }

  /**
   * What an iteration of a full-batch optimizer found: why the parameters have converged (or
   * null), and a non-finite value in them (or null).
   */
  record Iteration(String converged, String problem) {}

  /** Whether the optimizer evaluates the objective itself, a full-batch optimizer. */
  boolean fullBatch() {
    return optimizer instanceof FullBatchOptimizer;
  }

  /** The penalty at theta, which the objective adds to the weighted mean loss. */
  double penalty(double[] theta) {
    return regularization.penalty(theta);
  }

  Optimizer optimizer() {
    return optimizer;
  }
}
