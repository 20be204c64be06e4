package dev.descent.spark.ml.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.spark.ml.TestData;
import dev.descent.spark.ml.classification.LinearClassificationModel;
import dev.descent.spark.ml.classification.LinearClassifier;
import dev.descent.spark.ml.classification.MLPClassificationModel;
import dev.descent.spark.ml.classification.MLPClassifier;
import dev.descent.spark.ml.regression.LinearRegressionModel;
import dev.descent.spark.ml.regression.LinearRegressor;
import dev.descent.spark.ml.training.StopReason;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fits with lbfgs, the optimizer that evaluates the objective itself: one iteration per epoch
 * over every row, the settings it cannot honour refused by name, a resumed run equal to an
 * uninterrupted one, and networks trained by it as MLlib's perceptron is.
 */
class FullBatchOptimizerFitTest {

  @TempDir
  Path temp;

  private static final Dataset<Row> CLASSES = TestData.classification(300, 5, 2, 41L, 2, true);
  private static final Dataset<Row> VALUES = TestData.regression(200, 4, 42L, 2, false);

  private static LinearClassifier lbfgs() {
    return new LinearClassifier().setOptimizer("lbfgs").setRegParam(0.01).setTol(0);
  }

  private static void assertRefused(String expected, Executable fit) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, fit);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void oneIterationPerEpochOverEveryRowUntilItConverges() {
    LinearClassificationModel model = lbfgs().setMaxIter(100).fit(CLASSES);
    var summary = model.summary();
    assertEquals(StopReason.CONVERGED, summary.stopReason());
    assertTrue(summary.stopMessage().startsWith("lbfgs converged: "), summary.stopMessage());
    assertTrue(summary.totalEpochs() < 40, "epochs " + summary.totalEpochs());
    assertEquals(summary.totalEpochs(), summary.totalSteps());
    double[] history = summary.objectiveHistory();
    for (int e = 1; e < history.length; e++) {
      // Every accepted step satisfies the sufficient-decrease condition.
      assertTrue(history[e] <= history[e - 1], "epoch " + e + " rose: " + history[e]);
    }
    assertEquals(1.0, summary.learningRateHistory()[0]);
  }

  @Test
  void settingsAFullBatchOptimizerCannotHonourAreRefused() {
    assertRefused("batchSize (64) splits the 300 rows into 5 mini-batches: unset batchSize, or"
        + " raise it to at least 300", () -> lbfgs().setBatchSize(64).fit(CLASSES));
    assertRefused("localSteps (2) must be 1", () -> lbfgs().setLocalSteps(2).fit(CLASSES));
    assertRefused("unset clipGradNorm and clipGradValue",
        () -> lbfgs().setClipGradNorm(1.0).fit(CLASSES));
    assertRefused("which dropout makes random: set dropout 0",
        () -> new MLPClassifier().setOptimizer("lbfgs").setHiddenLayers(4).setDropout(0.2)
            .setMaxIter(3).fit(CLASSES));
    assertRefused("optimizer 'lbfgs' does not use momentum; it takes: historySize, lineSearch,"
        + " toleranceGrad, toleranceChange", () -> lbfgs().setMomentum(0.9).fit(CLASSES));
    // batchSize set to the row count or more is the full batch.
    assertEquals(StopReason.MAX_EPOCHS,
        lbfgs().setBatchSize(300).setMaxIter(2).fit(CLASSES).summary().stopReason());
  }

  @Test
  void aResumedRunEndsWithTheUninterruptedModel() {
    String dir = temp.resolve("lbfgs").toString();
    LinearRegressor regressor = new LinearRegressor().setOptimizer("lbfgs").setHistorySize(3)
        .setRegParam(0.05).setElasticNetParam(0.5).setTol(0).setToleranceChange(0);
    LinearRegressionModel whole = regressor.copy(new org.apache.spark.ml.param.ParamMap())
        .setMaxIter(12).fit(VALUES);
    regressor.copy(new org.apache.spark.ml.param.ParamMap()).setMaxIter(5).setCheckpointDir(dir)
        .fit(VALUES);
    LinearRegressionModel resumed = regressor.copy(new org.apache.spark.ml.param.ParamMap())
        .setMaxIter(12).setResumeFrom(dir).fit(VALUES);
    assertArrayEquals(whole.summary().objectiveHistory(), resumed.summary().objectiveHistory());
    assertArrayEquals(whole.coefficients().toArray(), resumed.coefficients().toArray());
    assertEquals(whole.intercept(), resumed.intercept());
  }

  @Test
  void aNetworkTrainsByLbfgsAsMllibsPerceptronDoes() {
    MLPClassificationModel model = new MLPClassifier().setOptimizer("lbfgs").setHiddenLayers(6)
        .setActivation("tanh").setSeed(3L).setMaxIter(60).setTol(0).fit(CLASSES);
    double[] history = model.summary().objectiveHistory();
    assertTrue(history[history.length - 1] < 0.6 * history[0],
        "objective " + history[0] + " -> " + history[history.length - 1]);
  }
}
