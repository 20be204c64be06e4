package dev.descent.spark.ml.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;

/**
 * Stacks rows into {@link RowBlock}s of at most {@code rowsPerBlock} rows, multiplying each
 * feature by its scale (1 / std under standardization, 0 for a constant feature) on the way in.
 * No centering, so sparse rows stay sparse, as in MLlib.
 */
final class BlockBuilder {

  private final int partition;
  private final int numFeatures;
  private final int rowsPerBlock;
  private final boolean sparse;
  private final double[] scale;
  private final List<RowBlock> blocks = new ArrayList<>();

  private int rows;
  private double[] labels;
  private double[] weights;
  private double[] dense;
  private final IntBuffer rowStarts = new IntBuffer();
  private final IntBuffer indices = new IntBuffer();
  private final DoubleBuffer values = new DoubleBuffer();

  BlockBuilder(int partition, int numFeatures, int rowsPerBlock, boolean sparse, double[] scale) {
    this.partition = partition;
    this.numFeatures = numFeatures;
    this.rowsPerBlock = rowsPerBlock;
    this.sparse = sparse;
    this.scale = scale;
    startBlock();
  }

  void add(double label, double weight, Vector features) {
    labels[rows] = label;
    weights[rows] = weight;
    if (features instanceof SparseVector sv) {
      addValues(sv.indices(), sv.values());
    } else {
      addValues(null, ((DenseVector) features).values());
    }
    rows++;
    if (sparse) {
      rowStarts.add(values.size());
    }
    if (rows == rowsPerBlock) {
      finishBlock();
      startBlock();
    }
  }

  /** Adds one row's non-zeros; {@code featureIndices} null means dense values. */
  private void addValues(int[] featureIndices, double[] featureValues) {
    int base = rows * numFeatures;
    for (int p = 0; p < featureValues.length; p++) {
      int j = featureIndices == null ? p : featureIndices[p];
      double x = scale == null ? featureValues[p] : featureValues[p] * scale[j];
      if (x == 0.0) {
        continue;
      }
      if (sparse) {
        indices.add(j);
        values.add(x);
      } else {
        dense[base + j] = x;
      }
    }
  }

  /** The blocks built so far, including a last partial one. */
  List<RowBlock> finish() {
    if (rows > 0) {
      finishBlock();
    }
    return blocks;
  }

  private void startBlock() {
    rows = 0;
    labels = new double[rowsPerBlock];
    weights = new double[rowsPerBlock];
    if (sparse) {
      rowStarts.clear();
      rowStarts.add(0);
      indices.clear();
      values.clear();
    } else {
      dense = new double[rowsPerBlock * numFeatures];
    }
  }

  private void finishBlock() {
    double[] blockLabels = Arrays.copyOf(labels, rows);
    double[] blockWeights = Arrays.copyOf(weights, rows);
    int index = blocks.size();
    blocks.add(sparse
        ? new SparseRowBlock(partition, index, blockLabels, blockWeights,
            rowStarts.toArray(), indices.toArray(), values.toArray())
        : new DenseRowBlock(partition, index, blockLabels, blockWeights, numFeatures,
            rows == rowsPerBlock ? dense : Arrays.copyOf(dense, rows * numFeatures)));
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
