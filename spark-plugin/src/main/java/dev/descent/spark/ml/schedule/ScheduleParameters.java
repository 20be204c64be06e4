package dev.descent.spark.ml.schedule;

/**
 * What the schedules are built from: the base learning rate and every schedule's
 * hyperparameters (each schedule reads the ones it needs and validates them).
 *
 * @param baseLearningRate lr0, the {@code learningRate} param
 * @param gamma decay factor of {@code step}, {@code multistep} and {@code exponential}
 * @param stepSize epochs between decays of {@code step}
 * @param milestones epochs at which {@code multistep} decays
 * @param cosineEpochs the period T of {@code cosine}
 * @param minLearningRate floor of {@code cosine} and {@code plateau}
 * @param powerT exponent of {@code invscaling}
 */
public record ScheduleParameters(
    double baseLearningRate,
    double gamma,
    int stepSize,
    int[] milestones,
    int cosineEpochs,
    double minLearningRate,
    double powerT,
    double plateauFactor,
    int plateauPatience,
    double plateauThreshold,
    int plateauCooldown) {

  /** The library's defaults (those of the Spark params) for base learning rate {@code lr0}. */
  public static ScheduleParameters defaults(double lr0, int cosineEpochs) {
    return new ScheduleParameters(lr0, 0.1, 10, new int[0], cosineEpochs, 0.0, 0.5, 0.1, 10, 1e-4,
        0);
  }
}
