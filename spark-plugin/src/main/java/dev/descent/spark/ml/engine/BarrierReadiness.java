package dev.descent.spark.ml.engine;

import dev.descent.spark.ml.data.RowBlock;
import dev.descent.spark.ml.training.Synchronization;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.spark.Dependency;
import org.apache.spark.ShuffleDependency;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.RDD;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a fit's steps can run in a barrier stage, checked before one is launched, since Spark
 * would otherwise refuse the stage only when it submits it (or, short of slots, retry it for
 * minutes): {@code synchronization} 'barrier' fails with the reason, 'auto' logs it and uses a
 * job per step.
 */
final class BarrierReadiness {

  private static final Logger LOG = LoggerFactory.getLogger(GradientDescent.class);

  /** How long 'barrier' on a cluster waits for executors to bring the slots it needs. */
  private static final long SLOTS_WAIT_MILLIS = 30_000;

  private BarrierReadiness() {}

  /** The step gradients {@code mode} asks for, or a job per step where barrier cannot run. */
  static StepGradients open(Synchronization mode, JavaRDD<RowBlock> blocks,
      BatchObjective objective, int aggregationDepth, int localSteps, String label) {
    if (mode == Synchronization.JOB) {
      return new GradientJob(blocks, objective, aggregationDepth);
    }
    String obstacle = obstacle(blocks, localSteps,
        mode == Synchronization.BARRIER && !blocks.context().isLocal() ? SLOTS_WAIT_MILLIS : 0);
    if (obstacle == null) {
      LOG.info("{}: synchronous steps in one barrier stage of {} tasks", label,
          blocks.getNumPartitions());
      return new BarrierGradients(blocks, objective, aggregationDepth, label);
    }
    if (mode == Synchronization.BARRIER) {
      throw new IllegalArgumentException("synchronization 'barrier' cannot run this fit: "
          + obstacle + "; or set synchronization to 'job' or 'auto'");
    }
    LOG.info("{}: synchronization 'auto' runs one Spark job per step: {}", label, obstacle);
    return new GradientJob(blocks, objective, aggregationDepth);
  }

  /**
   * Why a barrier stage cannot serve this fit, or null when it can.
   *
   * @param slotsWaitMillis how long to wait for executors still registering when there are too
   *     few task slots, as Spark waits for them before scheduling
   */
  static String obstacle(JavaRDD<RowBlock> blocks, int localSteps, long slotsWaitMillis) {
    SparkContext sc = blocks.context();
    int partitions = blocks.getNumPartitions();
    if (localSteps > 1) {
      return "localSteps is " + localSteps + ", model averaging, which runs a Spark job per"
          + " localSteps steps; set localSteps to 1";
    }
    if (!sc.isLocal() && sc.getConf().getBoolean("spark.dynamicAllocation.enabled", false)) {
      return "Spark runs no barrier stage with dynamic allocation"
          + " (spark.dynamicAllocation.enabled); disable it for this application";
    }
    int slots = slots(sc);
    for (long waited = 0; slots < partitions && waited < slotsWaitMillis; waited += 200) {
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      slots = slots(sc);
    }
    if (slots < partitions) {
      return "the training data has " + partitions + " partitions and a barrier stage runs a"
          + " task for each at once, but the cluster has " + slots + " task slots now;"
          + " repartition the DataFrame to at most " + slots + " partitions";
    }
    RDD<?> mixed = partitionCountChange(blocks.rdd());
    if (mixed != null) {
      return "the DataFrame's plan changes the number of partitions without a shuffle ("
          + mixed + " has " + mixed.getNumPartitions() + " partitions, the training data "
          + partitions + ": coalesce, union or limit), which Spark allows in no barrier stage;"
          + " repartition the DataFrame before the fit";
    }
    return null;
  }

  /** The tasks the cluster runs at once now, as Spark counts them for a barrier stage. */
  private static int slots(SparkContext sc) {
    return sc.maxNumConcurrentTasks(sc.resourceProfileManager().defaultResourceProfile());
  }

  /**
   * An RDD the stage would compute that has another number of partitions than {@code rdd}, as
   * Spark checks every RDD of a barrier stage back to the shuffles it reads, or null.
   */
  private static RDD<?> partitionCountChange(RDD<?> rdd) {
    Deque<RDD<?>> inStage = new ArrayDeque<>();
    inStage.add(rdd);
    while (!inStage.isEmpty()) {
      RDD<?> next = inStage.poll();
      if (next.getNumPartitions() != rdd.getNumPartitions()) {
        return next;
      }
      var dependencies = next.dependencies().iterator();
      while (dependencies.hasNext()) {
        Dependency<?> dependency = dependencies.next();
        if (!(dependency instanceof ShuffleDependency)) {
          inStage.add(dependency.rdd());
        }
      }
    }
    return null;
  }
}
