package dev.descent.spark.ml.schedule;

/** {@code lr(e) = lr0 * gamma^e}, as PyTorch's {@code ExponentialLR}. */
public final class ExponentialSchedule implements LearningRateSchedule {

  private final double baseLearningRate;
  private final double gamma;

  public ExponentialSchedule(double baseLearningRate, double gamma) {
    this.baseLearningRate = Check.positive("learningRate", baseLearningRate);
    this.gamma = Check.positive("lrGamma", gamma);
  }

  @Override
  public double learningRate(int epoch) {
    return baseLearningRate * Math.pow(gamma, epoch);
  }
}
