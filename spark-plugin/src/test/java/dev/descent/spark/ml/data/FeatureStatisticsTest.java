package dev.descent.spark.ml.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.stat.MultivariateOnlineSummarizer;
import org.junit.jupiter.api.Test;

/** FeatureStatistics against Spark's MultivariateOnlineSummarizer, as MLlib standardizes. */
class FeatureStatisticsTest {

  private static final int FEATURES = 7;

  /** A row: its weight, and its values as sparse (indices) or dense (null indices). */
  private record Row(double weight, int[] indices, double[] values) {
    Vector vector() {
      return indices == null ? Vectors.dense(values)
          : Vectors.sparse(FEATURES, indices, values);
    }
  }

  private static List<Row> rows(long seed, int count) {
    Random random = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      double weight = random.nextInt(4) == 0 ? 0.0 : 0.1 + 3 * random.nextDouble();
      double[] dense = new double[FEATURES];
      for (int j = 0; j < FEATURES; j++) {
        // Feature 0 is never non-zero, feature 1 has a large mean, the rest are sparse-ish.
        dense[j] = j == 0 || random.nextInt(3) == 0 ? 0.0
            : (j == 1 ? 1e6 : 0.0) + random.nextGaussian() * j;
      }
      if (random.nextBoolean()) {
        rows.add(new Row(weight, null, dense));
      } else {
        // Sparse, with an explicit zero kept at index 3.
        int[] indices = IntStream.range(0, FEATURES).filter(j -> dense[j] != 0 || j == 3)
            .toArray();
        double[] values = Arrays.stream(indices).mapToDouble(j -> dense[j]).toArray();
        rows.add(new Row(weight, indices, values));
      }
    }
    return rows;
  }

  @Test
  void matchesSparksSummarizerBitForBitAcrossMergedPartitions() {
    List<Row> rows = rows(7, 600);
    FeatureStatistics total = new FeatureStatistics(FEATURES);
    MultivariateOnlineSummarizer spark = new MultivariateOnlineSummarizer();
    // Uneven partitions, empty ones first and in the middle.
    int[] cuts = {0, 0, 1, 250, 250, 600};
    for (int p = 0; p + 1 < cuts.length; p++) {
      FeatureStatistics part = new FeatureStatistics(FEATURES);
      MultivariateOnlineSummarizer sparkPart = new MultivariateOnlineSummarizer();
      for (Row row : rows.subList(cuts[p], cuts[p + 1])) {
        if (row.weight() > 0) {
          part.add(row.weight(), row.indices(), row.values());
          sparkPart.add(row.vector(), row.weight());
        }
      }
      total.merge(part);
      spark.merge(sparkPart);
    }
    assertEquals(spark.count(), total.count());
    assertArrayEquals(spark.mean().toArray(), total.mean(), 0.0);
    assertArrayEquals(spark.variance().toArray(), total.variance(), 0.0);
    assertEquals(Arrays.stream(spark.numNonzeros().toArray()).sum(), total.nonZeros(), 0.0);
    for (int j = 0; j < FEATURES; j++) {
      double expected = Math.max(Math.abs(spark.max().apply(j)), Math.abs(spark.min().apply(j)));
      assertEquals(expected, total.maxAbs(j), 0.0, "feature " + j);
    }
    assertEquals(0.0, total.variance()[0], 0.0);
  }

  @Test
  void oneRowLeavesNoDegreeOfFreedom() {
    FeatureStatistics one = new FeatureStatistics(2);
    one.add(2.0, null, new double[] {1.0, 3.0});
    assertArrayEquals(new double[] {1.0, 3.0}, one.mean(), 0.0);
    assertArrayEquals(new double[] {0.0, 0.0}, one.variance(), 0.0);
  }

  @Test
  void unweightedVarianceIsTheSampleVariance() {
    FeatureStatistics stats = new FeatureStatistics(1);
    for (double x : new double[] {1, 2, 0, 5}) {
      stats.add(1.0, null, new double[] {x});
    }
    assertEquals(2.0, stats.mean()[0], 1e-15);
    assertEquals((1 + 0 + 4 + 9) / 3.0, stats.variance()[0], 1e-14);
    assertEquals(3, stats.nonZeros());
  }

  @Test
  void refusesToMergeAnotherWidth() {
    FeatureStatistics other = new FeatureStatistics(3);
    other.add(1.0, null, new double[] {1, 2, 3});
    assertThrows(IllegalArgumentException.class, () -> new FeatureStatistics(2).merge(other));
  }
}
