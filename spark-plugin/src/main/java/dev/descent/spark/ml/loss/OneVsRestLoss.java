package dev.descent.spark.ml.loss;

/**
 * A binary loss extended to K classes one-vs-rest, as scikit-learn's SGDClassifier does: output k
 * scores class k against the others and the row's loss is the sum of the K binary losses.
 * Probabilities, where the binary loss has them, are the per-class probabilities normalised to
 * sum to one (uniform when all are zero).
 */
public final class OneVsRestLoss implements ClassificationLoss {

  private final BinaryLoss binary;
  private final int numClasses;

  public OneVsRestLoss(BinaryLoss binary, int numClasses) {
    if (numClasses < 3) {
      throw new IllegalArgumentException("one-vs-rest needs at least 3 classes, got " + numClasses);
    }
    this.binary = binary;
    this.numClasses = numClasses;
  }

  @Override
  public String name() {
    return binary.name();
  }

  @Override
  public int numOutputs() {
    return numClasses;
  }

  @Override
  public double lossAndGradient(double[] margins, double label, double[] gradient) {
    int y = (int) label;
    double loss = 0.0;
    for (int k = 0; k < numClasses; k++) {
      loss += binary.lossAndDerivative(margins[k], k == y ? 1.0 : 0.0, gradient, k);
    }
    return loss;
  }

  @Override
  public boolean hasProbabilities() {
    return binary.hasProbabilities();
  }

  @Override
  public void probabilities(double[] margins, double[] out) {
    double sum = 0.0;
    for (int k = 0; k < numClasses; k++) {
      out[k] = binary.positiveProbability(margins[k]);
      sum += out[k];
    }
    for (int k = 0; k < numClasses; k++) {
      out[k] = sum > 0.0 ? out[k] / sum : 1.0 / numClasses;
    }
  }

  @Override
  public String labelError(double label) {
    return MultiClassLabels.error(label, numClasses);
  }
}
