package dev.descent.spark.ml.engine;

import java.io.Serializable;

/**
 * The rows one optimizer step reads, as slices of blocks per partition. A slice (block, from, to)
 * means positions [from, to) of that block's row order in this epoch: a seeded permutation of its
 * rows when shuffling, the stored order otherwise (then a slice is a contiguous run of rows,
 * which dense blocks read with one matrix-vector product).
 */
public final class StepPlan implements Serializable {

  private final int[][] slices;
  private final long rowOrderSeed;
  private final boolean shuffle;

  StepPlan(int[][] slices, long rowOrderSeed, boolean shuffle) {
    this.slices = slices;
    this.rowOrderSeed = rowOrderSeed;
    this.shuffle = shuffle;
  }

  /** A plan that reads every row of every block once, in stored order: one full pass. */
  static StepPlan everyRow(int[][] blockRows) {
    int[][] slices = new int[blockRows.length][];
    for (int p = 0; p < blockRows.length; p++) {
      slices[p] = new int[3 * blockRows[p].length];
      for (int b = 0; b < blockRows[p].length; b++) {
        slices[p][3 * b] = b;
        slices[p][3 * b + 2] = blockRows[p][b];
      }
    }
    return new StepPlan(slices, 0L, false);
  }

  /**
   * Where this step reads block {@code block} of {@code partition}: the positions {from, to} in
   * the block's row order for this epoch, or null if it reads none of its rows.
   */
  public int[] slice(int partition, int block) {
    int[] flat = partition < slices.length ? slices[partition] : new int[0];
    for (int i = 0; i < flat.length; i += 3) {
      if (flat[i] == block) {
        return new int[] {flat[i + 1], flat[i + 2]};
      }
    }
    return null;
  }

  /**
   * The block's row order in this epoch (position to row index), or null for the stored order:
   * then position i is row i.
   */
  public int[] rowOrder(int partition, int block, int numRows) {
    return shuffle ? Seeds.permutation(numRows, Seeds.mix(rowOrderSeed, partition, block)) : null;
  }

  /** Row indices of block {@code block} of {@code partition} that this step reads; empty if none. */
  public int[] rows(int partition, int block, int numRows) {
    int[] slice = slice(partition, block);
    if (slice == null) {
      return new int[0];
    }
    int[] order = rowOrder(partition, block, numRows);
    int[] rows = new int[slice[1] - slice[0]];
    for (int r = slice[0]; r < slice[1]; r++) {
      rows[r - slice[0]] = order == null ? r : order[r];
    }
    return rows;
  }
}
