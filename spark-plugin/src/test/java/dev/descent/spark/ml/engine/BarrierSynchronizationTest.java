package dev.descent.spark.ml.engine;

import static org.apache.spark.sql.functions.rand;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.spark.ml.TestData;
import dev.descent.spark.ml.TestSpark;
import dev.descent.spark.ml.classification.LinearClassificationModel;
import dev.descent.spark.ml.classification.LinearClassifier;
import dev.descent.spark.ml.classification.MLPClassificationModel;
import dev.descent.spark.ml.classification.MLPClassifier;
import dev.descent.spark.ml.data.RowBlock;
import dev.descent.spark.ml.regression.LinearRegressionModel;
import dev.descent.spark.ml.regression.LinearRegressor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Synchronous steps served by one barrier stage give the model a job per step gives, bit for
 * bit: linear and network stages, with shuffling, dropout, validation, early stopping, a
 * full-batch optimizer, resumed runs, and a task lost mid-fit; the tree the tasks add up in is
 * {@link dev.descent.spark.ml.util.TreeAggregation}'s for any number of tasks; and a fit that
 * cannot run in a barrier stage says why, or falls back under 'auto'.
 */
class BarrierSynchronizationTest {

  private static Dataset<Row> binary;
  private static Dataset<Row> values;

  @BeforeAll
  static void data() {
    // Two partitions: the test session has two task slots, and a barrier stage needs one each.
    binary = TestData.classification(900, 5, 2, 41, 2, false)
        .withColumn("isVal", rand(5).lt(0.25)).cache();
    values = TestData.regression(700, 4, 43, 2, true).cache();
  }

  private static double[] linear(LinearClassificationModel model) {
    double[] c = model.coefficients().toArray();
    double[] all = Arrays.copyOf(c, c.length + 1);
    all[c.length] = model.intercept();
    return all;
  }

  @Test
  void linearStepsMatchAJobPerStep() {
    LinearClassifier sgd = new LinearClassifier().setOptimizer("sgd").setMomentum(0.9)
        .setNesterov(true).setLearningRate(0.2).setBatchSize(64).setMaxIter(4).setTol(0.0)
        .setRegParam(0.01).setElasticNetParam(0.3).setSeed(11);
    LinearClassificationModel job = sgd.copy(empty()).setSynchronization("job").fit(binary);
    LinearClassificationModel barrier = sgd.setSynchronization("barrier").fit(binary);
    assertArrayEquals(linear(job), linear(barrier));
    assertArrayEquals(job.summary().objectiveHistory(), barrier.summary().objectiveHistory());
  }

  @Test
  void regressionWithRunningObjectiveAndWeightsMatches() {
    LinearRegressor adam = new LinearRegressor().setBatchSize(50).setMaxIter(3).setTol(0.0)
        .setEpochObjective("running").setLoss("huber").setSeed(2);
    LinearRegressionModel job = adam.copy(empty()).setWeightCol("weight").fit(values);
    LinearRegressionModel barrier =
        adam.setWeightCol("weight").setSynchronization("barrier").fit(values);
    assertArrayEquals(job.coefficients().toArray(), barrier.coefficients().toArray());
    assertEquals(job.intercept(), barrier.intercept());
  }

  @Test
  void networkWithDropoutValidationAndEarlyStoppingMatches() {
    MLPClassifier mlp = new MLPClassifier().setHiddenLayers(6, 3).setDropout(0.2)
        .setBatchSize(100).setMaxIter(12).setTol(0.0).setLearningRate(0.05).setSeed(4)
        .setValidationIndicatorCol("isVal").setValidationMetric("logLoss")
        .setEarlyStoppingPatience(2);
    MLPClassificationModel job = mlp.copy(empty()).fit(binary);
    MLPClassificationModel barrier = mlp.setSynchronization("barrier").fit(binary);
    assertArrayEquals(job.parameters().toArray(), barrier.parameters().toArray());
    assertArrayEquals(job.summary().validationMetricHistory(),
        barrier.summary().validationMetricHistory());
    assertEquals(job.summary().stopReason(), barrier.summary().stopReason());
  }

  @Test
  void fullBatchLbfgsMatches() {
    LinearClassifier lbfgs = new LinearClassifier().setOptimizer("lbfgs").setMaxIter(15)
        .setRegParam(0.001);
    assertArrayEquals(linear(lbfgs.copy(empty()).fit(binary)),
        linear(lbfgs.setSynchronization("barrier").fit(binary)));
  }

