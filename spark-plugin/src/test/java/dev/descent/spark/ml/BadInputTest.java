package dev.descent.spark.ml;

import static dev.descent.spark.ml.TestData.dense;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.spark.ml.classification.LinearClassificationModel;
import dev.descent.spark.ml.classification.LinearClassifier;
import dev.descent.spark.ml.regression.LinearRegressor;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every kind of bad input fails with an IllegalArgumentException that names the problem. */
class BadInputTest {

  private static final Object[] GOOD_0 = {0.0, 1.0, dense(1.0, 2.0)};
  private static final Object[] GOOD_1 = {1.0, 1.0, dense(-1.0, 0.5)};

  private static LinearClassifier classifier() {
    return new LinearClassifier().setMaxIter(2).setWeightCol("weight");
  }

  private static void assertFails(Executable fit, String... fragments) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, fit);
    for (String fragment : fragments) {
      assertTrue(e.getMessage().contains(fragment),
          "message should mention '" + fragment + "': " + e.getMessage());
    }
  }

  private static Dataset<Row> with(Object[]... bad) {
    Object[][] rows = java.util.Arrays.copyOf(new Object[][] {GOOD_0, GOOD_1, GOOD_0},
        3 + bad.length);
    System.arraycopy(bad, 0, rows, 3, bad.length);
    return TestData.of(rows);
  }

  @Test
  void nullOrNonFiniteLabels() {
    assertFails(() -> classifier().fit(with(new Object[] {null, 1.0, dense(1, 1)})),
        "label", "null");
    assertFails(() -> classifier().fit(with(new Object[] {Double.NaN, 1.0, dense(1, 1)})),
        "label", "NaN");
    assertFails(() -> new LinearRegressor().setMaxIter(2)
        .fit(with(new Object[] {Double.POSITIVE_INFINITY, 1.0, dense(1, 1)})), "label",
        "Infinity");
  }

  @Test
  void labelsOutsideTheSupportedClasses() {
    assertFails(() -> classifier().fit(with(new Object[] {-1.0, 1.0, dense(1, 1)})),
        "label -1.0", "'label'", "integers");
    assertFails(() -> classifier().fit(with(new Object[] {0.5, 1.0, dense(1, 1)})),
        "label 0.5", "integers");
    Dataset<Row> declaredBinary = with(new Object[] {2.0, 1.0, dense(1, 1)}).withColumn("label",
        functions.col("label").as("label",
            NominalAttribute.defaultAttr().withNumValues(2).toMetadata()));
    assertFails(() -> classifier().fit(declaredBinary), "label 2.0", "[0, 1]");
    assertFails(() -> new LinearRegressor().setLoss("poisson").setMaxIter(2)
        .fit(with(new Object[] {-3.0, 1.0, dense(1, 1)})), "label -3.0", "non-negative");
  }

  @Test
  void badFeatures() {
    assertFails(() -> classifier().fit(with(new Object[] {1.0, 1.0, null})), "features", "null");
    assertFails(() -> classifier().fit(with(new Object[] {1.0, 1.0, dense(1, Double.NaN)})),
        "features", "NaN", "index 1");
    assertFails(() -> classifier().fit(with(new Object[] {1.0, 1.0,
        Vectors.sparse(2, new int[] {0}, new double[] {Double.NEGATIVE_INFINITY})})),
        "features", "-Infinity", "index 0");
    assertFails(() -> classifier().fit(with(new Object[] {1.0, 1.0, dense(1, 2, 3)})),
        "features", "size 2: 3 rows", "size 3: 1 row, the first at row 3");
  }

  @Test
  void badWeights() {
    assertFails(() -> classifier().fit(with(new Object[] {1.0, -2.0, dense(1, 1)})),
        "weight", "-2.0");
    assertFails(() -> classifier().fit(with(new Object[] {1.0, Double.NaN, dense(1, 1)})),
        "weight", "NaN");
    assertFails(() -> classifier().fit(with(new Object[] {1.0, null, dense(1, 1)})),
        "weight", "null");
    Dataset<Row> zeroWeights = TestData.of(new Object[] {0.0, 0.0, dense(1, 1)},
        new Object[] {1.0, 0.0, dense(2, 1)});
    assertFails(() -> classifier().fit(zeroWeights), "weight", "sum to zero");
  }

  @Test
  void valuesTooLargeForDoublePrecision() {
    // Standardizing squares the values: 1e300 would overflow the variance and, unchecked, turn
    // into a zero scale that silently drops the feature.
    assertFails(() -> classifier().fit(with(new Object[] {1.0, 1.0, dense(1, -1e300)})),
        "features column 'features'", "too large to standardize", "index 1", "1.0E300");
    assertFails(() -> classifier().fit(with(new Object[] {1.0, 1e300, dense(1, 1)})),
        "weight", "too large to standardize");
    assertFails(() -> classifier().setStandardization(false)
        .fit(with(new Object[] {1.0, Double.MAX_VALUE, dense(1, 1)},
            new Object[] {0.0, Double.MAX_VALUE, dense(1, 1)})), "weight", "sum overflows");
    ArithmeticException overflow = assertThrows(ArithmeticException.class,
        () -> new LinearRegressor().setMaxIter(1)
            .fit(with(new Object[] {1e300, 1.0, dense(1, 1)})));
    assertTrue(overflow.getMessage().contains("too large for loss 'squared'"),
        overflow.getMessage());
  }

  @Test
  void emptyOrMissingInput() {
    Dataset<Row> empty = TestData.of(GOOD_0).limit(0);
    assertFails(() -> classifier().fit(empty), "no rows");
    assertFails(() -> classifier().setFeaturesCol("nope").fit(with(GOOD_1)), "nope");
    assertFails(() -> classifier().setLabelCol("nope").fit(with(GOOD_1)), "nope");
    assertFails(() -> classifier().setWeightCol("nope").fit(with(GOOD_1)), "weight", "nope");
    Dataset<Row> textLabel = with(GOOD_1).withColumn("label", functions.lit("yes"));
    assertFails(() -> classifier().fit(textLabel), "label");
  }

  @Test
  void badHyperparametersFailWhenSet() {
    assertFails(() -> new LinearClassifier().setLearningRate(0.0), "learningRate", "0.0");
    assertFails(() -> new LinearClassifier().setLearningRate(-1.0), "learningRate", "-1.0");
    assertFails(() -> new LinearClassifier().setBatchSize(0), "batchSize", "0");
    assertFails(() -> new LinearClassifier().setOptimizer("l-bfgs"), "optimizer", "l-bfgs");
    assertFails(() -> new LinearClassifier().setLineSearch("wolfe"), "lineSearch", "wolfe");
    assertFails(() -> new LinearClassifier().setHistorySize(0), "historySize", "0");
    assertFails(() -> new LinearClassifier().setLoss("squared"), "loss", "squared");
    assertFails(() -> new LinearRegressor().setQuantile(1.0), "quantile", "1.0");
    assertFails(() -> new LinearClassifier().setElasticNetParam(1.5), "elasticNetParam", "1.5");
    assertFails(() -> new LinearClassifier().setHandleInvalid("keep"), "handleInvalid", "keep");
  }

  @Test
  void inconsistentOptimizerSettingsFailBeforeReadingData() {
    assertFails(() -> classifier().setOptimizer("sgd").setNesterov(true).fit(with(GOOD_1)),
        "nesterov", "momentum");
  }

  @Test
  void skipDropsAndCountsInvalidRows() {
    Dataset<Row> data = TestData.of(GOOD_0, GOOD_1, new Object[] {null, 1.0, dense(1, 1)},
        new Object[] {1.0, 1.0, dense(1, Double.NaN)}, new Object[] {1.0, -1.0, dense(1, 1)},
        GOOD_0, GOOD_1);
    LinearClassificationModel model =
        classifier().setHandleInvalid("skip").setMaxSkippedFraction(0.5).fit(data);
    assertEquals(3, model.summary().numSkipped());
    assertEquals(4, model.summary().numRows());
    // More than maxSkippedFraction (default 0.1) of the rows: a broken input, named.
    assertFails(() -> classifier().setHandleInvalid("skip").fit(data),
        "handleInvalid=skip dropped 3 of 7 rows (42.9%); the first: label column 'label' is null",
        "more than maxSkippedFraction (0.1)");
    Dataset<Row> allBad = TestData.of(new Object[] {null, 1.0, dense(1, 1)});
    assertFails(() -> classifier().setHandleInvalid("skip").fit(allBad), "dropped 1 of 1 rows");
    assertFails(() -> classifier().setHandleInvalid("skip").setMaxSkippedFraction(1.0)
        .fit(allBad), "all 1 rows", "skip");
  }

  /**
   * Label metadata declaring millions of classes: the parameter count is checked in long
   * arithmetic on the driver before any row is read, instead of overflowing in a task.
   */
  @Test
  void declaredClassesBeyondAnArrayFailBeforeTheRowsAreRead() {
    Dataset<Row> rows = TestData.of(new Object[] {0.0, 1.0, Vectors.sparse(3000, new int[] {1},
        new double[] {1.0})}, new Object[] {1.0, 1.0, Vectors.sparse(3000, new int[] {2},
        new double[] {1.0})});
    Dataset<Row> declared = rows.withColumn("label", rows.col("label").as("label",
        org.apache.spark.ml.attribute.NominalAttribute.defaultAttr().withName("label")
            .withNumValues(5_000_000).toMetadata()));
    assertFails(() -> classifier().fit(declared), "15005000000 parameters (of 3000 features)",
        "more than one Java array holds");
  }

  /**
   * Without ML attributes no vector decides the width: vectors of several sizes fail, listing
   * each size's count and first row, whichever comes first; with attributes, a vector of another
   * size is an invalid row.
   */
  @Test
  void theWidthRuleDoesNotDependOnRowOrder() {
    Object[] wide = {1.0, 1.0, dense(1, 2, 3, 4, 5)};
    Object[][] rows = new Object[40][];
    rows[0] = wide;
    for (int i = 1; i < rows.length; i++) {
      rows[i] = new Object[] {(double) (i % 2), 1.0, dense(i, -i, 1)};
    }
    assertFails(() -> classifier().fit(TestData.of(rows)),
        "features column 'features' has vectors of 2 sizes (size 3: 39 rows, the first at row 1;"
            + " size 5: 1 row, the first at row 0)");
    assertFails(() -> classifier().setHandleInvalid("skip").fit(TestData.of(rows)),
        "has vectors of 2 sizes");
    Dataset<Row> declared = TestData.of(rows);
    declared = declared.withColumn("features", declared.col("features").as("features",
        new org.apache.spark.ml.attribute.AttributeGroup("features", 3).toMetadata()));
    LinearClassificationModel model = classifier().setHandleInvalid("skip").fit(declared);
    assertEquals(1, model.summary().numSkipped());
    assertEquals(39, model.summary().numRows());
    Dataset<Row> declaredFive = declared.withColumn("features", declared.col("features")
        .as("features", new org.apache.spark.ml.attribute.AttributeGroup("features", 5)
            .toMetadata()));
    assertFails(() -> classifier().fit(declaredFive),
        "features column 'features' has a vector of size 3 where 5 features are expected");
  }

  @Test
  void transformRejectsVectorsOfTheWrongSize() {
    LinearClassificationModel model = classifier().fit(with(GOOD_1));
    Exception e = assertThrows(Exception.class,
        () -> model.transform(TestData.of(new Object[] {1.0, 1.0, dense(1, 2, 3)})).collect());
    Throwable cause = e;
    while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) {
      cause = cause.getCause();
    }
    assertTrue(cause.getMessage().contains("size 3") && cause.getMessage().contains("2 features"),
        cause.getMessage());
  }

  @Test
  void transformRejectsANullFeaturesValueNamingTheColumn() {
    LinearClassificationModel model = classifier().fit(with(GOOD_1));
    Exception e = assertThrows(Exception.class,
        () -> model.transform(TestData.of(new Object[] {1.0, 1.0, null})).collect());
    Throwable cause = e;
    while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) {
      cause = cause.getCause();
    }
    assertTrue(cause instanceof IllegalArgumentException
        && cause.getMessage().contains("features column 'features' has a null value"),
        String.valueOf(cause));
  }
}
