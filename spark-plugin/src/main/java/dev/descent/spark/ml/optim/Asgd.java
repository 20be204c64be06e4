package dev.descent.spark.ml.optim;

/**
 * Averaged stochastic gradient descent (Polyak and Juditsky, "Acceleration of Stochastic
 * Approximation by Averaging", SIAM J. Control Optim. 1992; the decaying step of Bottou's
 * sgd code), as PyTorch's {@code torch.optim.ASGD}, with its {@code lambd}, {@code alpha} and
 * {@code t0} as the params {@code asgdLambda}, {@code asgdAlpha} and {@code asgdT0}:
 *
 * <pre>
 * g = g + weightDecay * theta                       (coupled weight decay, when not 0)
 * theta = theta * (1 - lambda * eta)                (eta is lr on the first step)
 * theta = theta - eta * g
 * ax = mu == 1 ? theta : ax + mu * (theta - ax)     (mu starts at 1)
 * eta = lr / (1 + lambda * lr * t)^alpha            (for the next step)
 * mu = 1 / max(1, t - t0)
 * </pre>
 *
 * This is PyTorch's single-tensor code: eta and mu are computed at the end of a step, with that
 * step's lr, for the next one (so a learning-rate schedule reaches the update one step late, as
 * in PyTorch), and {@code ax} copies theta until t exceeds t0 + 2, then averages. The model to
 * keep is {@code ax} ({@link #modelParameters}). {@code eta} and {@code mu} are one-number
 * slots, as in PyTorch, where they are scalars per parameter tensor. Weight decay is PyTorch's
 * coupled {@code weight_decay} over every parameter; the caller's gradient is not modified.
 */
public final class Asgd implements Optimizer {

  private final double lambda;
  private final double alpha;
  private final double t0;
  private final double weightDecay;

  public Asgd(double lambda, double alpha, double t0, double weightDecay) {
    this.lambda = Check.nonNegative("asgdLambda", lambda);
    this.alpha = Check.nonNegative("asgdAlpha", alpha);
    this.t0 = Check.nonNegative("asgdT0", t0);
    this.weightDecay = Check.nonNegative("weightDecay", weightDecay);
  }

  Asgd(Hyperparameters h) {
    this(h.asgdLambda(), h.asgdAlpha(), h.asgdT0(), h.weightDecayOr(0.0));
  }

  @Override
  public String name() {
    return "asgd";
  }

  @Override
  public OptimizerState initialState(int numParameters) {
    return OptimizerState.zeros(numParameters, "ax")
        .withSlot("eta", new double[] {0.0})
        .withSlot("mu", new double[] {1.0});
  }

  @Override
  public void step(double[] theta, double[] g, double lr, OptimizerState state) {
    long t = state.advance();
    double[] ax = state.slot("ax");
    double[] etaSlot = state.slot("eta");
    double[] muSlot = state.slot("mu");
    double eta = t == 1 ? lr : etaSlot[0];
    double mu = muSlot[0];
    double shrink = 1 - lambda * eta;
    for (int i = 0; i < theta.length; i++) {
      double gi = WeightDecay.coupled(weightDecay, g[i], theta[i]);
      theta[i] *= shrink;
      theta[i] -= eta * gi;
      ax[i] = mu == 1 ? theta[i] : ax[i] + (theta[i] - ax[i]) * mu;
    }
    etaSlot[0] = lr / Math.pow(1 + lambda * lr * t, alpha);
    muSlot[0] = 1 / Math.max(1, t - t0);
  }

  /**
   * The eta of the step just made at this learning rate: lr on the first step, then
   * lr / (1 + lambda * lr * (t - 1))^alpha. The decay by lambda * eta is part of the rule, like
   * weight decay, not of the step per unit of gradient.
   */
  @Override
  public void proximalSteps(double lr, OptimizerState state, double[] steps) {
    java.util.Arrays.fill(steps, eta(lr, state.step()));
  }

  private double eta(double lr, long t) {
    return t <= 1 ? lr : lr / Math.pow(1 + lambda * lr * (t - 1), alpha);
  }

  /** A copy of {@code ax} once the averaging has started; before, {@code parameters}. */
  @Override
  public double[] modelParameters(double[] parameters, OptimizerState state) {
    return averaging(state.step()) ? state.slot("ax").clone() : parameters;
  }

  /** Whether step t averaged, that is, whether the mu it used, 1 / max(1, t - 1 - t0), was not 1. */
  private boolean averaging(long t) {
    return t >= 2 && 1 / Math.max(1, (t - 1) - t0) != 1;
  }
}
