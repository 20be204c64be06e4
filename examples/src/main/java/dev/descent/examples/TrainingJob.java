package dev.descent.examples;

import dev.descent.spark.ml.classification.LinearClassifier;
import dev.descent.spark.ml.regression.LinearRegressor;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.SparkException;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.Classifier;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.feature.OneHotEncoder;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * A configurable training job for spark-submit: reads a CSV, Parquet or LIBSVM dataset, builds a
 * pipeline (label indexing, one-hot encoding and feature assembly as the config asks) ending in
 * any estimator, trains it, prints test metrics and saves the fitted {@code PipelineModel}.
 *
 * <pre>
 * TrainingJob --config &lt;properties&gt; [--data &lt;path&gt;] [--output &lt;dir&gt;] [--master &lt;url&gt;]
 * TrainingJob --help
 * </pre>
 *
 * <p>The config (see {@code conf/training-job.properties}) has job keys and {@code param.*} keys.
 * Job keys: {@code estimator} ({@code classifier}, {@code regressor} or the class name of any
 * Spark {@code Estimator} with a public no-arg constructor), {@code data}, {@code format}
 * ({@code csv}, {@code parquet}, {@code libsvm}; default from the file name, else parquet),
 * {@code output}, {@code label} (default {@code label}; a string column is indexed, first value
 * in alphabetical order as 0), {@code features} (numeric columns to assemble) and
 * {@code categorical} (string columns to one-hot encode and assemble); without either the
 * dataset's {@code features} vector column is used, as LIBSVM gives it. {@code partitions}
 * repartitions the data and sorts each partition, so that every run, on any cluster, trains on
 * the same rows in the same order; {@code testFraction} (default 0.2) and {@code splitSeed}
 * (default 7) set the test split. Every {@code param.NAME=value} sets the estimator's param
 * {@code NAME} through the Param API, so any param of any estimator works; an unknown job key or
 * param name is an error that lists the valid ones. Command-line flags override the config.
 */
public final class TrainingJob {

  /** The job keys; everything else must be {@code param.*}. */
  static final Set<String> JOB_KEYS = new TreeSet<>(Arrays.asList("estimator", "data", "format",
      "output", "label", "features", "categorical", "partitions", "testFraction", "splitSeed"));
  static final String PARAM_PREFIX = "param.";
  /** Column names the job creates. */
  static final String FEATURES = "features";
  static final String INDEXED_LABEL = "indexedLabel";

  private TrainingJob() {}

  /** A validated job: what to read, what to train, where to save. */
  record Job(String data, String format, String output, String label, List<String> features,
      List<String> categorical, int partitions, double testFraction, long splitSeed,
      Estimator<?> estimator, String source) {}

  /** What {@code --help} prints. */
  static final String HELP = String.join("\n",
      "usage: TrainingJob --config <properties> [--data <path>] [--output <dir>] [--master <url>]",
      "",
      "Trains the pipeline a properties file describes and saves the fitted PipelineModel.",
      "  --config <file>   job keys and param.NAME=value lines (see conf/training-job.properties)",
      "  --data <path>     the dataset (csv, parquet or libsvm), overriding the config's data",
      "  --output <dir>    where to save the model, overriding the config's output",
      "  --master <url>    Spark master when not run by spark-submit (default local[*])",
      "  --help            this text",
      "Job keys: " + String.join(", ", JOB_KEYS) + ".",
      "Exit codes: 0 done, 2 a bad argument, config, path, column or format (one line on stderr).");

