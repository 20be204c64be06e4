package dev.descent.spark.ml.summary;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.rand;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import dev.descent.spark.ml.TestData;
import dev.descent.spark.ml.TestSpark;
import dev.descent.spark.ml.classification.LinearClassificationModel;
import dev.descent.spark.ml.classification.LinearClassifier;
import dev.descent.spark.ml.regression.LinearRegressionModel;
import dev.descent.spark.ml.regression.LinearRegressor;
import dev.descent.spark.ml.training.EpochReport;
import dev.descent.spark.ml.training.HasTrainingListeners;
import dev.descent.spark.ml.training.StopReason;
import dev.descent.spark.ml.training.TrainingListener;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.ml.tuning.TrainValidationSplit;
import org.apache.spark.ml.tuning.TrainValidationSplitModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Summaries, validation rows, early stopping, divergence, listeners, charts, coefficients. */
class TrainingExperienceTest {

  private static Dataset<Row> binary;
  /** binary with a boolean column "isVal", true for about a quarter of the rows. */
  private static Dataset<Row> withValidation;
  private static Dataset<Row> regression;

  @BeforeAll
  static void data() {
    binary = TestData.classification(240, 3, 2, 11L, 2, false).cache();
    withValidation = binary.withColumn("isVal", rand(5L).lt(0.25)).cache();
    regression = TestData.regression(200, 3, 12L, 2, true).cache();
  }

  private static LinearClassifier fullBatch(int epochs) {
    return new LinearClassifier().setOptimizer("sgd").setLearningRate(0.5)
        .setBatchSize(Integer.MAX_VALUE).setMaxIter(epochs).setTol(0.0).setSeed(3L);
  }

  @Test
  void classificationMetricsAreSparksOnTheSamePredictions() {
    LinearClassificationModel model = fullBatch(20).fit(binary);
    ClassificationTrainingSummary summary = model.summary();
    assertSparksMetrics(summary, model.transform(binary));

    List<Row> confusion = summary.confusionMatrix().collectAsList();
    assertEquals(4, confusion.size());
    double total = confusion.stream().mapToDouble(r -> r.getDouble(2)).sum();
    double correct = confusion.stream().filter(r -> r.getDouble(0) == r.getDouble(1))
        .mapToDouble(r -> r.getDouble(2)).sum();
    assertEquals(240, total, 1e-9);
    assertEquals(summary.accuracy(), correct / total, 1e-12);
    List<Row> roc = summary.roc().collectAsList();
    assertEquals(0.0, roc.get(0).getDouble(0));
    assertEquals(1.0, roc.get(roc.size() - 1).getDouble(1));
    assertEquals(List.of("recall", "precision"), List.of(summary.pr().columns()));

    // With regParam 0 and unit weights the last objective is the mean log loss of the model.
    double[] history = summary.objectiveHistory();
    assertEquals(21, history.length);
    assertEquals(Math.log(2), history[0], 1e-12, "all-zero parameters predict 1/2");
    assertEquals(summary.logLoss(), history[20], 1e-9);
  }

  /** Checks a binary classifier's metrics against Spark's evaluators on its predictions. */
  static void assertSparksMetrics(ClassificationSummary summary, Dataset<Row> predictions) {
    MulticlassClassificationEvaluator multi = new MulticlassClassificationEvaluator();
    assertEquals(multi.setMetricName("accuracy").evaluate(predictions), summary.accuracy(),
        1e-12);
    assertEquals(multi.setMetricName("weightedPrecision").evaluate(predictions),
        summary.weightedPrecision(), 1e-12);
    assertEquals(multi.setMetricName("weightedRecall").evaluate(predictions),
        summary.weightedRecall(), 1e-12);
    assertEquals(multi.setMetricName("f1").evaluate(predictions), summary.weightedFMeasure(),
        1e-12);
    assertEquals(multi.setMetricName("logLoss").evaluate(predictions), summary.logLoss(), 1e-12);
    assertEquals(multi.setMetricName("precisionByLabel").setMetricLabel(1.0)
        .evaluate(predictions), summary.precisionByLabel()[1], 1e-12);
    assertEquals(multi.setMetricName("recallByLabel").setMetricLabel(0.0)
        .evaluate(predictions), summary.recallByLabel()[0], 1e-12);
    BinaryClassificationEvaluator bin = new BinaryClassificationEvaluator();
    assertEquals(bin.setMetricName("areaUnderROC").evaluate(predictions),
        summary.areaUnderROC(), 1e-12);
    assertEquals(bin.setMetricName("areaUnderPR").evaluate(predictions), summary.areaUnderPR(),
        1e-12);
  }

