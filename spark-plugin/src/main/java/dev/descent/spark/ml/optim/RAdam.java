package dev.descent.spark.ml.optim;

/**
 * RAdam, Adam with a rectified adaptive learning rate (Liu et al., "On the Variance of the
 * Adaptive Learning Rate and Beyond", ICLR 2020), as PyTorch's {@code torch.optim.RAdam}:
 *
 * <pre>
 * g = g + weightDecay * theta                        (coupled weight decay, when not 0)
 * m = beta1 * m + (1 - beta1) * g;  v = beta2 * v + (1 - beta2) * g^2
 * m_hat = m / (1 - beta1^t)
 * rho_inf = 2 / (1 - beta2) - 1;  rho_t = rho_inf - 2 t beta2^t / (1 - beta2^t)
 * rho_t > 5:  r = sqrt((rho_t - 4)(rho_t - 2) rho_inf / ((rho_inf - 4)(rho_inf - 2) rho_t))
 *             theta = theta - lr * m_hat * r * sqrt(1 - beta2^t) / (sqrt(v) + eps)
 * otherwise:  theta = theta - lr * m_hat             (the variance is not yet tractable)
 * </pre>
 *
 * The threshold 5 and the placement of eps (added to sqrt(v) before the bias correction is
 * multiplied in) are PyTorch's; the paper's threshold is 4. Weight decay is PyTorch's coupled
 * {@code weight_decay} over every parameter (its {@code decoupled_weight_decay=True} variant is
 * not offered); the caller's gradient is not modified.
 */
public final class RAdam implements Optimizer {

  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final double weightDecay;

  public RAdam(double beta1, double beta2, double epsilon, double weightDecay) {
    this.beta1 = Check.unitInterval("beta1", beta1);
    this.beta2 = Check.unitInterval("beta2", beta2);
    this.epsilon = Check.nonNegative("epsilon", epsilon);
    this.weightDecay = Check.nonNegative("weightDecay", weightDecay);
  }

  RAdam(Hyperparameters h) {
    this(h.beta1(), h.beta2(), h.epsilonOr(1e-8), h.weightDecayOr(0.0));
  }

  @Override
  public String name() {
    return "radam";
  }

  @Override
  public OptimizerState initialState(int numParameters) {
    return OptimizerState.zeros(numParameters, "exp_avg", "exp_avg_sq");
  }

  @Override
  public void step(double[] theta, double[] g, double lr, OptimizerState state) {
    long t = state.advance();
    double[] m = state.slot("exp_avg");
    double[] v = state.slot("exp_avg_sq");
    double biasCorrection1 = 1 - Math.pow(beta1, t);
    double rectification = rectification(t);
    double biasCorrection2Sqrt = Math.sqrt(1 - Math.pow(beta2, t));
    for (int i = 0; i < theta.length; i++) {
      double gi = WeightDecay.coupled(weightDecay, g[i], theta[i]);
      m[i] = beta1 * m[i] + (1 - beta1) * gi;
      v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
      double mHat = m[i] / biasCorrection1;
      if (Double.isNaN(rectification)) {
        theta[i] -= mHat * lr;
      } else {
        double adaptive = biasCorrection2Sqrt / (Math.sqrt(v[i]) + epsilon);
        theta[i] -= mHat * lr * adaptive * rectification;
      }
    }
  }

  /** r at step t when rho_t > 5, else NaN (the unrectified step). */
  private double rectification(long t) {
    double beta2t = Math.pow(beta2, t);
    double rhoInf = 2 / (1 - beta2) - 1;
    double rhoT = rhoInf - 2 * t * beta2t / (1 - beta2t);
    if (!(rhoT > 5)) {
      return Double.NaN;
    }
    return Math.sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
  }

  /**
   * The bias-corrected step size, times the rectification over each coordinate's denominator
   * once rho_t > 5.
   */
  @Override
  public void proximalSteps(double lr, OptimizerState state, double[] steps) {
    long t = state.step();
    double[] v = state.slot("exp_avg_sq");
    double stepSize = lr / (1 - Math.pow(beta1, t));
    double rectification = rectification(t);
    double biasCorrection2Sqrt = Math.sqrt(1 - Math.pow(beta2, t));
    for (int i = 0; i < steps.length; i++) {
      steps[i] = Double.isNaN(rectification)
          ? stepSize
          : stepSize * rectification * biasCorrection2Sqrt / (Math.sqrt(v[i]) + epsilon);
    }
  }
}
