package dev.descent.spark.ml.engine;

import static dev.descent.spark.ml.Assertions2.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import dev.descent.spark.ml.TestData;
import dev.descent.spark.ml.TestSpark;
import dev.descent.spark.ml.classification.LinearClassificationModel;
import dev.descent.spark.ml.classification.LinearClassifier;
import dev.descent.spark.ml.classification.MLPClassifier;
import dev.descent.spark.ml.param.GradientDescentSetters;
import dev.descent.spark.ml.regression.LinearRegressionModel;
import dev.descent.spark.ml.regression.LinearRegressor;
import dev.descent.spark.ml.regression.MLPRegressor;
import dev.descent.spark.ml.training.EpochObjective;
import dev.descent.spark.ml.training.StopReason;
import dev.descent.spark.ml.training.TrainingSummary;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeoutException;
import javax.imageio.ImageIO;
import org.apache.spark.SparkContext;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code epochObjective} param: "running" records the weighted mean of an epoch's mini-batch
 * objectives, checked against an independent replay of the steps; it runs no pass beyond the
 * steps (counted with a Spark listener); it only changes what is recorded, and with one step per
 * epoch nothing at all; divergence, {@code tol}, early stopping and charts work from it.
 */
class EpochObjectiveTest {

  private static final double LEARNING_RATE = 0.05;
  private static final double REG_PARAM = 0.1;

  /** 12 weighted rows, 2 features, in two partitions of 6. */
  private static Dataset<Row> twelve;
  private static List<List<Row>> partitions;
  private static Dataset<Row> binary;

  @BeforeAll
  static void data() {
    twelve = TestData.regression(12, 2, 41L, 2, true).cache();
    partitions = twelve.javaRDD().glom().collect();
    binary = TestData.classification(300, 3, 2, 43L, 2, false).cache();
  }

  /**
   * Plain SGD with an L2 penalty on unstandardized features, no shuffling: batches of 4 over two
   * partitions of 6 rows take rows [2k, 2k + 2) of each partition at step k (3 steps per epoch).
   */
  private static LinearRegressor replayable(int epochs) {
    return new LinearRegressor().setOptimizer("sgd").setLearningRate(LEARNING_RATE)
        .setRegParam(REG_PARAM).setStandardization(false).setShuffle(false).setBatchSize(4)
        .setWeightCol("weight").setMaxIter(epochs).setTol(0.0)
        .setEpochObjective("running");
  }

