package dev.descent.spark.ml.summary;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.rand;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import dev.descent.spark.ml.TestData;
import dev.descent.spark.ml.classification.LinearClassifier;
import dev.descent.spark.ml.classification.MLPClassificationModel;
import dev.descent.spark.ml.classification.MLPClassifier;
import dev.descent.spark.ml.loss.Losses;
import dev.descent.spark.ml.nn.Activation;
import dev.descent.spark.ml.nn.Network;
import dev.descent.spark.ml.nn.NetworkShape;
import dev.descent.spark.ml.regression.MLPRegressionModel;
import dev.descent.spark.ml.regression.MLPRegressor;
import dev.descent.spark.ml.training.EpochReport;
import dev.descent.spark.ml.training.TrainingListener;
import dev.descent.spark.ml.training.TrainingSummary;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The networks under the linear stages' supervision: validation rows, early stopping, listeners,
 * metric summaries, restarts kept by validation metric, and the per-layer norms.
 */
class NetworkSupervisionTest {

  /** Noisy binary labels (so a network overfits), with "isVal" true for about a quarter. */
  private static Dataset<Row> binary;
  private static Dataset<Row> regression;

  @BeforeAll
  static void data() {
    binary = TestData.classification(240, 3, 2, 21L, 2, false)
        .withColumn("isVal", rand(4L).lt(0.25)).cache();
    regression = TestData.regression(200, 3, 22L, 2, true)
        .withColumn("isVal", rand(6L).lt(0.25)).cache();
  }

  private static MLPClassifier classifier(int epochs) {
    return new MLPClassifier().setHiddenLayers(8).setActivation("tanh").setOptimizer("adam")
        .setLearningRate(0.05).setBatchSize(32).setMaxIter(epochs).setTol(0.0).setSeed(5L);
  }

  private static MLPRegressor regressor(int epochs) {
    return new MLPRegressor().setHiddenLayers(6).setActivation("tanh").setOptimizer("adam")
        .setLearningRate(0.05).setBatchSize(40).setMaxIter(epochs).setTol(0.0).setSeed(2L);
  }

  private static Dataset<Row> validationRows(Dataset<Row> data) {
    return data.where(col("isVal"));
  }

  private static Dataset<Row> trainingRows(Dataset<Row> data) {
    return data.where(col("isVal").equalTo(false));
  }

  @Test
  void validationRowsAreHeldOutAndScoredEachEpoch() {
    long heldOut = validationRows(binary).count();
    MLPClassificationModel model = classifier(5).setValidationIndicatorCol("isVal")
        .setValidationMetric("areaUnderROC").fit(binary);
    ClassificationTrainingSummary summary = model.summary();
    assertEquals(240 - heldOut, summary.numRows());
    assertEquals(heldOut, summary.numValidationRows());
    assertEquals("areaUnderROC", summary.training().validationMetricName());
    assertEquals(6, summary.validationMetricHistory().length);
    assertEquals(new BinaryClassificationEvaluator().evaluate(
        model.transform(validationRows(binary))), summary.validationMetricHistory()[5], 1e-12);
    assertEquals(summary.numRows(), summary.predictions().count());
    // Training never sees the validation rows: the same fit on the training rows alone.
    MLPClassificationModel alone = classifier(5).fit(trainingRows(binary));
    assertArrayEquals(alone.parameters().toArray(), model.parameters().toArray());

    // The validation objective is the training objective over the held-out rows.
    MLPRegressionModel regressed = regressor(4).setValidationIndicatorCol("isVal")
        .setWeightCol("weight").fit(regression);
    double loss = 0;
    double weights = 0;
    for (Row row : regressed.transform(validationRows(regression))
        .select("prediction", "label", "weight").collectAsList()) {
      double r = row.getDouble(0) - row.getDouble(1);
      loss += row.getDouble(2) * 0.5 * r * r;
      weights += row.getDouble(2);
    }
    double[] validationObjective = regressed.summary().validationObjectiveHistory();
    assertEquals(loss / weights, validationObjective[4], 1e-12 * loss / weights);
    assertEquals("objective", regressed.summary().training().validationMetricName());
    assertArrayEquals(validationObjective, regressed.summary().validationMetricHistory());
  }

  @Test
  void earlyStoppingReturnsExactlyTheParametersOfARunOfBestEpochEpochs() {
    MLPClassifier base = new MLPClassifier().setHiddenLayers(32).setActivation("tanh")
        .setOptimizer("adam").setLearningRate(0.01).setBatchSize(32).setMaxIter(60).setTol(0.0)
        .setSeed(7L).setValidationIndicatorCol("isVal");
    MLPClassificationModel stopped = base.copy(ParamMap.empty()).setEarlyStoppingPatience(2)
        .setEarlyStoppingMinDelta(1e-3).fit(binary);
    int best = TrainingExperienceTest.assertStoppedEarly(stopped.summary());
    MLPClassificationModel shorter = base.copy(ParamMap.empty()).setMaxIter(best).fit(binary);
    // Bit for bit: every sum over partitions is added in a fixed order.
    assertArrayEquals(shorter.parameters().toArray(), stopped.parameters().toArray());
  }

