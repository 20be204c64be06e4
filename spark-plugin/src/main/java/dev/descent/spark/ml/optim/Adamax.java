package dev.descent.spark.ml.optim;

/**
 * Adamax, the infinity-norm variant of Adam (Kingma and Ba, ICLR 2015, section 7.1), as PyTorch's
 * {@code torch.optim.Adamax}:
 *
 * <pre>
 * g = g + weightDecay * theta                (coupled weight decay, when not 0)
 * m = beta1 * m + (1 - beta1) * g
 * u = max(beta2 * u, |g| + eps)
 * theta = theta - lr / (1 - beta1^t) * m / u
 * </pre>
 *
 * Weight decay is PyTorch's coupled {@code weight_decay} over every parameter, applied first
 * as in its code; the caller's gradient is not modified.
 */
public final class Adamax implements Optimizer {

  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final double weightDecay;

  public Adamax(double beta1, double beta2, double epsilon) {
    this(beta1, beta2, epsilon, 0.0);
  }

  public Adamax(double beta1, double beta2, double epsilon, double weightDecay) {
    this.beta1 = Check.unitInterval("beta1", beta1);
    this.beta2 = Check.unitInterval("beta2", beta2);
    this.epsilon = Check.nonNegative("epsilon", epsilon);
    this.weightDecay = Check.nonNegative("weightDecay", weightDecay);
  }

  Adamax(Hyperparameters h) {
    this(h.beta1(), h.beta2(), h.epsilonOr(1e-8), h.weightDecayOr(0.0));
  }

  @Override
  public String name() {
    return "adamax";
  }

  @Override
  public OptimizerState initialState(int numParameters) {
    return OptimizerState.zeros(numParameters, "exp_avg", "exp_inf");
  }

  @Override
  public void step(double[] theta, double[] g, double lr, OptimizerState state) {
    long t = state.advance();
    double[] m = state.slot("exp_avg");
    double[] u = state.slot("exp_inf");
    double stepSize = lr / (1 - Math.pow(beta1, t));
    for (int i = 0; i < theta.length; i++) {
      double gi = WeightDecay.coupled(weightDecay, g[i], theta[i]);
      m[i] = beta1 * m[i] + (1 - beta1) * gi;
      u[i] = Math.max(beta2 * u[i], Math.abs(gi) + epsilon);
      theta[i] -= stepSize * m[i] / u[i];
    }
  }

  /** The bias-corrected step size over each coordinate's infinity norm. */
  @Override
  public void proximalSteps(double lr, OptimizerState state, double[] steps) {
    double[] u = state.slot("exp_inf");
    double stepSize = lr / (1 - Math.pow(beta1, state.step()));
    for (int i = 0; i < steps.length; i++) {
      steps[i] = stepSize / u[i];
    }
  }
}
