package dev.descent.spark.ml.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.spark.ml.TestData;
import dev.descent.spark.ml.TestSpark;
import dev.descent.spark.ml.classification.LinearClassificationModel;
import dev.descent.spark.ml.classification.LinearClassifier;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Small Spark fits: schedules reach the training loop and the summary; clipping applies. */
class SchedulesAndClippingFitTest {

  private static Dataset<Row> data;

  @BeforeAll
  static void data() {
    TestSpark.session();
    data = TestData.classification(120, 3, 2, 31, 2, false, 2.0).cache();
  }

  /** Full-batch sgd without shuffling: one deterministic step per epoch. */
  private static LinearClassifier fullBatch(int epochs) {
    return new LinearClassifier().setOptimizer("sgd").setLearningRate(0.5)
        .setBatchSize(Integer.MAX_VALUE).setShuffle(false).setMaxIter(epochs).setTol(0.0);
  }

  private static double[] parameters(LinearClassificationModel model) {
    double[] c = model.coefficients().toArray();
    double[] all = Arrays.copyOf(c, c.length + 1);
    all[c.length] = model.intercept();
    return all;
  }

  @Test
  void stepScheduleIsRecordedPerEpoch() {
    LinearClassificationModel model = fullBatch(5).setLrSchedule("step").setLrStepSize(2)
        .setLrGamma(0.5).fit(data);
    assertArrayEquals(new double[] {0.5, 0.5, 0.25, 0.25, 0.125},
        model.summary().learningRateHistory(), 1e-15);
    assertEquals(6, model.summary().objectiveHistory().length, "epoch 0 and 5 epochs");
    assertEquals(5, model.summary().totalSteps());
  }

  @Test
  void cosineMayReachZeroBeforeTheLastEpoch() {
    LinearClassificationModel model = fullBatch(4).setLrSchedule("cosine").setCosineEpochs(2)
        .fit(data);
    assertArrayEquals(new double[] {0.5, 0.25, 0.0, 0.25},
        model.summary().learningRateHistory(), 1e-15);
  }

  @Test
  void clipGradNormChangesNothingWhenHugeAndTheTrajectoryWhenTiny() {
    double[] plain = parameters(fullBatch(3).fit(data));
    double[] huge = parameters(fullBatch(3).setClipGradNorm(1e9).fit(data));
    double[] tiny = parameters(fullBatch(3).setClipGradNorm(1e-3).fit(data));
    assertArrayEquals(plain, huge, 0.0, "a norm limit far above the gradient's changes nothing");
    assertFalse(Arrays.equals(plain, tiny), "a tiny limit changes the trajectory");
    // Each of 3 steps moves the parameters (in the training space) by at most 0.5 * 1e-3.
    double norm = 0;
    for (double v : tiny) {
      norm += v * v;
    }
    assertTrue(Math.sqrt(norm) < Math.sqrt(Arrays.stream(plain).map(v -> v * v).sum()),
        "clipped steps are shorter");
  }

