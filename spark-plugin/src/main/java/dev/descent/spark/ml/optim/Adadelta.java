package dev.descent.spark.ml.optim;

/**
 * Adadelta (Zeiler, "ADADELTA: An Adaptive Learning Rate Method", 2012), as PyTorch's
 * {@code torch.optim.Adadelta}, with lr scaling the update (PyTorch's default lr is 1.0):
 *
 * <pre>
 * g = g + weightDecay * theta                            (coupled weight decay, when not 0)
 * v = rho * v + (1 - rho) * g^2                          (rho defaults to 0.9)
 * delta = sqrt(u + eps) / sqrt(v + eps) * g              (eps defaults to 1e-6)
 * u = rho * u + (1 - rho) * delta^2
 * theta = theta - lr * delta
 * </pre>
 *
 * Weight decay is PyTorch's coupled {@code weight_decay} over every parameter, applied first
 * as in its code; the caller's gradient is not modified.
 */
public final class Adadelta implements Optimizer {

  private final double rho;
  private final double epsilon;
  private final double weightDecay;

  public Adadelta(double rho, double epsilon) {
    this(rho, epsilon, 0.0);
  }

  public Adadelta(double rho, double epsilon, double weightDecay) {
    this.rho = Check.closedUnitInterval("rho", rho);
    this.epsilon = Check.nonNegative("epsilon", epsilon);
    this.weightDecay = Check.nonNegative("weightDecay", weightDecay);
  }

  Adadelta(Hyperparameters h) {
    this(h.rhoOr(0.9), h.epsilonOr(1e-6), h.weightDecayOr(0.0));
  }

  @Override
  public String name() {
    return "adadelta";
  }

  @Override
  public OptimizerState initialState(int numParameters) {
    return OptimizerState.zeros(numParameters, "square_avg", "acc_delta");
  }

  @Override
  public void step(double[] theta, double[] g, double lr, OptimizerState state) {
    state.advance();
    double[] v = state.slot("square_avg");
    double[] u = state.slot("acc_delta");
    for (int i = 0; i < theta.length; i++) {
      double gi = WeightDecay.coupled(weightDecay, g[i], theta[i]);
      v[i] = rho * v[i] + (1 - rho) * gi * gi;
      double delta = Math.sqrt(u[i] + epsilon) / Math.sqrt(v[i] + epsilon) * gi;
      u[i] = rho * u[i] + (1 - rho) * delta * delta;
      theta[i] -= lr * delta;
    }
  }

  /** The learning rate times each coordinate's ratio of root mean squares. */
  @Override
  public void proximalSteps(double lr, OptimizerState state, double[] steps) {
    double[] v = state.slot("square_avg");
    double[] u = state.slot("acc_delta");
    for (int i = 0; i < steps.length; i++) {
      steps[i] = lr * Math.sqrt(u[i] + epsilon) / Math.sqrt(v[i] + epsilon);
    }
  }
}
