package dev.descent.spark.ml.optim;

/**
 * Adadelta (Zeiler, "ADADELTA: An Adaptive Learning Rate Method", 2012), as PyTorch's
 * {@code torch.optim.Adadelta}, with lr scaling the update (PyTorch's default lr is 1.0):
 *
 * <pre>
 * v = rho * v + (1 - rho) * g^2                          (rho defaults to 0.9)
 * delta = sqrt(u + eps) / sqrt(v + eps) * g              (eps defaults to 1e-6)
 * u = rho * u + (1 - rho) * delta^2
 * theta = theta - lr * delta
 * </pre>
 */
public final class Adadelta implements Optimizer {

  private final double rho;
  private final double epsilon;

  public Adadelta(double rho, double epsilon) {
    this.rho = Check.closedUnitInterval("rho", rho);
    this.epsilon = Check.nonNegative("epsilon", epsilon);
  }

  Adadelta(Hyperparameters h) {
    this(h.rhoOr(0.9), h.epsilonOr(1e-6));
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
      v[i] = rho * v[i] + (1 - rho) * g[i] * g[i];
      double delta = Math.sqrt(u[i] + epsilon) / Math.sqrt(v[i] + epsilon) * g[i];
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
