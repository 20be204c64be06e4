package dev.descent.spark.ml.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.spark.ml.Assertions2;
import dev.descent.spark.ml.TestData;
import dev.descent.spark.ml.TestSpark;
import dev.descent.spark.ml.classification.LinearClassificationModel;
import dev.descent.spark.ml.classification.LinearClassifier;
import dev.descent.spark.ml.engine.TrainingState;
import dev.descent.spark.ml.regression.LinearRegressionModel;
import dev.descent.spark.ml.regression.LinearRegressor;
import dev.descent.spark.ml.training.StopReason;
import dev.descent.spark.ml.training.TrainingSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run stopped after k epochs with checkpoints, then resumed by a fit of N epochs with
 * {@code resumeFrom}, ends with the model, histories and counts of one uninterrupted N-epoch run:
 * with shuffled mini-batches, an optimizer with state and a stateful (plateau) schedule.
 */
class CheckpointResumeTest {

  @TempDir
  Path temp;

  private static final Dataset<Row> CLASSES = TestData.classification(150, 4, 3, 31L, 3, true);
  private static final Dataset<Row> VALUES = TestData.regression(120, 3, 32L, 2, false);

  /** Adam with a plateau schedule that reduces the rate every few epochs. */
  private static LinearClassifier classifier(int epochs) {
    return new LinearClassifier().setOptimizer("adam").setLearningRate(0.05).setBatchSize(40)
        .setWeightCol("weight").setRegParam(0.01).setTol(0).setSeed(7L).setMaxIter(epochs)
        .setLrSchedule("plateau").setPlateauThreshold(0.5).setPlateauPatience(1);
  }

  /** NAdam (a slot that is not per parameter) with cosine annealing and warmup. */
  private static LinearRegressor regressor(int epochs) {
    return new LinearRegressor().setOptimizer("nadam").setLearningRate(0.05).setBatchSize(25)
        .setTol(0).setSeed(8L).setMaxIter(epochs).setLrSchedule("cosine").setCosineEpochs(8)
        .setWarmupEpochs(2);
  }

  private static void assertSameRun(TrainingSummary expected, TrainingSummary actual) {
    // Bit for bit: the partitions' sums are added in a fixed order.
    assertArrayEquals(expected.objectiveHistory(), actual.objectiveHistory(), "objectives");
    assertArrayEquals(expected.learningRateHistory(), actual.learningRateHistory(), "rates");
    assertEquals(expected.totalEpochs(), actual.totalEpochs());
    assertEquals(expected.totalSteps(), actual.totalSteps());
    assertEquals(expected.stopReason(), actual.stopReason());
  }

