package dev.descent.spark.ml.loss;

/** Hinge loss max(0, 1 - z), the linear SVM's loss (Spark's {@code LinearSVC}). */
public final class HingeLoss extends BinaryLoss {

  @Override
  public String name() {
    return "hinge";
  }

  @Override
  protected double lossOfZ(double z) {
    return Math.max(0.0, 1.0 - z);
  }

  /** The subgradient -1 for {@code z < 1} and 0 from {@code z = 1} on, as LinearSVC and scikit-learn use. */
  @Override
  protected double derivativeOfZ(double z) {
    return z < 1.0 ? -1.0 : 0.0;
  }

  @Override
  public boolean hasProbabilities() {
    return false;
  }
}
