package dev.descent.examples;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.when;
import dev.descent.spark.ml.classification.LinearClassificationModel;
import dev.descent.spark.ml.classification.LinearClassifier;
import dev.descent.spark.ml.summary.ClassificationTrainingSummary;
import dev.descent.spark.ml.training.EpochReport;
import dev.descent.spark.ml.training.StopReason;
import dev.descent.spark.ml.training.TrainingSummary;
import dev.descent.spark.ml.util.Charts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The classic gradient-descent lessons on real data: the a9a (UCI Adult) census set in LIBSVM
 * format, 32,561 training rows and 123 binary features, logistic regression throughout.
 *
 * <pre>
 * A9aLessons &lt;lesson&gt; [--data &lt;a9a file&gt;] [--test &lt;a9a.t file&gt;] [--output &lt;dir&gt;]
 * </pre>
 *
 * Lessons: {@code learning-rate-sweep}, {@code batch-sizes}, {@code optimizers}, {@code l1-vs-l2},
 * {@code optimum}, {@code cv-grid}. The data defaults to {@code ../shared/data/a9a} and the test set (read by
 * {@code cv-grid} only) to {@code ../shared/data/a9a.t}, relative to the directory the command
 * runs in (the repository root under {@code exec:exec}); each lesson with curves writes its
 * charts into {@code --output} (default {@code examples/target/a9a-lessons}).
 */
public final class A9aLessons {

  static final List<String> LESSONS =
      List.of("learning-rate-sweep", "batch-sizes", "optimizers", "l1-vs-l2", "optimum",
          "cv-grid");

  private A9aLessons() {}

  /** The command line. */
  record Options(String lesson, String data, String test, String output) {

    static Options parse(String[] args) {
      if (args.length == 0 || !LESSONS.contains(args[0])) {
        throw usage("the first argument must be a lesson, one of " + LESSONS + ", got "
            + (args.length == 0 ? "none" : "'" + args[0] + "'"));
      }
      String data = "../shared/data/a9a";
      String test = "../shared/data/a9a.t";
      String output = "examples/target/a9a-lessons";
      for (int i = 1; i < args.length; i++) {
        switch (args[i]) {
          case "--data" -> data = value(args, ++i, "--data");
          case "--test" -> test = value(args, ++i, "--test");
          case "--output" -> output = value(args, ++i, "--output");
          default -> throw usage("unknown argument '" + args[i] + "'");
        }
      }
      return new Options(args[0], data, test, output);
    }

    private static String value(String[] args, int i, String flag) {
      if (i >= args.length) {
        throw usage(flag + " needs a value");
      }
      return args[i];
    }

    private static IllegalArgumentException usage(String problem) {
      return new IllegalArgumentException(problem + "; usage: A9aLessons <lesson> [--data <a9a>]"
          + " [--test <a9a.t>] [--output <dir>]");
    }

    /** The files the lesson reads that are missing, as an error message; null when none is. */
    String missingFile() {
      if (!Files.isRegularFile(Path.of(data))) {
        return missing("data", data, "--data <path to the LIBSVM file a9a>");
      }
      if (lesson.equals("cv-grid") && !Files.isRegularFile(Path.of(test))) {
        return missing("test data", test, "--test <path to the LIBSVM file a9a.t>");
      }
      return null;
    }

    private static String missing(String what, String path, String flag) {
      return "the a9a " + what + " is missing at " + Path.of(path).toAbsolutePath().normalize()
          + " (from the shared data directory, ../shared/data next to the repository); pass "
          + flag;
    }
  }

