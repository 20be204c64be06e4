package dev.descent.spark.ml.loss;

/** Squared hinge loss max(0, 1 - z)^2: a smooth SVM loss. */
public final class SquaredHingeLoss extends BinaryLoss {

  @Override
  public String name() {
    return "squared_hinge";
  }

  @Override
  protected double lossOfZ(double z) {
    double h = Math.max(0.0, 1.0 - z);
    return h * h;
  }

  @Override
  protected double derivativeOfZ(double z) {
    return z < 1.0 ? -2.0 * (1.0 - z) : 0.0;
  }

  @Override
  public boolean hasProbabilities() {
    return false;
  }
}
