package dev.descent.spark.ml.schedule;

/**
 * {@code lr(e) = minLr + (lr0 - minLr) * (1 + cos(pi * e / T)) / 2}: the closed form of PyTorch's
 * {@code CosineAnnealingLR} ({@code eta_min = minLr}, {@code T_max = T}). It reaches
 * {@code minLr} at {@code e = T}; beyond {@code T} it keeps following the cosine (rising again,
 * with period {@code 2T}), as the closed form does; it does not restart.
 */
public final class CosineSchedule implements LearningRateSchedule {

  private final double baseLearningRate;
  private final double minLearningRate;
  private final int epochs;

  public CosineSchedule(double baseLearningRate, double minLearningRate, int epochs) {
    this.baseLearningRate = Check.positive("learningRate", baseLearningRate);
    this.minLearningRate = Check.nonNegative("minLearningRate", minLearningRate);
    this.epochs = Check.atLeast("cosineEpochs", epochs, 1);
    Check.floorNotAbove("cosine", minLearningRate, baseLearningRate);
  }

  @Override
  public double learningRate(int epoch) {
    return minLearningRate + (baseLearningRate - minLearningRate)
        * (1 + Math.cos(Math.PI * epoch / epochs)) / 2;
  }
}
