package dev.descent.spark.ml.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Splits each epoch into mini-batches of exactly {@code batchSize} rows (the last one smaller),
 * drawn from every partition in proportion to its size and read without scanning the rest.
 *
 * <p>Within an epoch each partition visits its rows in an order fixed by the seed: its blocks in
 * a shuffled order and each block's rows shuffled, or the stored order without shuffling. Row j
 * (0-based) of a partition of n rows is given the virtual time (j + 1/2) / n, and the epoch visits
 * all rows by increasing virtual time, ties broken by partition index (the Sainte-Lague
 * apportionment). Every row is used exactly once per epoch, and after r rows a partition holding
 * the fraction f of the rows has given within (1 + P f) / 2 rows of its quota r f, where P counts
 * the non-empty partitions; so a step takes each partition's share up to 1 + P f rows (two rows
 * for equal partitions).
 */
public final class BatchPlanner {

  private final int[][] blockRows;
  private final long[] partitionRows;
  private final long numRows;
  private final long batchSize;
  private final boolean shuffle;
  private final long seed;

  public BatchPlanner(int[][] blockRows, long batchSize, boolean shuffle, long seed) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
    }
    this.blockRows = blockRows;
    this.partitionRows = new long[blockRows.length];
    long total = 0;
    for (int p = 0; p < blockRows.length; p++) {
      for (int rows : blockRows[p]) {
        partitionRows[p] += rows;
      }
      total += partitionRows[p];
    }
    this.numRows = total;
    this.batchSize = Math.min(batchSize, Math.max(1, total));
    this.shuffle = shuffle;
    this.seed = seed;
  }

  /** Optimizer steps per epoch: ceil(rows / batchSize); 1 for full-batch gradient descent. */
  public int stepsPerEpoch() {
    return (int) ((numRows + batchSize - 1) / batchSize);
  }

  /** The plans of every step of epoch {@code epoch} (1-based), computed lazily one at a time. */
  public java.util.Iterator<StepPlan> epoch(int epoch) {
    return new EpochIterator(epoch);
  }

  private final class EpochIterator implements java.util.Iterator<StepPlan> {
    private final int epoch;
    private final int[][] blockOrder;
    private final long[] taken = new long[partitionRows.length];
    private long rowsTaken;

    EpochIterator(int epoch) {
      this.epoch = epoch;
      this.blockOrder = new int[blockRows.length][];
      for (int p = 0; p < blockRows.length; p++) {
        blockOrder[p] = shuffle
            ? Seeds.permutation(blockRows[p].length, Seeds.mix(seed, epoch, p, -1))
            : Seeds.identity(blockRows[p].length);
      }
    }

    @Override
    public boolean hasNext() {
      return rowsTaken < numRows;
    }

    @Override
    public StepPlan next() {
      if (!hasNext()) {
        throw new java.util.NoSuchElementException("epoch " + epoch + " has no more steps");
      }
      long target = Math.min(numRows, rowsTaken + batchSize);
      long[] before = taken.clone();
      advanceTo(target);
      int[][] slices = new int[partitionRows.length][];
      for (int p = 0; p < partitionRows.length; p++) {
        slices[p] = slices(p, before[p], taken[p]);
      }
      rowsTaken = target;
      return new StepPlan(slices, Seeds.mix(seed, epoch, -2), shuffle);
    }

    /** Takes rows in virtual-time order until {@code target} rows of the epoch are taken. */
    private void advanceTo(long target) {
      // Jump each partition to a count that is certainly among the first `target` rows (its
      // virtual time is below that of the target-th row), then finish greedily; this keeps a
      // step's planning cost at O(partitions log partitions) whatever the batch size.
      long sum = 0;
      int numPartitions = partitionRows.length;
      for (int p = 0; p < numPartitions; p++) {
        double share = (target - numPartitions) * (double) partitionRows[p] / numRows - 2;
        taken[p] = Math.max(taken[p], Math.min(partitionRows[p], (long) Math.max(0, share)));
        sum += taken[p];
      }
      PriorityQueue<Integer> next = new PriorityQueue<>(Math.max(1, numPartitions),
          (a, b) -> compareNext(a, b));
      for (int p = 0; p < numPartitions; p++) {
        if (taken[p] < partitionRows[p]) {
          next.add(p);
        }
      }
      while (sum < target) {
        int p = next.poll();
        taken[p]++;
        sum++;
        if (taken[p] < partitionRows[p]) {
          next.add(p);
        }
      }
    }

    /** Orders partitions by the virtual time (2 taken + 1) / (2 n) of their next row. */
    private int compareNext(int a, int b) {
      int byTime = compareProducts(2 * taken[a] + 1, partitionRows[b],
          2 * taken[b] + 1, partitionRows[a]);
      return byTime != 0 ? byTime : Integer.compare(a, b);
    }

    /** Compares x1 * y1 with x2 * y2 for non-negative longs, exactly (128-bit products). */
    private static int compareProducts(long x1, long y1, long x2, long y2) {
      long high1 = Math.multiplyHigh(x1, y1);
      long high2 = Math.multiplyHigh(x2, y2);
      return high1 != high2
          ? Long.compare(high1, high2)
          : Long.compareUnsigned(x1 * y1, x2 * y2);
    }

    /** Slices (block, from, to) covering positions [from, to) of partition p's epoch order. */
    private int[] slices(int p, long from, long to) {
      List<Integer> flat = new ArrayList<>();
      long start = 0;
      for (int block : blockOrder[p]) {
        long end = start + blockRows[p][block];
        long lo = Math.max(from, start);
        long hi = Math.min(to, end);
        if (lo < hi) {
          flat.add(block);
          flat.add((int) (lo - start));
          flat.add((int) (hi - start));
        }
        if (end >= to) {
          break;
        }
        start = end;
      }
      return flat.stream().mapToInt(Integer::intValue).toArray();
    }
  }
}
