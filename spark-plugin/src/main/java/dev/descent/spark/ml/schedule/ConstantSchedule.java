package dev.descent.spark.ml.schedule;

/** {@code lr(e) = lr0}: the learning rate never changes (PyTorch without a scheduler). */
public final class ConstantSchedule implements LearningRateSchedule {

  private final double baseLearningRate;

  public ConstantSchedule(double baseLearningRate) {
    this.baseLearningRate = Check.positive("learningRate", baseLearningRate);
  }

  @Override
  public double learningRate(int epoch) {
    return baseLearningRate;
  }
}
