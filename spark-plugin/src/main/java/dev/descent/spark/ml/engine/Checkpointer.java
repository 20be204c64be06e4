package dev.descent.spark.ml.engine;

import dev.descent.spark.ml.schedule.LearningRateSchedule;
import java.util.function.Supplier;

/**
 * What a run does besides training at its start (resume from a checkpoint) and after each epoch
 * (write one). {@link GradientDescent} calls {@link #start} once, {@link #checkResumedObjective}
 * once if it resumed, and {@link #epochEnded} after every epoch; the policy (where, how often,
 * in which format) lives in the implementation.
 */
public interface Checkpointer {

  /**
   * The state to start from: {@code fresh}, or the state of a checkpoint to resume, in which case
   * the schedule's state is restored from it too.
   */
  TrainingState start(TrainingState fresh, LearningRateSchedule schedule);

  /**
   * Called once a resumed run has evaluated the objective over every training row at the
   * checkpoint's parameters, before its first epoch, to check that it is the objective the
   * checkpoint recorded for its epoch; not called when epochs record a running objective, which
   * no pass reproduces.
   *
   * @throws IllegalArgumentException if it is not
   */
  void checkResumedObjective(double objective);

  /**
   * Called after epoch {@code epoch} (1-based) with the state it left; {@code last} when the run
   * stops after it.
   */
  void epochEnded(int epoch, boolean last, Supplier<TrainingState> state);

  /** Neither resumes nor writes checkpoints. */
  static Checkpointer none() {
    return new Checkpointer() {
      @Override
      public TrainingState start(TrainingState fresh, LearningRateSchedule schedule) {
        return fresh;
      }

      @Override
      public void checkResumedObjective(double objective) {}

      @Override
      public void epochEnded(int epoch, boolean last, Supplier<TrainingState> state) {}
    };
  }
}
