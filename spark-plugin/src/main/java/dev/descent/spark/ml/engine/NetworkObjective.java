package dev.descent.spark.ml.engine;

import dev.descent.spark.ml.data.RowBlock;
import dev.descent.spark.ml.loss.Loss;
import dev.descent.spark.ml.nn.Dropout;
import dev.descent.spark.ml.nn.Network;
import java.util.Iterator;

/**
 * A neural network's data term: the step's rows are gathered, a chunk at a time, into a dense
 * column-major input matrix (standardized and centered on the way when the features are
 * standardized), which the network takes forward and back with level-3 BLAS.
 */
public final class NetworkObjective implements BatchObjective {

  /** Rows per forward/backward pass: large enough for dgemm to pay off. */
  private static final int CHUNK_ROWS = 256;
  private static final double[] ONE = {1.0};

  private final Network network;
  private final Loss loss;
  private final double[] scale;
  private final double[] centers;
  private final double dropout;

  /**
   * @param space the inputs' scales (standardization) and the centers subtracted from every
   *     scaled input row
   * @param dropout the dropout rate of training steps, 0 for none
   */
  public NetworkObjective(Network network, Loss loss, FeatureSpace space, double dropout) {
    this.network = network;
    this.loss = loss;
    this.scale = space.scale();
    this.centers = space.centers();
    this.dropout = dropout;
  }

  @Override
  public int numParameters() {
    return network.shape().numParameters();
  }

  /** Layer l's weights and biases are contiguous, weights first (see NetworkShape). */
  @Override
  public int[] layerStarts() {
    return network.shape().weightStarts();
  }

  @Override
  public String lossName() {
    return loss.name();
  }

  @Override
  public boolean stochastic() {
    return dropout > 0;
  }

  @Override
  public Evaluation at(double[] theta) {
    return new AtParameters(this, theta);
  }

  /** The network's parameters with the network itself: a task has nothing to compute first. */
  private record AtParameters(NetworkObjective objective, double[] theta) implements Evaluation {

    @Override
    public BatchGradient sum(Iterator<RowBlock> blocks, StepPlan plan, boolean training,
        long stepSeed) {
      return objective.sum(blocks, theta, plan, training, stepSeed);
    }

    @Override
    public long shippedBytes() {
      return 1024L + 8L * (theta.length + (objective.scale == null ? 0 : objective.scale.length)
          + (objective.centers == null ? 0 : objective.centers.length));
    }
  }

  private BatchGradient sum(Iterator<RowBlock> blocks, double[] theta, StepPlan plan,
      boolean training, long stepSeed) {
    int inputs = network.shape().numInputs();
    double[] gradient = new double[theta.length];
    double[] x = new double[inputs * CHUNK_ROWS];
    double[] labels = new double[CHUNK_ROWS];
    double[] weights = new double[CHUNK_ROWS];
    double lossSum = 0.0;
    double weightSum = 0.0;
    while (blocks.hasNext()) {
      RowBlock block = blocks.next();
      int[] slice = plan.slice(block.partition(), block.index());
      if (slice == null) {
        continue;
      }
      int[] order = plan.rowOrder(block.partition(), block.index(), block.numRows());
      for (int from = slice[0]; from < slice[1]; from += CHUNK_ROWS) {
        int n = Math.min(slice[1], from + CHUNK_ROWS) - from;
        java.util.Arrays.fill(x, 0, inputs * n, 0.0);
        for (int i = 0; i < n; i++) {
          int position = from + i;
          int row = order == null ? position : order[position];
          block.addRows(order, position, position + 1, ONE, 0, x, i * inputs);
          labels[i] = block.label(row);
          weights[i] = block.weight(row);
          weightSum += weights[i];
          for (int j = 0; scale != null && j < inputs; j++) {
            x[i * inputs + j] *= scale[j];
          }
          for (int j = 0; centers != null && j < inputs; j++) {
            x[i * inputs + j] -= centers[j];
          }
        }
        Dropout mask = training && dropout > 0
            ? new Dropout(dropout, Seeds.mix(stepSeed, block.partition(), block.index(), from))
            : null;
        lossSum += network.lossAndGradient(theta, x, n, labels, weights, loss, mask, gradient);
      }
    }
    return new BatchGradient(lossSum, weightSum, gradient);
  }
}
