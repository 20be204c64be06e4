package dev.descent.examples;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.when;

import dev.descent.spark.ml.classification.LinearClassificationModel;
import dev.descent.spark.ml.classification.LinearClassifier;
import dev.descent.spark.ml.summary.ClassificationTrainingSummary;
import dev.descent.spark.ml.util.Charts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
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
 * A9aLessons &lt;lesson&gt; [--data &lt;a9a file&gt;] [--output &lt;dir&gt;]
 * </pre>
 *
 * Lessons: {@code learning-rate-sweep}, {@code batch-sizes}, {@code optimizers}, {@code l1-vs-l2},
 * {@code cv-grid}. The data defaults to {@code ../shared/data/a9a} (relative to the directory the
 * command runs in, the repository root under {@code exec:exec}); each lesson writes its chart into
 * {@code --output} (default {@code examples/target/a9a-lessons}).
 */
public final class A9aLessons {

  static final List<String> LESSONS =
      List.of("learning-rate-sweep", "batch-sizes", "optimizers", "l1-vs-l2", "cv-grid");

  private A9aLessons() {}

  public static void main(String[] args) {
    String lesson = args.length > 0 ? args[0] : "";
    String data = "../shared/data/a9a";
    String output = "examples/target/a9a-lessons";
    for (int i = 1; i < args.length; i += 2) {
      if (i + 1 >= args.length || !List.of("--data", "--output").contains(args[i])) {
        fail("unknown or incomplete argument '" + args[i] + "'");
      }
      if (args[i].equals("--data")) {
        data = args[i + 1];
      } else {
        output = args[i + 1];
      }
    }
    if (!LESSONS.contains(lesson)) {
      fail("the first argument must be a lesson, one of " + LESSONS + ", got '" + lesson + "'");
    }
    if (!Files.isRegularFile(Path.of(data))) {
      fail("the a9a data is missing at " + Path.of(data).toAbsolutePath().normalize()
          + " (from the shared data directory, ../shared/data next to the repository); pass"
          + " --data <path to the LIBSVM file a9a>");
    }
    SparkSession spark = PurchasePrediction.session(null, "descent a9a lessons");
    spark.sparkContext().setLogLevel("WARN");
    try {
      Dataset<Row> train = load(spark, data).cache();
      String out = Path.of(output, lesson).toString();
      switch (lesson) {
        case "learning-rate-sweep" -> learningRateSweep(train, out);
        case "batch-sizes" -> batchSizes(train, out);
        case "optimizers" -> optimizers(train, out);
        case "l1-vs-l2" -> l1VersusL2(train);
        default -> crossValidatorGrid(train);
      }
    } finally {
      spark.stop();
    }
  }

