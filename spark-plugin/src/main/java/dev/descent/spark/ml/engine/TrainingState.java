package dev.descent.spark.ml.engine;

import dev.descent.spark.ml.optim.OptimizerState;
import java.util.List;
import java.util.Map;

/**
 * Where a run stands after its completed epochs: everything needed to continue it exactly. The
 * parameters are in the training space (standardized features); the epoch count is the length of
 * the objective history. There is no random-number state to keep: the batches of an epoch are a
 * function of (seed, epoch) alone (see {@link BatchPlanner}), so the epoch index is the RNG state.
 *
 * @param parameters the parameters after the last completed epoch
 * @param optimizerState the optimizer's step count and slots
 * @param objectiveHistory the objective of every completed epoch
 * @param learningRateHistory the learning rate of every completed epoch
 * @param steps optimizer steps taken
 * @param scheduleState the learning-rate schedule's state (see
 *     {@link dev.descent.spark.ml.schedule.LearningRateSchedule#state()})
 */
public record TrainingState(double[] parameters, OptimizerState optimizerState,
    List<Double> objectiveHistory, List<Double> learningRateHistory, long steps,
    Map<String, Double> scheduleState) {

  public TrainingState {
    if (objectiveHistory.size() != learningRateHistory.size()) {
      throw new IllegalArgumentException("the objective history has " + objectiveHistory.size()
          + " epochs but the learning-rate history " + learningRateHistory.size());
    }
    objectiveHistory = List.copyOf(objectiveHistory);
    learningRateHistory = List.copyOf(learningRateHistory);
    scheduleState = Map.copyOf(scheduleState);
  }

  /** The state before the first epoch: {@code parameters}, a fresh optimizer, no history. */
  public static TrainingState initial(double[] parameters, OptimizerState optimizerState) {
    return new TrainingState(parameters, optimizerState, List.of(), List.of(), 0, Map.of());
  }

  /** Epochs completed. */
  public int epochs() {
    return objectiveHistory.size();
  }
}
