package dev.descent.spark.ml.optim;

/**
 * NAdam, Adam with Nesterov momentum (Dozat, "Incorporating Nesterov Momentum into Adam", ICLR
 * 2016 workshop), as PyTorch's {@code torch.optim.NAdam} with its momentum-decay schedule:
 *
 * <pre>
 * g = g + weightDecay * theta                         (coupled weight decay, when not 0)
 * mu_t = beta1 * (1 - 0.5 * 0.96^(t * momentumDecay));  P_t = mu_1 * ... * mu_t
 * m = beta1 * m + (1 - beta1) * g;  v = beta2 * v + (1 - beta2) * g^2
 * denom = sqrt(v / (1 - beta2^t)) + eps
 * theta = theta - lr * (1 - mu_t) / (1 - P_t) * g / denom
 *               - lr * mu_{t+1} / (1 - P_t * mu_{t+1}) * m / denom
 * </pre>
 *
 * Weight decay is PyTorch's coupled {@code weight_decay} over every parameter, applied first
 * as in its code (PyTorch's {@code decoupled_weight_decay=True} variant is not offered); the
 * caller's gradient is not modified.
 */
public final class NAdam implements Optimizer {

  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final double momentumDecay;
  private final double weightDecay;

  public NAdam(double beta1, double beta2, double epsilon, double momentumDecay) {
    this(beta1, beta2, epsilon, momentumDecay, 0.0);
  }

  public NAdam(double beta1, double beta2, double epsilon, double momentumDecay,
      double weightDecay) {
    this.beta1 = Check.unitInterval("beta1", beta1);
    this.beta2 = Check.unitInterval("beta2", beta2);
    this.epsilon = Check.nonNegative("epsilon", epsilon);
    this.momentumDecay = Check.nonNegative("momentumDecay", momentumDecay);
    this.weightDecay = Check.nonNegative("weightDecay", weightDecay);
  }

  NAdam(Hyperparameters h) {
    this(h.beta1(), h.beta2(), h.epsilonOr(1e-8), h.momentumDecay(), h.weightDecayOr(0.0));
  }

  @Override
  public String name() {
    return "nadam";
  }

  @Override
  public OptimizerState initialState(int numParameters) {
    return OptimizerState.zeros(numParameters, "exp_avg", "exp_avg_sq")
        .withSlot("mu_product", new double[] {1.0});
  }

  @Override
  public void step(double[] theta, double[] g, double lr, OptimizerState state) {
    long t = state.advance();
    double[] m = state.slot("exp_avg");
    double[] v = state.slot("exp_avg_sq");
    double[] muProduct = state.slot("mu_product");
    double mu = beta1 * (1 - 0.5 * Math.pow(0.96, t * momentumDecay));
    double muNext = beta1 * (1 - 0.5 * Math.pow(0.96, (t + 1) * momentumDecay));
    muProduct[0] *= mu;
    double gradStep = lr * (1 - mu) / (1 - muProduct[0]);
    double momentumStep = lr * muNext / (1 - muProduct[0] * muNext);
    double biasCorrection2 = 1 - Math.pow(beta2, t);
    for (int i = 0; i < theta.length; i++) {
      double gi = WeightDecay.coupled(weightDecay, g[i], theta[i]);
      m[i] = beta1 * m[i] + (1 - beta1) * gi;
      v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
      double denom = Math.sqrt(v[i] / biasCorrection2) + epsilon;
      theta[i] -= gradStep * gi / denom + momentumStep * m[i] / denom;
    }
  }

  /**
   * The gradient's and the settled momentum's step sizes together over each coordinate's
   * denominator.
   */
  @Override
  public void proximalSteps(double lr, OptimizerState state, double[] steps) {
    long t = state.step();
    double[] v = state.slot("exp_avg_sq");
    double muProduct = state.slot("mu_product")[0];
    double mu = beta1 * (1 - 0.5 * Math.pow(0.96, t * momentumDecay));
    double muNext = beta1 * (1 - 0.5 * Math.pow(0.96, (t + 1) * momentumDecay));
    double step = lr * (1 - mu) / (1 - muProduct) + lr * muNext / (1 - muProduct * muNext);
    double biasCorrection2 = 1 - Math.pow(beta2, t);
    for (int i = 0; i < steps.length; i++) {
      steps[i] = step / (Math.sqrt(v[i] / biasCorrection2) + epsilon);
    }
  }
}