  @Test
  void exactIsTheDefaultAndValuesAreValidatedAndCopied() {
    List<GradientDescentSetters<?>> stages = List.of(new LinearClassifier(),
        new LinearRegressor(), new MLPClassifier(), new MLPRegressor());
    for (GradientDescentSetters<?> stage : stages) {
      String name = stage.getClass().getSimpleName();
      assertEquals("exact", stage.getEpochObjective(), name);
      stage.setEpochObjective("running");
      assertEquals("running", stage.getEpochObjective(), name);
      assertEquals("running", ((GradientDescentSetters<?>) stage.copy(ParamMap.empty()))
          .getEpochObjective(), name + " copy");
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> stage.setEpochObjective("Running"));
      assertTrue(e.getMessage().contains("epochObjective")
          && e.getMessage().contains("Running"), e.getMessage());
      assertTrue(stage.explainParams().contains("epochObjective"), name);
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EpochObjective.named("mean"));
    assertTrue(e.getMessage().contains("'mean'") && e.getMessage().contains("[exact, running]"),
        e.getMessage());
  }

  @Test
  void synchronousRunningObjectiveIsTheWeightedMeanOfTheMiniBatchObjectives() {
    assertMatchesReplay(1);
  }

  @Test
  void modelAveragingRunningObjectiveIsTheWeightedMeanOfTheLocalMiniBatchObjectives() {
    assertMatchesReplay(2);
  }

  /** A fit of 3 epochs with {@code localSteps} against {@link #replay}. */
  private static void assertMatchesReplay(int localSteps) {
    assertEquals(List.of(6, 6), partitions.stream().map(List::size).toList());
    int epochs = 3;
    Replay expected = replay(localSteps, epochs);
    LinearRegressionModel model = replayable(epochs).setLocalSteps(localSteps).fit(twelve);
    assertEquals("running", model.getEpochObjective(), "the model keeps the estimator's params");
    TrainingSummary summary = model.summary().training();
    assertClose(expected.objectives, summary.objectiveHistory(), 1e-12, "objectives");
    double[] parameters = Arrays.copyOf(model.coefficients().toArray(), 3);
    parameters[2] = model.intercept();
    assertClose(expected.parameters, parameters, 1e-12, "parameters");
    double[][] norms = summary.layerGradientNorms();
    assertClose(expected.gradientNorms[0], norms[0][0], 1e-12, "epoch 0 gradient norm");
    for (int e = 1; e <= epochs; e++) {
      if (localSteps == 1) {
        assertClose(expected.gradientNorms[e], norms[e][0], 1e-12, "gradient norm " + e);
      } else {
        assertTrue(Double.isNaN(norms[e][0]), "model averaging has no gradient norm: "
            + norms[e][0]);
      }
    }
    // Not what the exact objective would say: only the running definition explains the figures.
    double[] exact = replayable(epochs).setLocalSteps(localSteps).setEpochObjective("exact")
        .fit(twelve).summary().objectiveHistory();
    for (int e = 0; e <= epochs; e++) {
      assertTrue(Math.abs(exact[e] - expected.objectives[e]) > 1e-6 * Math.abs(exact[e]),
          "epoch " + e + ": exact " + exact[e] + " vs running " + expected.objectives[e]);
    }
  }

  /** What a replay of the steps gives: objective and gradient norm per epoch, final parameters. */
  private record Replay(double[] objectives, double[] gradientNorms, double[] parameters) {}

  /**
   * Replays {@link #replayable} on the rows of {@link #partitions}: squared loss (m - y)^2 / 2,
   * penalty REG_PARAM / 2 * ||w||^2, parameters (w1, w2, b). Each round of {@code localSteps}
   * steps starts every partition from the same parameters; each takes plain SGD steps on its
   * share of each mini-batch, and the round ends with the average weighted by the rows' weights
   * each used (with one step per round that is the synchronous step). An epoch's objective is the
   * sum, over partitions and steps, of weight times objective at the parameters before the step,
   * divided by the weights; its gradient, the same mean of the data term's gradients.
   */
  private static Replay replay(int localSteps, int epochs) {
    double[] theta = new double[3];
    double[] objectives = new double[epochs + 1];
    double[] gradientNorms = new double[epochs + 1];
    Sums first = new Sums();
    for (List<Row> partition : partitions) {
      first.add(partition.subList(0, 2), theta);
    }
    objectives[0] = first.objective();
    gradientNorms[0] = first.gradientNorm();
    for (int e = 1; e <= epochs; e++) {
      Sums epoch = new Sums();
      for (int round = 0; round < 3; round += localSteps) {
        double[] average = new double[3];
        double roundWeight = 0;
        List<double[]> locals = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        for (List<Row> partition : partitions) {
          double[] local = theta.clone();
          double used = 0;
          for (int k = round; k < Math.min(3, round + localSteps); k++) {
            Sums batch = new Sums();
            batch.add(partition.subList(2 * k, 2 * k + 2), local);
            epoch.add(partition.subList(2 * k, 2 * k + 2), local);
            for (int i = 0; i < 3; i++) {
              double penaltyGradient = i < 2 ? REG_PARAM * local[i] : 0;
              local[i] -= LEARNING_RATE * (batch.gradient[i] / batch.weight + penaltyGradient);
            }
            used += batch.weight;
          }
          locals.add(local);
          weights.add(used);
          roundWeight += used;
        }
        for (int p = 0; p < locals.size(); p++) {
          for (int i = 0; i < 3; i++) {
            average[i] += weights.get(p) / roundWeight * locals.get(p)[i];
          }
        }
        theta = average;
      }
      objectives[e] = epoch.objective();
      gradientNorms[e] = epoch.gradientNorm();
    }
    return new Replay(objectives, gradientNorms, theta);
  }

  /** Weighted sums of objective and data-term gradient over rows, each at its own parameters. */
  private static final class Sums {
    double objective;
    double weight;
    final double[] gradient = new double[3];

    void add(List<Row> rows, double[] theta) {
      double penalty = 0.5 * REG_PARAM * (theta[0] * theta[0] + theta[1] * theta[1]);
      for (Row row : rows) {
        double w = row.getDouble(1);
        double[] x = ((Vector) row.get(2)).toArray();
        double r = theta[0] * x[0] + theta[1] * x[1] + theta[2] - row.getDouble(0);
        objective += w * (0.5 * r * r + penalty);
        weight += w;
        gradient[0] += w * r * x[0];
        gradient[1] += w * r * x[1];
        gradient[2] += w * r;
      }
    }

    double objective() {
      return objective / weight;
    }

    double gradientNorm() {
      return Math.sqrt(gradient[0] * gradient[0] + gradient[1] * gradient[1]
          + gradient[2] * gradient[2]) / weight;
    }
  }

  @Test
  void runningRunsNoPassBeyondTheSteps() throws TimeoutException {
    // 300 rows in batches of 60: 5 steps per epoch, 3 epochs.
    // Jobs are what is counted: a job per step (a barrier stage has none).
    LinearClassifier classifier = new LinearClassifier().setBatchSize(60).setMaxIter(3)
        .setTol(0.0).setSeed(5L).setSynchronization("job");
    JobCount exact = countJobs(() -> classifier.copy(ParamMap.empty()).fit(binary));
    JobCount running = countJobs(() -> classifier.copy(ParamMap.empty())
        .setEpochObjective("running").fit(binary));
    assertEquals(4, exact.objectivePasses, "epoch 0 and one pass per epoch");
    assertEquals(15, exact.steps);
    assertEquals(19, exact.training);
    assertEquals(0, running.objectivePasses);
    assertEquals(15, running.steps, "epoch 0's mini-batch is epoch 1's first step");
    assertEquals(15, running.training);

    // Model averaging: one small job for epoch 0, then only the synchronizations.
    JobCount averagingExact = countJobs(() -> classifier.copy(ParamMap.empty()).setLocalSteps(2)
        .fit(binary));
    JobCount averagingRunning = countJobs(() -> classifier.copy(ParamMap.empty())
        .setLocalSteps(2).setEpochObjective("running").fit(binary));
    assertEquals(4, averagingExact.objectivePasses);
    assertEquals(13, averagingExact.training);
    assertEquals(1, averagingRunning.objectivePasses);
    assertEquals(9, averagingRunning.steps, "3 synchronizations per epoch");
    assertEquals(10, averagingRunning.training);
  }

  /**
   * Spark jobs a fit started to train (reading the data aside): all of them, its steps (or
   * synchronizations), and its objective passes.
   */
  private record JobCount(int training, int steps, int objectivePasses) {}

  private static JobCount countJobs(Runnable fit) throws TimeoutException {
    SparkContext sc = TestSpark.session().sparkContext();
    String group = "epoch-objective-" + System.nanoTime();
    List<String> descriptions = new ArrayList<>();
    SparkListener listener = new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart start) {
        if (group.equals(start.properties().getProperty("spark.jobGroup.id"))) {
          String description = start.properties().getProperty("spark.job.description");
          synchronized (descriptions) {
            descriptions.add(description == null ? "" : description);
          }
        }
      }
    };
    sc.listenerBus().waitUntilEmpty();
    sc.addSparkListener(listener);
    sc.setJobGroup(group, "counted", false);
    try {
      fit.run();
      sc.listenerBus().waitUntilEmpty();
    } finally {
      sc.clearJobGroup();
      sc.removeSparkListener(listener);
    }
    synchronized (descriptions) {
      return new JobCount(count(descriptions, " epoch "), count(descriptions, " step "),
          count(descriptions, " objective"));
    }
  }

  private static int count(List<String> descriptions, String fragment) {
    return (int) descriptions.stream().filter(d -> d.contains(fragment)).count();
  }

  @Test
  void fullBatchRunningIsExactBitForBit() {
    LinearClassifier linear = new LinearClassifier().setOptimizer("sgd").setLearningRate(0.5)
        .setBatchSize(1000).setMaxIter(4).setTol(0.0).setRegParam(0.01);
    LinearClassificationModel exact = linear.copy(ParamMap.empty()).fit(binary);
    LinearClassificationModel running =
        linear.copy(ParamMap.empty()).setEpochObjective("running").fit(binary);
    assertArrayEquals(exact.coefficients().toArray(), running.coefficients().toArray());
    assertSameRecords(exact.summary().training(), running.summary().training());
    // Dropout: the exact pass is not the step's gradient, and running still records it.
    MLPRegressor network = new MLPRegressor().setHiddenLayers(new int[] {3}).setDropout(0.2)
        .setBatchSize(1000).setMaxIter(3).setTol(0.0).setSeed(2L);
    assertSameRecords(network.copy(ParamMap.empty()).fit(twelve).summary().training(),
        network.copy(ParamMap.empty()).setEpochObjective("running").fit(twelve).summary()
            .training());
  }

  private static void assertSameRecords(TrainingSummary expected, TrainingSummary actual) {
    assertArrayEquals(expected.objectiveHistory(), actual.objectiveHistory(), "objectives");
    assertArrayEquals(expected.layerGradientNorms(), actual.layerGradientNorms(), "norms");
    assertEquals(expected.totalSteps(), actual.totalSteps());
  }

  @Test
  void runningChangesWhatIsRecordedNotTheTrainingNorValidationAndEarlyStopping() {
    Dataset<Row> data = binary.withColumn("isVal", functions.rand(3L).lt(0.3));
    LinearClassifier classifier = new LinearClassifier().setOptimizer("sgd").setMomentum(0.9)
        .setLearningRate(2.0).setBatchSize(50).setMaxIter(30).setTol(0.0).setSeed(9L)
        .setValidationIndicatorCol("isVal").setValidationMetric("logLoss")
        .setEarlyStoppingPatience(2);
    LinearClassificationModel exact = classifier.copy(ParamMap.empty()).fit(data);
    LinearClassificationModel running =
        classifier.copy(ParamMap.empty()).setEpochObjective("running").fit(data);
    assertArrayEquals(exact.coefficients().toArray(), running.coefficients().toArray());
    TrainingSummary e = exact.summary().training();
    TrainingSummary r = running.summary().training();
    assertEquals(StopReason.EARLY_STOPPING, r.stopReason(), r.stopMessage());
    assertEquals(e.bestEpoch(), r.bestEpoch());
    assertEquals(e.totalEpochs(), r.totalEpochs());
    assertArrayEquals(e.validationMetricHistory(), r.validationMetricHistory());
    assertArrayEquals(e.validationObjectiveHistory(), r.validationObjectiveHistory());
    assertFalse(Arrays.equals(e.objectiveHistory(), r.objectiveHistory()));
  }

  @Test
  void divergenceAndTolStopFromTheRunningObjective() {
    Dataset<Row> regression = TestData.regression(200, 3, 12L, 2, false);
    TrainingSummary diverged = new LinearRegressor().setOptimizer("sgd").setLearningRate(50.0)
        .setBatchSize(50).setMaxIter(50).setStandardization(false)
        .setEpochObjective("running").fit(regression).summary().training();
    assertEquals(StopReason.DIVERGENCE, diverged.stopReason());
    assertTrue(diverged.stopMessage().contains("epoch " + (diverged.totalEpochs() + 1)),
        diverged.stopMessage());

    double tol = 1e-3;
    TrainingSummary converged = new LinearRegressor().setOptimizer("sgd").setLearningRate(0.05)
        .setBatchSize(50).setMaxIter(200).setTol(tol).setSeed(4L).setEpochObjective("running")
        .fit(regression).summary().training();
    assertEquals(StopReason.CONVERGED, converged.stopReason(), converged.stopMessage());
    double[] h = converged.objectiveHistory();
    int n = h.length;
    assertTrue(n > 2 && n - 1 < 200, "stopped after " + (n - 1) + " epochs");
    assertTrue(Math.abs(h[n - 1] - h[n - 2])
        <= tol * Math.max(Math.abs(h[n - 1]), Math.abs(h[n - 2])), Arrays.toString(h));
    for (int e = 2; e < n - 1; e++) {
      assertTrue(Math.abs(h[e] - h[e - 1]) > tol * Math.max(Math.abs(h[e]), Math.abs(h[e - 1])),
          "tol would have stopped after epoch " + e);
    }
  }

  @Test
  void nanGradientNormsOfModelAveragingLeaveGapsInTheCharts(@TempDir Path dir) throws Exception {
    LinearClassificationModel model = new LinearClassifier().setBatchSize(60).setMaxIter(3)
        .setTol(0.0).setLocalSteps(2).setEpochObjective("running").fit(binary);
    TrainingSummary summary = model.summary().training();
    double[][] norms = summary.layerGradientNorms();
    assertTrue(Double.isFinite(norms[0][0]) && norms[0][0] > 0, "epoch 0: " + norms[0][0]);
    for (int e = 1; e < norms.length; e++) {
      assertTrue(Double.isNaN(norms[e][0]), "epoch " + e + ": " + norms[e][0]);
    }
    String path = dir.resolve("curves.png").toString();
    summary.writeTrainingCurves(path, 400, 500);
    BufferedImage image = ImageIO.read(new File(path));
    assertEquals(400, image.getWidth());
    List<String> written = model.summary().writePlots(dir.resolve("plots").toString());
    assertEquals(3, written.size());
  }
}