  @Test
  void resumedInBarrierModeEndsWithTheUninterruptedModel(@TempDir Path dir) {
    LinearClassifier adam = new LinearClassifier().setBatchSize(128).setTol(0.0).setSeed(9);
    double[] uninterrupted = linear(adam.copy(empty()).setMaxIter(5).fit(binary));
    String checkpoints = dir.resolve("run").toString();
    adam.copy(empty()).setMaxIter(3).setCheckpointDir(checkpoints).fit(binary);
    LinearClassificationModel resumed = adam.setMaxIter(5).setSynchronization("barrier")
        .setResumeFrom(checkpoints).fit(binary);
    assertArrayEquals(uninterrupted, linear(resumed));
  }

  @Test
  void autoRunsBarrierWhereItCanAndJobsElsewhere() {
    LinearClassifier adam = new LinearClassifier().setBatchSize(200).setMaxIter(2).setTol(0.0);
    assertArrayEquals(linear(adam.copy(empty()).fit(binary)),
        linear(adam.copy(empty()).setSynchronization("auto").fit(binary)));
    Dataset<Row> six = binary.repartition(6);
    assertArrayEquals(linear(adam.copy(empty()).fit(six)),
        linear(adam.copy(empty()).setSynchronization("auto").fit(six)));
  }

  @Test
  void barrierSaysWhyItCannotRun() {
    LinearClassifier barrier = new LinearClassifier().setMaxIter(1)
        .setSynchronization("barrier");
    String slots = assertThrows(IllegalArgumentException.class,
        () -> barrier.fit(binary.repartition(6))).getMessage();
    assertTrue(slots.contains("6 partitions") && slots.contains("2 task slots"), slots);
    String averaging = assertThrows(IllegalArgumentException.class,
        () -> barrier.copy(empty()).setLocalSteps(4).fit(binary)).getMessage();
    assertTrue(averaging.contains("localSteps is 4"), averaging);
    String coalesced = assertThrows(IllegalArgumentException.class,
        () -> barrier.fit(binary.repartition(4).coalesce(2))).getMessage();
    assertTrue(coalesced.contains("coalesce"), coalesced);
    assertThrows(IllegalArgumentException.class,
        () -> new LinearClassifier().setSynchronization("allreduce"));
  }

  @Test
  void aLostTaskRestartsTheStageAndTheStepRunsAgain() {
    JavaRDD<RowBlock> blocks = twoPartitions();
    BatchObjective once = new SyntheticObjective(1000, Behaviour.LOST_ON_FIRST_ATTEMPT);
    BatchObjective steady = new SyntheticObjective(1000, Behaviour.STEADY);
    StepPlan plan = StepPlan.everyRow(new int[][] {{1}, {1}});
    BatchGradient expected = new GradientJob(blocks, steady, 2).compute(new double[1000], plan);
    try (BarrierGradients barrier = new BarrierGradients(blocks, once, 2, "lost task")) {
      BatchGradient total = barrier.compute(new double[1000], plan);
      assertArrayEquals(expected.gradientSum(), total.gradientSum());
      assertEquals(expected.lossSum(), total.lossSum());
    }
  }

