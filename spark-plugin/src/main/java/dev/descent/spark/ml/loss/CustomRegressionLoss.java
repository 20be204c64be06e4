package dev.descent.spark.ml.loss;

/** A {@link CustomLoss} as the loss of a regressor. */
final class CustomRegressionLoss extends RegressionLoss {

  private final UserLoss user;

  CustomRegressionLoss(CustomLoss loss) {
    CustomLosses.requireArity(loss, 1, "a regressor");
    this.user = new UserLoss(loss, 1);
  }

  @Override
  public String name() {
    return user.name();
  }

  @Override
  public double lossAndDerivative(double margin, double label, double[] out, int offset) {
    return user.lossAndGradient(new double[] {margin}, label, out, offset);
  }

  @Override
  public double predict(double margin) {
    return user.loss().prediction(margin);
  }

  @Override
  public String labelError(double label) {
    return user.loss().labelError(label);
  }
}