  @Test
  void listenersSeeEveryEpochAndMayStopTraining() {
    List<EpochReport> seen = new ArrayList<>();
    MLPRegressor mlp = regressor(10).addTrainingListener(TrainingListener.observing(seen::add))
        .addTrainingListener(report -> report.epoch() == 3);
    MLPRegressionModel model = mlp.fit(regression);
    assertEquals(2, seen.get(0).numLayers());
    TrainingExperienceTest.assertStoppedAfterEpoch3(model.summary(), seen, mlp);
    assertEquals(1, new MLPClassifier().addTrainingListener(report -> false)
        .copy(ParamMap.empty()).trainingListeners().size());
  }

  @Test
  void metricSummariesAreSparksOnTheSamePredictions() {
    MLPClassificationModel model = classifier(8).fit(binary);
    ClassificationTrainingSummary summary = model.summary();
    TrainingExperienceTest.assertSparksMetrics(summary, model.transform(binary));
    // With regParam 0 and unit weights the last objective is the model's mean log loss.
    assertEquals(summary.logLoss(), summary.objectiveHistory()[8], 1e-9);
    Dataset<Row> other = TestData.classification(100, 3, 2, 99L, 2, false);
    TrainingExperienceTest.assertSparksMetrics(model.evaluate(other), model.transform(other));

    MLPRegressionModel regressor = regressor(6).setWeightCol("weight").fit(regression);
    Dataset<Row> regressed = regressor.transform(regression);
    TrainingExperienceTest.assertSparksMetrics(regressor.summary(), regressed);
    TrainingExperienceTest.assertSparksMetrics(regressor.evaluate(regression), regressed);
  }

  @Test
  void restartsKeepTheBestValidationMetricAndRecordEveryRun() {
    MLPClassifier mlp = classifier(4).setNumRestarts(3).setValidationIndicatorCol("isVal")
        .setValidationMetric("areaUnderROC");
    MLPClassificationModel model = mlp.fit(binary);
    List<TrainingSummary> runs = model.summary().restarts();
    assertEquals(3, runs.size());
    double[] auc = runs.stream()
        .mapToDouble(run -> run.validationMetricHistory()[run.bestEpoch()]).toArray();
    int best = 0;
    for (int r = 1; r < auc.length; r++) {
      best = auc[r] > auc[best] ? r : best;
    }
    assertTrue(auc[best] > java.util.Arrays.stream(auc).min().getAsDouble(),
        "the restarts must differ for this test to mean anything");
    assertArrayEquals(runs.get(best).objectiveHistory(), model.summary().objectiveHistory());
    MLPClassificationModel single = mlp.copy(ParamMap.empty()).setNumRestarts(1)
        .setSeed(5L + best).fit(binary);
    assertArrayEquals(single.parameters().toArray(), model.parameters().toArray());

    // Smaller is better for rmse.
    MLPRegressionModel regressed = regressor(3).setNumRestarts(3)
        .setValidationIndicatorCol("isVal").setValidationMetric("rmse").fit(regression);
    double[] rmse = regressed.summary().restarts().stream()
        .mapToDouble(run -> run.validationMetricHistory()[run.bestEpoch()]).toArray();
    double kept = regressed.summary().validationMetricHistory()[regressed.summary().bestEpoch()];
    assertEquals(java.util.Arrays.stream(rmse).min().getAsDouble(), kept);
  }

  /** The L2 norm of each layer's weights and biases in a flat parameter vector. */
  private static double[] layerNorms(NetworkShape shape, double[] parameters) {
    double[] norms = new double[shape.numLayers()];
    for (int l = 1; l <= shape.numLayers(); l++) {
      int end = l < shape.numLayers() ? shape.weightOffset(l + 1) : shape.numParameters();
      double squares = 0;
      for (int i = shape.weightOffset(l); i < end; i++) {
        squares += parameters[i] * parameters[i];
      }
      norms[l - 1] = Math.sqrt(squares);
    }
    return norms;
  }

