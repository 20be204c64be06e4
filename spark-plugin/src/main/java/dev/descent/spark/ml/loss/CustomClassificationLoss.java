package dev.descent.spark.ml.loss;

/** A {@link CustomLoss} as the loss of a classifier with {@code numClasses} classes. */
final class CustomClassificationLoss implements ClassificationLoss {

  private final UserLoss user;
  private final int numOutputs;

  CustomClassificationLoss(CustomLoss loss, int numClasses) {
    this.numOutputs = numClasses == 2 ? 1 : numClasses;
    CustomLosses.requireArity(loss, numOutputs, "a " + numClasses + "-class classifier");
    this.user = new UserLoss(loss, numOutputs);
  }

  @Override
  public String name() {
    return user.name();
  }

  @Override
  public int numOutputs() {
    return numOutputs;
  }

  @Override
  public double lossAndGradient(double[] margins, double label, double[] gradient) {
    return user.lossAndGradient(margins, label, gradient, 0);
  }

  @Override
  public String labelError(double label) {
    return user.loss().labelError(label);
  }

  @Override
  public boolean hasProbabilities() {
    return user.loss().hasProbabilities();
  }

  @Override
  public void probabilities(double[] margins, double[] out) {
    user.loss().probabilities(margins, out);
  }
}
