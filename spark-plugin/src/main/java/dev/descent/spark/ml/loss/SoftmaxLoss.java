package dev.descent.spark.ml.loss;

/**
 * Multinomial logistic (softmax cross-entropy) loss over K margins: log(sum_k exp(m_k)) - m_y.
 * Like Spark's multinomial LogisticRegression it keeps one coefficient vector per class.
 */
public final class SoftmaxLoss implements ClassificationLoss {

  private final int numClasses;

  public SoftmaxLoss(int numClasses) {
    if (numClasses < 2) {
      throw new IllegalArgumentException("softmax needs at least 2 classes, got " + numClasses);
    }
    this.numClasses = numClasses;
  }

  @Override
  public String name() {
    return "log";
  }

  @Override
  public int numOutputs() {
    return numClasses;
  }

  @Override
  public double lossAndGradient(double[] margins, double label, double[] gradient) {
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < numClasses; k++) {
      max = Math.max(max, margins[k]);
    }
    double sum = 0.0;
    for (int k = 0; k < numClasses; k++) {
      double e = Math.exp(margins[k] - max);
      gradient[k] = e;
      sum += e;
    }
    int y = (int) label;
    for (int k = 0; k < numClasses; k++) {
      gradient[k] /= sum;
    }
    gradient[y] -= 1.0;
    return Math.log(sum) + max - margins[y];
  }

  @Override
  public boolean hasProbabilities() {
    return true;
  }

  @Override
  public void probabilities(double[] margins, double[] out) {
    // Computed directly: going through the gradient (p_0 - 1) + 1 would round a tiny p_0 to 0.
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < numClasses; k++) {
      max = Math.max(max, margins[k]);
    }
    double sum = 0.0;
    for (int k = 0; k < numClasses; k++) {
      out[k] = Math.exp(margins[k] - max);
      sum += out[k];
    }
    for (int k = 0; k < numClasses; k++) {
      out[k] /= sum;
    }
  }

  @Override
  public String labelError(double label) {
    return MultiClassLabels.error(label, numClasses);
  }
}
