package dev.descent.spark.ml.engine;

import dev.descent.spark.ml.optim.OptimizerState;
import dev.descent.spark.ml.training.EpochReport;
import java.util.List;
import java.util.Map;

/**
 * Where a run stands after its completed epochs: everything needed to continue it exactly. The
 * parameters are in the training space (standardized features). There is no random-number state
 * to keep: the batches and dropout masks of an epoch are functions of (seed, epoch, step) alone
 * (see {@link BatchPlanner} and {@link Seeds}), so the epoch index is the RNG state. The
 * divergence check's baseline is epoch 0's objective, kept in {@code epochs}.
 *
 * @param parameters the parameters after the last completed epoch
 * @param optimizerState the optimizer's step count and slots
 * @param epochs the report of every completed epoch, epoch 0 (the initial parameters) first
 * @param steps optimizer steps taken
 * @param scheduleState the learning-rate schedule's state (see
 *     {@link dev.descent.spark.ml.schedule.LearningRateSchedule#state()})
 * @param earlyStopping the early-stopping watch's state, or null when early stopping is off
 */
public record TrainingState(double[] parameters, OptimizerState optimizerState,
    List<EpochReport> epochs, long steps, Map<String, Double> scheduleState,
    EarlyStoppingState earlyStopping) {

  public TrainingState {
    epochs = List.copyOf(epochs);
    scheduleState = Map.copyOf(scheduleState);
  }

  /** The state before epoch 0: {@code parameters}, a fresh optimizer, no history. */
  public static TrainingState initial(double[] parameters, OptimizerState optimizerState) {
    return new TrainingState(parameters, optimizerState, List.of(), 0, Map.of(), null);
  }

  /** Epochs completed after epoch 0; -1 before epoch 0 has been evaluated. */
  public int completedEpochs() {
    return epochs.size() - 1;
  }
}
