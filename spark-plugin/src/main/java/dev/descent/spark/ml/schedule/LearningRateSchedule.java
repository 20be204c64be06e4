package dev.descent.spark.ml.schedule;

import java.io.Serializable;
import java.util.Map;

/**
 * The learning rate of each epoch. Schedules advance once per epoch, as PyTorch's
 * {@code torch.optim.lr_scheduler} classes do when {@code scheduler.step()} is called once after
 * each epoch: every optimizer step of epoch {@code e} (0-based) uses {@code learningRate(e)}, so
 * epoch 0 uses the base learning rate (times the warmup factor, if any). Stepping per epoch rather
 * than per mini-batch keeps the schedule independent of {@code batchSize}.
 *
 * <p>Every schedule but {@link PlateauSchedule} is a pure function of the epoch index. A plateau
 * schedule depends on the objectives seen so far, which it receives through {@link #observe};
 * create a fresh schedule for every training run.
 */
public interface LearningRateSchedule extends Serializable {

  /** The learning rate for every step of epoch {@code epoch} (0-based). */
  double learningRate(int epoch);

  /**
   * Tells the schedule the objective of the epoch that just finished. Pure schedules ignore it;
   * {@link PlateauSchedule} updates its state from it.
   */
  default void observe(double objective) {}

  /**
   * The schedule's mutable state by name, for a checkpoint: empty for a schedule that is a pure
   * function of the epoch index, which needs nothing but the epoch to resume.
   */
  default Map<String, Double> state() {
    return Map.of();
  }

  /**
   * Sets the state that {@link #state()} gave, to resume from a checkpoint.
   *
   * @throws IllegalArgumentException if {@code state} is not this schedule's kind of state
   */
  default void restoreState(Map<String, Double> state) {
    if (!state.isEmpty()) {
      throw new IllegalArgumentException(getClass().getSimpleName() + " keeps no state, but the"
          + " checkpoint has " + state.keySet());
    }
  }
}