  @Test
  void anExceptionOfTheObjectiveStopsTheFitWithIt() {
    BatchObjective throwing = new SyntheticObjective(10, Behaviour.THROWS);
    StepPlan plan = StepPlan.everyRow(new int[][] {{1}, {1}});
    try (BarrierGradients barrier = new BarrierGradients(twoPartitions(), throwing, 2, "throws")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> barrier.compute(new double[10], plan));
      assertEquals("a custom loss that throws, in partition 1", e.getMessage());
    }
  }

  @Test
  void aMillionDoublesTravelExactly() {
    JavaRDD<RowBlock> blocks = twoPartitions();
    BatchObjective objective = new SyntheticObjective(1_000_000, Behaviour.STEADY);
    StepPlan plan = StepPlan.everyRow(new int[][] {{1}, {1}});
    BatchGradient expected =
        new GradientJob(blocks, objective, 1).compute(new double[1_000_000], plan);
    try (BarrierGradients barrier = new BarrierGradients(blocks, objective, 1, "wide")) {
      for (int step = 0; step < 2; step++) {
        assertArrayEquals(expected.gradientSum(),
            barrier.compute(new double[1_000_000], plan).gradientSum());
      }
    }
  }

  @Test
  void theTasksTreeIsTreeAggregationsForOneToSixtyFourTasks() {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(TestSpark.session().sparkContext());
    for (int tasks : new int[] {1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64}) {
      for (int depth = 1; depth <= 4; depth++) {
        int length = tasks % 3 == 0 ? 1 : 257;
        List<byte[]> sums = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
          sums.add(BatchGradient.COMBINER.encode(SyntheticObjective.sums(t, length)));
        }
        BatchGradient viaTasks = mergeAsTheTasksDo(sums, tasks, depth);
        List<Integer> indices = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
          indices.add(t);
        }
        int n = length;
        BatchGradient viaJob = dev.descent.spark.ml.util.TreeAggregation.aggregate(
            jsc.parallelize(indices, tasks), depth,
            it -> SyntheticObjective.sums(it.next(), n), BatchGradient.COMBINER);
        assertArrayEquals(viaJob.gradientSum(), viaTasks.gradientSum(),
            tasks + " tasks, depth " + depth);
        assertEquals(viaJob.lossSum(), viaTasks.lossSum());
      }
    }
  }

  /** Runs every task's {@link BarrierTree} part in process and the driver's last merge. */
  private static BatchGradient mergeAsTheTasksDo(List<byte[]> sums, int tasks, int depth) {
    byte[][] held = sums.toArray(new byte[0][]);
    BarrierTree[] trees = new BarrierTree[tasks];
    int rounds = 0;
    for (int t = 0; t < tasks; t++) {
      trees[t] = new BarrierTree(t, tasks, depth);
      rounds = Math.max(rounds, trees[t].childrenByRound().size());
    }
    for (int round = 0; round < rounds; round++) {
      byte[][] next = held.clone();
      for (int t = 0; t < tasks; t++) {
        if (trees[t].childrenByRound().size() > round) {
          List<byte[]> group = new ArrayList<>();
          group.add(held[t]);
          for (int child : trees[t].childrenByRound().get(round)) {
            assertEquals(t, parentOf(trees, child, round));
            group.add(held[child]);
          }
          next[t] = BatchGradient.COMBINER.encode(dev.descent.spark.ml.util.TreeAggregation
              .merge(group, BatchGradient.COMBINER));
        }
      }
      held = next;
    }
    List<byte[]> atDriver = new ArrayList<>();
    for (int t = 0; t < tasks; t++) {
      int index = trees[t].resultIndex();
      if (index >= 0) {
        assertEquals(atDriver.size(), index);
        atDriver.add(held[t]);
      }
    }
    return dev.descent.spark.ml.util.TreeAggregation.merge(atDriver, BatchGradient.COMBINER);
  }

  /** The task {@code child} sends to: its parent, once it has led its rounds before. */
  private static int parentOf(BarrierTree[] trees, int child, int round) {
    assertEquals(round, trees[child].childrenByRound().size(), "child " + child);
    return trees[child].parent();
  }

  private static JavaRDD<RowBlock> twoPartitions() {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(TestSpark.session().sparkContext());
    return jsc.parallelize(List.of(0, 1), 2).map(i -> (RowBlock) null);
  }

  private static org.apache.spark.ml.param.ParamMap empty() {
    return org.apache.spark.ml.param.ParamMap.empty();
  }

  /**
   * Sums that depend only on the partition: dense, with zeros, negative zeros and values of many
   * magnitudes, so that any other order of additions would show in the last bits. One version
   * fails its task on the stage's first attempt (an Error is no exception of the objective's:
   * it fails the task), one throws as a broken custom loss would.
   */
  private enum Behaviour { STEADY, LOST_ON_FIRST_ATTEMPT, THROWS }

  private static final class SyntheticObjective implements BatchObjective {

    private final int length;
    private final Behaviour behaviour;

    SyntheticObjective(int length, Behaviour behaviour) {
      this.length = length;
      this.behaviour = behaviour;
    }

    static BatchGradient sums(int partition, int length) {
      Random random = new Random(1000L + partition);
      double[] gradient = new double[length];
      for (int i = 0; i < length; i++) {
        double u = random.nextDouble();
        gradient[i] = u < 0.2 ? 0.0 : u < 0.25 ? -0.0
            : random.nextGaussian() * Math.pow(10, random.nextInt(12) - 6);
      }
      return new BatchGradient(random.nextDouble(), 1.0 + partition, gradient);
    }

    @Override
    public int numParameters() {
      return length;
    }

    @Override
    public String lossName() {
      return "synthetic";
    }

    @Override
    public Evaluation at(double[] theta) {
      int n = length;
      Behaviour how = behaviour;
      return new Evaluation() {
        @Override
        public BatchGradient sum(Iterator<RowBlock> blocks, StepPlan plan, boolean training,
            long stepSeed) {
          TaskContext task = TaskContext.get();
          if (how == Behaviour.LOST_ON_FIRST_ATTEMPT && task instanceof BarrierTaskContext
              && task.stageAttemptNumber() == 0 && task.partitionId() == 1) {
            throw new AssertionError("a task lost on purpose");
          }
          if (how == Behaviour.THROWS && task.partitionId() == 1) {
            throw new IllegalArgumentException("a custom loss that throws, in partition 1");
          }
          return sums(task.partitionId(), n);
        }

        @Override
        public long shippedBytes() {
          return 64;
        }
      };
    }
  }
}
