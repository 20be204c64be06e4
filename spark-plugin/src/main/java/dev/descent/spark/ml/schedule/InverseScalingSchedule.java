package dev.descent.spark.ml.schedule;

/**
 * {@code lr(e) = lr0 / (e + 1)^powerT}: scikit-learn's {@code invscaling} learning rate
 * ({@code eta0 / t^power_t}) with {@code t = e + 1} counting epochs from 1. With
 * {@code powerT = 0.5} it is the {@code inverse_sqrt} schedule.
 */
public final class InverseScalingSchedule implements LearningRateSchedule {

  private final double baseLearningRate;
  private final double powerT;

  public InverseScalingSchedule(double baseLearningRate, double powerT) {
    this.baseLearningRate = Check.positive("learningRate", baseLearningRate);
    this.powerT = Check.nonNegative("powerT", powerT);
  }

  @Override
  public double learningRate(int epoch) {
    return baseLearningRate / Math.pow(epoch + 1.0, powerT);
  }
}
