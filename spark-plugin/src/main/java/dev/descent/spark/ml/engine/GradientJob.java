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
  private final Loss loss;
  private final ParameterLayout layout;
  private final Centering centering;

  /**
   * @param centers the features' means as training sees them, to train on centered features
   *     (see {@link Centering}); null to train on the features as they are
   */
  public GradientJob(JavaRDD<RowBlock> blocks, Loss loss, ParameterLayout layout,
      double[] centers) {
    this(blocks, loss, layout, new Centering(layout, centers));
  }

  GradientJob(JavaRDD<RowBlock> blocks, Loss loss, ParameterLayout layout, Centering centering) {
    this.blocks = blocks;
    this.loss = loss;
    this.layout = layout;
    this.centering = centering;
  }

  /**
   * The sums of {@code plan}'s mini-batch at {@code theta}, for centered features if this job
   * centers: its coefficient gradient is then already the centered one.
   */
  public BatchGradient compute(double[] theta, StepPlan plan) {
    Loss loss = this.loss;
    ParameterLayout layout = this.layout;
    double[] offsets = centering.marginOffsets(theta);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(blocks.context());
    try (Shipment<double[]> parameters = Shipment.of(jsc, theta.clone(), 8L * theta.length)) {
      List<BatchGradient> parts = blocks.mapPartitions(it -> {
        GradientAggregator aggregator =
            new GradientAggregator(loss, layout, parameters.value(), offsets);
        while (it.hasNext()) {
          aggregator.add(it.next(), plan);
        }
        return Collections.singletonList(aggregator.result()).iterator();
      }).collect();
      BatchGradient total = parts.get(0);
      for (int p = 1; p < parts.size(); p++) {
        total.add(parts.get(p));
      }
      centering.centerGradient(total.gradientSum());
      return total;
    }
  }
}
