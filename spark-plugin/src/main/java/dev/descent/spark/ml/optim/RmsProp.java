package dev.descent.spark.ml.optim;

/**
 * RMSprop (Hinton, Neural Networks for Machine Learning, lecture 6e; the centered variant from
 * Graves, "Generating Sequences With Recurrent Neural Networks", 2013), as PyTorch's
 * {@code torch.optim.RMSprop}, whose smoothing constant {@code alpha} is the param {@code rho}:
 *
 * <pre>
 * g = g + weightDecay * theta                            (coupled weight decay, when not 0)
 * v = rho * v + (1 - rho) * g^2                          (rho defaults to 0.99)
 * centered:  gbar = rho * gbar + (1 - rho) * g;  denom = sqrt(v - gbar^2) + eps
 * otherwise: denom = sqrt(v) + eps                       (eps defaults to 1e-8)
 * momentum > 0: buf = momentum * buf + g / denom;  theta = theta - lr * buf
 * otherwise:    theta = theta - lr * g / denom
 * </pre>
 *
 * Weight decay is PyTorch's coupled {@code weight_decay} over every parameter, applied first
 * as in its code; the caller's gradient is not modified.
 */
public final class RmsProp implements Optimizer {

  private final double rho;
  private final double epsilon;
  private final double momentum;
  private final boolean centered;
  private final double weightDecay;

  public RmsProp(double rho, double epsilon, double momentum, boolean centered) {
    this(rho, epsilon, momentum, centered, 0.0);
  }

  public RmsProp(double rho, double epsilon, double momentum, boolean centered,
      double weightDecay) {
    this.rho = Check.closedUnitInterval("rho", rho);
    this.epsilon = Check.nonNegative("epsilon", epsilon);
    this.momentum = Check.nonNegative("momentum", momentum);
    this.centered = centered;
    this.weightDecay = Check.nonNegative("weightDecay", weightDecay);
  }

  RmsProp(Hyperparameters h) {
    this(h.rhoOr(0.99), h.epsilonOr(1e-8), h.momentum(), h.centered(), h.weightDecayOr(0.0));
  }

  @Override
  public String name() {
    return "rmsprop";
  }

  @Override
  public OptimizerState initialState(int numParameters) {
    java.util.List<String> slots = new java.util.ArrayList<>(java.util.List.of("square_avg"));
    if (momentum > 0) {
      slots.add("momentum_buffer");
    }
    if (centered) {
      slots.add("grad_avg");
    }
    return OptimizerState.zeros(numParameters, slots.toArray(String[]::new));
  }

  @Override
  public void step(double[] theta, double[] g, double lr, OptimizerState state) {
    state.advance();
    double[] v = state.slot("square_avg");
    double[] gbar = centered ? state.slot("grad_avg") : null;
    double[] buf = momentum > 0 ? state.slot("momentum_buffer") : null;
    for (int i = 0; i < theta.length; i++) {
      double gi = WeightDecay.coupled(weightDecay, g[i], theta[i]);
      v[i] = rho * v[i] + (1 - rho) * gi * gi;
      double denom;
      if (centered) {
        gbar[i] = rho * gbar[i] + (1 - rho) * gi;
        denom = Math.sqrt(v[i] - gbar[i] * gbar[i]) + epsilon;
      } else {
        denom = Math.sqrt(v[i]) + epsilon;
      }
      if (buf != null) {
        buf[i] = momentum * buf[i] + gi / denom;
        theta[i] -= lr * buf[i];
      } else {
        theta[i] -= lr * gi / denom;
      }
    }
  }

  /** The learning rate over each coordinate's denominator; a settled buffer adds 1 / (1 - mu). */
  @Override
  public void proximalSteps(double lr, OptimizerState state, double[] steps) {
    double[] v = state.slot("square_avg");
    double[] gbar = centered ? state.slot("grad_avg") : null;
    double settled = momentum > 0 ? 1 / (1 - momentum) : 1.0;
    for (int i = 0; i < steps.length; i++) {
      double denom = centered
          ? Math.sqrt(v[i] - gbar[i] * gbar[i]) + epsilon
          : Math.sqrt(v[i]) + epsilon;
      steps[i] = lr * settled / denom;
    }
  }
}