  public static void main(String[] args) {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("A9aLessons: " + e.getMessage());
      System.exit(2);
      return;
    }
    String missing = options.missingFile();
    if (missing != null) {
      System.err.println("A9aLessons: " + missing);
      System.exit(2);
      return;
    }
    SparkSession spark = PurchasePrediction.session(null, "descent a9a lessons");
    spark.sparkContext().setLogLevel("WARN");
    try {
      Dataset<Row> train = load(spark, options.data()).cache();
      String out = Path.of(options.output(), options.lesson()).toString();
      switch (options.lesson()) {
        case "learning-rate-sweep" -> learningRateSweep(train, out);
        case "batch-sizes" -> batchSizes(train, out);
        case "optimizers" -> optimizers(train, out);
        case "l1-vs-l2" -> l1VersusL2(train);
        case "optimum" -> optimum(train);
        default -> crossValidatorGrid(train, load(spark, options.test()));
      }
    } finally {
      spark.stop();
    }
  }

  /** The LIBSVM file with labels -1/+1 mapped to 0/1 (123 features, as the test file needs). */
  static Dataset<Row> load(SparkSession spark, String path) {
    return spark.read().format("libsvm").option("numFeatures", "123").load(path)
        .withColumn("label", when(col("label").gt(0), 1.0).otherwise(0.0));
  }

  private static LinearClassifier logistic() {
    return new LinearClassifier().setLoss("log").setSeed(1L);
  }

  /**
   * Full-batch SGD at five learning rates: too small crawls, the right one converges (tol 1e-4
   * on the relative change of the objective), too large diverges. The logistic loss has a
   * bounded gradient, so a too-large rate makes the objective jump around above its start rather
   * than overflow; the default divergencePatience stops such a run once three epochs in a row end
   * above the start, keeping the parameters from before them. The objective printed is the kept
   * model's.
   */
  static void learningRateSweep(Dataset<Row> train, String out) {
    List<Charts.Series> curves = new ArrayList<>();
    System.out.println("full-batch sgd, maxIter 100, tol 1e-4:");
    System.out.println("  learningRate  epochs  stop        final objective");
    for (double lr : new double[] {0.001, 0.01, 0.1, 1, 10}) {
      LinearClassificationModel model = logistic().setOptimizer("sgd").setLearningRate(lr)
          .setBatchSize(Integer.MAX_VALUE).setMaxIter(100).setTol(1e-4).fit(train);
      ClassificationTrainingSummary s = model.summary();
      double[] history = s.objectiveHistory();
      System.out.printf(Locale.ROOT, "  %-12s  %6d  %-11s %.5f%n", lr, s.totalEpochs(),
          s.stopReason(), history[s.bestEpoch()]);
      if (s.stopMessage().startsWith("training diverged")) {
        System.out.println("    " + s.stopMessage());
      }
      // A diverged run keeps the epochs before the one that diverged: the legend says so.
      String name = s.stopReason() == StopReason.DIVERGENCE
          ? "lr " + lr + " (diverged in epoch " + (s.totalEpochs() + 1) + ")"
          : "lr " + lr;
      curves.add(new Charts.Series(name, epochs(history.length), history));
    }
    chart(out + "/objective-by-learning-rate.png", "full-batch SGD on a9a", "epoch",
        Charts.Scale.WHOLE_NUMBERS, curves);
  }

  /**
   * The whole set per step, mini-batches of 64 and single rows, at learning rate 0.05. An epoch
   * is one full-batch step, 8 mini-batch steps or 500 single-row steps, so per epoch single rows
   * go furthest and the full batch least; but each step is a Spark job, so a single-row epoch
   * takes far longer, and by wall time mini-batches win. Because of that cost this lesson uses
   * the first 500 rows of a9a and three epochs of single rows.
   */
  static void batchSizes(Dataset<Row> train, String out) {
    Dataset<Row> sample = train.limit(500).cache();
    List<Charts.Series> byEpoch = new ArrayList<>();
    List<Charts.Series> bySecond = new ArrayList<>();
    System.out.println("sgd, learningRate 0.05, tol 0, the first 500 rows:");
    System.out.println("  run                 epochs  steps  epoch 1  final    s/epoch");
    for (Object[] run : new Object[][] {{"batch", Integer.MAX_VALUE, 20},
        {"mini-batch 64", 64, 20}, {"stochastic (1 row)", 1, 3}}) {
      LinearClassificationModel model = logistic().setOptimizer("sgd").setLearningRate(0.05)
          .setBatchSize((Integer) run[1]).setMaxIter((Integer) run[2]).setTol(0).fit(sample);
      ClassificationTrainingSummary s = model.summary();
      double[] history = s.objectiveHistory();
      double trainingSeconds = 0;
      for (double seconds : s.epochSeconds()) {
        trainingSeconds += seconds;
      }
      System.out.printf(Locale.ROOT, "  %-18s  %6d  %5d  %.5f  %.5f  %7.2f%n", run[0],
          s.totalEpochs(), s.totalSteps(), history[1], history[history.length - 1],
          trainingSeconds / s.totalEpochs());
      byEpoch.add(new Charts.Series((String) run[0], epochs(history.length), history));
      bySecond.add(new Charts.Series((String) run[0], elapsedSeconds(s.training()), history));
    }
    String title = "batch vs mini-batch vs stochastic SGD (lr 0.05), 500 rows of a9a";
    chart(out + "/objective-by-batch-size.png", title, "epoch", Charts.Scale.WHOLE_NUMBERS,
        byEpoch);
    chart(out + "/objective-by-time.png", title, "seconds since training started (log scale)",
        Charts.Scale.LOG, bySecond);
  }

  /**
   * SGD, SGD with momentum 0.9, Adam, AdaGrad and RMSprop, mini-batches of 4096 (8 steps per
   * epoch), 15 epochs, each at its default learning rate except momentum, whose rate 0.01 makes
   * the same long-run step as plain SGD's 0.1 (a momentum buffer sums to 1 / (1 - 0.9) gradients).
   */
  static void optimizers(Dataset<Row> train, String out) {
    List<Charts.Series> curves = new ArrayList<>();
    System.out.println("batchSize 4096, 15 epochs, tol 0:");
    System.out.println("  optimizer  learningRate  epoch 1   epoch 5   epoch 15  s/epoch");
    for (String name : new String[] {"sgd", "momentum", "adam", "adagrad", "rmsprop"}) {
      LinearClassifier classifier = logistic().setBatchSize(4096).setMaxIter(15).setTol(0);
      if (name.equals("momentum")) {
        classifier.setOptimizer("sgd").setMomentum(0.9).setLearningRate(0.01);
      } else {
        classifier.setOptimizer(name);
      }
      ClassificationTrainingSummary s = classifier.fit(train).summary();
      double[] history = s.objectiveHistory();
      double trainingSeconds = 0;
      for (double seconds : s.epochSeconds()) {
        trainingSeconds += seconds;
      }
      System.out.printf(Locale.ROOT, "  %-9s  %-12s  %.5f  %.5f  %.5f  %.2f%n", name,
          s.learningRateHistory()[0], history[1], history[5], history[history.length - 1],
          trainingSeconds / s.totalEpochs());
      curves.add(new Charts.Series(name, epochs(history.length), history));
    }
    chart(out + "/objective-by-optimizer.png",
        "optimizers on a9a: logistic regression, batchSize 4096", "epoch",
        Charts.Scale.WHOLE_NUMBERS, curves);
  }

  /**
   * The same penalty strength as L2 and as L1: only L1 sets coefficients exactly to zero, through
   * the proximal (soft-threshold) step after each gradient step. MLlib's LogisticRegression
   * (L-BFGS, and OWL-QN for L1) on the same objective is the reference.
   */
  static void l1VersusL2(Dataset<Row> train) {
    System.out.println("regParam 0.01; descent: full-batch sgd, learningRate 1, 100 epochs;"
        + " MLlib: LogisticRegression, maxIter 100:");
    System.out.println("  penalty  trainer  zero coefficients  objective");
    for (double alpha : new double[] {0.0, 1.0}) {
      String penalty = alpha == 0 ? "L2" : "L1";
      LinearClassificationModel model = logistic().setOptimizer("sgd").setLearningRate(1.0)
          .setBatchSize(Integer.MAX_VALUE).setMaxIter(100).setTol(0).setRegParam(0.01)
          .setElasticNetParam(alpha).fit(train);
      double[] history = model.summary().objectiveHistory();
      System.out.printf(Locale.ROOT, "  %-7s  %-7s  %3d of 123         %.5f%n", penalty,
          "descent", zeros(model.coefficients()), history[history.length - 1]);
      LogisticRegressionModel reference = new LogisticRegression().setRegParam(0.01)
          .setElasticNetParam(alpha).setMaxIter(100).fit(train);
      double[] referenceHistory = reference.summary().objectiveHistory();
      System.out.printf(Locale.ROOT, "  %-7s  %-7s  %3d of 123         %.5f%n", penalty, "MLlib",
          zeros(reference.coefficients()), referenceHistory[referenceHistory.length - 1]);
    }
  }

  /**
   * LIBLINEAR's L2-regularized logistic regression on a9a (C = 1, no bias) minimizes the mean log
   * loss plus ||w||^2 / (2n): regParam 1/n without an intercept or standardization. Its optimum,
   * 0.3233795825, is the reference that full-batch L-BFGS reaches to 1e-6 relative here, next
   * to MLlib's L-BFGS and to Adam given the same wall-clock budget.
   */
  static void optimum(Dataset<Row> train) {
    double optimum = 0.3233795825;
    double regParam = 1.0 / train.count();
    System.out.printf(Locale.ROOT, "regParam 1/n, no intercept, no standardization; LIBLINEAR's"
        + " optimum %.10f:%n", optimum);
    System.out.println("  trainer             iterations  seconds  objective     relative gap");
    long started = System.nanoTime();
    LinearClassificationModel lbfgs = logistic().setOptimizer("lbfgs").setMaxIter(200).setTol(0)
        .setFitIntercept(false).setStandardization(false).setRegParam(regParam).fit(train);
    print("descent lbfgs", lbfgs.summary().totalEpochs(), started,
        lbfgs.summary().objectiveHistory(), optimum);
    System.out.println("    " + lbfgs.summary().stopMessage());
    started = System.nanoTime();
    LogisticRegressionModel mllib = new LogisticRegression().setMaxIter(200).setTol(1e-12)
        .setFitIntercept(false).setStandardization(false).setRegParam(regParam).fit(train);
    double[] mllibHistory = mllib.summary().objectiveHistory();
    print("MLlib L-BFGS", mllib.summary().totalIterations(), started, mllibHistory, optimum);
    started = System.nanoTime();
    LinearClassificationModel adam = logistic().setOptimizer("adam").setBatchSize(Integer.MAX_VALUE)
        .setMaxIter(500).setTol(0).setFitIntercept(false).setStandardization(false)
        .setRegParam(regParam).fit(train);
    print("descent adam", adam.summary().totalEpochs(), started,
        adam.summary().objectiveHistory(), optimum);
  }

  private static void print(String trainer, int iterations, long started, double[] history,
      double optimum) {
    double last = history[history.length - 1];
    System.out.printf(Locale.ROOT, "  %-18s  %10d  %7.1f  %.10f  %.2e%n", trainer, iterations,
        (System.nanoTime() - started) / 1e9, last, (last - optimum) / optimum);
  }

  private static long zeros(Vector coefficients) {
    return Arrays.stream(coefficients.toArray()).filter(c -> c == 0.0).count();
  }

  /**
   * CrossValidator (2 folds, area under ROC) over optimizer x learning rate x regParam, 10 epochs
   * of mini-batches of 4096 each, fitting two models at a time; then the best model's area under
   * ROC on the a9a test set (16,281 rows).
   */
  static void crossValidatorGrid(Dataset<Row> train, Dataset<Row> test) {
    LinearClassifier classifier = logistic().setBatchSize(4096).setMaxIter(10).setTol(0);
    // The optimizer axis by hand: ParamGridBuilder takes a string axis only as a Scala
    // collection, whose Java conversions differ between Scala 2.12 and 2.13.
    ParamMap[] grid = Arrays.stream(new ParamGridBuilder()
        .addGrid(classifier.learningRate(), new double[] {0.01, 0.1})
        .addGrid(classifier.regParam(), new double[] {0.0, 0.01})
        .build())
        .flatMap(m -> Stream.of("sgd", "adam").map(o -> m.copy().put(classifier.optimizer(), o)))
        .toArray(ParamMap[]::new);
    BinaryClassificationEvaluator auc = new BinaryClassificationEvaluator();
    long started = System.nanoTime();
    CrossValidatorModel cv = new CrossValidator().setEstimator(classifier)
        .setEstimatorParamMaps(grid).setEvaluator(auc).setNumFolds(2).setParallelism(2)
        .setSeed(1L).fit(train);
    System.out.printf(Locale.ROOT, "batchSize 4096, 10 epochs; %d models in %.1f s%n",
        2 * grid.length + 1, (System.nanoTime() - started) / 1e9);
    System.out.println("  optimizer  learningRate  regParam  mean areaUnderROC (2 folds)");
    for (int i = 0; i < grid.length; i++) {
      System.out.printf(Locale.ROOT, "  %-9s  %-12s  %-8s  %.5f%n",
          grid[i].apply(classifier.optimizer()), grid[i].apply(classifier.learningRate()),
          grid[i].apply(classifier.regParam()), cv.avgMetrics()[i]);
    }
    LinearClassificationModel best = (LinearClassificationModel) cv.bestModel();
    Dataset<Row> scored = best.transform(test);
    System.out.printf(Locale.ROOT, "best: optimizer %s, learningRate %s, regParam %s; refit on"
            + " all training rows, areaUnderROC on a9a.t %.5f%n", best.getOptimizer(),
        best.getLearningRate(), best.getRegParam(), auc.evaluate(scored));
    // Precision and recall as usually defined are the positive class's (income above 50K).
    MulticlassClassificationEvaluator metrics = new MulticlassClassificationEvaluator();
    System.out.printf(Locale.ROOT, "  on a9a.t: accuracy %.4f; weighted precision %.4f, recall"
            + " %.4f, F1 %.4f; label 1 precision %.4f, recall %.4f, F1 %.4f%n",
        metrics.setMetricName("accuracy").evaluate(scored),
        metrics.setMetricName("weightedPrecision").evaluate(scored),
        metrics.setMetricName("weightedRecall").evaluate(scored),
        metrics.setMetricName("f1").evaluate(scored),
        metrics.setMetricLabel(1.0).setMetricName("precisionByLabel").evaluate(scored),
        metrics.setMetricName("recallByLabel").evaluate(scored),
        metrics.setMetricName("fMeasureByLabel").evaluate(scored));
  }

  private static double[] epochs(int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = i;
    }
    return x;
  }

  /**
   * Seconds from the start of training to the end of each epoch, epoch 0 (the objective at the
   * initial parameters) included.
   */
  private static double[] elapsedSeconds(TrainingSummary summary) {
    List<EpochReport> reports = summary.epochReports();
    double[] x = new double[reports.size()];
    double total = 0;
    for (int i = 0; i < x.length; i++) {
      total += reports.get(i).seconds();
      x[i] = total;
    }
    return x;
  }

  private static void chart(String path, String title, String xLabel, Charts.Scale xScale,
      List<Charts.Series> curves) {
    Charts.writePng(path, title, xLabel, xScale,
        List.of(new Charts.Panel("objective (mean log loss)", Charts.Scale.LINEAR, curves)), 900,
        600);
    System.out.println("chart: " + path);
  }
}
