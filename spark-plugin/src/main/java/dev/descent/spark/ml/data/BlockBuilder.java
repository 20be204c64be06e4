package dev.descent.spark.ml.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;

/**
 * Stacks one partition's rows, as they are, into {@link RowBlock}s of at most {@code
 * maxBlockBytes} each. Standardization is not applied here but by the objectives, to parameters
 * and gradients (as MLlib's aggregators do), so the blocks can be built in the same pass that
 * gathers the feature statistics.
 *
 * <p>Each block picks its own layout when it is finished: compressed sparse rows when fewer than
 * two thirds of its values are non-zero (a non-zero costs 12 bytes there, index and value,
 * against 8 bytes per value densely), dense rows otherwise. A block collects its rows in the
 * layout of its first row's vector and is converted at the end if its density calls for the other.
 */
final class BlockBuilder {

  /** Bytes a row costs besides its features: label and weight. */
  private static final int ROW_BYTES = 16;
  /**
   * Rows a dense block first has room for; it doubles up to {@code maxDenseRows}, so that a
   * partition of 3 rows does not allocate a block of a megabyte (or of maxBlockSizeInMB).
   */
  private static final int FIRST_DENSE_ROWS = 16;

  private final int partition;
  private final int numFeatures;
  private final long maxBlockBytes;
  private final int maxDenseRows;
  private final List<RowBlock> blocks = new ArrayList<>();

  private int rows;
  private long nonZeros;
  private double[] labels = new double[16];
  private double[] weights = new double[16];
  /** The rows so far when the block collects densely, else null. */
  private double[] dense;
  private final IntBuffer rowStarts = new IntBuffer();
  private final IntBuffer indices = new IntBuffer();
  private final DoubleBuffer values = new DoubleBuffer();

  BlockBuilder(int partition, int numFeatures, double maxBlockSizeInMB) {
    this.partition = partition;
    this.numFeatures = numFeatures;
    this.maxBlockBytes = (long) Math.max(1.0, maxBlockSizeInMB * 1024 * 1024);
    this.maxDenseRows = (int) Math.max(1, Math.min(maxBlockBytes / (ROW_BYTES + 8L * numFeatures),
        (Integer.MAX_VALUE - 8) / Math.max(1, numFeatures)));
  }

  void add(double label, double weight, Vector features) {
    if (rows == 0) {
      startBlock(features instanceof DenseVector);
    }
    if (rows == labels.length) {
      labels = Arrays.copyOf(labels, 2 * rows);
      weights = Arrays.copyOf(weights, 2 * rows);
    }
    if (dense != null && (long) rows * numFeatures == dense.length) {
      dense = Arrays.copyOf(dense, Math.min(maxDenseRows, 2 * rows) * numFeatures);
    }
    labels[rows] = label;
    weights[rows] = weight;
    if (features instanceof SparseVector sv) {
      addValues(sv.indices(), sv.values());
    } else {
      addValues(null, ((DenseVector) features).values());
    }
    rows++;
    if (dense == null) {
      rowStarts.add(values.size());
    }
    boolean full = dense != null
        ? rows == maxDenseRows
        : 12L * values.size() + (4L + ROW_BYTES) * rows >= maxBlockBytes;
    if (full) {
      finishBlock();
    }
  }

  /** Adds one row's non-zeros; {@code featureIndices} null means dense values. */
  private void addValues(int[] featureIndices, double[] featureValues) {
    int base = rows * numFeatures;
    for (int p = 0; p < featureValues.length; p++) {
      double x = featureValues[p];
      if (x == 0.0) {
        continue;
      }
      int j = featureIndices == null ? p : featureIndices[p];
      nonZeros++;
      if (dense != null) {
        dense[base + j] = x;
      } else {
        indices.add(j);
        values.add(x);
      }
    }
  }

  /** Rows the block being collected densely has room for; 0 when none is. */
  int denseRowsReserved() {
    return dense == null ? 0 : dense.length / Math.max(1, numFeatures);
  }

  /** The blocks built so far, including a last partial one. */
  List<RowBlock> finish() {
    if (rows > 0) {
      finishBlock();
    }
    return blocks;
  }

  private void startBlock(boolean collectDensely) {
    nonZeros = 0;
    if (collectDensely) {
      dense = new double[Math.min(maxDenseRows, FIRST_DENSE_ROWS) * numFeatures];
    } else {
      dense = null;
      rowStarts.clear();
      rowStarts.add(0);
      indices.clear();
      values.clear();
    }
  }

  private void finishBlock() {
    double[] blockLabels = Arrays.copyOf(labels, rows);
    double[] blockWeights = Arrays.copyOf(weights, rows);
    int index = blocks.size();
    boolean sparse = nonZeros < (2.0 / 3.0) * rows * (double) numFeatures;
    if (dense != null && sparse) {
      collectSparsely();
    }
    if (sparse) {
      blocks.add(new SparseRowBlock(partition, index, blockLabels, blockWeights,
          rowStarts.toArray(), indices.toArray(), values.toArray()));
    } else {
      double[] blockValues = dense != null ? dense : denseValues();
      blocks.add(new DenseRowBlock(partition, index, blockLabels, blockWeights, numFeatures,
          blockValues.length == rows * numFeatures ? blockValues
              : Arrays.copyOf(blockValues, rows * numFeatures)));
    }
    dense = null;
    rows = 0;
  }

  /** Moves the densely collected rows into the sparse buffers. */
  private void collectSparsely() {
    rowStarts.clear();
    rowStarts.add(0);
    indices.clear();
    values.clear();
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < numFeatures; j++) {
        double x = dense[i * numFeatures + j];
        if (x != 0.0) {
          indices.add(j);
          values.add(x);
        }
      }
      rowStarts.add(values.size());
    }
  }

  /** The sparsely collected rows, laid out densely. */
  private double[] denseValues() {
    double[] result = new double[rows * numFeatures];
    int[] starts = rowStarts.data;
    for (int i = 0; i < rows; i++) {
      for (int p = starts[i]; p < starts[i + 1]; p++) {
        result[i * numFeatures + indices.data[p]] = values.data[p];
      }
    }
    return result;
  }

  /** A growable int array. */
  private static final class IntBuffer {
    private int[] data = new int[16];
    private int size;

    void add(int value) {
      if (size == data.length) {
        data = Arrays.copyOf(data, size * 2);
      }
      data[size++] = value;
    }

    void clear() {
      size = 0;
    }

    int[] toArray() {
      return Arrays.copyOf(data, size);
    }
  }

  /** A growable double array. */
  private static final class DoubleBuffer {
    private double[] data = new double[16];
    private int size;

    void add(double value) {
      if (size == data.length) {
        data = Arrays.copyOf(data, size * 2);
      }
      data[size++] = value;
    }

    int size() {
      return size;
    }

    void clear() {
      size = 0;
    }

    double[] toArray() {
      return Arrays.copyOf(data, size);
    }
  }
}
