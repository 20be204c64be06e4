package dev.descent.spark.ml.engine;

import dev.descent.spark.ml.data.RowBlock;
import dev.descent.spark.ml.loss.Loss;
import java.util.Collections;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The data term of one synchronous step, as one Spark job over the cached blocks: every partition
 * sums its share of the mini-batch ({@link GradientAggregator}) and sends one
 * {@link BatchGradient}; the driver adds them up in partition order. Unlike {@code treeAggregate},
 * whose driver-side merge follows task completion order, the result is then the same bit for bit
 * from run to run for any number of partitions, and there is no second broadcast per step (see
 * {@link Shipment}) and no extra stage.
 */
public final class GradientJob {

  private final JavaRDD<RowBlock> blocks;
  private final BatchObjective objective;

  /**
   * A job for a linear model.
   *
   * @param scale what each cached feature is multiplied by (standardization), or null
   * @param centers the features' means as training sees them, to train on centered features;
   *     null to train on the features as they are (see {@link FeatureSpace})
   */
  public GradientJob(JavaRDD<RowBlock> blocks, Loss loss, ParameterLayout layout,
      double[] scale, double[] centers) {
    this(blocks, new LinearObjective(loss, layout, new FeatureSpace(layout, scale, centers)));
  }

  GradientJob(JavaRDD<RowBlock> blocks, BatchObjective objective) {
    this.blocks = blocks;
    this.objective = objective;
  }

  /** The sums of {@code plan}'s mini-batch at {@code theta}, as a training step sees them. */
  public BatchGradient compute(double[] theta, StepPlan plan) {
    return compute(theta, plan, false, 0L);
  }

  /**
   * The sums of {@code plan}'s mini-batch at {@code theta}, completed by the objective (for
   * centered features the coefficient gradient is then already the centered one).
   *
   * @param training whether this is a training step (dropout on, seeded by {@code stepSeed}) or
   *     an evaluation pass
   */
  BatchGradient compute(double[] theta, StepPlan plan, boolean training, long stepSeed) {
    BatchObjective objective = this.objective;
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(blocks.context());
    try (Shipment<double[]> parameters = Shipment.of(jsc, theta.clone(), 8L * theta.length)) {
      List<BatchGradient> parts = blocks.mapPartitions(it -> Collections.singletonList(
          objective.sum(it, parameters.value(), plan, training, stepSeed)).iterator()).collect();
      BatchGradient total = parts.get(0);
      for (int p = 1; p < parts.size(); p++) {
        total.add(parts.get(p));
      }
      objective.finish(total.gradientSum());
      return total;
    }
  }
}
