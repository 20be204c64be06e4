package dev.descent.spark.ml.engine;

import static dev.descent.spark.ml.Assertions2.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.spark.ml.TestData;
import dev.descent.spark.ml.classification.LinearClassificationModel;
import dev.descent.spark.ml.classification.LinearClassifier;
import java.util.Arrays;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Training over many partitions: synchronous steps sum the partitions in a fixed order, so a
 * seeded fit is reproducible bit for bit whatever order the tasks finish in; model averaging
 * (localSteps > 1) is reproducible too and converges near the synchronous optimum.
 */
class ParallelTrainingTest {

  private static Dataset<Row> binary;
  private static LogisticRegressionModel optimum;

  @BeforeAll
  static void data() {
    // Six partitions on two cores: tasks finish in varying orders.
    binary = TestData.classification(1200, 6, 2, 31, 6, false).cache();
    optimum = new LogisticRegression().setRegParam(0.01).setMaxIter(1000).setTol(1e-12)
        .fit(binary);
  }

  private static LinearClassifier minibatch() {
    return new LinearClassifier().setRegParam(0.01).setOptimizer("sgd").setMomentum(0.5)
        .setLearningRate(0.5).setLrSchedule("cosine").setBatchSize(200).setMaxIter(25)
        .setTol(0.0).setSeed(7);
  }

  private static double[] parameters(LinearClassificationModel model) {
    double[] c = model.coefficients().toArray();
    double[] all = Arrays.copyOf(c, c.length + 1);
    all[c.length] = model.intercept();
    return all;
  }

  private static double[] parameters(Vector coefficients, double intercept) {
    double[] c = coefficients.toArray();
    double[] all = Arrays.copyOf(c, c.length + 1);
    all[c.length] = intercept;
    return all;
  }

  @Test
  void synchronousFitsOverSixPartitionsAreBitIdentical() {
    LinearClassifier adam = new LinearClassifier().setBatchSize(200).setMaxIter(2).setTol(0.0)
        .setSeed(3);
    double[] first = parameters(adam.fit(binary));
    for (int run = 0; run < 2; run++) {
      assertArrayEquals(first, parameters(adam.fit(binary)), "run " + run);
    }
  }

  @Test
  void modelAveragingIsReproducibleAndSeeded() {
    double[] a = parameters(minibatch().setLocalSteps(3).setMaxIter(2).fit(binary));
    double[] b = parameters(minibatch().setLocalSteps(3).setMaxIter(2).fit(binary));
    double[] c = parameters(minibatch().setLocalSteps(3).setMaxIter(2).setSeed(8).fit(binary));
    assertArrayEquals(a, b);
    assertFalse(Arrays.equals(a, c));
  }

  @Test
  void modelAveragingAveragesTheStateOfEveryOptimizer() {
    // Each optimizer's slots travel with the parameters, whatever their length (NAdam's
    // mu_product is one number), and are averaged in the tree over six partitions. Lbfgs
    // iterates on the driver only.
    for (String optimizer : dev.descent.spark.ml.optim.Optimizers.names()) {
      if (optimizer.equals("lbfgs")) {
        continue;
      }
      LinearClassifier stage = new LinearClassifier().setOptimizer(optimizer).setBatchSize(300)
          .setLocalSteps(2).setMaxIter(2).setTol(0.0).setSeed(3).setEpochObjective("running");
      double[] first = parameters(stage.fit(binary));
      assertArrayEquals(first, parameters(stage.fit(binary)), optimizer);
      assertTrue(java.util.Arrays.stream(first).allMatch(Double::isFinite), optimizer);
    }
  }

  @Test
  void modelAveragingConvergesNearTheSynchronousOptimum() {
    double[] expected = parameters(optimum.coefficients(), optimum.intercept());
    LinearClassificationModel synchronous = minibatch().fit(binary);
    LinearClassificationModel averaged = minibatch().setLocalSteps(3).fit(binary);
    assertClose(expected, parameters(synchronous), 2e-2, "synchronous vs L-BFGS");
    assertClose(expected, parameters(averaged), 2e-2, "model averaging vs L-BFGS");
    // 1200 rows in batches of 200: 6 steps per epoch, synchronized every 3.
    assertEquals(25 * 6, averaged.summary().totalSteps());
  }

  /**
   * Each partition's L1 proximal steps give exact zeros, but the average keeps a coefficient at
   * exactly zero only where every partition's copy is zero, so this checks values only.
   */
  @Test
  void modelAveragingWithL1ConvergesNearOwlqn() {
    LinearClassificationModel averaged = new LinearClassifier().setRegParam(0.03)
        .setElasticNetParam(1.0).setOptimizer("sgd").setLearningRate(0.5)
        .setLrSchedule("cosine").setBatchSize(200).setMaxIter(25).setTol(0.0).setSeed(7)
        .setLocalSteps(3).fit(binary);
    LogisticRegressionModel lasso = new LogisticRegression().setRegParam(0.03)
        .setElasticNetParam(1.0).setMaxIter(1000).setTol(1e-12).fit(binary);
    assertClose(parameters(lasso.coefficients(), lasso.intercept()), parameters(averaged), 3e-2,
        "L1 model averaging vs OWL-QN");
  }

  @Test
  void localStepsMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> new LinearClassifier().setLocalSteps(0));
  }
}
