package dev.descent.spark.ml.data;

import java.io.Serializable;
import java.util.TreeMap;
import org.apache.spark.util.AccumulatorV2;

/**
 * Brings each partition's count of rows skipped by {@code handleInvalid=skip}, and why its first
 * one was, back to the driver from the pass that builds and caches the blocks (skipped rows are
 * in no block, so the summary of the blocks cannot count them). Counts are kept by partition: a
 * partition computed again (a retried task, or a cached block rebuilt after an executor was
 * lost) replaces its count instead of adding it twice. A few numbers per partition, whatever the
 * width of the data.
 */
final class SkippedRows extends AccumulatorV2<SkippedRows.Partition, Long> {

  /** One partition's skipped rows and the problem of its first one (null when none). */
  record Partition(int index, long count, String firstProblem) implements Serializable {}

  private final TreeMap<Integer, Partition> byPartition = new TreeMap<>();

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

  @Override
  public void add(Partition partition) {
    byPartition.put(partition.index(), partition);
  }

  @Override
  public void merge(AccumulatorV2<Partition, Long> other) {
    byPartition.putAll(((SkippedRows) other).byPartition);
  }

  /** The rows skipped in all partitions. */
  @Override
  public Long value() {
    return byPartition.values().stream().mapToLong(Partition::count).sum();
  }

  /** The problem of the first skipped row of the first partition that skipped one, or null. */
  String firstProblem() {
    return byPartition.values().stream().map(Partition::firstProblem)
        .filter(problem -> problem != null).findFirst().orElse(null);
  }

  /** Whether every one of {@code numPartitions} partitions has reported. */
  boolean complete(int numPartitions) {
    return byPartition.size() == numPartitions
        && (numPartitions == 0 || byPartition.lastKey() == numPartitions - 1);
  }
}
