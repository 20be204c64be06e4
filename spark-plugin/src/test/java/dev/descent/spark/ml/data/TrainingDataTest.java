package dev.descent.spark.ml.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import dev.descent.spark.ml.TestData;
import dev.descent.spark.ml.TestSpark;
import java.util.Arrays;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.mllib.stat.MultivariateOnlineSummarizer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;

/** One pass over a DataFrame: blocks cached, statistics exact, nothing cached after a failure. */
class TrainingDataTest {

  private static InputSpec spec(boolean standardize, String weightCol) {
    return spec(standardize, weightCol, 2);
  }

  private static InputSpec spec(boolean standardize, String weightCol, int depth) {
    return new InputSpec("label", weightCol, "features", LabelRule.classes(2), false, 0.1,
        standardize, 1.0 / 64, depth);
  }

  private static Set<Object> cachedRddIds() {
    return Set.copyOf(JavaSparkContext.fromSparkContext(TestSpark.session().sparkContext())
        .getPersistentRDDs().keySet());
  }

  /** Spark's summary of the weighted features of {@code df}, row by row on the driver. */
  private static MultivariateOnlineSummarizer summarize(Dataset<Row> df) {
    MultivariateOnlineSummarizer summary = new MultivariateOnlineSummarizer();
    for (Row row : df.collectAsList()) {
      summary.add(org.apache.spark.mllib.linalg.Vectors.fromML((Vector) row.get(2)),
          row.getDouble(1));
    }
    return summary;
  }

  @Test
  void statisticsAndBlocksComeFromOnePassOverEveryPartition() {
    Dataset<Row> df = TestData.classification(900, 5, 2, 21, 3, true)
        .persist(StorageLevel.MEMORY_ONLY());
    MultivariateOnlineSummarizer expected = summarize(df);
    try (TrainingData data = TrainingData.load(df, spec(true, "weight"))) {
      assertEquals(900, data.numRows());
      assertEquals(3, data.blockRows().length);
      assertEquals(900, Arrays.stream(data.blockRows()).flatMapToInt(Arrays::stream).sum());
      assertTrue(Arrays.stream(data.blockRows()).allMatch(blocks -> blocks.length > 1),
          "small blocks: several per partition");
      assertEquals(900, data.blocks().map(RowBlock::numRows).reduce(Integer::sum));
      // Partition-order merging reproduces a serial summary to rounding; std is its square root.
      double[] variance = expected.variance().toArray();
      for (int j = 0; j < 5; j++) {
        assertEquals(Math.sqrt(variance[j]), data.trainingStd()[j], 1e-12 * Math.sqrt(variance[j]));
        assertEquals(1 / data.trainingStd()[j], data.featureScale()[j], 0.0);
      }
      assertEquals(1.0, data.maxLabel(), 0.0);
    } finally {
      df.unpersist();
    }
  }

  /**
   * The row digest is the same for the same rows in any partitioning, given as sparse or dense
   * vectors; the sums are the serial ones to rounding.
   */
  @Test
  void theDigestOfTheRowsDependsOnlyOnTheRows() {
    Dataset<Row> df = TestData.classification(300, 4, 2, 23, 3, true);
    java.util.List<Row> rows = df.collectAsList();
    double weights = 0;
    double labels = 0;
    double features = 0;
    for (Row row : rows) {
      weights += row.getDouble(1);
      labels += row.getDouble(1) * row.getDouble(0);
      features += row.getDouble(1) * Arrays.stream(((Vector) row.get(2)).toArray()).sum();
    }
    Dataset<Row> sparse = TestSpark.session().createDataFrame(rows.stream().map(row ->
            org.apache.spark.sql.RowFactory.create(row.get(0), row.get(1),
                ((Vector) row.get(2)).toSparse())).toList(), TestData.SCHEMA)
        .repartition(5);
    try (TrainingData dense = TrainingData.load(df, spec(false, "weight"));
        TrainingData other = TrainingData.load(sparse, spec(false, "weight"))) {
      DataDigest digest = dense.digest();
      assertEquals(digest.rows(), other.digest().rows());
      assertEquals(300, digest.numRows());
      assertEquals(weights, digest.weightSum(), 1e-12 * weights);
      assertEquals(labels, digest.labelSum(), 1e-12 * labels);
      assertEquals(features, digest.featureSum(), 1e-12 * Math.abs(features));
      assertEquals(digest.labelSum(), other.digest().labelSum(), 1e-12 * labels);
    }
  }

  @Test
  void statisticsOverManyPartitionsMergeInATreeOfAnyDepth() {
    Dataset<Row> df = TestData.classification(900, 5, 2, 22, 37, true)
        .persist(StorageLevel.MEMORY_ONLY());
    double[] variance = summarize(df).variance().toArray();
    try {
      for (int depth = 1; depth <= 3; depth++) {
        double[] first;
        try (TrainingData data = TrainingData.load(df, spec(true, "weight", depth))) {
          assertEquals(900, data.numRows());
          first = data.trainingStd();
          for (int j = 0; j < 5; j++) {
            assertEquals(Math.sqrt(variance[j]), first[j], 1e-12 * Math.sqrt(variance[j]),
                "depth " + depth + ", feature " + j);
          }
        }
        try (TrainingData again = TrainingData.load(df, spec(true, "weight", depth))) {
          assertArrayEquals(first, again.trainingStd(), 0.0, "depth " + depth + " rerun");
        }
      }
    } finally {
      df.unpersist();
    }
  }

  @Test
  void mixedDenseAndSparseRowsArePreparedByBlockDensity() {
    Object[][] rows = new Object[40][];
    for (int i = 0; i < 40; i++) {
      Vector x = i < 20 ? Vectors.dense(1, i, 2, 3)
          : Vectors.sparse(4, new int[] {1}, new double[] {i});
      rows[i] = new Object[] {(double) (i % 2), 1.0, x};
    }
    try (TrainingData data = TrainingData.load(TestData.of(rows).coalesce(1),
        spec(false, null))) {
      assertTrue(data.isSparse());
      assertEquals(40, data.numRows());
      assertArrayEquals(null, data.featureScale());
    }
  }

  @Test
  void aFailedPreparationLeavesNothingCached() {
    Set<Object> before = cachedRddIds();
    Dataset<Row> badLabel = TestData.of(
        new Object[] {1.0, 1.0, TestData.dense(1, 2)},
        new Object[] {Double.NaN, 1.0, TestData.dense(3, 4)});
    IllegalArgumentException invalid = assertThrows(IllegalArgumentException.class,
        () -> TrainingData.load(badLabel, spec(true, null)));
    assertTrue(invalid.getMessage().contains("label"), invalid.getMessage());
    Dataset<Row> noWeight = TestData.of(
        new Object[] {1.0, 0.0, TestData.dense(1, 2)},
        new Object[] {0.0, 0.0, TestData.dense(3, 4)});
    IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
        () -> TrainingData.load(noWeight, spec(true, "weight")));
    assertTrue(zero.getMessage().contains("sum to zero"), zero.getMessage());
    assertEquals(before, cachedRddIds());
  }
}
