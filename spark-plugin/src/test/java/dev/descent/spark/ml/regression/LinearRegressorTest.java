package dev.descent.spark.ml.regression;

import static dev.descent.spark.ml.Assertions2.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.spark.ml.TestData;
import dev.descent.spark.ml.TestSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.Param;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinearRegressorTest {

  private static Dataset<Row> data;

  @TempDir
  Path tmp;

  @BeforeAll
  static void data() {
    data = TestData.regression(300, 3, 31, 2, false).cache();
  }

  private static LinearRegressor fullBatch(int epochs) {
    return new LinearRegressor().setOptimizer("sgd").setMomentum(0.9).setLearningRate(0.3)
        .setBatchSize(Integer.MAX_VALUE).setMaxIter(epochs).setTol(0.0);
  }

  @Test
  void paramsBelongToAFreshStage() {
    LinearRegressor r = new LinearRegressor("reg").setLabelCol("y").setLoss("huber")
        .setHuberDelta(2.0).setQuantile(0.9).setInsensitivity(0.5);
    assertEquals("y", r.getLabelCol());
    assertEquals(2.0, r.getHuberDelta());
    for (Param<?> p : r.params()) {
      assertEquals("reg", p.parent(), p.name());
    }
    assertEquals("squared", new LinearRegressor().getLoss());
    assertEquals(1.0, new LinearRegressor().getHuberDelta());
  }

  @Test
  void squaredLossFitsTheData() {
    LinearRegressionModel model = fullBatch(150).fit(data);
    double r2 = new RegressionEvaluator().setMetricName("r2").evaluate(model.transform(data));
    assertTrue(r2 > 0.9, "r2 " + r2);
    assertEquals(3, model.numFeatures());
    double[] history = model.summary().objectiveHistory();
    assertEquals(151, history.length, "the initial objective and one per epoch");
    assertTrue(history[150] < history[0]);
  }

  @Test
  void quantileLossCoversItsQuantile() {
    LinearRegressionModel model = new LinearRegressor().setLoss("quantile").setQuantile(0.9)
        .setOptimizer("adam").setLearningRate(0.05).setBatchSize(Integer.MAX_VALUE)
        .setMaxIter(300).setTol(0.0).fit(data);
    double below = model.transform(data)
        .where(functions.col("label").leq(functions.col("prediction"))).count() / 300.0;
    assertEquals(0.9, below, 0.04, "share of labels under the 0.9-quantile prediction");
  }

  /** With gross outliers in a tenth of the labels, huber recovers the true line, squared does not. */
  @Test
  void huberResistsOutliers() {
    List<Row> rows = new ArrayList<>();
    java.util.Random random = new java.util.Random(32);
    for (int i = 0; i < 200; i++) {
      double x = random.nextGaussian();
      double y = 2 * x + 1 + 0.1 * random.nextGaussian() + (i % 10 == 0 ? 50 : 0);
      rows.add(RowFactory.create(y, 1.0, Vectors.dense(x)));
    }
    Dataset<Row> outliers = TestSpark.session().createDataFrame(rows, TestData.SCHEMA);
    LinearRegressionModel huber = fullBatch(300).setLoss("huber").setHuberDelta(1.0)
        .fit(outliers);
    LinearRegressionModel squared = fullBatch(300).fit(outliers);
    assertEquals(2.0, huber.coefficients().apply(0), 0.15);
    assertEquals(1.0, huber.intercept(), 0.7);
    assertTrue(Math.abs(squared.intercept() - 1.0) > 3, "squared intercept " + squared.intercept());
  }

  @Test
  void epsilonInsensitiveLeavesSmallResidualsAlone() {
    LinearRegressionModel model = fullBatch(200).setLoss("epsilon_insensitive")
        .setInsensitivity(0.2).setLearningRate(0.05).fit(data);
    double mae = new RegressionEvaluator().setMetricName("mae").evaluate(model.transform(data));
    assertTrue(mae < 0.6, "mae " + mae);
  }

  @Test
  void l1GivesExactZerosForIrrelevantFeatures() {
    // Plain proximal gradient (no momentum): its fixed point is the exact L1 optimum.
    LinearRegressionModel model = fullBatch(200).setMomentum(0.0).setRegParam(1.5)
        .setElasticNetParam(1.0).fit(data);
    double[] c = model.coefficients().toArray();
    assertTrue(java.util.Arrays.stream(c).anyMatch(v -> v == 0.0),
        "a strong L1 penalty zeroes coefficients: " + model.coefficients());
  }

  @Test
  void withoutInterceptTheInterceptIsZero() {
    LinearRegressionModel model = fullBatch(20).setFitIntercept(false).fit(data);
    assertEquals(0.0, model.intercept());
  }

  @Test
  void saveAndLoad() throws Exception {
    LinearRegressionModel model = fullBatch(10).setLoss("poisson").setLearningRate(0.01)
        .fit(data.withColumn("label", functions.abs(functions.col("label"))));
    String path = tmp.resolve("m").toString();
    model.save(path);
    LinearRegressionModel loaded = LinearRegressionModel.load(path);
    assertEquals("poisson", loaded.getLoss());
    assertArrayEquals(model.coefficients().toArray(), loaded.coefficients().toArray());
    assertEquals(model.intercept(), loaded.intercept());
    assertFalse(loaded.hasSummary());
    double expected = Math.exp(model.coefficients().dot(Vectors.dense(1, 2, 3)) + model.intercept());
    assertClose(expected, loaded.predict(Vectors.dense(1, 2, 3)), 1e-12, "poisson prediction");
    new LinearRegressor().setLoss("quantile").save(tmp.resolve("e").toString());
    assertEquals("quantile", LinearRegressor.load(tmp.resolve("e").toString()).getLoss());
  }
}
