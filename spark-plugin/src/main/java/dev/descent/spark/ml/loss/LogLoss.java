package dev.descent.spark.ml.loss;

/**
 * Binary logistic loss log(1 + exp(-z)), the negative log-likelihood of a Bernoulli label with
 * P(y = 1) = sigmoid(m). Evaluated stably for large |z|.
 */
public final class LogLoss extends BinaryLoss {

  @Override
  public String name() {
    return "log";
  }

  @Override
  protected double lossOfZ(double z) {
    return z > 0 ? Math.log1p(Math.exp(-z)) : -z + Math.log1p(Math.exp(z));
  }

  @Override
  protected double derivativeOfZ(double z) {
    return -sigmoid(-z);
  }

  @Override
  public boolean hasProbabilities() {
    return true;
  }

  @Override
  public double positiveProbability(double margin) {
    return sigmoid(margin);
  }

  static double sigmoid(double x) {
    if (x >= 0) {
      return 1.0 / (1.0 + Math.exp(-x));
    }
    double e = Math.exp(x);
    return e / (1.0 + e);
  }
}
