package dev.descent.spark.ml.engine;

/**
 * Where the data term of a synchronous step is computed: the partitions' sums of one mini-batch
 * at one point, added up in {@link dev.descent.spark.ml.util.TreeAggregation}'s fixed order, as
 * one Spark job per step ({@link GradientJob}) or by the tasks of one long-lived barrier stage
 * ({@link BarrierGradients}). Both give the same sums bit for bit.
 */
public interface StepGradients extends AutoCloseable {

  /**
   * The sums of {@code plan}'s mini-batch at {@code theta}, completed by the objective (for
   * centered features the coefficient gradient is then already the centered one).
   *
   * @param training whether this is a training step (dropout on, seeded by {@code stepSeed}) or
   *     an evaluation pass
   */
  BatchGradient compute(double[] theta, StepPlan plan, boolean training, long stepSeed);

  /** The sums over {@code plan}'s rows for an evaluation pass (no dropout). */
  default BatchGradient compute(double[] theta, StepPlan plan) {
    return compute(theta, plan, false, 0L);
  }

  /**
   * Frees the executors' task slots this source holds, before driver work that may run Spark
   * jobs of its own (validation, listeners); the next {@link #compute} takes them again.
   */
  default void release() {}

  @Override
  default void close() {
    release();
  }
}