  private static void assertRelative(double[] expected, double[] actual, double tolerance) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], tolerance * Math.abs(expected[i]), "layer " + i);
    }
  }

  @Test
  void parameterNormsStartAtTheSeededNetworkAndEndAtTheModel() throws Exception {
    MLPClassificationModel model = classifier(3).setHiddenLayers(8, 4).fit(binary);
    NetworkShape shape = new NetworkShape(3, 8, 4, 1);
    double[][] norms = model.summary().layerParameterNorms();
    assertEquals(4, norms.length);
    assertRelative(layerNorms(shape, new Network(shape, Activation.TANH).initialParameters(5L)),
        norms[0], 1e-15);
    // Standardization is folded into layer 1 only: the other layers are the model's own.
    double[] fitted = layerNorms(shape, model.parameters().toArray());
    assertEquals(fitted[1], norms[3][1], 1e-15 * fitted[1]);
    assertEquals(fitted[2], norms[3][2], 1e-15 * fitted[2]);
    for (double[] epoch : model.summary().layerGradientNorms()) {
      assertEquals(3, epoch.length);
    }
    // The training summary is serializable, its reports and norms included.
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(model.summary().training());
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertEquals(model.summary().training().epochReports(),
          ((TrainingSummary) in.readObject()).epochReports());
    }
  }

  @Test
  void gradientNormsAreThoseOfTheFullGradientAtTheEpochsEnd() {
    // Without standardization the model's parameters are the training ones, on raw features.
    MLPClassificationModel model = classifier(3).setHiddenLayers(5).setStandardization(false)
        .fit(binary);
    NetworkShape shape = new NetworkShape(3, 5, 1);
    double[] theta = model.parameters().toArray();
    List<Row> rows = binary.select("label", "features").collectAsList();
    double[] x = new double[3 * rows.size()];
    double[] labels = new double[rows.size()];
    double[] weights = new double[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      labels[i] = rows.get(i).getDouble(0);
      weights[i] = 1.0;
      System.arraycopy(((Vector) rows.get(i).get(1)).toArray(), 0, x, 3 * i, 3);
    }
    double[] gradient = new double[theta.length];
    new Network(shape, Activation.TANH).lossAndGradient(theta, x, rows.size(), labels, weights,
        Losses.classification("log", 2), null, gradient);
    double squares = 0;
    for (int i = 0; i < gradient.length; i++) {
      gradient[i] /= rows.size();
      squares += gradient[i] * gradient[i];
    }
    TrainingSummary summary = model.summary().training();
    double[] last = summary.layerGradientNorms()[3];
    assertRelative(layerNorms(shape, gradient), last, 1e-9);
    // The layers split the parameters: their squared norms add up to the whole gradient's.
    assertEquals(squares, last[0] * last[0] + last[1] * last[1], 1e-9 * squares);
    assertRelative(layerNorms(shape, theta), summary.layerParameterNorms()[3], 1e-15);
  }

  @Test
  void aLinearModelIsOneLayerWhoseFirstStepIsTheLearningRateTimesTheGradient() {
    // Full-batch SGD from zeros without penalty: theta_1 = -lr * gradient at 0.
    TrainingSummary summary = new LinearClassifier().setOptimizer("sgd").setLearningRate(0.5)
        .setBatchSize(Integer.MAX_VALUE).setMaxIter(2).setSeed(1L).fit(binary).summary()
        .training();
    double[][] parameters = summary.layerParameterNorms();
    double[][] gradients = summary.layerGradientNorms();
    assertEquals(1, parameters[0].length);
    assertEquals(0.0, parameters[0][0]);
    assertEquals(0.5 * gradients[0][0], parameters[1][0], 1e-12 * parameters[1][0]);
    assertTrue(gradients[2][0] < gradients[0][0], "the gradient shrinks as the fit converges");
  }

  @Test
  void trainingCurvesShowTheNormsOfEveryLayer(@TempDir Path dir) throws Exception {
    MLPClassificationModel model = classifier(6).setHiddenLayers(8, 8)
        .setValidationIndicatorCol("isVal").setValidationMetric("accuracy").fit(binary);
    List<String> written = model.summary().writePlots(dir.toString());
    assertEquals(3, written.size());
    BufferedImage curves = ImageIO.read(new File(written.get(0)));
    assertNotNull(curves);
    assertEquals(800, curves.getWidth());
    assertEquals(900, curves.getHeight());
  }

  @Test
  void networkStagesHaveNoCheckpointParamsAndEarlyStoppingNeedsValidationRows() {
    for (String name : List.of("checkpointDir", "checkpointInterval", "resumeFrom")) {
      assertFalse(classifier(2).hasParam(name), name);
      assertFalse(regressor(2).hasParam(name), name);
    }
    IllegalArgumentException noValidation = assertThrows(IllegalArgumentException.class,
        () -> regressor(2).setEarlyStoppingPatience(2).fit(regression));
    assertTrue(noValidation.getMessage().contains("validationIndicatorCol"),
        noValidation.getMessage());
  }
}
