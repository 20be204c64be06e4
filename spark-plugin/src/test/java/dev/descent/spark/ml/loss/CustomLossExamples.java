package dev.descent.spark.ml.loss;

import dev.descent.spark.ml.autodiff.Dual;

/**
 * Losses that are not built in, written as users would: value only (gradient by automatic
 * differentiation), and the same losses with hand-derived gradients.
 */
public final class CustomLossExamples {

  /** How often {@link CountsInitialization} was initialized. */
  public static final java.util.concurrent.atomic.AtomicInteger INITIALIZED =
      new java.util.concurrent.atomic.AtomicInteger();

  /** Not a loss; naming it as one must fail without running its static initializer. */
  public static final class CountsInitialization {
    static {
      INITIALIZED.incrementAndGet();
    }
  }

  private CustomLossExamples() {}

  /** Focal loss (Lin et al. 2017) with gamma 2: (1 - p_t)^2 * -log(p_t), p_t = sigmoid(s m). */
  public static class Focal implements CustomLoss {
    static final double GAMMA = 2.0;

    @Override
    public Dual loss(Dual[] outputs, double label) {
      Dual z = label > 0.5 ? outputs[0] : outputs[0].negate();
      // 1 - p_t = sigmoid(-z); -log(p_t) = softplus(-z).
      return z.negate().sigmoid().pow(GAMMA).times(z.negate().softplus());
    }

    @Override
    public boolean hasProbabilities() {
      return true;
    }

    @Override
    public void probabilities(double[] outputs, double[] probabilities) {
      probabilities[1] = 1 / (1 + Math.exp(-outputs[0]));
      probabilities[0] = 1 - probabilities[1];
    }
  }

  /** The focal loss with its gradient derived by hand. */
  public static final class FocalByHand extends Focal {
    @Override
    public boolean gradient(double[] outputs, double label, double[] gradient) {
      double s = label > 0.5 ? 1 : -1;
      double z = s * outputs[0];
      double q = 1 / (1 + Math.exp(z));
      double softplus = z > 0 ? Math.log1p(Math.exp(-z)) : -z + Math.log1p(Math.exp(z));
      double dz = -GAMMA * Math.pow(q, GAMMA) * (1 - q) * softplus - Math.pow(q, GAMMA + 1);
      gradient[0] = s * dz;
      return true;
    }
  }

  /** Asymmetric squared loss: 0.8 r^2 for r = y - m above 0, 0.2 r^2 below. */
  public static class AsymmetricSquared implements CustomLoss {
    static final double TAU = 0.8;

    @Override
    public Dual loss(Dual[] outputs, double label) {
      Dual r = outputs[0].rsub(label);
      return r.square().times(r.value() > 0 ? TAU : 1 - TAU);
    }
  }

  /** The asymmetric squared loss with its gradient derived by hand. */
  public static final class AsymmetricSquaredByHand extends AsymmetricSquared {
    @Override
    public boolean gradient(double[] outputs, double label, double[] gradient) {
      double r = label - outputs[0];
      gradient[0] = -2 * r * (r > 0 ? TAU : 1 - TAU);
      return true;
    }
  }

  /** Pinball loss for the 0.3-quantile: max(q r, (q - 1) r), r = y - m. */
  public static final class Pinball implements CustomLoss {
    @Override
    public Dual loss(Dual[] outputs, double label) {
      Dual r = outputs[0].rsub(label);
      return r.times(0.3).max(r.times(0.3 - 1));
    }
  }

  /** Multinomial log loss over three classes, with softmax probabilities. */
  public static final class Softmax3 implements CustomLoss {
    @Override
    public int arity() {
      return 3;
    }

    @Override
    public Dual loss(Dual[] outputs, double label) {
      return Dual.logSumExp(outputs).minus(outputs[(int) label]);
    }

    @Override
    public boolean hasProbabilities() {
      return true;
    }

    @Override
    public void probabilities(double[] outputs, double[] probabilities) {
      double max = Math.max(outputs[0], Math.max(outputs[1], outputs[2]));
      double sum = 0;
      for (int k = 0; k < 3; k++) {
        probabilities[k] = Math.exp(outputs[k] - max);
        sum += probabilities[k];
      }
      for (int k = 0; k < 3; k++) {
        probabilities[k] /= sum;
      }
    }
  }

  /** A hand-written gradient with a sign error, which the gradient check must catch. */
  public static final class WrongGradient extends AsymmetricSquared {
    @Override
    public boolean gradient(double[] outputs, double label, double[] gradient) {
      gradient[0] = 2 * (label - outputs[0]);
      return true;
    }
  }

  /** Returns NaN once the margin is positive (log of a negative number). */
  public static final class NaNLoss implements CustomLoss {
    @Override
    public Dual loss(Dual[] outputs, double label) {
      return outputs[0].rsub(-1).log().plus(label);
    }
  }

  /** Uses a second output while declaring one. */
  public static final class ReadsTwoOutputs implements CustomLoss {
    @Override
    public Dual loss(Dual[] outputs, double label) {
      return outputs[0].minus(outputs[1]).square();
    }
  }

  /** Declares two outputs, which no binary classifier or regressor has. */
  public static final class TwoOutputs implements CustomLoss {
    @Override
    public int arity() {
      return 2;
    }

    @Override
    public Dual loss(Dual[] outputs, double label) {
      return outputs[0].minus(outputs[1]).square();
    }
  }

  /** Not a loss at all. */
  public static final class NotALoss {}

  /** A loss without a public no-argument constructor. */
  public static final class NeedsArgument implements CustomLoss {
    public NeedsArgument(double unused) {}

    @Override
    public Dual loss(Dual[] outputs, double label) {
      return outputs[0];
    }
  }
}