  private List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }

  @Test
  void classifierResumesToTheUninterruptedModel() throws IOException {
    String dir = temp.resolve("classifier").toString();
    LinearClassificationModel whole = classifier(8).fit(CLASSES);
    classifier(5).setCheckpointDir(dir).setCheckpointInterval(2).fit(CLASSES);
    assertEquals(List.of("epoch-00000005"), names(Path.of(dir)), "only the latest is kept");
    LinearClassificationModel resumed = classifier(8).setResumeFrom(dir).fit(CLASSES);
    Assertions2.assertClose(whole.coefficientMatrix().toArray(),
        resumed.coefficientMatrix().toArray(), 1e-12, "coefficients");
    Assertions2.assertClose(whole.interceptVector().toArray(),
        resumed.interceptVector().toArray(), 1e-12, "intercepts");
    assertSameRun(whole.summary().training(), resumed.summary().training());
    double[] rates = whole.summary().learningRateHistory();
    assertTrue(rates[7] < rates[0], "the plateau schedule reduced the rate");
  }

  @Test
  void runningObjectiveRunsResumeBitForBit() {
    for (int localSteps : new int[] {1, 2}) {
      String dir = temp.resolve("running-" + localSteps).toString();
      LinearClassificationModel whole = classifier(8).setEpochObjective("running")
          .setLocalSteps(localSteps).fit(CLASSES);
      classifier(5).setEpochObjective("running").setLocalSteps(localSteps).setCheckpointDir(dir)
          .fit(CLASSES);
      LinearClassificationModel resumed = classifier(8).setEpochObjective("running")
          .setLocalSteps(localSteps).setResumeFrom(dir).fit(CLASSES);
      String what = "localSteps " + localSteps;
      assertArrayEquals(whole.coefficientMatrix().toArray(),
          resumed.coefficientMatrix().toArray(), what);
      assertArrayEquals(whole.interceptVector().toArray(), resumed.interceptVector().toArray(),
          what);
      TrainingSummary expected = whole.summary().training();
      assertSameRun(expected, resumed.summary().training());
      assertArrayEquals(expected.layerGradientNorms(),
          resumed.summary().training().layerGradientNorms(), what);
      double[] rates = expected.learningRateHistory();
      assertTrue(rates[7] < rates[0], "the plateau schedule reduced the rate, " + what);
    }
  }

  @Test
  void regressorResumesFromAnIntervalCheckpoint() {
    String dir = temp.resolve("regressor").toString();
    LinearRegressionModel whole = regressor(7).fit(VALUES);
    // Interval 3 of a 4-epoch run: the epoch-3 checkpoint is replaced by the final one.
    regressor(4).setCheckpointDir(dir).setCheckpointInterval(3).fit(VALUES);
    LinearRegressionModel resumed = regressor(7).setResumeFrom(dir + "/epoch-00000004")
        .setCheckpointDir(dir).fit(VALUES);
    Assertions2.assertClose(whole.coefficients().toArray(), resumed.coefficients().toArray(),
        1e-12, "coefficients");
    Assertions2.assertClose(whole.intercept(), resumed.intercept(), 1e-12, "intercept");
    assertSameRun(whole.summary().training(), resumed.summary().training());
  }

  @Test
  void halfWrittenCheckpointsAreNeverPickedUp() throws IOException {
    Path dir = temp.resolve("partial");
    LinearRegressionModel whole = regressor(6).fit(VALUES);
    regressor(3).setCheckpointDir(dir.toString()).fit(VALUES);
    Path complete = dir.resolve("epoch-00000003");
    // A crash during a later write leaves a temporary directory or one without state.json.
    Path temporary = Files.createDirectories(dir.resolve("_tmp-epoch-00000005-crashed"));
    Files.copy(complete.resolve("parameters.bin"), temporary.resolve("parameters.bin"));
    Files.copy(complete.resolve(CheckpointStore.STATE), temporary.resolve(CheckpointStore.STATE));
    Path incomplete = Files.createDirectories(dir.resolve("epoch-00000004"));
    Files.copy(complete.resolve("parameters.bin"), incomplete.resolve("parameters.bin"));

    LinearRegressionModel resumed = regressor(6).setResumeFrom(dir.toString()).fit(VALUES);
    Assertions2.assertClose(whole.coefficients().toArray(), resumed.coefficients().toArray(),
        1e-12, "coefficients");
    assertFails(() -> regressor(6).setResumeFrom(incomplete.toString()).fit(VALUES),
        "no complete checkpoint", incomplete.toString());

    Path truncated = dir.resolve("epoch-00000009");
    Files.createDirectories(truncated);
    Files.copy(complete.resolve(CheckpointStore.STATE), truncated.resolve(CheckpointStore.STATE));
    byte[] bytes = Files.readAllBytes(complete.resolve("parameters.bin"));
    Files.write(truncated.resolve("parameters.bin"), java.util.Arrays.copyOf(bytes, 12));
    assertFails(() -> regressor(6).setResumeFrom(dir.toString()).fit(VALUES),
        truncated.toString(), "is corrupted", "parameters.bin has 12 bytes");
    Files.writeString(truncated.resolve(CheckpointStore.STATE), "{\"format\": \"descent-ch");
    assertFails(() -> regressor(6).setResumeFrom(truncated.toString()).fit(VALUES),
        "is corrupted", "not valid JSON");
  }

  /** Non-finite values, which no run writes, in parameters, optimizer state or objectives. */
  @Test
  void aCheckpointHoldingNonFiniteValuesIsRefused() {
    Path dir = temp.resolve("finite");
    regressor(3).setCheckpointDir(dir.toString()).fit(VALUES);
    CheckpointStore store = new CheckpointStore(new org.apache.hadoop.conf.Configuration());
    Checkpoint saved = store.read(dir.toString());
    TrainingState state = saved.state();
    double[] parameters = state.parameters().clone();
    parameters[1] = Double.NaN;
    String nanParameters = store.write(temp.resolve("nan").toString(), new Checkpoint(
        new TrainingState(parameters, state.optimizerState(), state.epochs(), state.steps(),
            state.scheduleState(), state.earlyStopping()), saved.fingerprint(), saved.layout()))
        .toString();
    assertFails(() -> regressor(6).setResumeFrom(nanParameters).fit(VALUES),
        "cannot resume from " + nanParameters, "parameter 1 is NaN",
        "the checkpoint is damaged");
    dev.descent.spark.ml.optim.OptimizerState optimizer = state.optimizerState().copy();
    String slot = optimizer.slots().keySet().iterator().next();
    optimizer.slot(slot)[0] = Double.POSITIVE_INFINITY;
    String infiniteSlot = store.write(temp.resolve("inf").toString(), new Checkpoint(
        new TrainingState(state.parameters(), optimizer, state.epochs(), state.steps(),
            state.scheduleState(), state.earlyStopping()), saved.fingerprint(), saved.layout()))
        .toString();
    assertFails(() -> regressor(6).setResumeFrom(infiniteSlot).fit(VALUES),
        "optimizer slot '" + slot + "' entry 0 is Infinity");
  }

  @Test
  void resumedRunKeepsTheValidationHistoryAndTheEarlyStoppingWatch() {
    // Full batch (the objective pass is reused as the next gradient) with a learning rate large
    // enough to overfit the training rows, so that early stopping ends the run.
    Dataset<Row> data = CLASSES.withColumn("validation", functions.expr("rand(5) < 0.3"));
    LinearClassifier estimator = new LinearClassifier().setOptimizer("sgd").setMomentum(0.9)
        .setLearningRate(2.0).setBatchSize(1_000_000).setTol(0).setMaxIter(30)
        .setValidationIndicatorCol("validation").setValidationMetric("accuracy")
        .setEarlyStoppingPatience(3);
    LinearClassificationModel whole = estimator.copy(ParamMap.empty()).fit(data);
    TrainingSummary expected = whole.summary().training();
    assertEquals(StopReason.EARLY_STOPPING, expected.stopReason());
    assertTrue(expected.bestEpoch() > 2, "the best epoch comes after the checkpoint");
    // Checkpoints before the best epoch, and after it, while early stopping's count of epochs
    // without improvement is 1 and 2: a resume must restore that count too.
    int best = expected.bestEpoch();
    for (int checkpointEpoch : new int[] {2, best + 1, best + 2}) {
      String dir = temp.resolve("early-" + checkpointEpoch).toString();
      estimator.copy(ParamMap.empty()).setMaxIter(checkpointEpoch).setCheckpointDir(dir)
          .fit(data);
      LinearClassificationModel resumed =
          estimator.copy(ParamMap.empty()).setResumeFrom(dir).fit(data);
      assertArrayEquals(whole.coefficientMatrix().toArray(),
          resumed.coefficientMatrix().toArray(), "resumed after epoch " + checkpointEpoch);
      assertArrayEquals(whole.interceptVector().toArray(), resumed.interceptVector().toArray());
      TrainingSummary actual = resumed.summary().training();
      assertSameRun(expected, actual);
      assertArrayEquals(expected.validationMetricHistory(), actual.validationMetricHistory());
      assertArrayEquals(expected.validationObjectiveHistory(),
          actual.validationObjectiveHistory());
      assertEquals(best, actual.bestEpoch(), "resumed after epoch " + checkpointEpoch);
    }
  }

  @Test
  void resumingWithOtherParamsOrDataFailsClearly() {
    String dir = temp.resolve("fingerprint").toString();
    classifier(2).setCheckpointDir(dir).fit(CLASSES);
    assertFails(() -> classifier(4).setLearningRate(0.1).setResumeFrom(dir).fit(CLASSES),
        "cannot resume from " + dir, "learningRate: checkpoint 0.05, this fit 0.1");
    assertFails(() -> classifier(4).setOptimizer("sgd").setResumeFrom(dir).fit(CLASSES),
        "optimizer: checkpoint \"adam\", this fit \"sgd\"");
    assertFails(() -> classifier(4).setEpochObjective("running").setResumeFrom(dir)
        .fit(CLASSES), "epochObjective: checkpoint \"exact\", this fit \"running\"");
    assertFails(() -> classifier(4).setResumeFrom(dir).fit(CLASSES.limit(100)),
        "data.numRows: checkpoint 150, this fit 100");
    assertFails(() -> new LinearRegressor().setResumeFrom(dir).fit(VALUES), "stage");
    assertFails(() -> classifier(1).setResumeFrom(dir).fit(CLASSES),
        "has completed 2 epochs, more than maxIter (1)");
    assertFails(() -> classifier(4).setResumeFrom(temp.resolve("nothing").toString())
        .fit(CLASSES), "does not exist");
    // Unset, cosineEpochs follows maxIter: resuming with another maxIter changes the schedule.
    String cosine = temp.resolve("cosine").toString();
    LinearRegressor shorter = regressor(2).setCheckpointDir(cosine);
    shorter.clear(shorter.cosineEpochs());
    shorter.fit(VALUES);
    LinearRegressor longer = regressor(4).setResumeFrom(cosine);
    longer.clear(longer.cosineEpochs());
    assertFails(() -> longer.fit(VALUES), "cosineEpochs: checkpoint 2, this fit 4");
  }

  /** Changed rows with the same counts: the data's digest tells them from the checkpoint's. */
  @Test
  void resumingOnOtherRowsOfTheSameCountsFailsClearly() {
    String dir = temp.resolve("rows").toString();
    classifier(2).setCheckpointDir(dir).fit(CLASSES);
    Dataset<Row> flipped = CLASSES.withColumn("label",
        functions.expr("CASE WHEN label = 0 THEN 1 WHEN label = 1 THEN 0 ELSE label END"));
    assertFails(() -> classifier(4).setResumeFrom(dir).fit(flipped),
        "cannot resume from " + dir, "data.labelSum: checkpoint ", "data.rowDigest: checkpoint ");
    UserDefinedFunction nudged = functions.udf((UDF1<Vector, Vector>) features -> {
      double[] values = features.toArray();
      values[2] += 0.25;
      return Vectors.dense(values);
    }, SQLDataTypes.VectorType());
    Dataset<Row> oneValueChanged = CLASSES.withColumn("features",
        functions.when(functions.monotonically_increasing_id().equalTo(0),
            nudged.apply(functions.col("features"))).otherwise(functions.col("features")));
    assertFails(() -> classifier(4).setResumeFrom(dir).fit(oneValueChanged),
        "data.featureSum: checkpoint ", "data.rowDigest: checkpoint ");
  }

  /**
   * Integer labels swapped between two rows of different classes, unweighted: every count and
   * sum stays the same to the bit, and only the row digest sees the change.
   */
  @Test
  void labelsSwappedBetweenRowsAreSeenByTheRowDigest() {
    List<Row> rows = TestData.classification(120, 3, 2, 33L, 2, false).collectAsList();
    List<Row> swappedRows = new java.util.ArrayList<>(rows);
    int zero = label(rows, 0.0);
    int one = label(rows, 1.0);
    swappedRows.set(zero, RowFactory.create(1.0, 1.0, rows.get(zero).get(2)));
    swappedRows.set(one, RowFactory.create(0.0, 1.0, rows.get(one).get(2)));
    Dataset<Row> binary = TestSpark.session().createDataFrame(rows, TestData.SCHEMA);
    Dataset<Row> swapped = TestSpark.session().createDataFrame(swappedRows, TestData.SCHEMA);
    String dir = temp.resolve("swapped").toString();
    LinearClassifier estimator = new LinearClassifier().setOptimizer("adam").setBatchSize(40)
        .setTol(0).setSeed(9L).setMaxIter(2).setCheckpointDir(dir);
    estimator.fit(binary);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> estimator.copy(ParamMap.empty()).setMaxIter(4).setResumeFrom(dir).fit(swapped));
    assertTrue(e.getMessage().contains("data.rowDigest: checkpoint "), e.getMessage());
    assertEquals(1, e.getMessage().split("\n  ").length - 1, "only the digest differs: "
        + e.getMessage());
  }

  private static int label(List<Row> rows, double label) {
    return java.util.stream.IntStream.range(0, rows.size())
        .filter(i -> rows.get(i).getDouble(0) == label).findFirst().orElseThrow();
  }

  @Test
  void resumingWithAWeightColumnTheRunDidNotHaveFailsClearly() {
    String dir = temp.resolve("weighted").toString();
    classifier(2).setWeightCol("").setCheckpointDir(dir).fit(CLASSES);
    assertFails(() -> classifier(4).setResumeFrom(dir).fit(CLASSES),
        "weighted: checkpoint false, this fit true", "data.weightSum: checkpoint 150.0");
  }

  /** The digest does not depend on the partitioning, which a resumed fit may change. */
  @Test
  void anotherPartitioningOfTheSameRowsResumes() {
    String dir = temp.resolve("repartitioned").toString();
    LinearClassificationModel first = classifier(2).setCheckpointDir(dir).fit(CLASSES);
    LinearClassificationModel resumed =
        classifier(4).setResumeFrom(dir).fit(CLASSES.repartition(2));
    double[] before = first.summary().objectiveHistory();
    double[] after = resumed.summary().objectiveHistory();
    assertEquals(5, after.length);
    assertArrayEquals(before, java.util.Arrays.copyOf(after, 3), "the checkpoint's reports");
  }

  /**
   * An edited recorded objective, or edited parameters, no longer match the objective the
   * resumed fit recomputes at the checkpoint's parameters.
   */
  @Test
  void aCheckpointWhoseObjectiveDoesNotMatchItsParametersIsRefused() throws IOException {
    Path dir = temp.resolve("objective");
    regressor(3).setCheckpointDir(dir.toString()).fit(VALUES);
    Path state = dir.resolve("epoch-00000003").resolve(CheckpointStore.STATE);
    ObjectMapper json = new ObjectMapper();
    ObjectNode saved = (ObjectNode) json.readTree(state.toFile());
    ObjectNode last = (ObjectNode) saved.get("epochReports").get(3);
    double recorded = Double.parseDouble(last.get("objective").asText());
    double edited = recorded * (1 + 1e-9);
    last.put("objective", Double.toString(edited));
    json.writeValue(state.toFile(), saved);
    // The local file system keeps a checksum beside each file, which the edit invalidates.
    Files.delete(state.resolveSibling("." + CheckpointStore.STATE + ".crc"));
    assertFails(() -> regressor(6).setResumeFrom(dir.toString()).fit(VALUES),
        "cannot resume from " + dir, state.toString(), "records the objective " + edited
            + " for epoch 3", "this fit's rows give " + recorded);

    last.put("objective", Double.toString(recorded));
    json.writeValue(state.toFile(), saved);
    CheckpointStore store = new CheckpointStore(new org.apache.hadoop.conf.Configuration());
    Checkpoint checkpoint = store.read(dir.toString());
    TrainingState restored = checkpoint.state();
    double[] parameters = restored.parameters().clone();
    parameters[0] += 1e-3;
    String moved = store.write(temp.resolve("moved").toString(), new Checkpoint(
        new TrainingState(parameters, restored.optimizerState(), restored.epochs(),
            restored.steps(), restored.scheduleState(), restored.earlyStopping()),
        checkpoint.fingerprint(), checkpoint.layout())).toString();
    assertFails(() -> regressor(6).setResumeFrom(moved).fit(VALUES),
        "records the objective " + recorded + " for epoch 3");
  }

  /** A checkpoint written before the data's digest was recorded lacks its keys. */
  @Test
  void aCheckpointWithoutADataDigestIsRefusedClearly() {
    Path dir = temp.resolve("older");
    regressor(2).setCheckpointDir(dir.toString()).fit(VALUES);
    CheckpointStore store = new CheckpointStore(new org.apache.hadoop.conf.Configuration());
    Checkpoint checkpoint = store.read(dir.toString());
    Map<String, String> older = new TreeMap<>(checkpoint.fingerprint());
    older.keySet().removeAll(List.of("weighted", "data.weightSum", "data.labelSum",
        "data.featureSum", "data.rowDigest"));
    String written = store.write(temp.resolve("older-format").toString(),
        new Checkpoint(checkpoint.state(), older, checkpoint.layout())).toString();
    assertFails(() -> regressor(4).setResumeFrom(written).fit(VALUES),
        "cannot resume from " + written, "data.rowDigest: checkpoint (unset), this fit ",
        "data.labelSum: checkpoint (unset)", "weighted: checkpoint (unset), this fit false",
        "an earlier version of Descent wrote it");
  }

  private static void assertFails(Executable fit, String... fragments) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, fit);
    for (String fragment : fragments) {
      assertTrue(e.getMessage().contains(fragment),
          "message should mention '" + fragment + "': " + e.getMessage());
    }
  }
}
