package dev.descent.spark.ml.data;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.spark.util.AccumulatorV2;

/**
 * Brings each partition's {@link InputSummary} back to the driver from the pass that builds and
 * caches the blocks, so that the input is read once. Summaries are kept by partition: a partition
 * computed again (a retried task, or a cached block rebuilt after an executor was lost) replaces
 * its summary instead of counting its rows twice, and the driver merges them in partition order,
 * which makes the statistics the same bit for bit from run to run.
 */
final class PartitionSummaries extends AccumulatorV2<InputSummary, List<InputSummary>> {

  private final TreeMap<Integer, InputSummary> byPartition = new TreeMap<>();

  @Override
  public boolean isZero() {
    return byPartition.isEmpty();
  }

  @Override
  public PartitionSummaries copy() {
    PartitionSummaries copy = new PartitionSummaries();
    copy.byPartition.putAll(byPartition);
    return copy;
  }

  @Override
  public void reset() {
    byPartition.clear();
  }

  @Override
  public void add(InputSummary summary) {
    byPartition.put(summary.partition(), summary);
  }

  @Override
  public void merge(AccumulatorV2<InputSummary, List<InputSummary>> other) {
    for (InputSummary summary : other.value()) {
      add(summary);
    }
  }

  /** The summaries, in partition order. */
  @Override
  public List<InputSummary> value() {
    return new ArrayList<>(byPartition.values());
  }

  /** Whether every one of {@code numPartitions} partitions has reported. */
  boolean complete(int numPartitions) {
    return byPartition.size() == numPartitions
        && (numPartitions == 0 || byPartition.lastKey() == numPartitions - 1);
  }
}
