package dev.descent.spark.ml.param;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.spark.ml.TestSpark;
import dev.descent.spark.ml.classification.LinearClassificationModel;
import dev.descent.spark.ml.classification.LinearClassifier;
import dev.descent.spark.ml.classification.MLPClassifier;
import dev.descent.spark.ml.regression.LinearRegressor;
import dev.descent.spark.ml.summary.ClassificationTrainingSummary;
import dev.descent.spark.ml.training.StopReason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Supplier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

/**
 * {@code optimizer="auto"}, the default: lbfgs over every row unless a param asks for
 * mini-batches, then adam; and on real tables the default fit reaches MLlib's optimum.
 */
class OptimizerChoiceTest {

  /** The repository's copies of two public-domain tables (see examples/data/README.md). */
  private static final Path EXAMPLE_DATA = Path.of("..", "examples", "data");

  @Test
  void autoIsTheDefaultAndRunsLbfgsOverEveryRow() {
    LinearClassifier fresh = new LinearClassifier();
    assertEquals("auto", fresh.getOptimizer());
    assertEquals("lbfgs", fresh.optimizerChoice().optimizer());
    assertEquals(1.0, fresh.getLearningRate(), "lbfgs's default rate");
    assertTrue(fresh.optimizerChoice().reason().contains("lbfgs over every row"));
    assertEquals("lbfgs", new LinearRegressor().optimizerChoice().optimizer());
    assertEquals("lbfgs", new MLPClassifier().optimizerChoice().optimizer());
  }

  @Test
  void aParamThatAsksForMiniBatchesChoosesAdamAndTheReasonNamesIt() {
    assertAdam(() -> new LinearClassifier().setBatchSize(1024), "batchSize is set");
    assertAdam(() -> new LinearClassifier().setLearningRate(0.05), "learningRate is set");
    assertAdam(() -> new LinearClassifier().setLrSchedule("cosine"), "lrSchedule is set");
    assertAdam(() -> new LinearClassifier().setClipGradNorm(1.0), "clipGradNorm is set");
    assertAdam(() -> new LinearClassifier().setLocalSteps(4), "localSteps is set");
    assertAdam(() -> new MLPClassifier().setDropout(0.2), "dropout is set");
    assertAdam(() -> new LinearClassifier().setBatchSize(64).setLearningRate(0.05),
        "batchSize, learningRate are set");
    assertEquals(0.01, new LinearClassifier().setBatchSize(64).getLearningRate(),
        "adam's default rate");
    // Set to their defaults, localSteps and dropout ask for nothing.
    assertEquals("lbfgs",
        new LinearClassifier().setLocalSteps(1).optimizerChoice().optimizer());
    assertEquals("lbfgs", new MLPClassifier().setDropout(0).optimizerChoice().optimizer());
  }

  private static void assertAdam(Supplier<? extends LearningRateParams> stage, String reason) {
    OptimizerChoice choice = stage.get().optimizerChoice();
    assertEquals("adam", choice.optimizer());
    assertTrue(choice.reason().endsWith(reason), choice.reason());
  }

  @Test
  void aNamedOptimizerIsRunAsNamed() {
    OptimizerChoice sgd = new LinearClassifier().setOptimizer("sgd").optimizerChoice();
    assertEquals("sgd", sgd.optimizer());
    assertEquals("", sgd.reason());
    assertEquals("adam", new LinearClassifier().setOptimizer("adam").optimizerChoice().optimizer());
  }

  @Test
  void autoTakesNoHyperparameters() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new LinearClassifier().setMomentum(0.9).setNesterov(true).newOptimizer());
    assertEquals("optimizer 'auto' chooses lbfgs or adam and takes no hyperparameters, but"
        + " momentum, nesterov are set: set optimizer to one that takes it (sgd, rmsprop)",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new LinearClassifier().setHistorySize(10).newOptimizer());
    assertTrue(e.getMessage().contains("historySize is set") && e.getMessage().endsWith("(lbfgs)"),
        e.getMessage());
  }

  @Test
  void autoIsAValidValueAndABadOneListsIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new LinearClassifier().setOptimizer("automatic"));
    assertTrue(e.getMessage().contains("optimizer 'automatic' is not known; use one of [auto,"
        + " sgd, adam"), e.getMessage());
  }

  /**
   * Two real tables, one smaller than the old default batch and one of 20,190 rows: the default
   * fit converges to MLlib's optimum (L-BFGS at tol 1e-12) to 1e-6 relative, where the adam the
   * defaults ran before stopped 3e-1 and 8e-5 above it.
   */
  @Test
  void onRealTablesTheDefaultFitReachesMllibsOptimum() {
    assertReachesOptimum(table("anes96.csv", "vote", functions.col("vote")));
    assertReachesOptimum(table("rand-hie.csv", "mdvis",
        functions.when(functions.col("mdvis").gt(0), 1.0).otherwise(0.0)));
  }

  private static void assertReachesOptimum(Dataset<Row> data) {
    double[] mllib = new LogisticRegression().setMaxIter(1000).setTol(1e-12).fit(data).summary()
        .objectiveHistory();
    double optimum = mllib[mllib.length - 1];
    LinearClassificationModel model = new LinearClassifier().fit(data);
    ClassificationTrainingSummary s = model.summary();
    assertEquals(StopReason.CONVERGED, s.stopReason(), s.stopMessage());
    assertTrue(s.stopMessage().startsWith("lbfgs converged") || s.stopMessage().contains("tol"),
        s.stopMessage());
    double[] history = s.objectiveHistory();
    assertEquals(optimum, history[history.length - 1], 1e-6 * optimum, s.stopMessage());
  }

  private static Dataset<Row> table(String file, String labelColumn,
      org.apache.spark.sql.Column label) {
    Path path = EXAMPLE_DATA.resolve(file);
    assertTrue(Files.isRegularFile(path), "missing example table " + path.toAbsolutePath());
    Dataset<Row> raw = TestSpark.session().read().option("header", true)
        .option("inferSchema", true).csv(path.toString());
    String[] features = Arrays.stream(raw.columns()).filter(c -> !c.equals(labelColumn))
        .toArray(String[]::new);
    return new VectorAssembler().setInputCols(features).setOutputCol("features")
        .transform(raw.withColumn("label", label.cast("double"))).select("label", "features")
        .cache();
  }
}
