package dev.descent.spark.ml.engine;

import dev.descent.spark.ml.data.TrainingData;
import dev.descent.spark.ml.schedule.LearningRateSchedule;
import dev.descent.spark.ml.training.EpochObjective;
import dev.descent.spark.ml.training.Synchronization;
import org.apache.spark.SparkContext;

/**
 * Mini-batch gradient descent over cached {@link TrainingData}. Each synchronous step sums the
 * mini-batch's loss and gradient over the partitions, in one Spark job ({@link GradientJob}) or in
 * a barrier stage that serves every step ({@link BarrierGradients}), then on the driver applies the {@link StepRule} (L2 gradient, clipping, optimizer, L1 proximal
 * step). With {@code localSteps > 1} the partitions take the steps themselves, with the same
 * rule, and the driver averages them after every {@code localSteps} steps
 * ({@link ModelAveraging}). The learning rate of every step of epoch e (0-based) is the
 * schedule's rate for e, also used for the proximal threshold; after each epoch the schedule
 * observes the epoch objective (only a plateau schedule uses it). The objective minimised is
 *
 * <pre>
 *   (1 / sum_i w_i) * sum_i w_i * loss_i + regParam * ((1 - alpha) / 2 * ||beta||^2 + alpha * ||beta||_1)
 * </pre>
 *
 * and the objective recorded for an epoch is, as {@link Settings#epochObjective()} says, its exact
 * value over all training rows at the parameters the epoch ends with (entry 0: at the initial
 * parameters), or the running mean of the epoch's mini-batch objectives. How one run proceeds,
 * epoch by epoch, is {@link TrainingRun}'s.
 */
public final class GradientDescent {

  /**
   * How to run: epochs, tolerance, batching, seed, the learning-rate schedule (a fresh
   * one per run: a plateau schedule keeps state), what each epoch records as its objective, the
   * depth of the tree partitions' sums are added in (see
   * {@link dev.descent.spark.ml.util.TreeAggregation}), how the partitions of a synchronous step
   * meet (a job per step or a barrier stage, see {@link StepGradients}), and a job label.
   */
  public record Settings(
      int maxEpochs,
      double tol,
      long batchSize,
      boolean shuffle,
      long seed,
      LearningRateSchedule schedule,
      EpochObjective epochObjective,
      int aggregationDepth,
      Synchronization synchronization,
      String label) {

    public Settings {
      if (schedule == null || epochObjective == null || synchronization == null) {
        throw new IllegalArgumentException(
            "a schedule, an epoch objective and a synchronization are needed");
      }
      if (batchSize < 1) {
        throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
      }
      if (aggregationDepth < 1) {
        throw new IllegalArgumentException(
            "aggregationDepth must be at least 1, got " + aggregationDepth);
      }
    }
  }

  private final BatchObjective objective;
  private final double[] initial;
  private final StepRule stepRule;
  private final Settings settings;
  private final ModelAveraging averaging;
  private final int localSteps;

  /**
   * Training of {@code objective} from {@code initial} parameters (zeros for a linear model, a
   * network's seeded initialization), synchronous or, with {@code localSteps} above 1, by model
   * averaging.
   *
   * @param localSteps mini-batch steps each partition takes on its own rows between two
   *     synchronizations: 1 is synchronous mini-batch gradient descent, more is
   *     {@link ModelAveraging}
   */
  public GradientDescent(BatchObjective objective, double[] initial, StepRule stepRule,
      Settings settings, int localSteps) {
    if (initial.length != objective.numParameters()) {
      throw new IllegalArgumentException("the objective has " + objective.numParameters()
          + " parameters but " + initial.length + " initial values were given");
    }
    if (localSteps < 1) {
      throw new IllegalArgumentException("localSteps must be at least 1, got " + localSteps);
    }
    this.objective = objective;
    this.initial = initial.clone();
    this.stepRule = stepRule;
    this.settings = settings;
    this.localSteps = localSteps;
    this.averaging = localSteps == 1
        ? null
        : new ModelAveraging(stepRule, localSteps, settings.aggregationDepth());
  }

  /**
   * Trains from the initial parameters (zeros for a linear model), without validation, early
   * stopping or listeners.
   */
  public TrainingResult run(TrainingData data) {
    return run(data, null, Supervision.none(), Checkpointer.none());
  }

  /**
   * Trains from the initial parameters, or from a checkpoint that {@code checkpointer} resumes
   * (see {@link TrainingRun} for the course of a run and what a resumed one recomputes).
   *
   * @param warmStart parameters to start from instead of the initial ones (in the training space),
   *     or null
   */
  public TrainingResult run(TrainingData data, double[] warmStart, Supervision supervision,
      Checkpointer checkpointer) {
    if (warmStart != null && warmStart.length != initial.length) {
      throw new IllegalArgumentException("the warm start has " + warmStart.length
          + " parameters where " + initial.length + " are trained");
    }
    TrainingState fresh = TrainingState.initial(
        (warmStart != null ? warmStart : initial).clone(),
        stepRule.optimizer().initialState(initial.length));
    SparkContext sc = data.blocks().context();
    String previousDescription = sc.getLocalProperty("spark.job.description");
    try (StepGradients gradients = BarrierReadiness.open(settings.synchronization(),
        data.blocks(), objective, settings.aggregationDepth(), localSteps, settings.label())) {
      TrainingRun run = new TrainingRun(objective, stepRule, averaging, settings, data,
          supervision, checkpointer, checkpointer.start(fresh, settings.schedule()), gradients);
      while (!run.stopped()) {
        run.nextEpoch();
      }
      return run.result();
    } finally {
      sc.setJobDescription(previousDescription);
    }
  }
}
