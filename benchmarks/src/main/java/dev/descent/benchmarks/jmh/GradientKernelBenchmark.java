package dev.descent.benchmarks.jmh;

import dev.descent.spark.ml.data.DenseRowBlock;
import dev.descent.spark.ml.data.RowBlock;
import dev.descent.spark.ml.data.SparseRowBlock;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The per-block logistic gradient kernel as the engine runs it on a chunk of 512 rows: margins of
 * the selected rows ({@link RowBlock#dotRows}), the loss derivative per row, then the weighted
 * rows added to the gradient ({@link RowBlock#addRows}); for a dense block read as a contiguous
 * run (BLAS dgemv) or in a shuffled order (ddot/daxpy per row), for a CSR block, and, as the
 * reference, a plain Java loop over the same dense rows. Scores are microseconds per chunk.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class GradientKernelBenchmark {

  private static final int ROWS = 512;

  @Param({"100", "400"})
  public int features;

  private DenseRowBlock dense;
  private SparseRowBlock sparse;
  private double[] values;
  private double[] labels;
  private int[] shuffled;
  private double[] theta;
  private double[] gradient;
  private double[] margins;
  private double[] coefficients;

  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(1);
    values = new double[ROWS * features];
    labels = new double[ROWS];
    double[] weights = new double[ROWS];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextDouble(-1, 1);
    }
    for (int i = 0; i < ROWS; i++) {
      labels[i] = random.nextInt(2);
      weights[i] = 1.0;
    }
    dense = new DenseRowBlock(0, 0, labels, weights, features, values);
    // About 11% non-zero, like a9a.
    int[] starts = new int[ROWS + 1];
    int[] indices = new int[ROWS * features];
    double[] nonZeros = new double[ROWS * features];
    int n = 0;
    for (int i = 0; i < ROWS; i++) {
      for (int j = 0; j < features; j++) {
        if (random.nextDouble() < 0.11) {
          indices[n] = j;
          nonZeros[n++] = 1.0;
        }
      }
      starts[i + 1] = n;
    }
    sparse = new SparseRowBlock(0, 0, labels, weights, starts,
        java.util.Arrays.copyOf(indices, n), java.util.Arrays.copyOf(nonZeros, n));
    shuffled = new int[ROWS];
    for (int i = 0; i < ROWS; i++) {
      shuffled[i] = i;
    }
    for (int i = ROWS - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = shuffled[i];
      shuffled[i] = shuffled[j];
      shuffled[j] = t;
    }
    theta = new double[features];
    for (int j = 0; j < features; j++) {
      theta[j] = random.nextDouble(-0.1, 0.1);
    }
    gradient = new double[features];
    margins = new double[ROWS];
    coefficients = new double[ROWS];
  }

  private double[] kernel(RowBlock block, int[] order) {
    block.dotRows(order, 0, ROWS, theta, 0, margins, 0);
    for (int i = 0; i < ROWS; i++) {
      int row = order == null ? i : order[i];
      coefficients[i] = 1 / (1 + Math.exp(-margins[i])) - labels[row];
    }
    block.addRows(order, 0, ROWS, coefficients, 0, gradient, 0);
    return gradient;
  }

  @Benchmark
  public double[] denseContiguousDgemv() {
    return kernel(dense, null);
  }

  @Benchmark
  public double[] denseShuffledDdotDaxpy() {
    return kernel(dense, shuffled);
  }

  @Benchmark
  public double[] sparseCsrShuffled() {
    return kernel(sparse, shuffled);
  }

  @Benchmark
  public double[] plainJavaLoop() {
    for (int i = 0; i < ROWS; i++) {
      int base = i * features;
      double margin = 0.0;
      for (int j = 0; j < features; j++) {
        margin += theta[j] * values[base + j];
      }
      double d = 1 / (1 + Math.exp(-margin)) - labels[i];
      for (int j = 0; j < features; j++) {
        gradient[j] += d * values[base + j];
      }
    }
    return gradient;
  }
}
