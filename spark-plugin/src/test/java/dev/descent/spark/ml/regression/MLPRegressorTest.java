package dev.descent.spark.ml.regression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.spark.ml.TestData;
import dev.descent.spark.ml.TestSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MLPRegressorTest {

  @TempDir
  Path tmp;

  /** y = sin(3 x) + 0.05 noise on x in [-1, 1]: a curve no line follows. */
  private static Dataset<Row> sine(int n, long seed) {
    Random random = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double x = 2 * random.nextDouble() - 1;
      rows.add(RowFactory.create(Math.sin(3 * x) + 0.05 * random.nextGaussian(), 1.0,
          Vectors.dense(x)));
    }
    return TestSpark.session().createDataFrame(rows, TestData.SCHEMA).repartition(2);
  }

  @Test
  void fitsACurveThatALineCannot() {
    Dataset<Row> data = sine(500, 1).cache();
    MLPRegressionModel model = new MLPRegressor().setHiddenLayers(32).setActivation("tanh")
        .setOptimizer("adam").setLearningRate(0.02).setMaxIter(60).setBatchSize(50).setSeed(3L)
        .fit(data);
    RegressionEvaluator rmse = new RegressionEvaluator().setMetricName("rmse");
    double network = rmse.evaluate(model.transform(data));
    double linear = rmse.evaluate(new LinearRegressor().setMaxIter(30).fit(data).transform(data));
    assertTrue(network < 0.15, "network rmse " + network);
    assertTrue(linear > 0.3, "linear rmse " + linear);
    assertArrayEquals(new int[] {1, 32, 1}, model.layers());
  }

  @Test
  void savesAndLoadsWithItsLoss() throws Exception {
    Dataset<Row> data = sine(100, 2);
    MLPRegressionModel model = new MLPRegressor().setHiddenLayers(3).setLoss("huber")
        .setMaxIter(2).fit(data);
    model.write().save(tmp.resolve("m").toString());
    MLPRegressionModel loaded = MLPRegressionModel.load(tmp.resolve("m").toString());
    assertEquals("huber", loaded.getLoss());
    assertEquals(model.transform(data).select("prediction").collectAsList(),
        loaded.transform(data).select("prediction").collectAsList());
  }
}
