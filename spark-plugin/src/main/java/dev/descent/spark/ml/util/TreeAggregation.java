package dev.descent.spark.ml.util;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function;
import scala.Tuple2;

/**
 * Sums over partitions in a tree whose shape, and so whose floating-point result, depends only on
 * the number of partitions and the depth, not on which task finishes first. Spark's
 * {@code treeAggregate} merges results as they arrive, so a sum of doubles can differ in its last
 * bits from run to run; collecting every partition's result on the driver instead makes the
 * driver hold partitions x size. Here each partition folds its rows in order into one result,
 * encoded as a {@link Payload}; then, as in MLlib's {@code aggregationDepth}, rounds on the
 * executors merge groups of {@code fanIn = max(2, ceil(P^(1 / depth)))} consecutive results, each
 * group in index order, until few enough are left for the driver, which merges those in order.
 * With depth 1 (or few partitions, see {@link #rounds}) there is no round: the driver merges the
 * partitions' results in partition order. A seeded fit is then reproducible bit for bit, and a
 * resumed run matches an uninterrupted one.
 */
public final class TreeAggregation {

  /** How partial results merge and travel. */
  public interface Combiner<A> extends Serializable {

    byte[] encode(A value);

    A decode(byte[] bytes);

    /** Merges {@code right} into {@code left}, which it may modify, and returns the result. */
    A merge(A left, A right);

    /**
     * Merges the encoded {@code right} into {@code left} as {@link #merge} would merge it
     * decoded; a sum can add it without allocating it.
     */
    default A mergeEncoded(A left, byte[] right) {
      return merge(left, decode(right));
    }
  }

  private TreeAggregation() {}

  /** Results merged in one group: MLlib's {@code treeAggregate} scale. */
  public static int fanIn(int partitions, int depth) {
    if (depth < 1) {
      throw new IllegalArgumentException("aggregationDepth must be at least 1, got " + depth);
    }
    return Math.max(2, (int) Math.ceil(Math.pow(partitions, 1.0 / depth)));
  }

  /**
   * The number of results after each round on the executors, for {@code partitions} partial
   * results: as in {@code treeAggregate}, rounds go on while more than {@code fanIn + ceil(n /
   * fanIn)} are left (a round would not save the driver much below that), and here also while
   * more than {@code maxAtDriver} are.
   */
  public static List<Integer> rounds(int partitions, int depth, int maxAtDriver) {
    int fanIn = fanIn(partitions, depth);
    int limit = Math.max(1, maxAtDriver);
    List<Integer> rounds = new ArrayList<>();
    for (int n = partitions; n > limit || n > fanIn + (n + fanIn - 1) / fanIn; ) {
      n = (n + fanIn - 1) / fanIn;
      rounds.add(n);
    }
    return rounds;
  }

  /** How many results the driver merges: what is left after the {@link #rounds}. */
  public static int resultsAtDriver(int partitions, int depth, int maxAtDriver) {
    List<Integer> rounds = rounds(partitions, depth, maxAtDriver);
    return rounds.isEmpty() ? partitions : rounds.get(rounds.size() - 1);
  }

  /**
   * Folds each partition of {@code rdd} with {@code fold} and merges the results in the tree, the
   * driver receiving at most the fan-in's number of them.
   */
  public static <T, A> A aggregate(JavaRDD<T> rdd, int depth,
      Function<Iterator<T>, A> fold, Combiner<A> combiner) {
    return aggregate(rdd, depth, Integer.MAX_VALUE, fold, combiner);
  }

  /**
   * As {@link #aggregate(JavaRDD, int, Function, Combiner)}, with more rounds when needed so
   * that the driver receives at most {@code maxAtDriver} results (for large partial results
   * such as feature statistics).
   */
  public static <T, A> A aggregate(JavaRDD<T> rdd, int depth, int maxAtDriver,
      Function<Iterator<T>, A> fold, Combiner<A> combiner) {
    int partitions = rdd.getNumPartitions();
    if (partitions == 0) {
      try {
        return fold.call(Collections.emptyIterator());
      } catch (Exception e) {
        throw sneaky(e);
      }
    }
    JavaRDD<Tuple2<Integer, byte[]>> results = rdd.mapPartitionsWithIndex((index, rows) ->
        List.of(new Tuple2<>(index, combiner.encode(fold.call(rows)))).iterator(), true);
    int fanIn = fanIn(partitions, depth);
    for (int groups : rounds(partitions, depth, maxAtDriver)) {
      results = results
          .mapToPair(result -> new Tuple2<>(result._1() / fanIn, result))
          .partitionBy(new HashPartitioner(groups))
          .mapPartitionsWithIndex((group, members) -> {
            // Group g holds results g * fanIn to (g + 1) * fanIn - 1, never none.
            List<Tuple2<Integer, byte[]>> inGroup = new ArrayList<>();
            members.forEachRemaining(member -> inGroup.add(member._2()));
            return List.of(new Tuple2<>(group,
                combiner.encode(mergeInOrder(inGroup, combiner)))).iterator();
          }, true);
    }
    return mergeInOrder(new ArrayList<>(results.collect()), combiner);
  }

  /** Decodes and merges {@code results} in the order of their indices. */
  private static <A> A mergeInOrder(List<Tuple2<Integer, byte[]>> results,
      Combiner<A> combiner) {
    results.sort(Comparator.comparing(Tuple2::_1));
    List<byte[]> inOrder = new ArrayList<>(results.size());
    results.forEach(result -> inOrder.add(result._2()));
    return merge(inOrder, combiner);
  }

  /**
   * Merges one group of encoded results, already in index order, as every merge of the tree
   * does: the first decoded, each next merged into it. Whoever follows the tree's shape with this
   * (the tasks of a barrier stage) gets its sums bit for bit.
   */
  public static <A> A merge(List<byte[]> inIndexOrder, Combiner<A> combiner) {
    A total = null;
    for (byte[] result : inIndexOrder) {
      total = total == null ? combiner.decode(result) : combiner.mergeEncoded(total, result);
    }
    return total;
  }

  /** A sum of fixed-length double arrays, sent densely: for a few scalars such as loss sums. */
  public static Combiner<double[]> sums() {
    return new Combiner<>() {
      @Override
      public byte[] encode(double[] value) {
        Payload.Writer writer = new Payload.Writer(8L * value.length + 8);
        writer.putLong(value.length);
        for (double v : value) {
          writer.putDouble(v);
        }
        return writer.bytes();
      }

      @Override
      public double[] decode(byte[] bytes) {
        Payload.Reader reader = new Payload.Reader(bytes);
        double[] value = new double[(int) reader.getLong()];
        for (int i = 0; i < value.length; i++) {
          value[i] = reader.getDouble();
        }
        return value;
      }

      @Override
      public double[] merge(double[] left, double[] right) {
        for (int i = 0; i < left.length; i++) {
          left[i] += right[i];
        }
        return left;
      }
    };
  }

  /** Rethrows {@code e} as it is: Spark's functions declare {@code Exception}. */
  @SuppressWarnings("unchecked")
  private static <E extends Exception> RuntimeException sneaky(Exception e) throws E {
    throw (E) e;
  }
}
