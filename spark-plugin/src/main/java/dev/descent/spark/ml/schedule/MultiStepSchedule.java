package dev.descent.spark.ml.schedule;

import java.util.Arrays;

/**
 * {@code lr(e) = lr0 * gamma^(number of milestones <= e)}, as PyTorch's {@code MultiStepLR}. The
 * milestones are sorted, and a milestone listed twice counts twice (PyTorch keeps them in a
 * {@code Counter} and multiplies by {@code gamma^count} at a repeated milestone).
 */
public final class MultiStepSchedule implements LearningRateSchedule {

  private final double baseLearningRate;
  private final double gamma;
  private final int[] milestones;

  public MultiStepSchedule(double baseLearningRate, double gamma, int[] milestones) {
    this.baseLearningRate = Check.positive("learningRate", baseLearningRate);
    this.gamma = Check.positive("lrGamma", gamma);
    this.milestones = milestones.clone();
    for (int m : this.milestones) {
      Check.atLeast("every lrMilestones entry", m, 0);
    }
    Arrays.sort(this.milestones);
  }

  @Override
  public double learningRate(int epoch) {
    int passed = 0;
    while (passed < milestones.length && milestones[passed] <= epoch) {
      passed++;
    }
    return baseLearningRate * Math.pow(gamma, passed);
  }
}
