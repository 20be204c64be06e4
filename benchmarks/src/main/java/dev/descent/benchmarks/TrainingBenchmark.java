package dev.descent.benchmarks;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.when;
import dev.descent.spark.ml.classification.LinearClassificationModel;
import dev.descent.spark.ml.classification.LinearClassifier;
import dev.descent.spark.ml.data.LabelRule;
import dev.descent.spark.ml.data.TrainingData;
import dev.descent.spark.ml.engine.BarrierGradients;
import dev.descent.spark.ml.engine.BatchGradient;
import dev.descent.spark.ml.engine.BatchPlanner;
import dev.descent.spark.ml.engine.FeatureSpace;
import dev.descent.spark.ml.engine.GradientJob;
import dev.descent.spark.ml.engine.LinearObjective;
import dev.descent.spark.ml.engine.ParameterLayout;
import dev.descent.spark.ml.engine.StepGradients;
import dev.descent.spark.ml.engine.StepPlan;
import dev.descent.spark.ml.fit.LinearTrainer;
import dev.descent.spark.ml.loss.LogLoss;
import dev.descent.spark.ml.optim.Adam;
import dev.descent.spark.ml.optim.OptimizerState;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.classification.FMClassificationModel;
import org.apache.spark.ml.classification.FMClassifier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.mllib.optimization.GradientDescent;
import org.apache.spark.mllib.optimization.LogisticGradient;
import org.apache.spark.mllib.optimization.SquaredL2Updater;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.RDDInfo;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Descent against Spark MLlib's own solvers, in one JVM on the same cached DataFrames: binary
 * logistic regression with an L2 penalty (regParam 1e-4, standardization on for every method that
 * has it) on synthetic dense data, on a9a (sparse, real) and, with {@code --scaling}, on larger,
 * wider and hashed sparse data. Prints one table, and writes it as CSV with two PNG charts.
 *
 * <p>Options: {@code --rows N} (default 1000000), {@code --features D} (100), {@code --partitions
 * P} (4), {@code --scaling} (also 2M rows, 250k x 400 and a 1M-feature hashed set), {@code
 * --large} (with --scaling, also 4M rows), {@code --a9a PATH} (../shared/data/a9a), {@code --out
 * DIR} (benchmarks/results), {@code --skip-mllib} (our configurations only).
 *
 * <p>{@code --networks} runs only the multilayer-perceptron comparison instead
 * ({@link NetworkBenchmark}): two interleaved spirals and a9a against its test file; options
 * {@code --spiral-rows N} (100000), {@code --max-iter N} (100, MLlib's largest maxIter),
 * {@code --a9a-test PATH} (the a9a path plus ".t"), {@code --partitions} (default 2 there).
 *
 * <p>{@code --wide} runs only the wide-data comparison ({@link WideBenchmark}): 2^20 hashed
 * features over {@code --wide-partitions} (default 32,64,200) partitions; run it with
 * {@code -Dbench.heap=1g}.
 */
public final class TrainingBenchmark {

  private static final double REG_PARAM = 1e-4;
  private static final double TARGET_GAP = 1e-3;
  private static final double TIGHT_GAP = 1e-6;
  private static final long SEED = 42;
  private static final int MAX_EPOCHS_TO_TARGET = 32;

  private final SparkSession spark;
  private final Results results = new Results();
  private final int partitions;

  private TrainingBenchmark(SparkSession spark, int partitions) {
    this.spark = spark;
    this.partitions = partitions;
    if (!barrierFits()) {
      int slots = spark.sparkContext().defaultParallelism();
      System.out.printf(Locale.ROOT, "barrier-stage rows skipped: %d partitions, %d task slots"
          + " (pass --partitions %d for them)%n", partitions, slots, slots);
    }
  }

  public static void main(String[] args) throws Exception {
    List<String> options = Arrays.asList(args);
    long rows = Long.parseLong(option(options, "--rows", "1000000"));
    int features = Integer.parseInt(option(options, "--features", "100"));
    boolean networks = options.contains("--networks");
    // Networks: one partition per core of local[2], for MLlib and ours alike.
    int partitions = Integer.parseInt(option(options, "--partitions", networks ? "2" : "4"));
    Path a9a = Path.of(option(options, "--a9a", "../shared/data/a9a"));
    Path a9aTest = Path.of(option(options, "--a9a-test", a9a + ".t"));
    Path out = Path.of(option(options, "--out", "benchmarks/results"));
    boolean mllib = !options.contains("--skip-mllib");
    if (!Files.isRegularFile(a9a)) {
      throw new IllegalArgumentException("a9a not found at " + a9a.toAbsolutePath()
          + " (LIBSVM format, from the repository root ../shared/data/a9a); pass --a9a PATH");
    }
    if (networks && !Files.isRegularFile(a9aTest)) {
      throw new IllegalArgumentException("a9a's test set not found at "
          + a9aTest.toAbsolutePath() + " (LIBSVM format); pass --a9a-test PATH");
    }
    SparkSession spark = SparkSession.builder().master("local[2]").appName("descent-benchmarks")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", String.valueOf(partitions))
        .getOrCreate();
    spark.sparkContext().setLogLevel("ERROR");
    System.out.printf(Locale.ROOT, "Descent benchmarks: Spark %s, %s, Java %s, %d cores, max heap"
            + " %d MB%n", spark.version(), spark.sparkContext().master(),
        System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20);
    System.out.println(loadAverage());
    try {
      if (options.contains("--wide")) {
        new WideBenchmark(spark).run(
            WideBenchmark.partitionCounts(option(options, "--wide-partitions", "32,64,200")));
        System.out.println(loadAverage());
        return;
      }
      if (networks) {
        Files.createDirectories(out);
        networks(spark, a9a, a9aTest, Long.parseLong(option(options, "--spiral-rows", "100000")),
            Integer.parseInt(option(options, "--max-iter", "100")), partitions, out);
        System.out.println(loadAverage());
        return;
      }
      TrainingBenchmark bench = new TrainingBenchmark(spark, partitions);
      bench.dense(rows, features, mllib);
      bench.a9a(a9a, mllib);
      if (options.contains("--scaling")) {
        bench.scaling(rows, features, options.contains("--large"));
      }
      Files.createDirectories(out);
      System.out.println();
      System.out.println(bench.results.table());
      bench.results.writeCsv(out.resolve("results.csv"));
      bench.results.writeChart(out.resolve("time-to-target.png"),
          "Time to objective within 1e-3 (relative) of the optimum", true);
      bench.results.writeChart(out.resolve("epoch-time.png"), "Time per epoch", false);
      System.out.println("wrote " + out.resolve("results.csv") + ", time-to-target.png,"
          + " epoch-time.png");
    } finally {
      spark.stop();
    }
  }

  private static String loadAverage() {
    return String.format(Locale.ROOT, "load average (1 min): %.2f",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  private static String option(List<String> options, String name, String fallback) {
    int i = options.indexOf(name);
    return i >= 0 && i + 1 < options.size() ? options.get(i + 1) : fallback;
  }

  // ---------------------------------------------------------------------------------------------
  // Suites

  /** The dataset: MLlib baselines, our configurations, the plain loop, step overhead. */
  private void dense(long rows, int features, boolean mllib) {
    String name = String.format(Locale.ROOT, "dense %dk x %d", rows / 1000, features);
    System.out.println("== " + name + ", " + partitions + " partitions");
    Dataset<Row> df = cached(SyntheticData.dense(spark, rows, features, partitions, SEED));
    try (TrainingData data = load(df)) {
      Objective objective = new Objective(data, REG_PARAM);
      double optimum = optimum(df, objective);
      double raw = 8.0 * rows * features;
      if (mllib) {
        mllibLogistic(name, df, objective, optimum);
        mllibSgd(name, df, objective, optimum, 0.01);
        mllibFm(name, df, optimum, 0.01);
      }
      ours(name, df, objective, optimum, raw, configs(new Config(0.01, 0.7, 10_000, 1),
          new Config(0.01, 0.7, 10_000, 25)));
      lbfgs(name, df, objective, optimum);
      stepOverhead(name, data, 10_000);
      plainLoop(name, rows, features, 10_000);
    } finally {
      df.unpersist();
    }
  }

  /** a9a: sparse, real (123 binary features, about 11% non-zero). */
  private void a9a(Path path, boolean mllib) {
    System.out.println("== a9a");
    Dataset<Row> df = cached(a9a(spark, path, partitions));
    try (TrainingData data = load(df)) {
      Objective objective = new Objective(data, REG_PARAM);
      double optimum = optimum(df, objective);
      if (mllib) {
        mllibLogistic("a9a", df, objective, optimum);
        mllibSgd("a9a", df, objective, optimum, 0.01);
        mllibFm("a9a", df, optimum, 0.01);
      }
      // Rare binary features make a9a's optimum slow to reach to 1e-3 by Adam: a larger rate,
      // a slower decay, and for averaging small batches with one synchronization per epoch.
      ours("a9a", df, objective, optimum, 8.0 * nonZeros(df), configs(
          new Config(0.1, 0.8, 2000, 1), new Config(0.1, 0.8, 500, 66)));
      lbfgs("a9a", df, objective, optimum);
    } finally {
      df.unpersist();
    }
  }

  /** Epoch time and cached size as rows, features and sparsity grow (our configurations only). */
  private void scaling(long rows, int features, boolean large) {
    List<long[]> shapes = new ArrayList<>(List.of(new long[] {2 * rows, features},
        new long[] {rows / 4, 4L * features}));
    if (large) {
      shapes.add(1, new long[] {4 * rows, features});
    }
    for (long[] shape : shapes) {
      String name = String.format(Locale.ROOT, "dense %dk x %d", shape[0] / 1000, shape[1]);
      System.out.println("== " + name + " (scaling)");
      Dataset<Row> df = SyntheticData.dense(spark, shape[0], (int) shape[1], partitions, SEED);
      try (TrainingData data = load(df)) {
        epochsOnly(name, data, 8.0 * shape[0] * shape[1]);
      }
    }
    long hashedRows = rows / 5;
    int nonZeros = 30;
    String name = String.format(Locale.ROOT, "hashed %dk x 1M, %d nnz", hashedRows / 1000,
        nonZeros);
    System.out.println("== " + name + " (scaling)");
    Dataset<Row> df = SyntheticData.hashed(spark, hashedRows, 1 << 20, nonZeros, partitions, SEED);
    try (TrainingData data = load(df, false)) {
      epochsOnly(name, data, 8.0 * hashedRows * nonZeros);
    }
  }

  /**
   * MLPs against MLlib's: two interleaved spirals (one turn each, noise 0.05; a test set of a
   * fifth as many rows from other seeds) with hidden layers [32, 32], and a9a (its own test
   * file) with [32]. One table per dataset, {@code networks.csv} and one chart per dataset.
   */
  private static void networks(SparkSession spark, Path a9a, Path a9aTest, long spiralRows,
      int maxIter, int partitions, Path out) throws Exception {
    NetworkBenchmark bench = new NetworkBenchmark(SEED, maxIter);
    String spirals = String.format(Locale.ROOT, "spirals %dk", spiralRows / 1000);
    System.out.println("== " + spirals + ", " + partitions + " partitions");
    Dataset<Row> train = cached(SyntheticData.spirals(spark, spiralRows, 1.0, 0.05, partitions,
        SEED));
    Dataset<Row> test = cached(SyntheticData.spirals(spark, spiralRows / 5, 1.0, 0.05,
        partitions, SEED + 1));
    bench.compare(spirals, train, test, new int[] {32, 32}, 1.0,
        List.of(new NetworkBenchmark.Ours("relu", 0.01, 1024, true, 1, "barrier"),
            new NetworkBenchmark.Ours("relu", 0.01, 1024, true, 1, "job"),
            new NetworkBenchmark.Ours("relu", 0.01, 512, true, 49, "job")),
        out.resolve("networks-spirals.png"));
    train.unpersist();
    test.unpersist();
    System.out.println("== a9a, " + partitions + " partitions");
    train = cached(a9a(spark, a9a, partitions));
    test = cached(a9a(spark, a9aTest, partitions));
    // Binary 0/1 features: left unscaled, as MLlib's network takes them.
    bench.compare("a9a", train, test, new int[] {32}, 1.0,
        List.of(new NetworkBenchmark.Ours("relu", 0.01, 1024, false, 1, "barrier"),
            new NetworkBenchmark.Ours("relu", 0.01, 1024, false, 1, "job"),
            new NetworkBenchmark.Ours("relu", 0.01, 512, false, 32, "job")),
        out.resolve("networks-a9a.png"));
    train.unpersist();
    test.unpersist();
    bench.writeCsv(out.resolve("networks.csv"));
    System.out.println("wrote " + out.resolve("networks.csv") + ", networks-spirals.png,"
        + " networks-a9a.png");
  }

  /** a9a in LIBSVM format with labels 0/1 (the file has -1/+1) and all 123 features. */
  private static Dataset<Row> a9a(SparkSession spark, Path path, int partitions) {
    return spark.read().format("libsvm").option("numFeatures", "123").load(path.toString())
        .select(when(col("label").gt(0), 1.0).otherwise(0.0).as("label"), col("features"))
        .repartition(partitions);
  }

  // ---------------------------------------------------------------------------------------------
  // Our configurations

  /**
   * One of our configurations: Adam at {@code learningRate}, decayed by {@code gamma} per epoch,
   * synchronous ({@code localSteps} 1) or model averaging. Fits record the running objective
   * ({@code epochObjective=running}): the benchmark scores every model itself, in one full pass.
   */
  private record Config(double learningRate, double gamma, long batchSize, int localSteps,
      String synchronization) {

    /** Model averaging, or synchronous steps in a job each. */
    Config(double learningRate, double gamma, long batchSize, int localSteps) {
      this(learningRate, gamma, batchSize, localSteps, "job");
    }

    /** The same synchronous steps served by one barrier stage. */
    Config inBarrierStage() {
      return new Config(learningRate, gamma, batchSize, localSteps, "barrier");
    }

    LinearClassifier stage() {
      return new LinearClassifier().setRegParam(REG_PARAM).setOptimizer("adam")
          .setLearningRate(learningRate).setLrSchedule("exponential").setLrGamma(gamma)
          .setBatchSize((int) batchSize).setLocalSteps(localSteps)
          .setSynchronization(synchronization).setTol(0.0).setSeed(SEED)
          .setEpochObjective("running");
    }

    String method() {
      String rate = String.format(Locale.ROOT, "lr=%s g=%s", learningRate, gamma);
      return localSteps > 1
          ? "descent avg adam b=" + batchSize + " L=" + localSteps + " " + rate
          : "descent sync adam b=" + batchSize + " " + rate
              + (synchronization.equals("barrier") ? " barrier" : "");
    }

    String synchronizes() {
      return localSteps > 1 ? "1 job per " + localSteps + " steps"
          : synchronization.equals("barrier") ? "1 barrier stage, no job per step"
          : "1 job per step";
    }
  }

  /**
   * The synchronous configuration in a barrier stage (when the partitions fit the task slots),
   * then with a job per step, then model averaging.
   */
  private Config[] configs(Config synchronous, Config averaging) {
    return barrierFits()
        ? new Config[] {synchronous.inBarrierStage(), synchronous, averaging}
        : new Config[] {synchronous, averaging};
  }

  /** Whether a barrier stage over the data's partitions fits this session's task slots. */
  private boolean barrierFits() {
    return partitions <= spark.sparkContext().defaultParallelism();
  }

  private TrainingData load(Dataset<Row> df) {
    return load(df, true);
  }

  private TrainingData load(Dataset<Row> df, boolean standardize) {
    LinearClassifier stage = new LinearClassifier().setStandardization(standardize);
    return TrainingData.load(df, stage.inputSpec(LabelRule.classes(2)));
  }

  private void ours(String dataset, Dataset<Row> df, Objective objective, double optimum,
      double rawBytes, Config... configs) {
    // The preparation a fit does first (validation, statistics, blocking, caching), timed alone.
    long started = System.nanoTime();
    try (TrainingData fresh = load(df)) {
      double prep = seconds(started);
      double cached = cachedBytes(fresh.blocks());
      System.out.printf(Locale.ROOT, "  preparing the cached blocks: %.2f s, %.1f MB%n", prep,
          cached / 1e6);
      for (Config config : configs) {
        LinearClassifier stage = config.stage();
        // Fits are deterministic and a fit of k epochs is the first k epochs of a longer one, so
        // the fewest epochs reaching the target is found by doubling, then bisection.
        Map<Integer, double[]> tried = new HashMap<>();
        IntFunction<double[]> attempt = epochs -> tried.computeIfAbsent(epochs, k -> {
          long t = System.nanoTime();
          LinearTrainer.Fit fit = train(stage.copy(ParamMap.empty()).setMaxIter(k), fresh);
          double trainSeconds = seconds(t);
          return new double[] {trainSeconds,
              objective.at(fit.coefficients().toArray(), fit.intercepts().apply(0))};
        });
        int below = 0;
        int reached = -1;
        for (int k = 1; k <= MAX_EPOCHS_TO_TARGET; k *= 2) {
          if (attempt.apply(k)[1] <= optimum * (1 + TARGET_GAP)) {
            reached = k;
            break;
          }
          below = k;
        }
        while (reached > below + 1) {
          int middle = (below + reached) / 2;
          if (attempt.apply(middle)[1] <= optimum * (1 + TARGET_GAP)) {
            reached = middle;
          } else {
            below = middle;
          }
        }
        double timeToTarget = reached < 0 ? Double.POSITIVE_INFINITY
            : prep + tried.get(reached)[0];
        double last = tried.get(reached < 0 ? below : reached)[1];
        String epochs = reached < 0 ? "not within " + below + " epochs" : "epochs " + reached;
        double epoch = median(3, () -> {
          long t = System.nanoTime();
          train(stage.copy(ParamMap.empty()).setMaxIter(1), fresh);
          return seconds(t);
        });
        long stepsPerEpoch = new BatchPlanner(fresh.blockRows(), config.batchSize(), true, 0)
            .stepsPerEpoch();
        results.add(new Results.Row(dataset, config.method(), timeToTarget, last,
            gap(last, optimum),
            stepsPerEpoch, stepsPerEpoch / epoch, Double.NaN, epoch, cached / 1e6,
            cached / rawBytes, epochs + " incl. " + String.format(Locale.ROOT, "%.2f", prep)
                + " s preparation; " + config.synchronizes()));
      }
    }
  }

  /**
   * Full-batch L-BFGS (strong-Wolfe line search, every param at its default): the time to 1e-3
   * and to 1e-6 of the optimum, each a fit of the fewest iterations that reaches it (a fit of k
   * iterations is the first k of a longer one), preparation included, timed alone.
   */
  private void lbfgs(String dataset, Dataset<Row> df, Objective objective, double optimum) {
    LinearClassifier stage = new LinearClassifier().setRegParam(REG_PARAM).setOptimizer("lbfgs")
        .setTol(0.0).setToleranceChange(0.0).setMaxIter(500);
    IntFunction<double[]> timed = iterations -> {
      long t = System.nanoTime();
      LinearClassificationModel model = stage.copy(ParamMap.empty()).setMaxIter(iterations)
          .fit(df);
      double seconds = seconds(t);
      return new double[] {seconds, objective.at(model.coefficients().toArray(),
          model.intercept()), model.summary().totalEpochs()};
    };
    double[] history = stage.fit(df).summary().objectiveHistory();
    double[] toTarget = timeToGap(history, optimum, TARGET_GAP, timed);
    double[] toTight = timeToGap(history, optimum, TIGHT_GAP, timed);
    double[] last = toTight != null ? toTight : timed.apply(history.length - 1);
    results.add(new Results.Row(dataset, "descent lbfgs (strong Wolfe)",
        toTarget == null ? Double.POSITIVE_INFINITY : toTarget[0],
        toTight == null ? Double.POSITIVE_INFINITY : toTight[0], last[1], gap(last[1], optimum),
        (long) last[2], Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
        String.format(Locale.ROOT, "iterations to 1e-3: %s, to 1e-6: %s; incl. preparation",
            toTarget == null ? "-" : (long) toTarget[2], toTight == null ? "-" : (long) toTight[2])));
  }

  /**
   * The time and objective of the fit of the fewest iterations whose objective in
   * {@code history} (entry k after k iterations) is within {@code gap} of the optimum, if that
   * fit, scored independently, is; else null.
   */
  private static double[] timeToGap(double[] history, double optimum, double gap,
      IntFunction<double[]> timed) {
    for (int k = 1; k < history.length; k++) {
      if (history[k] <= optimum * (1 + gap)) {
        double[] fit = timed.apply(k);
        return fit[1] <= optimum * (1 + gap) ? fit : null;
      }
    }
    return null;
  }

  private void epochsOnly(String dataset, TrainingData data, double rawBytes) {
    double cached = cachedBytes(data.blocks());
    for (Config config : new Config[] {new Config(0.01, 0.7, 10_000, 1),
        new Config(0.01, 0.7, 10_000, 25)}) {
      LinearClassifier stage = config.stage().setMaxIter(1)
          .setStandardization(data.trainingStd() != null);
      double epoch = median(2, () -> {
        long t = System.nanoTime();
        train(stage, data);
        return seconds(t);
      });
      long stepsPerEpoch =
          new BatchPlanner(data.blockRows(), config.batchSize(), true, 0).stepsPerEpoch();
      results.add(new Results.Row(dataset, config.method(), Double.NaN, Double.NaN,
          Double.NaN, stepsPerEpoch, stepsPerEpoch / epoch, Double.NaN, epoch, cached / 1e6,
          cached / rawBytes, data.isSparse() ? "sparse (CSR) blocks" : "dense blocks"));
    }
  }

  private static LinearTrainer.Fit train(LinearClassifier stage, TrainingData data) {
    return LinearTrainer.train(stage, data, new LogLoss(), "benchmark");
  }

  /**
   * The sync step alone, timed one by one: the gradient plus the driver's Adam update, over one
   * epoch's plans after a warm-up epoch, with a Spark job per step and in one barrier stage; and
   * an empty job over the same cached blocks, the floor any Spark job costs here. All three in
   * the same run, so that their ratios hold on a loaded machine too.
   */
  private void stepOverhead(String dataset, TrainingData data, long batchSize) {
    ParameterLayout layout = new ParameterLayout(data.numFeatures(), 1, true);
    LinearObjective objective =
        new LinearObjective(new LogLoss(), layout, FeatureSpace.of(data, true));
    int depth = new LinearClassifier().getAggregationDepth();
    List<Double> jobSteps;
    try (GradientJob job = new GradientJob(data.blocks(), objective, depth)) {
      jobSteps = stepTimes(job, data, layout, batchSize);
    }
    List<Double> barrierSteps = null;
    if (barrierFits()) {
      try (BarrierGradients barrier =
          new BarrierGradients(data.blocks(), objective, depth, "benchmark")) {
        barrierSteps = stepTimes(barrier, data, layout, batchSize);
      }
    }
    JavaRDD<dev.descent.spark.ml.data.RowBlock> blocks = data.blocks();
    List<Double> empty = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      long t = System.nanoTime();
      blocks.mapPartitions(it -> Collections.singletonList(0).iterator()).collect();
      empty.add(seconds(t) * 1e3);
    }
    double floor = median(empty);
    stepRow(dataset, "descent sync step, job per step (gradient + update)", jobSteps, floor);
    if (barrierSteps != null) {
      stepRow(dataset, "descent sync step, barrier stage (gradient + update)", barrierSteps,
          floor);
    }
    results.add(new Results.Row(dataset, "spark empty job over the cached blocks", Double.NaN,
        Double.NaN, Double.NaN, empty.size(), 1e3 / floor, floor, Double.NaN, Double.NaN,
        Double.NaN, String.format(Locale.ROOT, "p90 %.1f ms", percentile(empty, 0.9))));
  }

  /** Milliseconds of each step of the second epoch (the first warms up). */
  private static List<Double> stepTimes(StepGradients gradients, TrainingData data,
      ParameterLayout layout, long batchSize) {
    BatchPlanner planner = new BatchPlanner(data.blockRows(), batchSize, true, SEED);
    Adam adam = new Adam(0.9, 0.999, 1e-8, false);
    double[] theta = new double[layout.size()];
    OptimizerState state = adam.initialState(theta.length);
    List<Double> times = new ArrayList<>();
    for (int epoch = 1; epoch <= 2; epoch++) {
      for (Iterator<StepPlan> plans = planner.epoch(epoch); plans.hasNext(); ) {
        long t = System.nanoTime();
        BatchGradient batch = gradients.compute(theta, plans.next());
        adam.step(theta, batch.meanGradient(), 0.01, state);
        if (epoch == 2) {
          times.add(seconds(t) * 1e3);
        }
      }
    }
    return times;
  }

  private void stepRow(String dataset, String method, List<Double> times, double emptyJob) {
    double median = median(times);
    results.add(new Results.Row(dataset, method, Double.NaN, Double.NaN, Double.NaN,
        times.size(), 1e3 / median, median, Double.NaN, Double.NaN, Double.NaN,
        String.format(Locale.ROOT, "p90 %.1f ms; %.2f x an empty job", percentile(times, 0.9),
            median / emptyJob)));
  }

  // ---------------------------------------------------------------------------------------------
  // MLlib

  /** L-BFGS run to a tight tolerance: the optimum every method is measured against. */
  private double optimum(Dataset<Row> df, Objective objective) {
    long t = System.nanoTime();
    LogisticRegressionModel tight = new LogisticRegression().setRegParam(REG_PARAM)
        .setMaxIter(500).setTol(1e-12).fit(df);
    double optimum = objective.at(tight.coefficients().toArray(), tight.intercept());
    System.out.printf(Locale.ROOT, "  optimum %.9f (L-BFGS, tol 1e-12, %d iterations, %.1f s)%n",
        optimum, tight.summary().totalIterations(), seconds(t));
    return optimum;
  }

  private void mllibLogistic(String dataset, Dataset<Row> df, Objective objective,
      double optimum) {
    LogisticRegression lr = new LogisticRegression().setRegParam(REG_PARAM);
    long t = System.nanoTime();
    LogisticRegressionModel converged = lr.fit(df);
    double total = seconds(t);
    int iterations = converged.summary().totalIterations();
    double finalObjective = objective.at(converged.coefficients().toArray(),
        converged.intercept());
    // Time to target: the fewest iterations reaching it (L-BFGS is deterministic), timed alone.
    double[] history = converged.summary().objectiveHistory();
    double timeToTarget = Double.POSITIVE_INFINITY;
    for (int k = 1; k < history.length; k++) {
      if (history[k] <= optimum * (1 + TARGET_GAP)) {
        long started = System.nanoTime();
        LogisticRegressionModel model = lr.copy(ParamMap.empty())
            .setMaxIter(k).fit(df);
        double seconds = seconds(started);
        if (objective.at(model.coefficients().toArray(), model.intercept())
            <= optimum * (1 + TARGET_GAP)) {
          timeToTarget = seconds;
          break;
        }
      }
    }
    // To 1e-6 the default tol (1e-6) may stop short: the history of a tight fit says how far.
    LogisticRegression tight = lr.copy(ParamMap.empty()).setTol(1e-12).setMaxIter(500);
    double[] tightHistory = tight.fit(df).summary().objectiveHistory();
    double[] toTight = timeToGap(tightHistory, optimum, TIGHT_GAP, k -> {
      long started = System.nanoTime();
      LogisticRegressionModel model = tight.copy(ParamMap.empty()).setMaxIter(k).fit(df);
      return new double[] {seconds(started),
          objective.at(model.coefficients().toArray(), model.intercept()), k};
    });
    results.add(new Results.Row(dataset, "mllib LogisticRegression l-bfgs", timeToTarget,
        toTight == null ? Double.POSITIVE_INFINITY : toTight[0],
        finalObjective, gap(finalObjective, optimum), iterations, iterations / total,
        Double.NaN, Double.NaN, Double.NaN, Double.NaN, String.format(Locale.ROOT,
            "converged (tol 1e-6) in %.2f s; iterations to 1e-6: %s", total,
            toTight == null ? "-" : (long) toTight[2])));
  }

  /** MLlib's RDD mini-batch SGD: no intercept, no standardization, steps 1/sqrt(t). */
  private void mllibSgd(String dataset, Dataset<Row> df, Objective objective, double optimum,
      double fraction) {
    JavaRDD<Tuple2<Object, org.apache.spark.mllib.linalg.Vector>> points = df.toJavaRDD()
        .map(row -> new Tuple2<Object, org.apache.spark.mllib.linalg.Vector>(row.getDouble(0),
            org.apache.spark.mllib.linalg.Vectors.fromML((Vector) row.get(1))))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      points.count();
      int numFeatures = ((Vector) df.first().get(1)).size();
      int iterations = 50;
      long t = System.nanoTime();
      Tuple2<org.apache.spark.mllib.linalg.Vector, double[]> fit =
          GradientDescent.runMiniBatchSGD(points.rdd(), new LogisticGradient(),
              new SquaredL2Updater(), 1.0, iterations, REG_PARAM, fraction,
              org.apache.spark.mllib.linalg.Vectors.zeros(numFeatures), 0.0);
      double total = seconds(t);
      int steps = fit._2().length;
      double finalObjective = objective.at(fit._1().toArray(), 0.0);
      results.add(new Results.Row(dataset, "mllib GradientDescent sgd f=" + fraction,
          Double.POSITIVE_INFINITY, finalObjective, gap(finalObjective, optimum), steps,
          steps / total, 1e3 * total / steps, Double.NaN, Double.NaN, Double.NaN,
          steps + " steps, no intercept; every step samples by scanning all rows"));
    } finally {
      points.unpersist();
    }
  }

  /** FMClassifier with adamW (factor size 8): its own model, scored by mean log loss only. */
  private void mllibFm(String dataset, Dataset<Row> df, double optimum, double fraction) {
    long t = System.nanoTime();
    FMClassificationModel model = new FMClassifier().setSolver("adamW").setMaxIter(100)
        .setMiniBatchFraction(fraction).setStepSize(0.01).setRegParam(REG_PARAM).setSeed(SEED)
        .fit(df);
    double total = seconds(t);
    double logLoss = model.transform(df).select("label", "probability").toJavaRDD()
        .map(row -> {
          double p = ((Vector) row.get(1)).apply(1);
          p = Math.min(1 - 1e-15, Math.max(1e-15, p));
          return row.getDouble(0) > 0.5 ? -Math.log(p) : -Math.log(1 - p);
        }).reduce(Double::sum) / df.count();
    results.add(new Results.Row(dataset, "mllib FMClassifier adamW f=" + fraction,
        Double.POSITIVE_INFINITY, logLoss, gap(logLoss, optimum), 100, 100 / total,
        1e3 * total / 100, Double.NaN, Double.NaN, Double.NaN,
        String.format(Locale.ROOT, "100 steps in %.2f s; objective = log loss only", total)));
  }

  // ---------------------------------------------------------------------------------------------
  // The plain single-threaded loop

  /** One epoch of mini-batch logistic gradient descent over a double[][], on one thread. */
  private void plainLoop(String dataset, long rows, int features, int batchSize) {
    double[][] x = new double[(int) rows][];
    double[] y = new double[(int) rows];
    int[] next = {0};
    for (int p = 0; p < partitions; p++) {
      SyntheticData.denseRows(rows, partitions, p, features, SEED, (label, row) -> {
        x[next[0]] = row;
        y[next[0]++] = label;
      });
    }
    double[] w = new double[features];
    double[] b = {0.0};
    double epoch = median(3, () -> {
      long t = System.nanoTime();
      plainEpoch(x, y, w, b, batchSize, 0.1);
      return seconds(t);
    });
    results.add(new Results.Row(dataset, "plain java loop (1 thread)", Double.NaN, Double.NaN,
        Double.NaN, (rows + batchSize - 1) / batchSize, Math.ceil((double) rows / batchSize)
        / epoch, Double.NaN, epoch, Double.NaN, Double.NaN,
        "double[][] in order, sgd b=" + batchSize));
  }

  static void plainEpoch(double[][] x, double[] y, double[] w, double[] b, int batchSize,
      double lr) {
    double[] g = new double[w.length];
    for (int start = 0; start < x.length; start += batchSize) {
      int end = Math.min(x.length, start + batchSize);
      Arrays.fill(g, 0.0);
      double gb = 0.0;
      for (int i = start; i < end; i++) {
        double[] row = x[i];
        double margin = b[0];
        for (int j = 0; j < row.length; j++) {
          margin += w[j] * row[j];
        }
        double d = 1 / (1 + Math.exp(-margin)) - y[i];
        gb += d;
        for (int j = 0; j < row.length; j++) {
          g[j] += d * row[j];
        }
      }
      int n = end - start;
      for (int j = 0; j < w.length; j++) {
        w[j] -= lr * (g[j] / n + REG_PARAM * w[j]);
      }
      b[0] -= lr * gb / n;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  private static Dataset<Row> cached(Dataset<Row> df) {
    Dataset<Row> cached = df.persist(StorageLevel.MEMORY_AND_DISK());
    long t = System.nanoTime();
    long count = cached.count();
    System.out.printf(Locale.ROOT, "  %d rows generated and cached in %.1f s%n", count,
        seconds(t));
    return cached;
  }

  private long nonZeros(Dataset<Row> df) {
    return df.toJavaRDD().map(row -> (long) ((Vector) row.get(1)).numNonzeros())
        .reduce(Long::sum);
  }

  /** Bytes Spark's block manager holds for {@code rdd}, in memory and on disk. */
  private double cachedBytes(JavaRDD<?> rdd) {
    for (RDDInfo info : spark.sparkContext().getRDDStorageInfo()) {
      if (info.id() == rdd.id()) {
        return info.memSize() + info.diskSize();
      }
    }
    return Double.NaN;
  }

  private static double gap(double objective, double optimum) {
    return (objective - optimum) / Math.abs(optimum);
  }

  private static double seconds(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1e9;
  }

  private static double median(int runs, Supplier<Double> timed) {
    List<Double> times = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      times.add(timed.get());
    }
    return median(times);
  }

  private static double median(List<Double> values) {
    return percentile(values, 0.5);
  }

  private static double percentile(List<Double> values, double q) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(q * sorted.size())));
  }
}