  /**
   * The L1 proximal step thresholds by the schedule's rate of each epoch: three full-batch SGD
   * epochs at rates 0.5, 0.05, 0.005 against proximal gradient descent computed here, on
   * least squares without standardization or intercept.
   */
  @Test
  void theL1ProximalStepFollowsTheSchedule() {
    Dataset<Row> rows = TestData.regression(60, 4, 51L, 2, false);
    double l1 = 0.3;
    dev.descent.spark.ml.regression.LinearRegressionModel model =
        new dev.descent.spark.ml.regression.LinearRegressor().setOptimizer("sgd")
            .setLearningRate(0.5).setLrSchedule("step").setLrStepSize(1).setLrGamma(0.1)
            .setRegParam(l1).setElasticNetParam(1.0).setStandardization(false)
            .setFitIntercept(false).setBatchSize(1_000_000).setMaxIter(3).setTol(0)
            .fit(rows);
    java.util.List<Row> collected = rows.select("label", "features").collectAsList();
    double[] theta = new double[4];
    double lr = 0.5;
    for (int epoch = 0; epoch < 3; epoch++, lr *= 0.1) {
      double[] gradient = new double[4];
      for (Row row : collected) {
        double[] x = ((org.apache.spark.ml.linalg.Vector) row.get(1)).toArray();
        double residual = -row.getDouble(0);
        for (int j = 0; j < 4; j++) {
          residual += theta[j] * x[j];
        }
        for (int j = 0; j < 4; j++) {
          gradient[j] += residual * x[j] / collected.size();
        }
      }
      for (int j = 0; j < 4; j++) {
        double v = theta[j] - lr * gradient[j];
        theta[j] = Math.signum(v) * Math.max(0, Math.abs(v) - lr * l1);
      }
    }
    dev.descent.spark.ml.Assertions2.assertClose(theta, model.coefficients().toArray(), 1e-12,
        "coefficients after three scheduled proximal steps");
    assertArrayEquals(new double[] {0.5, 0.05, 0.005}, model.summary().learningRateHistory(),
        1e-15);
  }

  @Test
  void newParamsHaveTheirDefaultsAndValidate() {
    LinearClassifier c = new LinearClassifier();
    assertEquals("constant", c.getLrSchedule());
    assertEquals(0.1, c.getLrGamma());
    assertEquals(10, c.getLrStepSize());
    assertEquals(0, c.getLrMilestones().length);
    assertEquals(100, c.getCosineEpochs(), "unset: maxIter");
    assertEquals(7, c.setMaxIter(7).getCosineEpochs());
    assertEquals(3, c.setCosineEpochs(3).getCosineEpochs());
    assertEquals(0.0, c.getMinLearningRate());
    assertEquals(0.5, c.getPowerT());
    assertEquals(0.1, c.getPlateauFactor());
    assertEquals(10, c.getPlateauPatience());
    assertEquals(1e-4, c.getPlateauThreshold());
    assertEquals(0, c.getPlateauCooldown());
    assertEquals(0, c.getWarmupEpochs());
    assertEquals(1.0 / 3, c.getWarmupStartFactor());
    assertTrue(Double.isNaN(c.getClipGradNorm()));
    assertTrue(Double.isNaN(c.getClipGradValue()));
    assertArrayEquals(new int[] {5, 2}, c.setLrMilestones(new int[] {5, 2}).getLrMilestones());
    assertDoesNotThrow(() -> new ObjectOutputStream(new ByteArrayOutputStream()).writeObject(c),
        "Spark serializes stages with their params and validators");
    for (Runnable bad : new Runnable[] {
        () -> c.setLrSchedule("linear"), () -> c.setLrGamma(0), () -> c.setLrStepSize(0),
        () -> c.setLrMilestones(new int[] {1, -1}), () -> c.setCosineEpochs(0),
        () -> c.setMinLearningRate(-1), () -> c.setPowerT(-1), () -> c.setPlateauFactor(1),
        () -> c.setPlateauPatience(-1), () -> c.setPlateauThreshold(-1),
        () -> c.setPlateauCooldown(-1), () -> c.setWarmupEpochs(-1),
        () -> c.setWarmupStartFactor(0), () -> c.setClipGradNorm(0),
        () -> c.setClipGradValue(-1)}) {
      assertThrows(IllegalArgumentException.class, bad::run);
    }
  }

  @Test
  void aFloorAboveTheLearningRateIsRefused() {
    for (String schedule : new String[] {"cosine", "plateau"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> fullBatch(3).setLrSchedule(schedule).setLearningRate(0.01)
              .setMinLearningRate(0.5).fit(data));
      assertTrue(e.getMessage().contains("minLearningRate (0.5)")
          && e.getMessage().contains("learningRate (0.01)"), e.getMessage());
    }
    assertDoesNotThrow(() -> fullBatch(2).setLrSchedule("step").setLearningRate(0.01)
        .setMinLearningRate(0.5).fit(data), "step has no floor");
  }
}
