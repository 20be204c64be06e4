package dev.descent.spark.ml.optim;

import java.util.Arrays;

/**
 * Stochastic gradient descent with optional momentum, as PyTorch's {@code torch.optim.SGD}.
 *
 * <pre>
 * g = g + weightDecay * theta                       (coupled weight decay, when not 0)
 * t = 1:  buf = g                                   (no dampening on the first step)
 * t > 1:  buf = momentum * buf + (1 - dampening) * g
 * d = nesterov ? g + momentum * buf : buf           (d = g when momentum = 0)
 * theta = theta - lr * d
 * </pre>
 *
 * Nesterov momentum in this form follows Sutskever et al., "On the importance of initialization
 * and momentum in deep learning" (ICML 2013), and needs momentum > 0 and dampening = 0.
 * Weight decay is applied to every parameter, as PyTorch does for a parameter group; the
 * caller's gradient is not modified.
 */
public final class Sgd implements Optimizer {

  private final double momentum;
  private final double dampening;
  private final boolean nesterov;
  private final double weightDecay;

  public Sgd(double momentum, double dampening, boolean nesterov) {
    this(momentum, dampening, nesterov, 0.0);
  }

  public Sgd(double momentum, double dampening, boolean nesterov, double weightDecay) {
    this.momentum = Check.nonNegative("momentum", momentum);
    this.dampening = Check.nonNegative("dampening", dampening);
    if (nesterov && (momentum <= 0 || dampening != 0)) {
      throw new IllegalArgumentException("nesterov momentum requires momentum > 0 and dampening = 0,"
          + " got momentum " + momentum + " and dampening " + dampening);
    }
    this.nesterov = nesterov;
    this.weightDecay = Check.nonNegative("weightDecay", weightDecay);
  }

  Sgd(Hyperparameters h) {
    this(h.momentum(), h.dampening(), h.nesterov(), h.weightDecayOr(0.0));
  }

  @Override
  public String name() {
    return "sgd";
  }

  @Override
  public OptimizerState initialState(int numParameters) {
    return momentum == 0
        ? OptimizerState.zeros(numParameters)
        : OptimizerState.zeros(numParameters, "momentum_buffer");
  }

  @Override
  public void step(double[] theta, double[] g, double lr, OptimizerState state) {
    long t = state.advance();
    if (momentum == 0) {
      for (int i = 0; i < theta.length; i++) {
        theta[i] -= lr * WeightDecay.coupled(weightDecay, g[i], theta[i]);
      }
      return;
    }
    double[] buf = state.slot("momentum_buffer");
    for (int i = 0; i < theta.length; i++) {
      double gi = WeightDecay.coupled(weightDecay, g[i], theta[i]);
      buf[i] = t == 1 ? gi : momentum * buf[i] + (1 - dampening) * gi;
      double d = nesterov ? gi + momentum * buf[i] : buf[i];
      theta[i] -= lr * d;
    }
  }

  /**
   * A settled momentum buffer is (1 - dampening) / (1 - momentum) times the gradient, and
   * Nesterov adds the gradient itself to momentum times it.
   */
  @Override
  public void proximalSteps(double lr, OptimizerState state, double[] steps) {
    double settled = (1 - dampening) / (1 - momentum);
    double step = momentum == 0 ? lr : lr * (nesterov ? 1 + momentum * settled : settled);
    Arrays.fill(steps, step);
  }
}
