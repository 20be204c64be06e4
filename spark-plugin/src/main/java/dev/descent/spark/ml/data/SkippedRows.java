package dev.descent.spark.ml.data;

import java.util.TreeMap;
import org.apache.spark.util.AccumulatorV2;

/**
 * Brings each partition's count of rows skipped by {@code handleInvalid=skip} back to the driver
 * from the pass that builds and caches the blocks (skipped rows are in no block, so the summary
 * of the blocks cannot count them). Counts are kept by partition: a partition computed again (a
 * retried task, or a cached block rebuilt after an executor was lost) replaces its count instead
 * of adding it twice. Two numbers per partition, whatever the width of the data.
 */
final class SkippedRows extends AccumulatorV2<long[], Long> {

  private final TreeMap<Integer, Long> byPartition = new TreeMap<>();

  @Override
  public boolean isZero() {
    return byPartition.isEmpty();
  }

  @Override
  public SkippedRows copy() {
    SkippedRows copy = new SkippedRows();
    copy.byPartition.putAll(byPartition);
    return copy;
  }

  @Override
  public void reset() {
    byPartition.clear();
  }

  /** Records {partition, skipped rows}. */
  @Override
  public void add(long[] partitionAndCount) {
    byPartition.put((int) partitionAndCount[0], partitionAndCount[1]);
  }

  @Override
  public void merge(AccumulatorV2<long[], Long> other) {
    byPartition.putAll(((SkippedRows) other).byPartition);
  }

  /** The rows skipped in all partitions. */
  @Override
  public Long value() {
    return byPartition.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Whether every one of {@code numPartitions} partitions has reported. */
  boolean complete(int numPartitions) {
    return byPartition.size() == numPartitions
        && (numPartitions == 0 || byPartition.lastKey() == numPartitions - 1);
  }
}
