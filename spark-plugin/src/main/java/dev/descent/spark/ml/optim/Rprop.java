package dev.descent.spark.ml.optim;

/**
 * Resilient backpropagation (Riedmiller and Braun, "A Direct Adaptive Method for Faster
 * Backpropagation Learning: The RPROP Algorithm", ICNN 1993), as PyTorch's
 * {@code torch.optim.Rprop} (the variant without weight backtracking, often called Rprop-):
 *
 * <pre>
 * s = g * prev                            (prev starts at 0; step_size starts at lr)
 * s > 0:  step_size = step_size * etaPlus
 * s &lt; 0:  step_size = step_size * etaMinus;  g = 0 for this step
 * step_size = clamp(step_size, minStepSize, maxStepSize)
 * theta = theta - sign(g) * step_size
 * prev = g
 * </pre>
 *
 * Only the gradient's sign is used, so the rule is meant for full-batch training, as PyTorch's
 * documentation says. The learning rate only sets the initial step size (PyTorch fills
 * {@code step_size} with the group's lr when the state is created, on the first step): a
 * learning-rate schedule has no effect after the first step. PyTorch's Rprop has no weight
 * decay, and there is no step per unit of gradient, hence no L1 proximal step
 * ({@link #supportsL1()} is false).
 */
public final class Rprop implements Optimizer {

  private final double etaMinus;
  private final double etaPlus;
  private final double minStepSize;
  private final double maxStepSize;

  public Rprop(double etaMinus, double etaPlus, double minStepSize, double maxStepSize) {
    if (!(0 < etaMinus && etaMinus < 1)) {
      throw new IllegalArgumentException("etaMinus must be in (0, 1), got " + etaMinus);
    }
    if (!(etaPlus > 1) || Double.isInfinite(etaPlus)) {
      throw new IllegalArgumentException("etaPlus must be finite and > 1, got " + etaPlus);
    }
    this.etaMinus = etaMinus;
    this.etaPlus = etaPlus;
    this.minStepSize = Check.nonNegative("minStepSize", minStepSize);
    this.maxStepSize = Check.nonNegative("maxStepSize", maxStepSize);
    if (maxStepSize < minStepSize) {
      throw new IllegalArgumentException("maxStepSize must be >= minStepSize, got maxStepSize "
          + maxStepSize + " and minStepSize " + minStepSize);
    }
  }

  Rprop(Hyperparameters h) {
    this(h.etaMinus(), h.etaPlus(), h.minStepSize(), h.maxStepSize());
  }

  @Override
  public String name() {
    return "rprop";
  }

  @Override
  public OptimizerState initialState(int numParameters) {
    return OptimizerState.zeros(numParameters, "prev", "step_size");
  }

  @Override
  public void step(double[] theta, double[] g, double lr, OptimizerState state) {
    long t = state.advance();
    double[] prev = state.slot("prev");
    double[] stepSize = state.slot("step_size");
    if (t == 1) {
      java.util.Arrays.fill(stepSize, lr);
    }
    for (int i = 0; i < theta.length; i++) {
      double s = Math.signum(g[i] * prev[i]);
      double gi = g[i];
      if (s > 0) {
        stepSize[i] *= etaPlus;
      } else if (s < 0) {
        stepSize[i] *= etaMinus;
        gi = 0;
      }
      stepSize[i] = Math.min(Math.max(stepSize[i], minStepSize), maxStepSize);
      theta[i] -= Math.signum(gi) * stepSize[i];
      prev[i] = gi;
    }
  }

  @Override
  public boolean supportsL1() {
    return false;
  }

  /** Always throws: a sign-based step has no size per unit of gradient. */
  @Override
  public void proximalSteps(double lr, OptimizerState state, double[] steps) {
    throw new UnsupportedOperationException("L1 regularization (elasticNetParam > 0 with"
        + " regParam > 0) is not supported by rprop: its sign-based step has no size per unit of"
        + " gradient to scale the proximal step by; use elasticNetParam = 0 (L2 only) with rprop,"
        + " or another optimizer (sgd, adam, adagrad, ...) for L1");
  }
}
