package dev.descent.spark.ml.training;

import dev.descent.spark.ml.util.ParamNames;
import java.util.List;

/**
 * How the partitions of a synchronous step meet. Both modes take the same steps in the same
 * order and give the same model bit for bit; they differ in what a step costs.
 */
public enum Synchronization {

  /** One Spark job per step: runs anywhere, and costs a job's scheduling per step. */
  JOB,

  /**
   * One long-lived barrier stage serves the steps, its tasks adding up each step's gradient among
   * themselves over sockets: no job per step, but it needs a task slot per partition at once and
   * no dynamic allocation.
   */
  BARRIER,

  /** {@link #BARRIER} where the cluster and the fit allow it, else {@link #JOB}, logged. */
  AUTO;

  /** The names the {@code synchronization} param accepts. */
  public static final List<String> NAMES = ParamNames.of(Synchronization.class);

  /** The constant the param value {@code name} names; any other fails, listing them. */
  public static Synchronization named(String name) {
    return ParamNames.named(Synchronization.class, "synchronization", name);
  }
}
