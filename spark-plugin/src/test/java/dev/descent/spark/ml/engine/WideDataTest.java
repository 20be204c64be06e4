package dev.descent.spark.ml.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import dev.descent.spark.ml.Assertions2;
import dev.descent.spark.ml.TestData;
import dev.descent.spark.ml.TestSpark;
import dev.descent.spark.ml.classification.LinearClassificationModel;
import dev.descent.spark.ml.classification.LinearClassifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.SparkConf;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hashed-style sparse data, wide and over many partitions: the partitions' sums are combined in a
 * tree of aggregationDepth, reproducibly, and a fit too large for the driver fails before it
 * reads its data, naming what to change.
 */
class WideDataTest {

  private static final int FEATURES = 1 << 16;
  private static Dataset<Row> wide;

  @TempDir
  Path temp;

  /** 600 rows of 12 random features each, labels from a sparse true model, 24 partitions. */
  @BeforeAll
  static void data() {
    Random random = new Random(41);
    double[] truth = new double[FEATURES];
    for (int j = 0; j < FEATURES; j += 97) {
      truth[j] = random.nextGaussian() * 3;
    }
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      int[] indices = random.ints(0, FEATURES).distinct().limit(12).sorted().toArray();
      double[] values = new double[indices.length];
      double margin = 0;
      for (int k = 0; k < indices.length; k++) {
        values[k] = 1 + random.nextInt(3);
        margin += values[k] * truth[indices[k]];
      }
      double label = random.nextDouble() < 1 / (1 + Math.exp(-margin)) ? 1.0 : 0.0;
      rows.add(RowFactory.create(label, 1.0, Vectors.sparse(FEATURES, indices, values)));
    }
    wide = TestSpark.session().createDataFrame(rows, TestData.SCHEMA).repartition(24).cache();
  }

  private static LinearClassifier classifier(int depth) {
    return new LinearClassifier().setOptimizer("adam").setLearningRate(0.05).setBatchSize(300)
        .setRegParam(1e-3).setMaxIter(3).setTol(0).setSeed(5).setEpochObjective("running")
        .setAggregationDepth(depth);
  }

  private static double[] parameters(LinearClassificationModel model) {
    double[] c = model.coefficients().toArray();
    double[] all = java.util.Arrays.copyOf(c, c.length + 1);
    all[c.length] = model.intercept();
    return all;
  }

  @Test
  void everyDepthIsReproducibleAndAgreesWithTheOthers() {
    // 24 partitions: depth 2 merges 5 groups on the executors, depth 3 two rounds of them.
    double[] direct = parameters(classifier(1).fit(wide));
    for (int depth = 2; depth <= 3; depth++) {
      double[] first = parameters(classifier(depth).fit(wide));
      Assertions2.assertClose(direct, first, 1e-9, "depth " + depth + " against depth 1");
      if (depth == 3) {
        assertArrayEquals(first, parameters(classifier(depth).fit(wide)),
            "depth " + depth + " is not the same on a rerun");
      }
    }
    assertTrue(java.util.Arrays.stream(direct).filter(b -> b != 0).count() > 1000,
        "the model learned many features");
  }

  @Test
  void modelAveragingCombinesInTheTreeToo() {
    double[] deep = parameters(classifier(3).setLocalSteps(2).fit(wide));
    Assertions2.assertClose(deep, parameters(classifier(1).setLocalSteps(2).fit(wide)), 1e-9,
        "averaging at depth 3 against depth 1");
  }

  @Test
  void aResumeAtDepthThreeEndsWithTheUninterruptedModel() {
    String dir = temp.resolve("wide").toString();
    double[] whole = parameters(classifier(3).fit(wide));
    classifier(3).setMaxIter(3).setCheckpointDir(dir).setCheckpointInterval(1).fit(wide);
    assertArrayEquals(whole, parameters(classifier(3).setResumeFrom(dir).fit(wide)));
  }

  @Test
  void aFitTooLargeForTheDriverFailsNamingWhatToRaise() {
    LinearClassifier stage = new LinearClassifier().setOptimizer("adam");
    DriverMemory memory = new DriverMemory(stage.newOptimizer(), stage.getLocalSteps(),
        stage.getAggregationDepth());
    SparkConf small = new SparkConf().set("spark.driver.maxResultSize", "64m");
    IllegalArgumentException results = assertThrows(IllegalArgumentException.class,
        () -> memory.check(small, 8L << 30, (1 << 20) + 1, 1 << 20, 200));
    assertTrue(results.getMessage().contains("spark.driver.maxResultSize (64.0 MiB)")
        && results.getMessage().contains("raise aggregationDepth to 3"), results.getMessage());
    SparkConf unlimited = new SparkConf().set("spark.driver.maxResultSize", "0");
    IllegalArgumentException heap = assertThrows(IllegalArgumentException.class,
        () -> memory.check(unlimited, 1L << 30, (1 << 24) + 1, 1 << 24, 64));
    assertTrue(heap.getMessage().contains("raise spark.driver.memory"), heap.getMessage());
    // 2^20 features over 200 partitions fit a 1 GiB driver at the default depth.
    memory.check(new SparkConf(), 1L << 30, (1 << 20) + 1, 1 << 20, 200);
    // lbfgs's 10 curvature pairs do not, and the message says what does (a default fit then
    // runs adam: TrainingSetupTest).
    DriverMemory defaults = new DriverMemory(new LinearClassifier().newOptimizer(), 1, 2);
    IllegalArgumentException lbfgs = assertThrows(IllegalArgumentException.class,
        () -> defaults.check(new SparkConf(), 1L << 30, (1 << 20) + 1, 1 << 20, 200));
    assertTrue(lbfgs.getMessage().contains("22 optimizer slots")
        && lbfgs.getMessage().endsWith("lower historySize or train with adam"), lbfgs.getMessage());
  }

  @Test
  void theCheckRunsBeforeTheDataIsRead() {
    // The column's ML attributes declare 2^27 features: no driver of the test JVM holds a model
    // of that size, and the fit must say so before it caches anything.
    org.apache.spark.sql.types.Metadata declared =
        new org.apache.spark.ml.attribute.AttributeGroup("features", 1 << 27).toMetadata();
    Dataset<Row> huge = TestData.of(new Object[] {1.0, 1.0,
        Vectors.sparse(1 << 27, new int[] {5}, new double[] {1.0})}).withColumn("features",
        org.apache.spark.sql.functions.col("features").as("features", declared));
    int cachedBefore = TestSpark.session().sparkContext().getPersistentRDDs().size();
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> new LinearClassifier().fit(huge));
    assertTrue(error.getMessage().contains("134217729 parameters"), error.getMessage());
    assertEquals(cachedBefore, TestSpark.session().sparkContext().getPersistentRDDs().size());
  }
}
