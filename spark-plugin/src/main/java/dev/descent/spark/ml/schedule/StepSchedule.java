package dev.descent.spark.ml.schedule;

/**
 * {@code lr(e) = lr0 * gamma^floor(e / stepSize)}: decays by {@code gamma} every
 * {@code stepSize} epochs, as PyTorch's {@code StepLR}.
 */
public final class StepSchedule implements LearningRateSchedule {

  private final double baseLearningRate;
  private final double gamma;
  private final int stepSize;

  public StepSchedule(double baseLearningRate, double gamma, int stepSize) {
    this.baseLearningRate = Check.positive("learningRate", baseLearningRate);
    this.gamma = Check.positive("lrGamma", gamma);
    this.stepSize = Check.atLeast("lrStepSize", stepSize, 1);
  }

  @Override
  public double learningRate(int epoch) {
    return baseLearningRate * Math.pow(gamma, Math.floorDiv(epoch, stepSize));
  }
}