  /** Checks a regressor's metrics against Spark's evaluator on its predictions, weighted. */
  static void assertSparksMetrics(RegressionSummary summary, Dataset<Row> predictions) {
    RegressionEvaluator evaluator = new RegressionEvaluator().setWeightCol("weight");
    assertEquals(evaluator.setMetricName("rmse").evaluate(predictions),
        summary.rootMeanSquaredError(), 1e-12);
    assertEquals(evaluator.setMetricName("mse").evaluate(predictions),
        summary.meanSquaredError(), 1e-12);
    assertEquals(evaluator.setMetricName("mae").evaluate(predictions),
        summary.meanAbsoluteError(), 1e-12);
    assertEquals(evaluator.setMetricName("r2").evaluate(predictions), summary.r2(), 1e-12);
  }

  @Test
  void evaluateGivesTheSameSummaryOnNewData() {
    LinearClassificationModel model = fullBatch(10).fit(binary);
    Dataset<Row> other = TestData.classification(150, 3, 2, 99L, 2, false);
    ClassificationSummary summary = model.evaluate(other);
    Dataset<Row> predictions = model.transform(other);
    assertEquals(new MulticlassClassificationEvaluator().setMetricName("accuracy")
        .evaluate(predictions), summary.accuracy(), 1e-12);
    assertEquals(new BinaryClassificationEvaluator().evaluate(predictions),
        summary.areaUnderROC(), 1e-12);

    LinearRegressionModel regressor = new LinearRegressor().setOptimizer("sgd")
        .setLearningRate(0.1).setBatchSize(Integer.MAX_VALUE).setMaxIter(30)
        .setWeightCol("weight").fit(regression);
    Dataset<Row> regressed = regressor.transform(regression);
    assertSparksMetrics(regressor.summary(), regressed);
    assertSparksMetrics(regressor.evaluate(regression), regressed);
  }

  @Test
  void validationRowsAreHeldOutAndScoredEachEpoch() {
    long validationRows = withValidation.where(col("isVal")).count();
    LinearClassificationModel model = fullBatch(6).setValidationIndicatorCol("isVal")
        .setValidationMetric("areaUnderROC").fit(withValidation);
    ClassificationTrainingSummary summary = model.summary();
    assertEquals(240 - validationRows, summary.numRows());
    assertEquals(validationRows, summary.numValidationRows());
    assertEquals("areaUnderROC", summary.training().validationMetricName());
    assertEquals(7, summary.validationObjectiveHistory().length);
    assertEquals(7, summary.validationMetricHistory().length);
    Dataset<Row> heldOut = model.transform(withValidation.where(col("isVal")));
    assertEquals(new BinaryClassificationEvaluator().evaluate(heldOut),
        summary.validationMetricHistory()[6], 1e-12);
    // The training metrics cover the training rows only.
    assertEquals(summary.numRows(), summary.predictions().count());
    // The same fit on the training rows alone gives the same model.
    LinearClassificationModel alone = fullBatch(6)
        .fit(withValidation.where(col("isVal").equalTo(false)));
    assertArrayEquals(alone.coefficients().toArray(), model.coefficients().toArray(), 1e-12);
  }

  @Test
  void earlyStoppingKeepsTheBestEpochsParameters() {
    LinearClassifier classifier = new LinearClassifier().setOptimizer("adam")
        .setLearningRate(0.3).setBatchSize(32).setMaxIter(40).setTol(0.0).setSeed(7L)
        .setValidationIndicatorCol("isVal");
    LinearClassificationModel stopped = classifier.copy(ParamMap.empty())
        .setEarlyStoppingPatience(2).setEarlyStoppingMinDelta(1e-3).fit(withValidation);
    int best = assertStoppedEarly(stopped.summary());
    LinearClassificationModel shorter = classifier.copy(ParamMap.empty()).setMaxIter(best)
        .fit(withValidation);
    // Bit for bit: every sum over partitions is added in a fixed order.
    assertArrayEquals(shorter.coefficients().toArray(), stopped.coefficients().toArray());
    assertEquals(shorter.intercept(), stopped.intercept());
  }

