package dev.descent.spark.ml.optim;

import java.util.Arrays;

/**
 * Stochastic gradient descent with optional momentum, as PyTorch's {@code torch.optim.SGD}.
 *
 * <pre>
 * t = 1:  buf = g                                   (no dampening on the first step)
 * t > 1:  buf = momentum * buf + (1 - dampening) * g
 * d = nesterov ? g + momentum * buf : buf           (d = g when momentum = 0)
 * theta = theta - lr * d
 * </pre>
 *
 * Nesterov momentum in this form follows Sutskever et al., "On the importance of initialization
 * and momentum in deep learning" (ICML 2013), and needs momentum > 0 and dampening = 0.
 */
public final class Sgd implements Optimizer {

  private final double momentum;
  private final double dampening;
  private final boolean nesterov;

  public Sgd(double momentum, double dampening, boolean nesterov) {
    this.momentum = Check.nonNegative("momentum", momentum);
    this.dampening = Check.nonNegative("dampening", dampening);
    if (nesterov && (momentum <= 0 || dampening != 0)) {
      throw new IllegalArgumentException("nesterov momentum requires momentum > 0 and dampening = 0,"
          + " got momentum " + momentum + " and dampening " + dampening);
    }
    this.nesterov = nesterov;
  }

  Sgd(Hyperparameters h) {
    this(h.momentum(), h.dampening(), h.nesterov());
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
        theta[i] -= lr * g[i];
      }
      return;
    }
    double[] buf = state.slot("momentum_buffer");
    for (int i = 0; i < theta.length; i++) {
      buf[i] = t == 1 ? g[i] : momentum * buf[i] + (1 - dampening) * g[i];
      double d = nesterov ? g[i] + momentum * buf[i] : buf[i];
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
