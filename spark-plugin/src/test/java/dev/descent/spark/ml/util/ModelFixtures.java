package dev.descent.spark.ml.util;

import dev.descent.spark.ml.TestData;
import dev.descent.spark.ml.TestSpark;
import dev.descent.spark.ml.classification.LinearClassificationModel;
import dev.descent.spark.ml.classification.LinearClassifier;
import dev.descent.spark.ml.classification.MLPClassificationModel;
import dev.descent.spark.ml.classification.MLPClassifier;
import dev.descent.spark.ml.regression.LinearRegressionModel;
import dev.descent.spark.ml.regression.LinearRegressor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * The committed model fixtures: sets of stages saved under {@code src/test/resources/fixtures},
 * each with the predictions they gave on fixed rows in {@code expected-predictions.csv}.
 * {@link SavedModelFixturesTest} checks that every later version, on every Spark line, still
 * loads each set and predicts the same; {@link ModelFixtureWriter} writes a set, only on purpose
 * (a new fixture set belongs in a new directory, next to the old ones).
 *
 * <ul>
 *   <li>{@code models-v1}: saved by Descent 0.1.0 on Spark 4.0.1;
 *   <li>{@code models-v2-spark-3.5}: saved by Descent 0.2.0 on Spark 3.5 (Scala 2.12);
 *   <li>{@code models-v2-spark-4.0}: saved by Descent 0.2.0 on Spark 4.0.0 (Scala 2.13).
 * </ul>
 *
 * The v2 sets add a neural network ({@link #MLP}) and a {@code saved-by.txt} naming the Spark
 * and Scala versions that wrote them.
 */
final class ModelFixtures {

  static final String VERSION_DIR = "fixtures/models-v1";
  /** Every committed set, oldest first. */
  static final List<String> SETS = List.of(VERSION_DIR, "fixtures/models-v2-spark-3.5",
      "fixtures/models-v2-spark-4.0");
  /** The sets that hold {@link #MLP}. */
  static final List<String> SETS_WITH_NETWORKS = SETS.subList(1, SETS.size());
  static final String BINARY = "binary-classifier";
  static final String MULTINOMIAL = "multinomial-classifier";
  static final String REGRESSOR = "poisson-regressor";
  static final String ESTIMATOR = "unfitted-classifier";
  static final String MLP = "mlp-classifier";
  static final String EXPECTED = "expected-predictions.csv";
  static final String SAVED_BY = "saved-by.txt";

  private ModelFixtures() {}

  /** Fixed rows of three features, dense and sparse, to predict on. */
  static Dataset<Row> rows() {
    List<Row> rows = List.of(
        RowFactory.create(Vectors.dense(0.0, 0.0, 0.0)),
        RowFactory.create(Vectors.dense(1.5, -2.0, 0.25)),
        RowFactory.create(Vectors.sparse(3, new int[] {1}, new double[] {3.0})),
        RowFactory.create(Vectors.dense(-0.75, 4.0, -1.0)));
    return TestSpark.session().createDataFrame(rows,
        new StructType().add("features", org.apache.spark.ml.linalg.SQLDataTypes.VectorType()));
  }

  /** The estimator fixture as it is saved: non-default params of several kinds. */
  static LinearClassifier estimator() {
    return new LinearClassifier("fixtureEstimator").setOptimizer("sgd").setMomentum(0.9)
        .setMaxIter(7).setLrSchedule("multistep").setLrMilestones(new int[] {2, 5})
        .setRegParam(0.01).setElasticNetParam(0.5).setLoss("modified_huber")
        .setWeightCol("w").setSeed(42L);
  }

  /** The set this Spark line writes: {@code fixtures/models-v2-spark-<major.minor>}. */
  static String currentLineSet() {
    String[] version = org.apache.spark.package$.MODULE$.SPARK_VERSION().split("\\.");
    return "fixtures/models-v2-spark-" + version[0] + "." + version[1];
  }

  /** Trains and saves the fixtures under {@code dir} and writes their expected predictions. */
  static void write(Path dir) throws IOException {
    LinearClassificationModel binary = new LinearClassifier("fixtureBinary").setMaxIter(20)
        .setLearningRate(0.1).setSeed(1L)
        .fit(TestData.classification(60, 3, 2, 11L, 2, false));
    LinearClassificationModel multinomial = new LinearClassifier("fixtureMultinomial")
        .setMaxIter(20).setLearningRate(0.1).setSeed(2L)
        .fit(TestData.classification(90, 3, 3, 12L, 2, false));
    LinearRegressionModel regressor = new LinearRegressor("fixtureRegressor").setLoss("poisson")
        .setMaxIter(20).setLearningRate(0.1).setSeed(3L).fit(TestData.poisson(60, 3, 13L, 2));
    binary.write().overwrite().save(dir.resolve(BINARY).toString());
    multinomial.write().overwrite().save(dir.resolve(MULTINOMIAL).toString());
    regressor.write().overwrite().save(dir.resolve(REGRESSOR).toString());
    estimator().write().overwrite().save(dir.resolve(ESTIMATOR).toString());
    MLPClassificationModel mlp = new MLPClassifier("fixtureMlp").setHiddenLayers(4, 3)
        .setActivation("tanh").setMaxIter(10).setLearningRate(0.05).setSeed(4L)
        .fit(TestData.classification(90, 3, 3, 14L, 2, false));
    mlp.write().overwrite().save(dir.resolve(MLP).toString());
    Files.write(dir.resolve(SAVED_BY), List.of(
        "spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION(),
        "scala " + scala.util.Properties$.MODULE$.versionNumberString()),
        StandardCharsets.UTF_8);
    List<String> lines = new ArrayList<>();
    lines.add("model,row,column,values");
    lines.addAll(predictions(BINARY, binary, "rawPrediction", "probability", "prediction"));
    lines.addAll(predictions(MULTINOMIAL, multinomial, "rawPrediction", "probability",
        "prediction"));
    lines.addAll(predictions(REGRESSOR, regressor, "prediction"));
    lines.addAll(predictions(MLP, mlp, "rawPrediction", "probability", "prediction"));
    Files.write(dir.resolve(EXPECTED), lines, StandardCharsets.UTF_8);
  }

  /** CSV lines "model,row,column,values" with the values as exact decimal doubles. */
  static List<String> predictions(String name, Transformer model, String... columns) {
    List<Row> out = model.transform(rows()).collectAsList();
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < out.size(); i++) {
      for (String column : columns) {
        Object value = out.get(i).getAs(column);
        double[] values = value instanceof Vector v ? v.toArray() : new double[] {(Double) value};
        StringBuilder text = new StringBuilder();
        for (double x : values) {
          text.append(text.length() == 0 ? "" : " ").append(Double.toString(x));
        }
        lines.add(name + "," + i + "," + column + "," + text);
      }
    }
    return lines;
  }
}
