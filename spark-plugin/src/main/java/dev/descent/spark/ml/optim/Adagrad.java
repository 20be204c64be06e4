package dev.descent.spark.ml.optim;

/**
 * AdaGrad (Duchi, Hazan and Singer, "Adaptive Subgradient Methods for Online Learning and
 * Stochastic Optimization", JMLR 2011), as PyTorch's {@code torch.optim.Adagrad}:
 *
 * <pre>
 * g = g + weightDecay * theta            (coupled weight decay, when not 0)
 * clr = lr / (1 + (t - 1) * lrDecay)
 * sum = sum + g^2                        (sum starts at initialAccumulatorValue)
 * theta = theta - clr * g / (sqrt(sum) + eps)        (eps defaults to 1e-10)
 * </pre>
 *
 * Weight decay is PyTorch's coupled {@code weight_decay} over every parameter, applied first
 * as in its code; the caller's gradient is not modified.
 */
public final class Adagrad implements Optimizer {

  private final double lrDecay;
  private final double initialAccumulatorValue;
  private final double epsilon;
  private final double weightDecay;

  public Adagrad(double lrDecay, double initialAccumulatorValue, double epsilon) {
    this(lrDecay, initialAccumulatorValue, epsilon, 0.0);
  }

  public Adagrad(double lrDecay, double initialAccumulatorValue, double epsilon,
      double weightDecay) {
    this.lrDecay = Check.nonNegative("lrDecay", lrDecay);
    this.initialAccumulatorValue =
        Check.nonNegative("initialAccumulatorValue", initialAccumulatorValue);
    this.epsilon = Check.nonNegative("epsilon", epsilon);
    this.weightDecay = Check.nonNegative("weightDecay", weightDecay);
  }

  Adagrad(Hyperparameters h) {
    this(h.lrDecay(), h.initialAccumulatorValue(), h.epsilonOr(1e-10), h.weightDecayOr(0.0));
  }

  @Override
  public String name() {
    return "adagrad";
  }

  @Override
  public OptimizerState initialState(int numParameters) {
    double[] sum = new double[numParameters];
    java.util.Arrays.fill(sum, initialAccumulatorValue);
    return OptimizerState.zeros(numParameters).withSlot("sum", sum);
  }

  @Override
  public void step(double[] theta, double[] g, double lr, OptimizerState state) {
    long t = state.advance();
    double[] sum = state.slot("sum");
    double clr = lr / (1 + (t - 1) * lrDecay);
    for (int i = 0; i < theta.length; i++) {
      double gi = WeightDecay.coupled(weightDecay, g[i], theta[i]);
      sum[i] += gi * gi;
      theta[i] -= clr * gi / (Math.sqrt(sum[i]) + epsilon);
    }
  }

  /** The decayed learning rate over each coordinate's root sum of squares. */
  @Override
  public void proximalSteps(double lr, OptimizerState state, double[] steps) {
    double[] sum = state.slot("sum");
    double clr = lr / (1 + (state.step() - 1) * lrDecay);
    for (int i = 0; i < steps.length; i++) {
      steps[i] = clr / (Math.sqrt(sum[i]) + epsilon);
    }
  }
}