  /**
   * Checks that a fit with earlyStoppingPatience 2 and minDelta 1e-3 on a smaller-is-better
   * metric stopped two epochs after its best one, which no epoch beats by minDelta; returns it.
   */
  static int assertStoppedEarly(TrainingHistory summary) {
    assertEquals(StopReason.EARLY_STOPPING, summary.stopReason(), summary.stopMessage());
    int best = summary.bestEpoch();
    assertTrue(best >= 1, "best epoch " + best);
    assertEquals(best + 2, summary.totalEpochs());
    double[] metric = summary.validationMetricHistory();
    for (int e = 0; e < metric.length; e++) {
      assertTrue(metric[best] <= metric[e] + 1e-3, "epoch " + e + " beats the best by minDelta");
    }
    return best;
  }

  @Test
  void divergenceStopsWithTheLastGoodParametersAndSaysWhere() {
    LinearRegressionModel model = new LinearRegressor().setOptimizer("sgd")
        .setLearningRate(50.0).setBatchSize(Integer.MAX_VALUE).setMaxIter(50)
        .setStandardization(false).fit(regression);
    RegressionTrainingSummary summary = model.summary();
    assertEquals(StopReason.DIVERGENCE, summary.stopReason());
    String message = summary.stopMessage();
    assertTrue(message.contains("epoch " + (summary.totalEpochs() + 1) + ", step 1"), message);
    assertTrue(message.contains("learning rate 50.0"), message);
    assertEquals(summary.totalEpochs(), summary.bestEpoch());
    for (double c : model.coefficients().toArray()) {
      assertTrue(Double.isFinite(c), model.coefficients().toString());
    }
    double[] history = summary.objectiveHistory();
    assertTrue(history[history.length - 1] <= history[0] * 101, "kept epoch is not diverged");
  }

  @Test
  void listenersSeeEveryEpochAndMayStopTraining() {
    List<EpochReport> seen = new ArrayList<>();
    LinearClassifier classifier = fullBatch(10)
        .addTrainingListener(TrainingListener.observing(seen::add))
        .addTrainingListener(report -> report.epoch() == 3);
    LinearClassificationModel model = classifier.fit(binary);
    assertStoppedAfterEpoch3(model.summary(), seen, classifier);
    for (EpochReport report : seen) {
      assertEquals(0.5, report.learningRate());
      assertEquals(10, report.maxEpochs());
      assertTrue(report.rowsPerSecond() > 0 && report.seconds() > 0);
    }
  }

  /**
   * Checks the fit of {@code stage}, whose listeners are an observer that filled {@code seen}
   * and one that stopped training after epoch 3; then that copies keep both and clearing removes
   * them.
   */
  static <S extends Params & HasTrainingListeners<S>> void assertStoppedAfterEpoch3(
      TrainingHistory summary, List<EpochReport> seen, S stage) {
    assertEquals(StopReason.LISTENER, summary.stopReason());
    assertEquals(3, summary.totalEpochs());
    assertEquals(List.of(1, 2, 3), seen.stream().map(EpochReport::epoch).toList());
    double[] history = summary.objectiveHistory();
    double[][] gradientNorms = summary.layerGradientNorms();
    for (EpochReport report : seen) {
      assertEquals(history[report.epoch()], report.objective());
      assertArrayEquals(gradientNorms[report.epoch()], report.layerGradientNorms());
    }
    // copy() keeps the listeners (CrossValidator fits copies); clearing removes them.
    HasTrainingListeners<?> copy = (HasTrainingListeners<?>) stage.copy(ParamMap.empty());
    assertEquals(2, copy.trainingListeners().size());
    assertEquals(0, stage.clearTrainingListeners().trainingListeners().size());
  }