  public static void main(String[] args) throws Exception {
    if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
      System.out.println(HELP);
      return;
    }
    Job job;
    String master;
    try {
      // Bad arguments, keys and param values fail here, before Spark starts.
      Map<String, String> flags = flags(args);
      master = flags.remove("master");
      job = parse(read(Path.of(flags.remove("config"))), flags);
    } catch (IllegalArgumentException | IOException e) {
      System.err.println("TrainingJob: " + (e instanceof IOException
          ? "cannot read " + e.getMessage() : e.getMessage()));
      System.exit(2);
      return;
    }
    SparkSession spark = PurchasePrediction.session(master, "descent training job");
    String failure;
    try {
      run(spark, job);
      failure = null;
    } catch (Exception e) {
      failure = userError(e, job);
      if (failure == null) {
        throw e;
      }
    } finally {
      spark.stop();
    }
    if (failure != null) {
      System.err.println("TrainingJob: " + failure);
      System.exit(2);
    }
  }

  /**
   * The one-line message of a failure that is the user's to fix (a missing path or column, data
   * the format cannot read, by Spark's error classes; a bad param value), or null for any other,
   * which stays a stack trace. Spark's AnalysisException is a checked exception that Scala does
   * not declare, hence the instanceof test.
   */
  private static String userError(Exception e, Job job) {
    if (e instanceof AnalysisException || e instanceof IllegalArgumentException) {
      return firstLine(e.getMessage());
    }
    String message = String.valueOf(e.getMessage());
    if (e instanceof SparkException && (message.startsWith("[FAILED_READ_FILE")
        || message.startsWith("[CANNOT_READ_FILE"))) {
      return "cannot read " + job.data() + " as " + job.format() + ": " + firstLine(message);
    }
    return null;
  }

  private static String firstLine(String message) {
    return message == null ? "no message" : message.lines().findFirst().orElse("").trim();
  }

  private static Map<String, String> flags(String[] args) {
    Map<String, String> flags = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (!Set.of("--config", "--data", "--output", "--master").contains(flag)) {
        throw usage("unknown argument '" + flag + "'");
      }
      if (i + 1 >= args.length) {
        throw usage(flag + " needs a value");
      }
      flags.put(flag.substring(2), args[++i]);
    }
    if (!flags.containsKey("config")) {
      throw usage("--config is required");
    }
    return flags;
  }

  private static IllegalArgumentException usage(String problem) {
    return new IllegalArgumentException(problem + "; usage: TrainingJob --config <properties>"
        + " [--data <path>] [--output <dir>] [--master <url>] (--help for more)");
  }

  private static Map<String, String> read(Path file) throws IOException {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    }
    Map<String, String> config = new TreeMap<>();
    for (String key : properties.stringPropertyNames()) {
      config.put(key, properties.getProperty(key).trim());
    }
    config.put("\0source", file.toString());
    return config;
  }

  /** Checks the config (and the flags overriding it) and builds the estimator with its params. */
  static Job parse(Map<String, String> config, Map<String, String> overrides) {
    Map<String, String> keys = new TreeMap<>(config);
    String source = keys.remove("\0source");
    keys.putAll(overrides);
    Map<String, String> params = new TreeMap<>();
    for (Map.Entry<String, String> e : keys.entrySet()) {
      if (e.getKey().startsWith(PARAM_PREFIX)) {
        params.put(e.getKey().substring(PARAM_PREFIX.length()), e.getValue());
      } else if (!JOB_KEYS.contains(e.getKey())) {
        throw new IllegalArgumentException("unknown key '" + e.getKey() + "' in " + source
            + ": job keys are " + JOB_KEYS + ", estimator params are set as "
            + PARAM_PREFIX + "<name>");
      }
    }
    String data = required(keys, "data", source);
    String format = keys.getOrDefault("format", formatOf(data));
    if (!Set.of("csv", "parquet", "libsvm").contains(format)) {
      throw new IllegalArgumentException("format '" + format + "' in " + source
          + ": use csv, parquet or libsvm");
    }
    Estimator<?> estimator = estimator(required(keys, "estimator", source), source);
    StageParams.apply(estimator, params, source);
    double testFraction = number(keys, "testFraction", "0.2", source);
    if (!(testFraction >= 0 && testFraction < 1)) {
      throw new IllegalArgumentException("testFraction " + testFraction + " in " + source
          + " must be in [0, 1)");
    }
    long partitions = integer(keys, "partitions", "0", source);
    if (partitions < 0 || partitions > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("partitions " + partitions + " in " + source
          + " must be >= 1 (or 0 to keep the input's partitioning)");
    }
    return new Job(data, format, keys.get("output"), keys.getOrDefault("label", "label"),
        list(keys.get("features")), list(keys.get("categorical")), (int) partitions, testFraction,
        integer(keys, "splitSeed", "7", source), estimator, source);
  }

  private static String required(Map<String, String> keys, String key, String source) {
    String value = keys.get(key);
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("'" + key + "' is missing in " + source);
    }
    return value;
  }

  private static double number(Map<String, String> keys, String key, String byDefault,
      String source) {
    String value = keys.getOrDefault(key, byDefault);
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("key '" + key + "' in " + source + ": '" + value
          + "' is not a number", e);
    }
  }

  private static long integer(Map<String, String> keys, String key, String byDefault,
      String source) {
    String value = keys.getOrDefault(key, byDefault);
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("key '" + key + "' in " + source + ": '" + value
          + "' is not an integer", e);
    }
  }

  private static List<String> list(String value) {
    List<String> items = new ArrayList<>();
    if (value != null) {
      for (String item : value.split(",")) {
        if (!item.isBlank()) {
          items.add(item.trim());
        }
      }
    }
    return items;
  }

  private static String formatOf(String path) {
    String name = path.toLowerCase(Locale.ROOT);
    if (name.endsWith(".csv")) {
      return "csv";
    }
    return name.endsWith(".libsvm") || name.endsWith(".txt") ? "libsvm" : "parquet";
  }

  /** {@code classifier}, {@code regressor}, or any Estimator class by name. */
  static Estimator<?> estimator(String name, String source) {
    switch (name) {
      case "classifier":
        return new LinearClassifier();
      case "regressor":
        return new LinearRegressor();
      default:
        try {
          Object stage = Class.forName(name).getConstructor().newInstance();
          if (stage instanceof Estimator<?> estimator) {
            return estimator;
          }
          throw new IllegalArgumentException("estimator '" + name + "' in " + source
              + " is not a Spark Estimator");
        } catch (ReflectiveOperationException e) {
          throw new IllegalArgumentException("estimator '" + name + "' in " + source
              + ": use classifier, regressor or the class name of an Estimator with a public"
              + " no-arg constructor (" + e + ")", e);
        }
    }
  }

  static void run(SparkSession spark, Job job) throws IOException {
    Dataset<Row> data = load(spark, job);
    Dataset<Row>[] split = job.testFraction() > 0
        ? data.randomSplit(new double[] {1 - job.testFraction(), job.testFraction()},
            job.splitSeed())
        : new Dataset[] {data, data};
    Dataset<Row> train = split[0].cache();
    Dataset<Row> test = split[1].cache();
    System.out.printf(Locale.ROOT, "data: %s (%s), %d partitions, %d training rows, %d %s rows%n",
        job.data(), job.format(), train.rdd().getNumPartitions(), train.count(), test.count(),
        job.testFraction() > 0 ? "test" : "training (no test split)");
    System.out.println("estimator: " + job.estimator().getClass().getName() + " "
        + explicitParams(job.estimator()));

    PipelineModel model = new Pipeline().setStages(stages(job, data)).fit(train);
    Dataset<Row> predictions = model.transform(test).cache();
    System.out.println("metrics:");
    for (Map.Entry<String, Double> metric : metrics(job.estimator(), predictions).entrySet()) {
      System.out.printf(Locale.ROOT, "  %-18s %.6f%n", metric.getKey(), metric.getValue());
    }
    if (job.output() != null) {
      model.write().overwrite().save(job.output());
      System.out.println("model saved to " + job.output());
    }
    System.out.println("training job: OK");
  }

  private static Dataset<Row> load(SparkSession spark, Job job) {
    Dataset<Row> data = switch (job.format()) {
      case "csv" -> spark.read().option("header", "true").option("inferSchema", "true")
          .option("mode", "FAILFAST").csv(job.data());
      case "libsvm" -> spark.read().format("libsvm").load(job.data());
      default -> spark.read().parquet(job.data());
    };
    List<String> needed = new ArrayList<>(job.features());
    needed.addAll(job.categorical());
    needed.add(job.label());
    if (job.features().isEmpty() && job.categorical().isEmpty()) {
      needed.add(FEATURES);
    }
    for (String column : needed) {
      if (!Arrays.asList(data.columns()).contains(column)) {
        throw new IllegalArgumentException("column '" + column + "' (from " + job.source()
            + ") is not in " + job.data() + ", whose columns are "
            + Arrays.toString(data.columns()));
      }
    }
    if (job.partitions() > 0) {
      // Row order inside a partition after a shuffle depends on which map output arrives first:
      // sorting makes it the same on every run and every cluster.
      List<Column> sortable = new ArrayList<>();
      for (StructField field : data.schema().fields()) {
        if (isSortable(field.dataType())) {
          sortable.add(functions.col(field.name()));
        }
      }
      data = data.repartition(job.partitions()).sortWithinPartitions(
          sortable.toArray(Column[]::new));
    }
    return data;
  }

  private static boolean isSortable(DataType type) {
    return type instanceof org.apache.spark.sql.types.NumericType
        || type.equals(DataTypes.StringType) || type.equals(DataTypes.BooleanType)
        || type.equals(DataTypes.DateType) || type.equals(DataTypes.TimestampType);
  }

  private static PipelineStage[] stages(Job job, Dataset<Row> data) {
    List<PipelineStage> stages = new ArrayList<>();
    Params estimator = job.estimator();
    String label = job.label();
    if (data.schema().apply(label).dataType().equals(DataTypes.StringType)) {
      stages.add(new StringIndexer().setInputCol(label).setOutputCol(INDEXED_LABEL)
          .setStringOrderType("alphabetAsc"));
      label = INDEXED_LABEL;
    }
    estimator.set(estimator.getParam("labelCol"), label);
    List<String> assembled = new ArrayList<>(job.features());
    for (String column : job.categorical()) {
      stages.add(new StringIndexer().setInputCol(column).setOutputCol(column + "Index"));
      stages.add(new OneHotEncoder().setInputCol(column + "Index").setOutputCol(column + "Vec"));
      assembled.add(column + "Vec");
    }
    if (!assembled.isEmpty()) {
      stages.add(new VectorAssembler().setInputCols(assembled.toArray(String[]::new))
          .setOutputCol(FEATURES));
    }
    estimator.set(estimator.getParam("featuresCol"), FEATURES);
    stages.add((PipelineStage) estimator);
    return stages.toArray(PipelineStage[]::new);
  }

  private static Map<String, Object> explicitParams(Params stage) {
    Map<String, Object> set = new TreeMap<>();
    for (org.apache.spark.ml.param.Param<?> p : stage.params()) {
      if (stage.isSet(p)) {
        set.put(p.name(), stage.getOrDefault(p));
      }
    }
    return set;
  }

  /** Classification: accuracy, F1 (and area under ROC for two classes); else regression. */
  private static Map<String, Double> metrics(Estimator<?> estimator, Dataset<Row> predictions) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    String label = (String) estimator.getOrDefault(estimator.getParam("labelCol"));
    if (estimator instanceof Classifier<?, ?, ?>) {
      MulticlassClassificationEvaluator multiclass = new MulticlassClassificationEvaluator()
          .setLabelCol(label);
      for (String metric : new String[] {"accuracy", "f1"}) {
        metrics.put(metric, multiclass.setMetricName(metric).evaluate(predictions));
      }
      if (predictions.select(label).distinct().count() == 2) {
        metrics.put("areaUnderROC", new BinaryClassificationEvaluator().setLabelCol(label)
            .setMetricName("areaUnderROC").evaluate(predictions));
      }
    } else {
      RegressionEvaluator regression = new RegressionEvaluator().setLabelCol(label);
      for (String metric : new String[] {"rmse", "mae", "r2"}) {
        metrics.put(metric, regression.setMetricName(metric).evaluate(predictions));
      }
    }
    return metrics;
  }
}
