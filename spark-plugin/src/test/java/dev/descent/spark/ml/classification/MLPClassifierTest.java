package dev.descent.spark.ml.classification;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import dev.descent.spark.ml.TestData;
import dev.descent.spark.ml.TestSpark;
import dev.descent.spark.ml.nn.Activation;
import dev.descent.spark.ml.nn.Network;
import dev.descent.spark.ml.nn.NetworkShape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MLPClassifierTest {

  private static Dataset<Row> spirals;

  @TempDir
  Path tmp;

  /** Two interleaved spirals: no linear model separates them. */
  static Dataset<Row> spirals(int n, long seed) {
    Random random = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int label = i % 2;
      double t = 0.5 + 2.5 * Math.PI * random.nextDouble();
      double r = t / (3 * Math.PI);
      double angle = t + label * Math.PI;
      rows.add(RowFactory.create((double) label, 1.0, Vectors.dense(
          r * Math.cos(angle) + 0.02 * random.nextGaussian(),
          r * Math.sin(angle) + 0.02 * random.nextGaussian())));
    }
    return TestSpark.session().createDataFrame(rows, TestData.SCHEMA).repartition(2);
  }

  @BeforeAll
  static void data() {
    spirals = spirals(600, 3).cache();
  }

  private static double accuracy(Dataset<Row> predictions) {
    return new MulticlassClassificationEvaluator().setMetricName("accuracy")
        .evaluate(predictions);
  }

  @Test
  void learnsTwoSpiralsThatALinearModelCannot() {
    MLPClassifier mlp = new MLPClassifier().setHiddenLayers(32, 32).setActivation("tanh")
        .setOptimizer("adam").setLearningRate(0.02).setMaxIter(60).setBatchSize(64).setSeed(1L);
    MLPClassificationModel model = mlp.fit(spirals);
    double networkAccuracy = accuracy(model.transform(spirals));
    double linearAccuracy = accuracy(new LinearClassifier().setMaxIter(30).fit(spirals)
        .transform(spirals));
    assertTrue(networkAccuracy > 0.95, "network accuracy " + networkAccuracy);
    assertTrue(linearAccuracy < 0.75, "linear accuracy " + linearAccuracy);
    assertArrayEquals(new int[] {2, 32, 32, 1}, model.layers());
    assertEquals(2 * 32 + 32 + 32 * 32 + 32 + 32 + 1, model.parameters().size());
  }

  @Test
  void untrainedModelIsTheSeededNetworkOnStandardizedFeatures() {
    // maxIter 0: the model is the initial network with the standardization folded into layer 1.
    MLPClassificationModel model = new MLPClassifier().setHiddenLayers(5).setActivation("gelu")
        .setMaxIter(0).setSeed(9L).fit(spirals);
    List<Row> rows = spirals.select("features").collectAsList();
    int n = rows.size();
    double[] mean = new double[2];
    double[] sq = new double[2];
    for (Row row : rows) {
      Vector x = row.getAs(0);
      for (int j = 0; j < 2; j++) {
        mean[j] += x.apply(j) / n;
      }
    }
    for (Row row : rows) {
      Vector x = row.getAs(0);
      for (int j = 0; j < 2; j++) {
        sq[j] += Math.pow(x.apply(j) - mean[j], 2);
      }
    }
    Network net = new Network(new NetworkShape(2, 5, 1), Activation.GELU);
    double[] init = net.initialParameters(9L);
    for (Row row : rows.subList(0, 20)) {
      Vector x = row.getAs(0);
      double[] standardized = new double[2];
      for (int j = 0; j < 2; j++) {
        standardized[j] = (x.apply(j) - mean[j]) / Math.sqrt(sq[j] / (n - 1));
      }
      double[] out = new double[1];
      net.outputs(init, standardized, out);
      assertEquals(out[0], model.predictRaw(x).apply(1), 1e-12);
    }
  }

  @Test
  void modelAveragingTrainsNetworksReproduciblyWithDropout() {
    MLPClassifier averaged = new MLPClassifier().setHiddenLayers(32, 32).setActivation("tanh")
        .setOptimizer("adam").setLearningRate(0.02).setMaxIter(60).setBatchSize(64).setSeed(1L)
        .setLocalSteps(5).setEpochObjective("running");
    MLPClassificationModel model = averaged.fit(spirals);
    double accuracy = accuracy(model.transform(spirals));
    assertTrue(accuracy > 0.9, "accuracy with model averaging " + accuracy);
    MLPClassifier shorter = averaged.copy(ParamMap.empty()).setMaxIter(3);
    MLPClassificationModel a = shorter.fit(spirals);
    assertEquals(a.parameters(), shorter.fit(spirals).parameters());
    MLPClassificationModel synchronous = shorter.copy(ParamMap.empty()).setLocalSteps(1)
        .fit(spirals);
    assertNotEquals(synchronous.parameters(), a.parameters());
    assertEquals(a.summary().totalSteps(), synchronous.summary().totalSteps());
    MLPClassifier dropout = shorter.copy(ParamMap.empty()).setDropout(0.1);
    assertEquals(dropout.fit(spirals).parameters(), dropout.fit(spirals).parameters());
    assertNotEquals(dropout.fit(spirals).parameters(),
        dropout.copy(ParamMap.empty()).setDropout(0.0).fit(spirals).parameters());
  }

  @Test
  void multiClassDropoutAndRestartsAreSeeded() {
    Dataset<Row> three = TestData.classification(240, 4, 3, 5, 2, false, 3.0);
    MLPClassifier mlp = new MLPClassifier().setHiddenLayers(8).setDropout(0.2).setMaxIter(5)
        .setBatchSize(32).setOptimizer("adam").setLearningRate(0.02).setSeed(4L)
        .setNumRestarts(2);
    MLPClassificationModel a = mlp.fit(three);
    MLPClassificationModel b = mlp.fit(three);
    assertEquals(a.parameters(), b.parameters());
    assertArrayEquals(new int[] {4, 8, 3}, a.layers());
    assertEquals(2, a.summary().restarts().size());
    Row p = a.transform(three).select("probability").head();
    Vector probability = p.getAs(0);
    assertEquals(1.0, Arrays.stream(probability.toArray()).sum(), 1e-12);
  }

  @Test
  void paramsCopyAndPersistence() throws Exception {
    MLPClassifier mlp = new MLPClassifier("mlp1").setHiddenLayers(4, 3).setActivation("sigmoid")
        .setDropout(0.1).setMaxIter(2).setSeed(2L);
    for (Param<?> param : mlp.params()) {
      assertEquals("mlp1", param.parent(), param.name());
    }
    assertArrayEquals(new int[] {100}, new MLPClassifier().getHiddenLayers());
    assertEquals("relu", new MLPClassifier().getActivation());
    MLPClassifier copy = mlp.copy(new org.apache.spark.ml.param.ParamMap());
    assertArrayEquals(new int[] {4, 3}, copy.getHiddenLayers());
    mlp.write().save(tmp.resolve("estimator").toString());
    MLPClassifier loadedEstimator = MLPClassifier.load(tmp.resolve("estimator").toString());
    assertArrayEquals(new int[] {4, 3}, loadedEstimator.getHiddenLayers());
    assertEquals("sigmoid", loadedEstimator.getActivation());

    MLPClassificationModel model = mlp.fit(spirals);
    model.write().save(tmp.resolve("model").toString());
    MLPClassificationModel loaded = MLPClassificationModel.load(tmp.resolve("model").toString());
    assertEquals(model.parameters(), loaded.parameters());
    assertEquals(model.transform(spirals).select("probability").collectAsList(),
        loaded.transform(spirals).select("probability").collectAsList());
  }

  @Test
  void badParamsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new MLPClassifier().setHiddenLayers(4, 0));
    assertThrows(IllegalArgumentException.class, () -> new MLPClassifier().setActivation("elu"));
    assertThrows(IllegalArgumentException.class, () -> new MLPClassifier().setDropout(1.0));
    // Every layer has biases: the network stages have no fitIntercept to set.
    assertFalse(new MLPClassifier().hasParam("fitIntercept"));
  }
}
