package dev.descent.spark.ml.loss;

/**
 * Modified Huber loss (Zhang, 2004), as in scikit-learn's SGDClassifier: max(0, 1 - z)^2 for
 * z >= -1 and -4z below. Probabilities are (clip(m, -1, 1) + 1) / 2.
 */
public final class ModifiedHuberLoss extends BinaryLoss {

  @Override
  public String name() {
    return "modified_huber";
  }

  @Override
  protected double lossOfZ(double z) {
    if (z >= 1.0) {
      return 0.0;
    }
    return z >= -1.0 ? (1.0 - z) * (1.0 - z) : -4.0 * z;
  }

  @Override
  protected double derivativeOfZ(double z) {
    if (z >= 1.0) {
      return 0.0;
    }
    return z >= -1.0 ? -2.0 * (1.0 - z) : -4.0;
  }

  @Override
  public boolean hasProbabilities() {
    return true;
  }

  @Override
  public double positiveProbability(double margin) {
    return (Math.max(-1.0, Math.min(1.0, margin)) + 1.0) / 2.0;
  }
}
