package dev.descent.examples;

import dev.descent.spark.ml.classification.LinearClassificationModel;
import dev.descent.spark.ml.classification.LinearClassifier;
import dev.descent.spark.ml.summary.ClassificationSummary;
import dev.descent.spark.ml.training.TrainingSummary;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.spark.SparkConf;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.OneHotEncoder;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Predicts whether a customer buys from age, income and education with a Spark ML pipeline
 * ending in Descent's {@link LinearClassifier} (logistic regression trained with Adam).
 *
 * <pre>
 * PurchasePrediction --data &lt;csv&gt; [--config &lt;properties&gt;] [--output &lt;dir&gt;]
 *                    [--master &lt;url&gt;] [--scaler]
 * </pre>
 *
 * <ul>
 *   <li>{@code --data}: a CSV with header {@code age,income,education,purchased}, such as
 *       {@code examples/data/purchases.csv} (see {@link PurchaseDataGenerator}).
 *   <li>{@code --config}: a properties file of LinearClassifier params ({@code name=value}, any
 *       param name); applied after the defaults below, an unknown name is an error.
 *   <li>{@code --output}: save the fitted PipelineModel there (overwriting), load it back and
 *       check that it predicts the same on the test split.
 *   <li>{@code --master}: the Spark master; without it, {@code spark.master} from spark-submit,
 *       else {@code local[*]}.
 *   <li>{@code --scaler}: put a StandardScaler before the classifier (which standardizes
 *       internally anyway).
 * </ul>
 */
public final class PurchasePrediction {

  /** The classifier's settings unless --config overrides them (conf/purchase-job.properties). */
  static final String OPTIMIZER = "adam";
  static final double LEARNING_RATE = 0.05;
  static final double REG_PARAM = 0.01;
  static final double ELASTIC_NET_PARAM = 0.0;
  static final int MAX_ITER = 60;
  static final int BATCH_SIZE = 128;
  static final long SEED = 42L;
  /** Seed of the 80/20 train/test split. */
  static final long SPLIT_SEED = 7L;

  private PurchasePrediction() {}

  /** The command line. */
  record Options(String data, String config, String output, String master, boolean scaler) {

