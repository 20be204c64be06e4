package dev.descent.spark.ml.engine;

import static dev.descent.spark.ml.Assertions2.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.spark.ml.data.DenseRowBlock;
import dev.descent.spark.ml.data.RowBlock;
import dev.descent.spark.ml.data.SparseRowBlock;
import dev.descent.spark.ml.loss.Loss;
import dev.descent.spark.ml.loss.LogLoss;
import dev.descent.spark.ml.loss.SoftmaxLoss;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The chunked block kernels (dgemv on contiguous runs, ddot/daxpy on shuffled rows, CSR loops)
 * give the same sums as a row-by-row computation, and a batch's sums survive serialization,
 * dense or sparse.
 */
class GradientAggregatorTest {

  private static final int ROWS = 1300; // more than two chunks of 512
  private static final int FEATURES = 7;

  private final Random random = new Random(3);
  private final double[][] x = new double[ROWS][FEATURES];
  private final double[] labels = new double[ROWS];
  private final double[] weights = new double[ROWS];

  GradientAggregatorTest() {
    for (int i = 0; i < ROWS; i++) {
      for (int j = 0; j < FEATURES; j++) {
        x[i][j] = random.nextDouble() < 0.4 ? random.nextGaussian() : 0.0;
      }
      labels[i] = random.nextInt(3);
      weights[i] = random.nextDouble() < 0.1 ? 0.0 : 0.5 + random.nextDouble();
    }
  }

  private DenseRowBlock dense() {
    double[] values = new double[ROWS * FEATURES];
    for (int i = 0; i < ROWS; i++) {
      System.arraycopy(x[i], 0, values, i * FEATURES, FEATURES);
    }
    return new DenseRowBlock(0, 0, labels, weights, FEATURES, values);
  }

  private SparseRowBlock sparse() {
    int[] starts = new int[ROWS + 1];
    int[] indices = new int[ROWS * FEATURES];
    double[] values = new double[ROWS * FEATURES];
    int n = 0;
    for (int i = 0; i < ROWS; i++) {
      for (int j = 0; j < FEATURES; j++) {
        if (x[i][j] != 0) {
          indices[n] = j;
          values[n++] = x[i][j];
        }
      }
      starts[i + 1] = n;
    }
    return new SparseRowBlock(0, 0, labels, weights, starts, java.util.Arrays.copyOf(indices, n),
        java.util.Arrays.copyOf(values, n));
  }

  /** The sums over rows {@code rows}, one row at a time. */
  private double[] naive(Loss loss, ParameterLayout layout, double[] theta, int[] rows) {
    int k = layout.numOutputs();
    double[] sums = new double[layout.size() + 2];
    double[] margins = new double[k];
    double[] derivative = new double[k];
    for (int row : rows) {
      if (weights[row] == 0) {
        continue;
      }
      for (int o = 0; o < k; o++) {
        margins[o] = layout.intercept(theta, o);
        for (int j = 0; j < FEATURES; j++) {
          margins[o] += x[row][j] * theta[layout.coefficientOffset(o) + j];
        }
      }
      sums[layout.size()] += weights[row] * loss.lossAndGradient(margins, labels[row], derivative);
      sums[layout.size() + 1] += weights[row];
      for (int o = 0; o < k; o++) {
        for (int j = 0; j < FEATURES; j++) {
          sums[layout.coefficientOffset(o) + j] += weights[row] * derivative[o] * x[row][j];
        }
        sums[layout.numCoefficients() + o] += weights[row] * derivative[o];
      }
    }
    return sums;
  }

  private void check(RowBlock block, Loss loss, boolean shuffle) {
    ParameterLayout layout = new ParameterLayout(FEATURES, loss.numOutputs(), true);
    double[] theta = new double[layout.size()];
    for (int i = 0; i < theta.length; i++) {
      theta[i] = 0.3 * random.nextGaussian();
    }
    int[][] blockRows = {{ROWS}};
    StepPlan plan = new BatchPlanner(blockRows, 1100, shuffle, 9).epoch(2).next();
    GradientAggregator aggregator = new GradientAggregator(loss, layout, theta, null);
    aggregator.add(block, plan);
    BatchGradient batch = aggregator.result();
    double[] expected = naive(loss, layout, theta, plan.rows(0, 0, ROWS));
    double[] actual = java.util.Arrays.copyOf(batch.gradientSum(), layout.size() + 2);
    actual[layout.size()] = batch.lossSum();
    actual[layout.size() + 1] = batch.weightSum();
    assertClose(expected, actual, 1e-12, block.getClass().getSimpleName() + " shuffle=" + shuffle);
  }

  @Test
  void denseAndSparseKernelsMatchRowByRowSums() {
    for (boolean shuffle : new boolean[] {false, true}) {
      for (Loss loss : new Loss[] {new LogLoss(), new SoftmaxLoss(3)}) {
        if (loss instanceof LogLoss) {
          for (int i = 0; i < ROWS; i++) {
            labels[i] = Math.min(labels[i], 1.0);
          }
        }
        check(dense(), loss, shuffle);
        check(sparse(), loss, shuffle);
      }
    }
  }

  private static BatchGradient roundTrip(BatchGradient batch) {
    return BatchGradient.COMBINER.decode(BatchGradient.COMBINER.encode(batch));
  }

  @Test
  void mergingASparsePayloadGivesTheDenseSumToTheLastBit() {
    java.util.Random random = new java.util.Random(12);
    for (double density : new double[] {0.002, 0.5, 1.0}) {
      double[] left = new double[5000];
      double[] right = new double[5000];
      for (int i = 0; i < left.length; i++) {
        // Negative zeros on both sides: adding +0.0 turns -0.0 into +0.0, -0.0 + -0.0 stays.
        left[i] = i % 3 == 0 ? -0.0 : random.nextGaussian();
        if (random.nextDouble() < density) {
          right[i] = i % 5 == 0 ? -0.0 : random.nextGaussian();
        }
      }
      double[] expected = left.clone();
      for (int i = 0; i < expected.length; i++) {
        expected[i] += right[i];
      }
      BatchGradient merged = BatchGradient.COMBINER.mergeEncoded(
          new BatchGradient(1.0, 2.0, left.clone()),
          BatchGradient.COMBINER.encode(new BatchGradient(0.5, 1.0, right)));
      assertEquals(1.5, merged.lossSum());
      assertEquals(3.0, merged.weightSum());
      for (int i = 0; i < expected.length; i++) {
        assertEquals(Double.doubleToRawLongBits(expected[i]),
            Double.doubleToRawLongBits(merged.gradientSum()[i]), "density " + density + ", " + i);
      }
    }
  }

  @Test
  void sumsSurviveEncodingDenseOrSparseToTheLastBit() {
    double[] dense = {1.5, -2.0, -0.0, 4.25};
    double[] sparse = new double[10_000];
    sparse[3] = -1.0;
    sparse[9_999] = 2.5;
    sparse[17] = -0.0;
    for (double[] gradient : new double[][] {dense, sparse}) {
      BatchGradient back = roundTrip(new BatchGradient(3.5, 2.0, gradient.clone()));
      assertEquals(3.5, back.lossSum());
      assertEquals(2.0, back.weightSum());
      assertArrayEquals(gradient, back.gradientSum());
    }
    int bytes = BatchGradient.COMBINER.encode(new BatchGradient(0, 1, sparse)).length;
    assertTrue(bytes < 100, "a 3-non-zero gradient of 10,000 entries took " + bytes + " bytes");
  }
}
