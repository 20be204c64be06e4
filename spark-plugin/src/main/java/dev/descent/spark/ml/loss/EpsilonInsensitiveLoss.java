package dev.descent.spark.ml.loss;

/**
 * Epsilon-insensitive loss max(0, |m - y| - insensitivity), the loss of linear support vector
 * regression (scikit-learn's SGDRegressor with {@code loss='epsilon_insensitive'}).
 */
public final class EpsilonInsensitiveLoss extends RegressionLoss {

  private final double insensitivity;

  public EpsilonInsensitiveLoss(double insensitivity) {
    if (!(insensitivity >= 0) || Double.isInfinite(insensitivity)) {
      throw new IllegalArgumentException(
          "insensitivity must be non-negative and finite, got " + insensitivity);
    }
    this.insensitivity = insensitivity;
  }

  @Override
  public String name() {
    return "epsilon_insensitive";
  }

  @Override
  public double lossAndDerivative(double margin, double label, double[] out, int offset) {
    double r = margin - label;
    double excess = Math.abs(r) - insensitivity;
    if (excess <= 0) {
      out[offset] = 0.0;
      return 0.0;
    }
    out[offset] = Math.signum(r);
    return excess;
  }
}
