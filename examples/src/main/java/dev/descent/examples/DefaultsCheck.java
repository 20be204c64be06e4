package dev.descent.examples;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.when;

import dev.descent.spark.ml.classification.LinearClassificationModel;
import dev.descent.spark.ml.classification.LinearClassifier;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.feature.OneHotEncoder;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Fits {@link LinearClassifier} with every param at its default on four real or repository
 * tables and compares the objective it ends at with the optimum, the objective MLlib's
 * LogisticRegression reaches with a tight tolerance ({@code maxIter} 1000, {@code tol} 1e-12;
 * both minimize the mean log loss, standardized, with an intercept and no penalty). For
 * contrast it also fits the first-order default the library had before, {@code adam} at its
 * default rate in batches of 1024.
 *
 * <pre>
 * DefaultsCheck [--a9a &lt;libsvm file&gt;]
 * </pre>
 *
 * The tables: {@code examples/data/purchases.csv} (1,000 rows), {@code anes96.csv} (944;
 * label: the expected vote), {@code rand-hie.csv} (20,190; label: any doctor visit) and a9a
 * (32,561; default {@code ../shared/data/a9a}).
 */
public final class DefaultsCheck {

  private DefaultsCheck() {}

  public static void main(String[] args) {
    if (!(args.length == 0 || args.length == 2 && args[0].equals("--a9a"))) {
      throw new IllegalArgumentException("usage: DefaultsCheck [--a9a <libsvm file>]");
    }
    String a9a = args.length == 2 ? args[1] : "../shared/data/a9a";
    SparkSession spark = PurchasePrediction.session(null, "descent defaults check");
    spark.sparkContext().setLogLevel("WARN");
    try {
      Map<String, Dataset<Row>> tables = new LinkedHashMap<>();
      tables.put("purchases", purchases(spark));
      tables.put("anes96", anes96(spark));
      tables.put("rand-hie", randHie(spark));
      tables.put("a9a", spark.read().format("libsvm").option("numFeatures", 123).load(a9a)
          .withColumn("label", when(col("label").gt(0), 1.0).otherwise(0.0)));
      System.out.printf(Locale.ROOT, "%-14s %6s  %-28s %6s %-13s %12s %12s %9s %7s%n",
          "table", "rows", "fit", "epochs", "stop", "objective", "optimum", "rel. gap", "sec");
      for (Map.Entry<String, Dataset<Row>> table : tables.entrySet()) {
        report(table.getKey(), table.getValue().cache());
      }
    } finally {
      spark.stop();
    }
  }

  private static void report(String name, Dataset<Row> data) {
    long rows = data.count();
    double optimum = last(new LogisticRegression().setMaxIter(1000).setTol(1e-12).fit(data)
        .summary().objectiveHistory());
    LinearClassifier defaults = new LinearClassifier();
    fit(name, rows, "defaults (auto: " + defaults.optimizerChoice().optimizer() + ")", defaults,
        data, optimum);
    fit(name, rows, "adam, batchSize 1024", new LinearClassifier().setOptimizer("adam"), data,
        optimum);
  }

  private static void fit(String name, long rows, String label, LinearClassifier classifier,
      Dataset<Row> data, double optimum) {
    long start = System.nanoTime();
    LinearClassificationModel model = classifier.fit(data);
    double seconds = (System.nanoTime() - start) / 1e9;
    double objective = last(model.summary().objectiveHistory());
    System.out.printf(Locale.ROOT, "%-14s %6d  %-28s %6d %-13s %12.8f %12.8f %9.1e %7.2f%n",
        name, rows, label, model.summary().totalEpochs(), model.summary().stopReason(), objective,
        optimum, (objective - optimum) / optimum, seconds);
  }

  private static double last(double[] history) {
    return history[history.length - 1];
  }

  private static Dataset<Row> purchases(SparkSession spark) {
    Dataset<Row> raw = csv(spark, "examples/data/purchases.csv")
        .withColumn("label", when(col("purchased").equalTo("yes"), 1.0).otherwise(0.0));
    PipelineStage[] stages = {
        new StringIndexer().setInputCol("education").setOutputCol("educationIndex"),
        new OneHotEncoder().setInputCol("educationIndex").setOutputCol("educationVector"),
        new VectorAssembler().setInputCols(new String[] {"age", "income", "educationVector"})
            .setOutputCol("features")};
    return new Pipeline().setStages(stages).fit(raw).transform(raw).select("label", "features");
  }

  private static Dataset<Row> anes96(SparkSession spark) {
    Dataset<Row> raw = csv(spark, "examples/data/anes96.csv");
    String[] features = Arrays.stream(raw.columns()).filter(c -> !c.equals("vote"))
        .toArray(String[]::new);
    return assemble(raw.withColumn("label", col("vote").cast("double")), features);
  }

  private static Dataset<Row> randHie(SparkSession spark) {
    Dataset<Row> raw = csv(spark, "examples/data/rand-hie.csv");
    String[] features = Arrays.stream(raw.columns()).filter(c -> !c.equals("mdvis"))
        .toArray(String[]::new);
    return assemble(raw.withColumn("label", when(col("mdvis").gt(0), 1.0).otherwise(0.0)),
        features);
  }

  private static Dataset<Row> assemble(Dataset<Row> raw, String[] features) {
    return new VectorAssembler().setInputCols(features).setOutputCol("features").transform(raw)
        .select("label", "features");
  }

  private static Dataset<Row> csv(SparkSession spark, String path) {
    return spark.read().option("header", true).option("inferSchema", true).csv(path);
  }
}
