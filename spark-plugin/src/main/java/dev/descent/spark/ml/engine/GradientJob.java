package dev.descent.spark.ml.engine;

import dev.descent.spark.ml.data.RowBlock;
import dev.descent.spark.ml.util.TreeAggregation;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The data term of one synchronous step, as one Spark job over the cached blocks: every partition
 * sums its share of the mini-batch ({@link GradientAggregator}) into one {@link BatchGradient},
 * and {@link TreeAggregation} adds them up in a tree of {@code aggregationDepth}. Unlike
 * {@code treeAggregate}, whose merges follow task completion order, the tree's order is fixed, so
 * the result is the same bit for bit from run to run for any number of partitions; unlike
 * collecting every partition's sum, the driver receives only the tree's last few. A sparse
 * batch's sums travel sparse. The driver computes the objective at the step's parameters once
 * ({@link BatchObjective#at}) and ships that alone, in the closure or as one broadcast per step
 * (see {@link Shipment}).
 * With few partitions (at most the tree's fan-in) the job has no extra stage.
 */
public final class GradientJob implements StepGradients {

  private final JavaRDD<RowBlock> blocks;
  private final BatchObjective objective;
  private final int aggregationDepth;

  /** @param aggregationDepth the depth of the tree the partitions' sums are added in */
  public GradientJob(JavaRDD<RowBlock> blocks, BatchObjective objective, int aggregationDepth) {
    TreeAggregation.fanIn(blocks.getNumPartitions(), aggregationDepth);
    this.blocks = blocks;
    this.objective = objective;
    this.aggregationDepth = aggregationDepth;
  }

  @Override
  public BatchGradient compute(double[] theta, StepPlan plan, boolean training, long stepSeed) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(blocks.context());
    // Computed once here, not by every task: the task closure carries only this evaluation.
    BatchObjective.Evaluation evaluation = objective.at(theta.clone());
    try (Shipment<BatchObjective.Evaluation> point =
        Shipment.of(jsc, evaluation, evaluation.shippedBytes())) {
      BatchGradient total = TreeAggregation.aggregate(blocks, aggregationDepth,
          it -> point.value().sum(it, plan, training, stepSeed), BatchGradient.COMBINER);
      objective.finish(total.gradientSum());
      return total;
    }
  }
}
