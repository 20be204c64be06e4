package dev.descent.spark.ml.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.spark.ml.TestData;
import dev.descent.spark.ml.classification.LinearClassificationModel;
import dev.descent.spark.ml.classification.LinearClassifier;
import dev.descent.spark.ml.summary.ClassificationTrainingSummary;
import dev.descent.spark.ml.training.StopReason;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A run that stops, or cannot start, says truly why: maxIter before convergence is flagged with what to raise, and
 * a learning rate too large for a bounded loss is caught as divergence with the defaults.
 */
class StopMessagesTest {

  private static Dataset<Row> data;

  @BeforeAll
  static void data() {
    data = TestData.classification(400, 5, 2, 3L, 2, false).cache();
  }

  @Test
  void maxIterBeforeConvergenceSaysSoAndWhatToRaise() {
    ClassificationTrainingSummary s = new LinearClassifier().setMaxIter(3).fit(data).summary();
    assertEquals(StopReason.MAX_EPOCHS, s.stopReason());
    assertTrue(s.stopMessage().startsWith("reached maxIter (3 epochs) before converging")
        && s.stopMessage().contains("raise maxIter"), s.stopMessage());
    // With tol 0 the user asked for exactly maxIter epochs: nothing to flag.
    ClassificationTrainingSummary exact =
        new LinearClassifier().setMaxIter(3).setTol(0.0).fit(data).summary();
    assertEquals("reached maxIter (3 epochs)", exact.stopMessage());
  }

  /**
   * Every param at its default (optimizer auto, here lbfgs over every row): the fit converges to
   * MLlib's optimum. Chosen for mini-batches, adam at its default rate does not get there in 100
   * epochs and says so, pointing to lbfgs.
   */
  @Test
  void aDefaultFitConvergesAndAMiniBatchOneSaysWhenItDidNot() {
    double[] mllib = new org.apache.spark.ml.classification.LogisticRegression().setTol(1e-12)
        .setMaxIter(500).fit(data).summary().objectiveHistory();
    double optimum = mllib[mllib.length - 1];
    ClassificationTrainingSummary s = new LinearClassifier().fit(data).summary();
    assertEquals(StopReason.CONVERGED, s.stopReason(), s.stopMessage());
    double[] history = s.objectiveHistory();
    assertEquals(optimum, history[history.length - 1], 1e-6 * optimum, s.stopMessage());
    ClassificationTrainingSummary adam =
        new LinearClassifier().setBatchSize(1024).fit(data).summary();
    double[] adamHistory = adam.objectiveHistory();
    assertTrue(adamHistory[adamHistory.length - 1] > optimum * (1 + 1e-3));
    assertTrue(adam.stopMessage().contains("before converging")
        && adam.stopMessage().contains("use optimizer lbfgs"), adam.stopMessage());
  }

  @Test
  void aLearningRateTooLargeForABoundedLossDivergesByDefault() {
    // Full-batch SGD at rate 30 on logistic regression: the objective bounces above its start
    // (log 2) without ever growing a hundredfold.
    LinearClassifier tooLarge = new LinearClassifier().setOptimizer("sgd").setLearningRate(30)
        .setBatchSize(Integer.MAX_VALUE).setMaxIter(20);
    LinearClassificationModel model = tooLarge.copy(
        org.apache.spark.ml.param.ParamMap.empty()).fit(data);
    ClassificationTrainingSummary s = model.summary();
    assertEquals(StopReason.DIVERGENCE, s.stopReason(), s.stopMessage());
    assertTrue(s.stopMessage().contains("divergencePatience")
        && s.stopMessage().contains("learning rate 30.0"), s.stopMessage());
    // The model is the one from before the epochs above the start, which the history ends with.
    double[] history = s.objectiveHistory();
    int kept = s.bestEpoch();
    assertTrue(history[kept] <= history[0], "kept epoch " + kept + " is not above the start");
    assertTrue(history.length - 1 - kept == 2, "two epochs above the start after the kept one,"
        + " the third stopped the run: " + java.util.Arrays.toString(history));
    for (int e = kept + 1; e < history.length; e++) {
      assertTrue(history[e] > history[0], "epoch " + e + " above the start");
    }
    // Without the rule the run goes on to maxIter, as before.
    ClassificationTrainingSummary off = tooLarge.setDivergencePatience(0).fit(data).summary();
    assertEquals(StopReason.MAX_EPOCHS, off.stopReason(), off.stopMessage());
  }

  @Test
  void anOptimizerWithoutAProximalStepRefusesL1() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new LinearClassifier().setOptimizer("rprop").setRegParam(0.1)
            .setElasticNetParam(0.5).fit(data));
    assertTrue(e.getMessage().contains("optimizer 'rprop' has no proximal step")
        && e.getMessage().contains("elasticNetParam 0.5"), e.getMessage());
    // Without the L1 part it trains.
    assertEquals(StopReason.MAX_EPOCHS, new LinearClassifier().setOptimizer("rprop")
        .setRegParam(0.1).setMaxIter(2).fit(data).summary().stopReason());
  }

  @Test
  void anInfiniteNumberParamFailsNamingIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new LinearClassifier().setRegParam(Double.POSITIVE_INFINITY).fit(data));
    assertEquals("regParam must be a finite number, got Infinity", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new LinearClassifier().setLearningRate(Double.POSITIVE_INFINITY).fit(data));
    assertEquals("learningRate must be a finite number, got Infinity", e.getMessage());
  }
}
