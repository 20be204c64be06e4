package dev.descent.spark.ml.engine;

import dev.descent.spark.ml.data.RowBlock;
import dev.descent.spark.ml.loss.Loss;

/**
 * Sums, on an executor, the weighted loss and its gradient over the rows of one mini-batch that
 * sit in one partition, reading only the rows the step plan names. Rows go through in chunks: the
 * block computes the chunk's margins in one call (a matrix-vector product for a contiguous run of
 * dense rows), the loss turns them into per-row derivatives, and the block adds the rows, weighted
 * by those derivatives, to the gradient in one more call. Nothing is allocated per row.
 */
final class GradientAggregator {

  /** Rows per chunk: enough to amortise a BLAS call, few enough to stay in the CPU cache. */
  private static final int CHUNK_ROWS = 512;
  /** The most margins a chunk holds: with very many outputs, chunks take fewer rows. */
  private static final int MAX_CHUNK_VALUES = 1 << 20;

  private final Loss loss;
  private final ParameterLayout layout;
  private final double[] theta;
  private final double[] marginOffsets;
  private final double[] gradient;
  private final double[] chunkMargins;
  private final double[] chunkCoefficients;
  private final int chunkRows;
  private final double[] rowMargins;
  private final double[] rowGradient;

  private double lossSum;
  private double weightSum;

  /**
   * @param theta the parameters the gradient is taken at; read, never written
   * @param marginOffsets a constant added to each output's margin (the centering term), or null
   */
  GradientAggregator(Loss loss, ParameterLayout layout, double[] theta, double[] marginOffsets) {
    int outputs = layout.numOutputs();
    this.loss = loss;
    this.layout = layout;
    this.theta = theta;
    this.marginOffsets = marginOffsets;
    this.gradient = new double[layout.size()];
    this.chunkRows = Math.max(1, Math.min(CHUNK_ROWS, MAX_CHUNK_VALUES / outputs));
    this.chunkMargins = new double[outputs * chunkRows];
    this.chunkCoefficients = new double[outputs * chunkRows];
    this.rowMargins = new double[outputs];
    this.rowGradient = new double[outputs];
  }

  /** Adds the rows of {@code block} that {@code plan} reads. */
  void add(RowBlock block, StepPlan plan) {
    int[] slice = plan.slice(block.partition(), block.index());
    if (slice == null) {
      return;
    }
    int[] order = plan.rowOrder(block.partition(), block.index(), block.numRows());
    for (int from = slice[0]; from < slice[1]; from += chunkRows) {
      addChunk(block, order, from, Math.min(slice[1], from + chunkRows));
    }
  }

  private void addChunk(RowBlock block, int[] order, int from, int to) {
    int outputs = layout.numOutputs();
    int n = to - from;
    for (int k = 0; k < outputs; k++) {
      block.dotRows(order, from, to, theta, layout.coefficientOffset(k), chunkMargins, k * n);
    }
    int interceptOffset = layout.numCoefficients();
    for (int i = 0; i < n; i++) {
      int row = order == null ? from + i : order[from + i];
      double weight = block.weight(row);
      if (weight == 0) {
        for (int k = 0; k < outputs; k++) {
          chunkCoefficients[k * n + i] = 0.0;
        }
        continue;
      }
      for (int k = 0; k < outputs; k++) {
        rowMargins[k] = chunkMargins[k * n + i] + layout.intercept(theta, k)
            + (marginOffsets == null ? 0.0 : marginOffsets[k]);
      }
      lossSum += weight * loss.lossAndGradient(rowMargins, block.label(row), rowGradient);
      weightSum += weight;
      for (int k = 0; k < outputs; k++) {
        double g = weight * rowGradient[k];
        chunkCoefficients[k * n + i] = g;
        if (layout.fitIntercept()) {
          gradient[interceptOffset + k] += g;
        }
      }
    }
    for (int k = 0; k < outputs; k++) {
      block.addRows(order, from, to, chunkCoefficients, k * n, gradient,
          layout.coefficientOffset(k));
    }
  }

  /** The sums so far; this aggregator must not be used afterwards. */
  BatchGradient result() {
    return new BatchGradient(lossSum, weightSum, gradient);
  }
}
