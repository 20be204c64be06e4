package dev.descent.spark.ml.classification;

import static dev.descent.spark.ml.Assertions2.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import dev.descent.spark.ml.TestData;
import dev.descent.spark.ml.training.StopReason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LinearSVC;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.OneVsRest;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamPair;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.ml.tuning.TrainValidationSplit;
import org.apache.spark.ml.tuning.TrainValidationSplitModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinearClassifierTest {

  private static Dataset<Row> binary;
  private static Dataset<Row> multiclass;

  @TempDir
  Path tmp;

  @BeforeAll
  static void data() {
    binary = TestData.classification(300, 3, 2, 21, 2, false, 3.0).cache();
    multiclass = TestData.classification(300, 3, 3, 22, 2, false, 3.0).cache();
  }

  private static LinearClassifier quick() {
    return new LinearClassifier().setMaxIter(15).setBatchSize(64).setLearningRate(0.1);
  }

  @Test
  void settersWorkOnAFreshObject() {
    LinearClassifier c = new LinearClassifier().setLabelCol("y").setFeaturesCol("x")
        .setPredictionCol("p").setProbabilityCol("prob").setRawPredictionCol("raw")
        .setWeightCol("w").setLearningRate(0.5).setOptimizer("sgd").setLoss("hinge");
    assertEquals("y", c.getLabelCol());
    assertEquals("x", c.getFeaturesCol());
    assertEquals("w", c.getWeightCol());
    assertEquals(0.5, c.getLearningRate());
    assertEquals("hinge", c.getLoss());
    LinearClassificationModel m = new LinearClassificationModel().setFeaturesCol("x");
    assertEquals("x", m.getFeaturesCol());
  }

  @Test
  void everyParamBelongsToTheStage() {
    LinearClassifier c = new LinearClassifier("myUid");
    assertEquals("myUid", c.uid());
    for (Param<?> p : c.params()) {
      assertEquals("myUid", p.parent(), "param " + p.name());
    }
    List<String> names = Arrays.stream(c.params()).map(Param::name).toList();
    for (String expected : List.of("labelCol", "featuresCol", "weightCol", "maxIter", "tol",
        "fitIntercept", "standardization", "regParam", "elasticNetParam", "seed",
        "aggregationDepth", "optimizer", "learningRate", "batchSize", "shuffle", "loss",
        "thresholds", "handleInvalid", "momentum", "beta1", "beta2", "epsilon", "weightDecay")) {
      assertTrue(names.contains(expected), "missing param " + expected + " in " + names);
    }
    List<String> sorted = names.stream().sorted().toList();
    assertEquals(sorted, names, "Spark lists params sorted by name");
  }

  @Test
  void defaultsAreThoseDocumented() {
    LinearClassifier c = new LinearClassifier();
    assertEquals(100, c.getMaxIter());
    assertEquals(1e-6, c.getTol());
    assertTrue(c.getFitIntercept());
    assertTrue(c.getStandardization());
    assertEquals(0.0, c.getRegParam());
    assertEquals("auto", c.getOptimizer());
    assertEquals(1.0, c.getLearningRate(), "the default learning rate of auto's lbfgs");
    assertEquals(0.1, c.setOptimizer("sgd").getLearningRate(), "sgd's default learning rate");
    assertEquals(1024, c.getBatchSize());
    assertEquals("log", c.getLoss());
    assertEquals("error", c.getHandleInvalid());
    assertTrue(Double.isNaN(c.getEpsilon()), "epsilon defaults per optimizer");
    assertFalse(c.isSet(c.learningRate()));
  }

  @Test
  void copyKeepsUidAndClassAndAppliesExtraParams() {
    LinearClassifier c = new LinearClassifier().setRegParam(0.3);
    LinearClassifier copy = c.copy(new ParamMap().put(new ParamPair<>(c.maxIter(), 7)));
    assertNotSame(c, copy);
    assertEquals(c.uid(), copy.uid());
    assertEquals(7, copy.getMaxIter());
    assertEquals(0.3, copy.getRegParam());
    assertEquals(100, c.getMaxIter(), "the original is unchanged");
  }

  @Test
  void fitsAMiniBatchModelWithASummary() {
    LinearClassificationModel model = quick().setOptimizer("adam").fit(binary);
    assertEquals(2, model.numClasses());
    assertEquals(3, model.numFeatures());
    assertTrue(model.hasSummary());
    assertEquals(15, model.summary().totalEpochs());
    assertEquals(15 * 5, model.summary().totalSteps(), "300 rows in batches of 64: 5 steps");
    assertEquals(StopReason.MAX_EPOCHS, model.summary().stopReason());
    double[] history = model.summary().objectiveHistory();
    assertTrue(history[history.length - 1] < 0.8 * history[0], Arrays.toString(history));
    assertEquals(model.uid(), model.parent().uid());
    MulticlassClassificationEvaluator accuracy =
        new MulticlassClassificationEvaluator().setMetricName("accuracy");
    double reference = accuracy.evaluate(new LogisticRegression().fit(binary).transform(binary));
    double fitted = accuracy.evaluate(model.transform(binary));
    assertTrue(fitted >= reference - 0.02, "accuracy " + fitted + ", MLlib's " + reference);
  }

  @Test
  void stopsWhenTheObjectiveSettles() {
    LinearClassificationModel model = new LinearClassifier().setOptimizer("sgd")
        .setLearningRate(1.0).setBatchSize(Integer.MAX_VALUE).setMaxIter(500).setTol(1e-4)
        .fit(binary);
    assertEquals(StopReason.CONVERGED, model.summary().stopReason());
    assertTrue(model.summary().totalEpochs() < 500);
  }

  @Test
  void sameSeedGivesTheSameModelAndAnotherSeedAnother() {
    LinearClassificationModel a = quick().setSeed(5).fit(binary);
    LinearClassificationModel b = quick().setSeed(5).fit(binary);
    LinearClassificationModel c = quick().setSeed(6).fit(binary);
    assertArrayEquals(a.coefficients().toArray(), b.coefficients().toArray());
    assertFalse(Arrays.equals(a.coefficients().toArray(), c.coefficients().toArray()));
  }

  @Test
  void fullBatchResultDoesNotDependOnBlockSize() {
    LinearClassifier base = new LinearClassifier().setOptimizer("sgd").setLearningRate(0.5)
        .setBatchSize(Integer.MAX_VALUE).setMaxIter(20).setTol(0.0);
    LinearClassificationModel oneBlock = base.copy(ParamMap.empty()).fit(binary);
    LinearClassificationModel tinyBlocks =
        base.copy(ParamMap.empty()).setMaxBlockSizeInMB(0.0005).fit(binary);
    assertClose(oneBlock.coefficients().toArray(), tinyBlocks.coefficients().toArray(), 1e-12,
        "coefficients with 1 MB vs 0.5 KB blocks");
    assertClose(oneBlock.intercept(), tinyBlocks.intercept(), 1e-12, "intercept");
  }

  @Test
  void probabilitiesComeFromTheLoss() {
    LinearClassificationModel log = quick().fit(binary);
    Row row = log.transform(binary).select("features", "rawPrediction", "probability").first();
    double margin = ((Vector) row.get(0)).dot(log.coefficients()) + log.intercept();
    assertClose(new double[] {-margin, margin}, ((Vector) row.get(1)).toArray(), 1e-12, "raw");
    double p = 1 / (1 + Math.exp(-margin));
    assertClose(new double[] {1 - p, p}, ((Vector) row.get(2)).toArray(), 1e-12, "sigmoid");

    LinearClassificationModel huber = quick().setLoss("modified_huber").fit(binary);
    for (Row r : huber.transform(binary).select("rawPrediction", "probability").collectAsList()) {
      double m = ((Vector) r.get(0)).apply(1);
      double expected = (Math.max(-1, Math.min(1, m)) + 1) / 2;
      assertClose(expected, ((Vector) r.get(1)).apply(1), 1e-12, "modified huber probability");
    }
  }

  @Test
  void hingeModelsLeaveOutTheProbabilityColumn() {
    LinearClassificationModel svm = quick().setLoss("hinge").fit(binary);
    Dataset<Row> out = svm.transform(binary);
    assertFalse(Arrays.asList(out.columns()).contains("probability"));
    assertTrue(Arrays.asList(out.columns()).contains("rawPrediction"));
    UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
        () -> svm.predictProbability(svm.coefficients()));
    assertTrue(e.getMessage().contains("hinge"), e.getMessage());
    double auc = new BinaryClassificationEvaluator().evaluate(out);
    double reference = new BinaryClassificationEvaluator().evaluate(
        new LinearSVC().fit(binary).transform(binary));
    assertTrue(auc >= reference - 0.01, "auc " + auc + ", MLlib's LinearSVC " + reference);
    IllegalArgumentException thresholds = assertThrows(IllegalArgumentException.class,
        () -> svm.copy(ParamMap.empty()).setThresholds(new double[] {0.3, 0.7}).transform(binary));
    assertTrue(thresholds.getMessage().contains("thresholds"), thresholds.getMessage());
  }

  @Test
  void multiclassUsesSoftmaxAndOneVsRest() {
    LinearClassificationModel softmax = quick().fit(multiclass);
    assertEquals(3, softmax.numClasses());
    assertEquals(3, softmax.coefficientMatrix().numRows());
    assertThrows(UnsupportedOperationException.class, softmax::coefficients);
    for (Row r : softmax.transform(multiclass).select("probability").collectAsList()) {
      assertClose(1.0, Arrays.stream(((Vector) r.get(0)).toArray()).sum(), 1e-12, "sum");
    }
    LinearClassificationModel ovr = quick().setLoss("squared_hinge").fit(multiclass);
    assertEquals(3, ovr.coefficientMatrix().numRows());
    double f1 = new MulticlassClassificationEvaluator().evaluate(ovr.transform(multiclass));
    double reference = new MulticlassClassificationEvaluator().evaluate(
        new OneVsRest().setClassifier(new LinearSVC()).fit(multiclass).transform(multiclass));
    assertTrue(f1 >= reference - 0.03, "one-vs-rest f1 " + f1 + ", MLlib's " + reference);
  }

  @Test
  void estimatorAndModelSaveAndLoad() throws Exception {
    LinearClassifier c = quick().setRegParam(0.2).setLoss("modified_huber").setWeightCol("weight");
    String estimatorPath = tmp.resolve("estimator").toString();
    c.save(estimatorPath);
    LinearClassifier loadedEstimator = LinearClassifier.load(estimatorPath);
    assertEquals(c.uid(), loadedEstimator.uid());
    assertEquals(0.2, loadedEstimator.getRegParam());
    assertEquals("modified_huber", loadedEstimator.getLoss());
    assertEquals("weight", loadedEstimator.getWeightCol());
    assertEquals(c.getLearningRate(), loadedEstimator.getLearningRate());

    LinearClassificationModel model = c.fit(binary);
    String modelPath = tmp.resolve("model").toString();
    model.write().overwrite().save(modelPath);
    assertTrue(Files.isDirectory(Path.of(modelPath, "data")));
    LinearClassificationModel loaded = LinearClassificationModel.load(modelPath);
    assertEquals(model.uid(), loaded.uid());
    assertEquals("modified_huber", loaded.getLoss());
    assertArrayEquals(model.coefficientMatrix().toArray(), loaded.coefficientMatrix().toArray());
    assertArrayEquals(model.interceptVector().toArray(), loaded.interceptVector().toArray());
    assertFalse(loaded.hasSummary());
    assertEquals(model.transform(binary).select("probability", "prediction").collectAsList(),
        loaded.transform(binary).select("probability", "prediction").collectAsList());

    IllegalArgumentException wrongClass = assertThrows(IllegalArgumentException.class,
        () -> LinearClassificationModel.load(estimatorPath));
    assertTrue(wrongClass.getMessage().contains("LinearClassifier"), wrongClass.getMessage());
    assertThrows(java.io.IOException.class, () -> model.save(modelPath), "no silent overwrite");
  }

  @Test
  void worksInsideAPipelineThatSavesAndLoads() throws Exception {
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
        new StandardScaler().setInputCol("features").setOutputCol("scaled"),
        quick().setFeaturesCol("scaled")});
    PipelineModel model = pipeline.fit(binary);
    String path = tmp.resolve("pipeline").toString();
    model.save(path);
    PipelineModel loaded = PipelineModel.load(path);
    assertEquals(model.transform(binary).select("prediction").collectAsList(),
        loaded.transform(binary).select("prediction").collectAsList());
    pipeline.save(tmp.resolve("unfitted").toString());
    Pipeline loadedPipeline = Pipeline.load(tmp.resolve("unfitted").toString());
    assertTrue(loadedPipeline.getStages()[1] instanceof LinearClassifier);
  }

  @Test
  void crossValidatorAndTrainValidationSplitPickAModel() throws Exception {
    LinearClassifier c = new LinearClassifier().setMaxIter(5).setBatchSize(128);
    // regParam x optimizer; the string axis by hand, as ParamGridBuilder takes it only as a
    // Scala collection, whose Java conversions differ between Scala 2.12 and 2.13.
    ParamMap[] grid = Arrays.stream(new ParamGridBuilder()
        .addGrid(c.regParam(), new double[] {0.0, 1.0}).build())
        .flatMap(m -> Stream.of("sgd", "adam").map(o -> m.copy().put(c.optimizer(), o)))
        .toArray(ParamMap[]::new);
    CrossValidatorModel cv = new CrossValidator().setEstimator(c).setEstimatorParamMaps(grid)
        .setEvaluator(new MulticlassClassificationEvaluator().setMetricName("logLoss"))
        .setNumFolds(2).setSeed(3).fit(binary);
    assertEquals(4, cv.avgMetrics().length);
    assertTrue(cv.bestModel() instanceof LinearClassificationModel);
    LinearClassificationModel best = (LinearClassificationModel) cv.bestModel();
    assertEquals(0.0, best.getRegParam(), "a strong penalty should lose on log loss");
    String path = tmp.resolve("cv").toString();
    cv.save(path);
    CrossValidatorModel loaded = CrossValidatorModel.load(path);
    assertArrayEquals(best.coefficients().toArray(),
        ((LinearClassificationModel) loaded.bestModel()).coefficients().toArray());

    TrainValidationSplitModel tvs = new TrainValidationSplit().setEstimator(c)
        .setEstimatorParamMaps(grid).setEvaluator(new MulticlassClassificationEvaluator())
        .setTrainRatio(0.7).setSeed(4).fit(binary);
    assertEquals(4, tvs.validationMetrics().length);
    assertSame(LinearClassificationModel.class, tvs.bestModel().getClass());
  }
}
