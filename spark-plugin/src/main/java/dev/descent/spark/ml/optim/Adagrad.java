package dev.descent.spark.ml.optim;

/**
 * AdaGrad (Duchi, Hazan and Singer, "Adaptive Subgradient Methods for Online Learning and
 * Stochastic Optimization", JMLR 2011), as PyTorch's {@code torch.optim.Adagrad}:
 *
 * <pre>
 * clr = lr / (1 + (t - 1) * lrDecay)
 * sum = sum + g^2                        (sum starts at initialAccumulatorValue)
 * theta = theta - clr * g / (sqrt(sum) + eps)        (eps defaults to 1e-10)
 * </pre>
 */
public final class Adagrad implements Optimizer {

  private final double lrDecay;
  private final double initialAccumulatorValue;
  private final double epsilon;

  public Adagrad(double lrDecay, double initialAccumulatorValue, double epsilon) {
    this.lrDecay = Check.nonNegative("lrDecay", lrDecay);
    this.initialAccumulatorValue =
        Check.nonNegative("initialAccumulatorValue", initialAccumulatorValue);
    this.epsilon = Check.nonNegative("epsilon", epsilon);
  }

  Adagrad(Hyperparameters h) {
    this(h.lrDecay(), h.initialAccumulatorValue(), h.epsilonOr(1e-10));
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
      sum[i] += g[i] * g[i];
      theta[i] -= clr * g[i] / (Math.sqrt(sum[i]) + epsilon);
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