  private static void fail(String message) {
    System.err.println("A9aLessons: " + message + "; usage: A9aLessons <lesson> [--data <a9a>]"
        + " [--output <dir>]");
    System.exit(2);
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
   * than overflow; divergenceFactor 0.25 stops a run as soon as an epoch ends 25% worse than the
   * all-zero model (the default, 100, waits for a far worse objective).
   */
  static void learningRateSweep(Dataset<Row> train, String out) {
    List<Charts.Series> curves = new ArrayList<>();
    System.out.println("full-batch sgd, maxIter 100, tol 1e-4, divergenceFactor 0.25:");
    System.out.println("  learningRate  epochs  stop        final objective");
    for (double lr : new double[] {0.001, 0.01, 0.1, 1, 10}) {
      LinearClassificationModel model = logistic().setOptimizer("sgd").setLearningRate(lr)
          .setBatchSize(Integer.MAX_VALUE).setMaxIter(100).setTol(1e-4).setDivergenceFactor(0.25)
          .fit(train);
      ClassificationTrainingSummary s = model.summary();
      double[] history = s.objectiveHistory();
      System.out.printf(Locale.ROOT, "  %-12s  %6d  %-11s %.5f%n", lr, s.totalEpochs(),
          s.stopReason(), history[history.length - 1]);
      if (s.stopMessage().startsWith("training diverged")) {
        System.out.println("    " + s.stopMessage());
      }
      curves.add(new Charts.Series("lr " + lr, epochs(history.length), history));
    }
    chart(out + "/objective-by-learning-rate.png", "full-batch SGD on a9a", curves);
  }

  /**
   * The same data and learning rate with the whole set per step, mini-batches of 64 and single
   * rows. True SGD is one Spark job per row, so this lesson uses 1,500 rows of a9a.
   */
  static void batchSizes(Dataset<Row> train, String out) {
    Dataset<Row> sample = train.limit(1500).cache();
    List<Charts.Series> curves = new ArrayList<>();
    System.out.println("sgd, learningRate 0.05, 1,500 rows:");
    for (Object[] run : new Object[][] {{"batch", Integer.MAX_VALUE, 20}, {"mini-batch 64", 64, 20},
        {"stochastic (1 row)", 1, 2}}) {
      LinearClassificationModel model = logistic().setOptimizer("sgd").setLearningRate(0.05)
          .setBatchSize((Integer) run[1]).setMaxIter((Integer) run[2]).setTol(0).fit(sample);
      double[] history = model.summary().objectiveHistory();
      double seconds = 0;
      for (double s : model.summary().epochSeconds()) {
        seconds += s;
      }
      System.out.printf(Locale.ROOT, "  %-20s %3d epochs, %6d steps, objective %.5f, %.1f s%n",
          run[0], model.summary().totalEpochs(), model.summary().totalSteps(),
          history[history.length - 1], seconds);
      curves.add(new Charts.Series((String) run[0], epochs(history.length), history));
    }
    chart(out + "/objective-by-batch-size.png", "batch vs mini-batch vs stochastic", curves);
  }

  /** SGD, SGD with momentum, Adam, AdaGrad and RMSprop, mini-batches of 4096, 15 epochs. */
  static void optimizers(Dataset<Row> train, String out) {
    List<Charts.Series> curves = new ArrayList<>();
    System.out.println("batchSize 4096, 15 epochs, each optimizer's default learning rate:");
    for (String name : new String[] {"sgd", "momentum", "adam", "adagrad", "rmsprop"}) {
      LinearClassifier classifier = logistic().setBatchSize(4096).setMaxIter(15).setTol(0);
      if (name.equals("momentum")) {
        classifier.setOptimizer("sgd").setMomentum(0.9).setLearningRate(0.01);
      } else {
        classifier.setOptimizer(name);
      }
      double[] history = classifier.fit(train).summary().objectiveHistory();
      System.out.printf(Locale.ROOT, "  %-9s objective %.5f%n", name, history[15]);
      curves.add(new Charts.Series(name, epochs(history.length), history));
    }
    chart(out + "/objective-by-optimizer.png", "optimizers on a9a", curves);
  }

  /** The same penalty strength as L2 and as L1: only L1 sets coefficients exactly to zero. */
  static void l1VersusL2(Dataset<Row> train) {
    System.out.println("full-batch sgd (proximal for L1), learningRate 1, regParam 0.01,"
        + " 100 epochs:");
    for (double alpha : new double[] {0.0, 1.0}) {
      LinearClassificationModel model = logistic().setOptimizer("sgd").setLearningRate(1.0)
          .setBatchSize(Integer.MAX_VALUE).setMaxIter(100).setTol(0).setRegParam(0.01)
          .setElasticNetParam(alpha).fit(train);
      long zeros = java.util.Arrays.stream(model.coefficients().toArray())
          .filter(c -> c == 0.0).count();
      System.out.printf(Locale.ROOT, "  %s: %d of 123 coefficients are zero, objective %.5f%n",
          alpha == 0 ? "L2" : "L1", zeros, model.summary().objectiveHistory()[100]);
    }
  }

  /** CrossValidator (2 folds, area under ROC) over optimizer x learning rate x regParam. */
  static void crossValidatorGrid(Dataset<Row> train) {
    LinearClassifier classifier = logistic().setBatchSize(4096).setMaxIter(10).setTol(0);
    ParamMap[] grid = new ParamGridBuilder()
        .addGrid(classifier.optimizer(),
            scala.jdk.javaapi.CollectionConverters.asScala(List.of("sgd", "adam")))
        .addGrid(classifier.learningRate(), new double[] {0.01, 0.1})
        .addGrid(classifier.regParam(), new double[] {0.0, 0.01})
        .build();
    CrossValidatorModel cv = new CrossValidator().setEstimator(classifier)
        .setEstimatorParamMaps(grid).setEvaluator(new BinaryClassificationEvaluator())
        .setNumFolds(2).setSeed(1L).fit(train);
    System.out.println("optimizer  learningRate  regParam  mean areaUnderROC (2 folds)");
    for (int i = 0; i < grid.length; i++) {
      System.out.printf(Locale.ROOT, "  %-8s  %-12s  %-8s  %.4f%n",
          grid[i].apply(classifier.optimizer()), grid[i].apply(classifier.learningRate()),
          grid[i].apply(classifier.regParam()), cv.avgMetrics()[i]);
    }
    LinearClassificationModel best = (LinearClassificationModel) cv.bestModel();
    System.out.printf(Locale.ROOT, "best: optimizer %s, learningRate %s, regParam %s%n",
        best.getOptimizer(), best.getLearningRate(), best.getRegParam());
  }

  private static double[] epochs(int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = i;
    }
    return x;
  }

  private static void chart(String path, String title, List<Charts.Series> curves) {
    Charts.writePng(path, title, "epoch",
        List.of(new Charts.Panel("objective", Charts.Scale.LINEAR, curves)), 900, 600);
    System.out.println("chart: " + path);
  }
}
