package dev.descent.spark.ml.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.spark.ml.TestSpark;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

/**
 * The tree's shape follows MLlib's aggregationDepth, its sums are exact to rounding and the same
 * bit for bit on every run, and with one level it is the plain partition-order sum.
 */
class TreeAggregationTest {

  private static final JavaSparkContext JSC =
      JavaSparkContext.fromSparkContext(TestSpark.session().sparkContext());

  /**
   * {@code rows} positive values spanning 30 orders of magnitude, so that the order of
   * additions shows in the last bits, in {@code partitions} slices (some empty when there are
   * fewer rows than partitions).
   */
  private static JavaRDD<double[]> values(int rows, int partitions, long seed) {
    Random random = new Random(seed);
    List<double[]> list = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      double x = Math.pow(10, random.nextInt(30) - 15) * random.nextDouble();
      list.add(new double[] {x, 1.0, x * x});
    }
    return JSC.parallelize(list, partitions);
  }

  private static double[] tree(JavaRDD<double[]> rdd, int depth) {
    return TreeAggregation.aggregate(rdd, depth, TreeAggregationTest::sumRows,
        TreeAggregation.sums());
  }

  private static double[] sumRows(java.util.Iterator<double[]> rows) {
    double[] sum = new double[3];
    rows.forEachRemaining(row -> {
      for (int i = 0; i < 3; i++) {
        sum[i] += row[i];
      }
    });
    return sum;
  }

  @Test
  void theShapeIsMllibsTreeAggregateScale() {
    assertEquals(15, TreeAggregation.fanIn(200, 2));
    assertEquals(List.of(14), TreeAggregation.rounds(200, 2, Integer.MAX_VALUE));
    assertEquals(List.of(), TreeAggregation.rounds(4, 2, Integer.MAX_VALUE));
    assertEquals(List.of(), TreeAggregation.rounds(300, 1, Integer.MAX_VALUE));
    assertEquals(List.of(43, 7), TreeAggregation.rounds(300, 3, Integer.MAX_VALUE));
    assertEquals(List.of(2), TreeAggregation.rounds(6, 2, Integer.MAX_VALUE));
    assertEquals(List.of(14, 1), TreeAggregation.rounds(200, 2, 1));
    assertEquals(300, TreeAggregation.resultsAtDriver(300, 1, Integer.MAX_VALUE));
    assertEquals(8, TreeAggregation.resultsAtDriver(64, 2, Integer.MAX_VALUE));
    assertThrows(IllegalArgumentException.class, () -> TreeAggregation.fanIn(10, 0));
  }

  @Test
  void oneLevelIsThePartitionOrderSumToTheLastBit() {
    JavaRDD<double[]> rdd = values(2000, 37, 1);
    double[] expected = new double[3];
    for (List<double[]> partition : rdd.glom().collect()) {
      double[] part = sumRows(partition.iterator());
      for (int i = 0; i < 3; i++) {
        expected[i] += part[i];
      }
    }
    assertArrayEquals(expected, tree(rdd, 1), 0.0);
    // Depth 2 over 4 partitions is one level too: 4 is within the fan-in of 2.
    JavaRDD<double[]> four = values(500, 4, 2);
    assertArrayEquals(tree(four, 1), tree(four, 2), 0.0);
  }

  @Test
  void everyDepthMatchesAnExactSumAndRepeatsBitForBit() {
    for (int partitions : new int[] {1, 2, 9, 64, 300}) {
      // 250 rows over 300 partitions leaves 50 of them empty.
      JavaRDD<double[]> rdd = values(250, partitions, partitions).cache();
      BigDecimal exact = BigDecimal.ZERO;
      BigDecimal exactSquares = BigDecimal.ZERO;
      for (double[] row : rdd.collect()) {
        exact = exact.add(new BigDecimal(row[0]));
        exactSquares = exactSquares.add(new BigDecimal(row[2]));
      }
      for (int depth = 1; depth <= 4; depth++) {
        double[] first = tree(rdd, depth);
        String where = partitions + " partitions, depth " + depth;
        assertArrayEquals(first, tree(rdd, depth), 0.0, where + ": not the same on a rerun");
        assertEquals(250.0, first[1], 0.0, where);
        assertRelative(exact, first[0], where);
        assertRelative(exactSquares, first[2], where);
      }
      rdd.unpersist();
    }
  }

  private static void assertRelative(BigDecimal exact, double actual, String where) {
    double error = exact.subtract(new BigDecimal(actual)).abs().doubleValue();
    assertTrue(error <= 1e-12 * exact.abs().doubleValue(), where + ": " + actual + " vs "
        + exact + ", relative error " + error / exact.abs().doubleValue());
  }

  @Test
  void largeResultsAreMergedOnTheExecutorsDownToTheLimit() {
    JavaRDD<double[]> rdd = values(400, 40, 5);
    double[] atOne = TreeAggregation.aggregate(rdd, 2, 1, TreeAggregationTest::sumRows,
        TreeAggregation.sums());
    assertEquals(400.0, atOne[1], 0.0);
    assertArrayEquals(atOne, TreeAggregation.aggregate(rdd, 2, 1, TreeAggregationTest::sumRows,
        TreeAggregation.sums()), 0.0);
  }

  @Test
  void anRddWithoutPartitionsGivesTheFoldOfNothing() {
    assertArrayEquals(new double[3], tree(JSC.emptyRDD(), 2), 0.0);
  }

  @Test
  void payloadsRoundTripEveryBitDenseOrSparse() {
    Random random = new Random(3);
    for (double density : new double[] {0.0, 0.01, 0.3, 1.0}) {
      double[] a = new double[1000];
      double[] b = new double[1000];
      for (int i = 0; i < a.length; i++) {
        if (random.nextDouble() < density) {
          a[i] = random.nextGaussian();
          b[i] = i % 7 == 0 ? -0.0 : random.nextGaussian();
        }
      }
      int[] support = Payload.support(a, b);
      assertEquals(density > 0.5, support == null, "layout at density " + density);
      byte[] bytes = new Payload.Writer(8 + Payload.vectorBytes(a.length, support, 2))
          .putDouble(-0.0).putVectors(support, a, b).bytes();
      Payload.Reader reader = new Payload.Reader(bytes);
      assertEquals(Double.doubleToRawLongBits(-0.0),
          Double.doubleToRawLongBits(reader.getDouble()));
      double[][] back = reader.getVectors(2);
      for (int i = 0; i < a.length; i++) {
        assertEquals(Double.doubleToRawLongBits(a[i]), Double.doubleToRawLongBits(back[0][i]));
        assertEquals(Double.doubleToRawLongBits(b[i]), Double.doubleToRawLongBits(back[1][i]));
      }
    }
  }
}