  @Test
  void chartsAreWrittenAsDecodablePngs(@TempDir Path dir) throws Exception {
    LinearClassificationModel model = fullBatch(5).setValidationIndicatorCol("isVal")
        .setValidationMetric("accuracy").fit(withValidation);
    List<String> written = model.summary().writePlots(dir.resolve("plots").toString());
    assertEquals(3, written.size());
    BufferedImage curves = ImageIO.read(new File(written.get(0)));
    assertNotNull(curves);
    assertEquals(800, curves.getWidth());
    assertEquals(900, curves.getHeight());
    for (String roc : written.subList(1, 3)) {
      BufferedImage image = ImageIO.read(new File(roc));
      assertNotNull(image, roc);
      assertEquals(700, image.getWidth());
      assertEquals(600, image.getHeight());
    }
    String small = dir.resolve("small.png").toString();
    model.summary().training().writeTrainingCurves(small, 320, 240);
    BufferedImage image = ImageIO.read(new File(small));
    assertEquals(320, image.getWidth());
    assertEquals(240, image.getHeight());
  }

  @Test
  void newParamsSurviveCopySaveAndLoad(@TempDir Path dir) throws Exception {
    LinearClassifier classifier = new LinearClassifier().setValidationIndicatorCol("isVal")
        .setValidationMetric("areaUnderPR").setEarlyStoppingPatience(4)
        .setEarlyStoppingMinDelta(0.01).setDivergenceFactor(7.0)
        .addTrainingListener(report -> false);
    LinearClassifier copy = classifier.copy(ParamMap.empty());
    String path = dir.resolve("estimator").toString();
    classifier.write().save(path);
    LinearClassifier loaded = LinearClassifier.load(path);
    for (LinearClassifier c : List.of(copy, loaded)) {
      assertEquals("isVal", c.getValidationIndicatorCol());
      assertEquals("areaUnderPR", c.getValidationMetric());
      assertEquals(4, c.getEarlyStoppingPatience());
      assertEquals(0.01, c.getEarlyStoppingMinDelta());
      assertEquals(7.0, c.getDivergenceFactor());
    }
    assertTrue(loaded.trainingListeners().isEmpty(), "listeners are not saved");
    assertEquals(0, new LinearRegressor().getEarlyStoppingPatience());
    assertEquals("objective", new LinearRegressor().getValidationMetric());
  }

  @Test
  void badValidationSettingsFailClearly() {
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> new LinearClassifier().setValidationMetric("auc"));
    assertTrue(unknown.getMessage().contains("'auc'")
        && unknown.getMessage().contains("areaUnderROC")
        && unknown.getMessage().contains("logLoss"), unknown.getMessage());
    IllegalArgumentException regression = assertThrows(IllegalArgumentException.class,
        () -> new LinearRegressor().setValidationMetric("accuracy"));
    assertTrue(regression.getMessage().contains("rmse"), regression.getMessage());