    static Options parse(String[] args) {
      String data = null;
      String config = null;
      String output = null;
      String master = null;
      boolean scaler = false;
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--data" -> data = value(args, ++i, "--data");
          case "--config" -> config = value(args, ++i, "--config");
          case "--output" -> output = value(args, ++i, "--output");
          case "--master" -> master = value(args, ++i, "--master");
          case "--scaler" -> scaler = true;
          default -> throw usage("unknown argument '" + args[i] + "'");
        }
      }
      if (data == null) {
        throw usage("--data is required");
      }
      return new Options(data, config, output, master, scaler);
    }

    private static String value(String[] args, int i, String flag) {
      if (i >= args.length) {
        throw usage(flag + " needs a value");
      }
      return args[i];
    }

    private static IllegalArgumentException usage(String problem) {
      return new IllegalArgumentException(problem + "; usage: PurchasePrediction --data <csv>"
          + " [--config <properties>] [--output <dir>] [--master <url>] [--scaler]");
    }
  }

  public static void main(String[] args) throws IOException {
    Options options;
    LinearClassifier classifier;
    try {
      // Bad arguments and config keys fail here, before Spark starts.
      options = Options.parse(args);
      classifier = classifier(options.scaler() ? "scaledFeatures" : "features");
      if (options.config() != null) {
        applyConfig(classifier, Path.of(options.config()));
      }
    } catch (IllegalArgumentException | IOException e) {
      System.err.println("PurchasePrediction: " + (e instanceof IOException
          ? "cannot read " + e.getMessage() : e.getMessage()));
      System.exit(2);
      return;
    }
    SparkSession spark = session(options.master(), "descent purchase prediction");
    try {
      run(spark, options, classifier);
    } finally {
      spark.stop();
    }
  }

  /**
   * A session for this job. Under spark-submit (spark.master set) the submitted configuration is
   * used as is; run directly, it is local[*] with the driver bound to 127.0.0.1 and no web UI.
   * A local master is always bound to 127.0.0.1 unless spark.driver.host is set.
   */
  static SparkSession session(String masterArg, String appName) {
    SparkConf conf = new SparkConf(); // reads the spark.* system properties spark-submit sets
    boolean submitted = conf.contains("spark.master");
    if (masterArg != null) {
      conf.setMaster(masterArg);
    } else if (!submitted) {
      conf.setMaster("local[*]");
    }
    if (conf.get("spark.master").startsWith("local")) {
      conf.setIfMissing("spark.driver.host", "127.0.0.1");
      conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
    }
    if (!submitted) {
      conf.setIfMissing("spark.ui.enabled", "false");
      conf.setIfMissing("spark.sql.shuffle.partitions", "4");
    }
    conf.setAppName(appName);
    return SparkSession.builder().config(conf).getOrCreate();
  }

  static void run(SparkSession spark, Options options, LinearClassifier classifier)
      throws IOException {
    StructType schema = new StructType()
        .add("age", DataTypes.IntegerType, false)
        .add("income", DataTypes.DoubleType, false)
        .add("education", DataTypes.StringType, false)
        .add("purchased", DataTypes.StringType, false);
    Dataset<Row> customers = spark.read().option("header", "true").option("mode", "FAILFAST")
        .schema(schema).csv(options.data());
    Dataset<Row>[] split = customers.randomSplit(new double[] {0.8, 0.2}, SPLIT_SEED);
    Dataset<Row> train = split[0].cache();
    Dataset<Row> test = split[1].cache();
    System.out.printf(Locale.ROOT, "data: %s, %d training rows, %d test rows%n",
        options.data(), train.count(), test.count());

    System.out.printf(Locale.ROOT, "classifier: loss=%s optimizer=%s learningRate=%s regParam=%s"
            + " elasticNetParam=%s maxIter=%d batchSize=%d seed=%d standardization=%s%n",
        classifier.getLoss(), classifier.getOptimizer(), classifier.getLearningRate(),
        classifier.getRegParam(), classifier.getElasticNetParam(), classifier.getMaxIter(),
        classifier.getBatchSize(), classifier.getSeed(), classifier.getStandardization());

    List<PipelineStage> stages = new ArrayList<>();
    // alphabetAsc orders "no" before "yes", so purchased = yes is label 1.0.
    stages.add(new StringIndexer().setInputCol("purchased").setOutputCol("label")
        .setStringOrderType("alphabetAsc"));
    stages.add(new StringIndexer().setInputCol("education").setOutputCol("educationIndex"));
    stages.add(new OneHotEncoder().setInputCol("educationIndex").setOutputCol("educationVec"));
    stages.add(new VectorAssembler().setInputCols(new String[] {"age", "income", "educationVec"})
        .setOutputCol("features"));
    if (options.scaler()) {
      stages.add(new StandardScaler().setInputCol("features").setOutputCol("scaledFeatures"));
    }
    stages.add(classifier);
    Pipeline pipeline = new Pipeline().setStages(stages.toArray(PipelineStage[]::new));

    PipelineModel model = pipeline.fit(train);
    LinearClassificationModel lr = (LinearClassificationModel) model.stages()[
        model.stages().length - 1];
    printTraining(lr.summary().training(), lr.getLoss());

    Dataset<Row> predictions = model.transform(test).cache();
    printCoefficients(lr, predictions);
    printMetrics(predictions);

    if (options.output() != null) {
      // The charts go next to the saved model: training curves, ROC and precision-recall on the
      // training rows, then on the test rows the metrics above describe.
      String plots = Path.of(options.output()).resolveSibling("purchase-plots").toString();
      for (String png : lr.summary().writePlots(plots)) {
        System.out.println("chart: " + png);
      }
      ClassificationSummary onTest = lr.evaluate(
          predictions.select(lr.getLabelCol(), lr.getFeaturesCol()), "test rows");
      String roc = Path.of(plots, "roc-test.png").toString();
      onTest.writeRocCurve(roc, 700, 600);
      String pr = Path.of(plots, "pr-test.png").toString();
      onTest.writePrCurve(pr, 700, 600);
      System.out.println("chart: " + roc);
      System.out.println("chart: " + pr);
      model.write().overwrite().save(options.output());
      PipelineModel reloaded = PipelineModel.load(options.output());
      checkSamePredictions(predictions, reloaded.transform(test), options.output());
    }
    System.out.println("purchase example: OK");
  }

  /** The classifier with this example's settings. */
  static LinearClassifier classifier(String featuresCol) {
    return new LinearClassifier()
        .setFeaturesCol(featuresCol)
        .setLabelCol("label")
        .setLoss("log")
        .setOptimizer(OPTIMIZER)
        .setLearningRate(LEARNING_RATE)
        .setRegParam(REG_PARAM)
        .setElasticNetParam(ELASTIC_NET_PARAM)
        .setMaxIter(MAX_ITER)
        .setBatchSize(BATCH_SIZE)
        .setSeed(SEED);
  }

  /**
   * Sets each {@code name=value} of a properties file on {@code classifier}: the name is any of
   * its params, the value is decoded by that param (a number, true/false, or a string).
   */
  static void applyConfig(LinearClassifier classifier, Path file) throws IOException {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    }
    Map<String, String> values = new TreeMap<>();
    for (String key : properties.stringPropertyNames()) {
      values.put(key, properties.getProperty(key));
    }
    StageParams.apply(classifier, values, file.toString());
  }

  private static void printTraining(TrainingSummary summary, String loss) {
    double[] history = summary.objectiveHistory();
    System.out.println("objective (mean " + loss + " loss + penalty) after each epoch"
        + " (epoch 0: initial parameters):");
    for (int e = 0; e < history.length; e++) {
      System.out.printf(Locale.ROOT, "  epoch %3d  %.6f%n", e, history[e]);
    }
    System.out.printf(Locale.ROOT, "training: %d epochs, %d steps, %d rows, stopped: %s%n",
        summary.totalEpochs(), summary.totalSteps(), summary.numRows(), summary.stopReason());
  }

  private static void printCoefficients(LinearClassificationModel lr, Dataset<Row> predictions) {
    Vector coefficients = lr.coefficients();
    // Names from the assembler's output; a StandardScaler keeps the order but drops the names.
    scala.Option<Attribute[]> named = AttributeGroup.fromStructField(
        predictions.schema().apply("features")).attributes();
    Attribute[] attributes = named.isDefined() ? named.get() : null;
    System.out.println("coefficients (on the scale of column '" + lr.getFeaturesCol() + "'):");
    for (int j = 0; j < coefficients.size(); j++) {
      String name = attributes != null && attributes[j].name().isDefined()
          ? attributes[j].name().get()
          : "feature " + j;
      System.out.printf(Locale.ROOT, "  %-24s % .6g%n", name, coefficients.apply(j));
    }
    System.out.printf(Locale.ROOT, "  %-24s % .6g%n", "intercept", lr.intercept());
  }

  private static void printMetrics(Dataset<Row> predictions) {
    MulticlassClassificationEvaluator multiclass = new MulticlassClassificationEvaluator()
        .setLabelCol("label").setPredictionCol("prediction");
    System.out.println("test metrics:");
    for (String metric : new String[] {"accuracy", "weightedPrecision", "weightedRecall", "f1"}) {
      System.out.printf(Locale.ROOT, "  %-20s %.4f%n", metric,
          multiclass.setMetricName(metric).evaluate(predictions));
    }
    // Precision and recall as usually defined: of the positive class (a purchase).
    multiclass.setMetricLabel(1.0);
    for (String[] metric : new String[][] {{"precisionByLabel", "precision (label 1)"},
        {"recallByLabel", "recall (label 1)"}, {"fMeasureByLabel", "F1 (label 1)"}}) {
      System.out.printf(Locale.ROOT, "  %-20s %.4f%n", metric[1],
          multiclass.setMetricName(metric[0]).evaluate(predictions));
    }
    double auc = new BinaryClassificationEvaluator().setLabelCol("label")
        .setRawPredictionCol("rawPrediction").setMetricName("areaUnderROC")
        .evaluate(predictions);
    System.out.printf(Locale.ROOT, "  %-20s %.4f%n", "areaUnderROC", auc);
  }

  private static void checkSamePredictions(
      Dataset<Row> expected, Dataset<Row> actual, String path) {
    List<Row> before = expected.select("prediction", "rawPrediction").collectAsList();
    List<Row> after = actual.select("prediction", "rawPrediction").collectAsList();
    if (before.size() != after.size()) {
      throw new IllegalStateException("the reloaded model gave " + after.size()
          + " predictions for " + before.size() + " test rows");
    }
    int differing = 0;
    double maxRawDiff = 0.0;
    for (int i = 0; i < before.size(); i++) {
      if (before.get(i).getDouble(0) != after.get(i).getDouble(0)) {
        differing++;
      }
      Vector a = (Vector) before.get(i).get(1);
      Vector b = (Vector) after.get(i).get(1);
      for (int k = 0; k < a.size(); k++) {
        maxRawDiff = Math.max(maxRawDiff, Math.abs(a.apply(k) - b.apply(k)));
      }
    }
    if (differing > 0 || maxRawDiff > 0) {
      throw new IllegalStateException(String.format(Locale.ROOT, "the model reloaded from %s"
          + " predicts differently: %d of %d predictions differ, max raw difference %g",
          path, differing, before.size(), maxRawDiff));
    }
    System.out.printf(Locale.ROOT, "saved to %s and reloaded: same predictions on all %d test"
        + " rows (max raw difference %g)%n", path, before.size(), maxRawDiff);
  }
}
