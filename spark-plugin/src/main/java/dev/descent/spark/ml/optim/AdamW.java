package dev.descent.spark.ml.optim;

/**
 * AdamW (Loshchilov and Hutter, "Decoupled Weight Decay Regularization", ICLR 2019), as PyTorch's
 * {@code torch.optim.AdamW}: first {@code theta = theta * (1 - lr * weightDecay)}, then the
 * {@link Adam} step on the unchanged gradient. The decay is multiplied by the learning rate,
 * unlike the AdamW updater of Spark's factorization machines. It applies to every parameter,
 * intercepts included, as PyTorch does for a parameter group. There is no coupled decay: the
 * Adam step sees the gradient as given. Unset, weight decay is PyTorch's 0.01.
 */
public final class AdamW extends Adam {

  private final double weightDecay;

  public AdamW(double beta1, double beta2, double epsilon, boolean amsgrad, double weightDecay) {
    super(beta1, beta2, epsilon, amsgrad);
    this.weightDecay = Check.nonNegative("weightDecay", weightDecay);
  }

  AdamW(Hyperparameters h) {
    this(h.beta1(), h.beta2(), h.epsilonOr(1e-8), h.amsgrad(), h.weightDecayOr(0.01));
  }

  @Override
  public String name() {
    return "adamw";
  }

  @Override
  public void step(double[] theta, double[] g, double lr, OptimizerState state) {
    double shrink = 1 - lr * weightDecay;
    for (int i = 0; i < theta.length; i++) {
      theta[i] *= shrink;
    }
    super.step(theta, g, lr, state);
  }
}