    IllegalArgumentException noValidation = assertThrows(IllegalArgumentException.class,
        () -> fullBatch(3).setEarlyStoppingPatience(2).fit(binary));
    assertTrue(noValidation.getMessage().contains("validationIndicatorCol"));
    IllegalArgumentException notBoolean = assertThrows(IllegalArgumentException.class,
        () -> fullBatch(3).setValidationIndicatorCol("weight").fit(binary));
    assertTrue(notBoolean.getMessage().contains("must be boolean"), notBoolean.getMessage());
    Dataset<Row> withNull = withValidation.withColumn("isVal",
        org.apache.spark.sql.functions.when(col("label").equalTo(1.0), col("isVal")));
    IllegalArgumentException nulls = assertThrows(IllegalArgumentException.class,
        () -> fullBatch(3).setValidationIndicatorCol("isVal").fit(withNull));
    assertTrue(nulls.getMessage().contains("is null in"), nulls.getMessage());
    IllegalArgumentException hinge = assertThrows(IllegalArgumentException.class,
        () -> fullBatch(3).setLoss("hinge").setValidationIndicatorCol("isVal")
            .setValidationMetric("logLoss").fit(withValidation));
    assertTrue(hinge.getMessage().contains("probabilities"), hinge.getMessage());
  }

  @Test
  void validationAndEarlyStoppingWorkInsideTuning() {
    LinearClassifier classifier = new LinearClassifier().setOptimizer("adam").setBatchSize(64)
        .setMaxIter(8).setValidationIndicatorCol("isVal").setValidationMetric("logLoss")
        .setEarlyStoppingPatience(2);
    List<Integer> epochsSeen = new ArrayList<>();
    classifier.addTrainingListener(TrainingListener.observing(
        report -> {
          synchronized (epochsSeen) {
            epochsSeen.add(report.epoch());
          }
        }));
    ParamMap[] grid = new ParamGridBuilder()
        .addGrid(classifier.learningRate(), new double[] {0.01, 0.2}).build();
    CrossValidatorModel cv = new CrossValidator().setEstimator(classifier)
        .setEstimatorParamMaps(grid).setEvaluator(new BinaryClassificationEvaluator())
        .setNumFolds(2).setSeed(1L).fit(withValidation);
    LinearClassificationModel best = (LinearClassificationModel) cv.bestModel();
    assertEquals("isVal", best.getValidationIndicatorCol());
    assertEquals(2, best.getEarlyStoppingPatience());
    assertTrue(best.summary().numValidationRows() > 0);
    assertEquals(2, cv.avgMetrics().length);
    assertFalse(epochsSeen.isEmpty(), "the listener followed the copies CrossValidator fitted");

    TrainValidationSplitModel split = new TrainValidationSplit().setEstimator(classifier)
        .setEstimatorParamMaps(grid).setEvaluator(new BinaryClassificationEvaluator())
        .setTrainRatio(0.7).setSeed(1L).fit(withValidation);
    assertEquals(2, ((LinearClassificationModel) split.bestModel()).getEarlyStoppingPatience());
  }

  @Test
  void coefficientsByFeatureNameOnBothScales(@TempDir Path dir) throws Exception {
    Dataset<Row> columns = binary.select(col("label"),
            org.apache.spark.ml.functions.vector_to_array(col("features"), "float64").as("x"))
        .selectExpr("label", "x[0] as age", "x[1] as income", "x[2] as tenure");
    Dataset<Row> assembled = new VectorAssembler()
        .setInputCols(new String[] {"age", "income", "tenure"}).setOutputCol("features")
        .transform(columns);
    LinearClassificationModel model = fullBatch(10).fit(assembled);
    List<Row> table = model.featureCoefficients().collectAsList();
    assertEquals(3, table.size());
    double[] std = new double[3];
    List<Row> stats = assembled.selectExpr("stddev(age)", "stddev(income)", "stddev(tenure)")
        .collectAsList();
    for (int j = 0; j < 3; j++) {
      std[j] = stats.get(0).getDouble(j);
    }
    Vector coefficients = model.coefficients();
    for (int i = 0; i < table.size(); i++) {
      Row row = table.get(i);
      int j = row.getInt(2);
      assertEquals(List.of("age", "income", "tenure").get(j), row.getString(1));
      assertEquals(coefficients.apply(j), row.getDouble(3), 0.0);
      assertEquals(coefficients.apply(j) * std[j], row.getDouble(4), 1e-9);
      if (i > 0) {
        assertTrue(Math.abs(table.get(i - 1).getDouble(4)) >= Math.abs(row.getDouble(4)));
      }
    }
    // Names and deviations are saved with the model; a model saved without them still loads.
    String path = dir.resolve("model").toString();
    model.write().save(path);
    assertEquals(table, LinearClassificationModel.load(path).featureCoefficients()
        .collectAsList());
    Dataset<Row> data = TestSpark.session().read().parquet(path + "/data");
    data.select("numClasses", "coefficientMatrix", "interceptVector").write()
        .mode(SaveMode.Overwrite).parquet(path + "/old-data");
    Files.walk(Path.of(path, "data")).sorted(java.util.Comparator.reverseOrder())
        .forEach(p -> p.toFile().delete());
    Files.move(Path.of(path, "old-data"), Path.of(path, "data"));
    List<Row> old = LinearClassificationModel.load(path).featureCoefficients().collectAsList();
    assertEquals("f0", old.stream().filter(r -> r.getInt(2) == 0).findFirst().get().getString(1));
    assertNull(old.get(0).get(4));
  }
}
