package dev.descent.spark.ml.optim;

/**
 * Adam (Kingma and Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015) with the AMSGrad
 * variant (Reddi et al., "On the Convergence of Adam and Beyond", ICLR 2018), exactly as
 * PyTorch's {@code torch.optim.Adam}:
 *
 * <pre>
 * g = g + weightDecay * theta                        (coupled weight decay, when not 0)
 * m = beta1 * m + (1 - beta1) * g
 * v = beta2 * v + (1 - beta2) * g^2
 * vmax = max(vmax, v)                                (amsgrad only; v below becomes vmax)
 * theta = theta - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 *
 * Epsilon is added after the bias correction of v, as in PyTorch (the paper adds it to the
 * corrected estimate too, but writes the step differently). Weight decay is PyTorch's
 * {@code weight_decay}: coupled (added to the gradient, so that v sees it too), over every
 * parameter, intercepts included, and separate from the objective's regParam; see
 * {@link AdamW} for decoupled decay. The caller's gradient is not modified.
 */
public class Adam implements Optimizer {

  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final boolean amsgrad;
  private final double weightDecay;

  public Adam(double beta1, double beta2, double epsilon, boolean amsgrad) {
    this(beta1, beta2, epsilon, amsgrad, 0.0);
  }

  /** Adam with coupled weight decay, as {@code torch.optim.Adam(weight_decay=...)}. */
  public Adam(double beta1, double beta2, double epsilon, boolean amsgrad, double weightDecay) {
    this.beta1 = Check.unitInterval("beta1", beta1);
    this.beta2 = Check.unitInterval("beta2", beta2);
    this.epsilon = Check.nonNegative("epsilon", epsilon);
    this.amsgrad = amsgrad;
    this.weightDecay = Check.nonNegative("weightDecay", weightDecay);
  }

  Adam(Hyperparameters h) {
    this(h.beta1(), h.beta2(), h.epsilonOr(1e-8), h.amsgrad(), h.weightDecayOr(0.0));
  }

  @Override
  public String name() {
    return "adam";
  }

  @Override
  public OptimizerState initialState(int numParameters) {
    return amsgrad
        ? OptimizerState.zeros(numParameters, "exp_avg", "exp_avg_sq", "max_exp_avg_sq")
        : OptimizerState.zeros(numParameters, "exp_avg", "exp_avg_sq");
  }

  @Override
  public void step(double[] theta, double[] g, double lr, OptimizerState state) {
    long t = state.advance();
    double[] m = state.slot("exp_avg");
    double[] v = state.slot("exp_avg_sq");
    double[] vmax = amsgrad ? state.slot("max_exp_avg_sq") : v;
    double stepSize = lr / (1 - Math.pow(beta1, t));
    double biasCorrection2Sqrt = Math.sqrt(1 - Math.pow(beta2, t));
    for (int i = 0; i < theta.length; i++) {
      double gi = WeightDecay.coupled(weightDecay, g[i], theta[i]);
      m[i] = beta1 * m[i] + (1 - beta1) * gi;
      v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
      if (amsgrad) {
        vmax[i] = Math.max(vmax[i], v[i]);
      }
      double denom = Math.sqrt(vmax[i]) / biasCorrection2Sqrt + epsilon;
      theta[i] -= stepSize * m[i] / denom;
    }
  }

  /** The bias-corrected step size over each coordinate's denominator. */
  @Override
  public void proximalSteps(double lr, OptimizerState state, double[] steps) {
    long t = state.step();
    double[] vmax = state.slot(amsgrad ? "max_exp_avg_sq" : "exp_avg_sq");
    double stepSize = lr / (1 - Math.pow(beta1, t));
    double biasCorrection2Sqrt = Math.sqrt(1 - Math.pow(beta2, t));
    for (int i = 0; i < steps.length; i++) {
      steps[i] = stepSize / (Math.sqrt(vmax[i]) / biasCorrection2Sqrt + epsilon);
    }
  }
}
