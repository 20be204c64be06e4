package dev.descent.spark.ml.util;

import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function0;
import org.apache.spark.api.java.function.Function2;

/**
 * Aggregation whose result does not depend on the order in which tasks finish. Spark's
 * {@code aggregate} and {@code treeAggregate} merge partition results as they arrive, so a sum of
 * doubles can differ in its last bits from one run to the next; here each partition folds its
 * rows in order, and the driver merges the partition results in partition order. Use it where the
 * result feeds training (feature statistics, objectives): it makes a fit reproducible bit for bit
 * and lets a resumed run match an uninterrupted one exactly.
 */
public final class PartitionOrder {

  private PartitionOrder() {}

  /**
   * Folds every row of {@code rdd} into a fresh {@code zero()} per partition with {@code add},
   * then merges the partitions' results in partition order with {@code merge}.
   */
  public static <T, A extends Serializable> A aggregate(JavaRDD<T> rdd, Function0<A> zero,
      Function2<A, T, A> add, Function2<A, A, A> merge) {
    List<A> parts = rdd.mapPartitions((Iterator<T> rows) -> {
      A acc = zero.call();
      while (rows.hasNext()) {
        acc = add.call(acc, rows.next());
      }
      return List.of(acc).iterator();
    }).collect();
    try {
      A total = zero.call();
      for (A part : parts) {
        total = merge.call(total, part);
      }
      return total;
    } catch (Exception e) {
      throw PartitionOrder.<RuntimeException>sneaky(e);
    }
  }

  /** Rethrows {@code e} as it is: Spark's functions declare {@code Exception}. */
  @SuppressWarnings("unchecked")
  private static <E extends Exception> E sneaky(Exception e) throws E {
    throw (E) e;
  }
}
