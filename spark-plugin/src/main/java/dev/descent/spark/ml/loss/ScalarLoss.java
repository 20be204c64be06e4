package dev.descent.spark.ml.loss;

/** A loss of a single margin, such as the binary and the regression losses. */
public abstract class ScalarLoss implements Loss {

  @Override
  public final int numOutputs() {
    return 1;
  }

  @Override
  public final double lossAndGradient(double[] margins, double label, double[] gradient) {
    return lossAndDerivative(margins[0], label, gradient, 0);
  }

  /**
   * Returns the loss at {@code margin} and writes its derivative by the margin to
   * {@code derivative[offset]}.
   */
  public abstract double lossAndDerivative(
      double margin, double label, double[] derivative, int offset);
}
