package dev.descent.spark.ml.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.spark.ml.TestData;
import dev.descent.spark.ml.classification.LinearClassificationModel;
import dev.descent.spark.ml.classification.LinearClassifier;
import dev.descent.spark.ml.classification.MLPClassifier;
import dev.descent.spark.ml.regression.LinearRegressionModel;
import dev.descent.spark.ml.regression.LinearRegressor;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.spark.ml.classification.LogisticRegression;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * A directory that is missing, truncated, corrupted or saved by another stage loads with an
 * IllegalArgumentException naming the path and the problem.
 */
class CorruptModelTest {

  @TempDir
  static Path temp;
  private static Path saved;

  @BeforeAll
  static void saveModels() throws IOException {
    saved = temp.resolve("saved");
    new LinearClassifier().setMaxIter(1).fit(TestData.classification(20, 2, 2, 1L, 2, false))
        .write().save(saved.resolve("classifier").toString());
    new LinearRegressor().setMaxIter(1).fit(TestData.regression(20, 2, 1L, 2, false))
        .write().save(saved.resolve("regressor").toString());
    new LogisticRegression().setMaxIter(1).fit(TestData.classification(20, 2, 2, 1L, 2, false))
        .write().save(saved.resolve("spark-logistic").toString());
    new LinearClassifier().write().save(saved.resolve("estimator").toString());
    new MLPClassifier().write().save(saved.resolve("mlp-estimator").toString());
  }

  /** Rewrites the metadata of the copy at {@code dir}, replacing {@code from} by {@code to}. */
  private static void editMetadata(Path dir, String from, String to) throws IOException {
    for (Path part : parts(dir.resolve("metadata"))) {
      String json = Files.readString(part);
      assertTrue(json.contains(from), json);
      overwrite(part, json.replace(from, to).getBytes(StandardCharsets.UTF_8));
    }
  }

  /** A fresh copy of saved model {@code name}, to damage. */
  private static Path copy(String name) throws IOException {
    Path target = Files.createTempDirectory(temp, name);
    try (Stream<Path> files = Files.walk(saved.resolve(name))) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path to = target.resolve(saved.resolve(name).relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(to);
        } else {
          Files.copy(file, to);
        }
      }
    }
    return target;
  }

  private static void delete(Path path) throws IOException {
    try (Stream<Path> files = Files.walk(path)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    }
  }

  /** The part files (data, not checksums or markers) under {@code dir}. */
  private static Path[] parts(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().startsWith("part-"))
          .toArray(Path[]::new);
    }
  }

  /** Overwrites {@code file} and drops its checksum, as a torn write or bit rot would. */
  private static void overwrite(Path file, byte[] content) throws IOException {
    Files.write(file, content);
    Files.deleteIfExists(file.resolveSibling("." + file.getFileName() + ".crc"));
  }

  private static void assertFails(Executable load, String... fragments) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, load);
    for (String fragment : fragments) {
      assertTrue(e.getMessage().contains(fragment),
          "message should mention '" + fragment + "': " + e.getMessage());
    }
  }

  @Test
  void intactModelsStillLoad() throws IOException {
    assertEquals(2, LinearClassificationModel.load(copy("classifier").toString()).numFeatures());
    assertEquals(2, LinearRegressionModel.load(copy("regressor").toString()).numFeatures());
  }

  @Test
  void tamperedParamsFailNamingTheParamAndRetiredOnesLoadWhenTheyHadNoEffect()
      throws IOException {
    Path invalid = copy("estimator");
    editMetadata(invalid, "\"maxIter\":100", "\"maxIter\":-3");
    assertFails(() -> LinearClassifier.load(invalid.toString()), invalid.toString(), "maxIter",
        "-3");
    Path unknown = copy("estimator");
    editMetadata(unknown, "\"maxIter\":100", "\"maxIterations\":100");
    assertFails(() -> LinearClassifier.load(unknown.toString()), unknown.toString(),
        "no param maxIterations");
    // Earlier versions saved fitIntercept and the checkpoint params with the network stages.
    Path retired = copy("mlp-estimator");
    editMetadata(retired, "\"maxIter\":100",
        "\"maxIter\":100,\"fitIntercept\":true,\"checkpointInterval\":10");
    assertEquals(100, MLPClassifier.load(retired.toString()).getMaxIter());
    Path effective = copy("mlp-estimator");
    editMetadata(effective, "\"maxIter\":100", "\"maxIter\":100,\"fitIntercept\":false");
    assertFails(() -> MLPClassifier.load(effective.toString()), effective.toString(),
        "fitIntercept=false", "no param fitIntercept any more");
  }

  @Test
  void missingPathOrMetadata() throws IOException {
    Path missing = temp.resolve("never-saved");
    assertFails(() -> LinearClassificationModel.load(missing.toString()), missing.toString(),
        "does not exist");
    Path noMetadata = copy("classifier");
    delete(noMetadata.resolve("metadata"));
    assertFails(() -> LinearClassificationModel.load(noMetadata.toString()),
        noMetadata.resolve("metadata").toString(), "missing");
  }

  @Test
  void emptyOrCorruptedMetadata() throws IOException {
    Path empty = copy("classifier");
    for (Path part : parts(empty.resolve("metadata"))) {
      overwrite(part, new byte[0]);
    }
    assertFails(() -> LinearClassificationModel.load(empty.toString()), "metadata", "is empty");
    Path garbage = copy("classifier");
    for (Path part : parts(garbage.resolve("metadata"))) {
      overwrite(part, "{\"class\":\"dev.descent".getBytes(StandardCharsets.UTF_8));
    }
    assertFails(() -> LinearClassificationModel.load(garbage.toString()), garbage.toString(),
        "not valid JSON");
  }

  @Test
  void missingEmptyOrTruncatedData() throws IOException {
    Path noData = copy("classifier");
    delete(noData.resolve("data"));
    assertFails(() -> LinearClassificationModel.load(noData.toString()),
        noData.resolve("data").toString(), "missing");
    Path emptyData = copy("regressor");
    for (Path part : parts(emptyData.resolve("data"))) {
      delete(part);
    }
    assertFails(() -> LinearRegressionModel.load(emptyData.toString()),
        emptyData.resolve("data").toString(), "could not read the model data");
    Path truncated = copy("classifier");
    for (Path part : parts(truncated.resolve("data"))) {
      byte[] bytes = Files.readAllBytes(part);
      overwrite(part, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    }
    assertFails(() -> LinearClassificationModel.load(truncated.toString()),
        truncated.resolve("data").toString(), "could not read the model data");
  }

  @Test
  void anotherStageSavedThere() throws IOException {
    Path spark = copy("spark-logistic");
    assertFails(() -> LinearClassificationModel.load(spark.toString()), spark.toString(),
        "org.apache.spark.ml.classification.LogisticRegressionModel",
        "not a " + LinearClassificationModel.class.getName(), "LogisticRegressionModel.load");
    Path regressor = copy("regressor");
    assertFails(() -> LinearClassificationModel.load(regressor.toString()), regressor.toString(),
        LinearRegressionModel.class.getName());
    Path classifier = copy("classifier");
    assertFails(() -> LinearRegressionModel.load(classifier.toString()),
        LinearClassificationModel.class.getName());
    assertFails(() -> LinearClassifier.load(classifier.toString()),
        LinearClassificationModel.class.getName());
    Path estimator = copy("estimator");
    assertFails(() -> LinearClassificationModel.load(estimator.toString()),
        LinearClassifier.class.getName());
  }

  @Test
  void dataOfAnotherModelUnderValidMetadata() throws IOException {
    Path mixed = copy("classifier");
    delete(mixed.resolve("data"));
    Path regressorData = copy("regressor").resolve("data");
    Files.move(regressorData, mixed.resolve("data"));
    assertFails(() -> LinearClassificationModel.load(mixed.toString()), mixed.toString(),
        "0 classes");
  }

  /**
   * Replaces the model data of the copy at {@code dir} by {@code edit} applied to it, written
   * as a fit never writes it.
   */
  private static void editData(Path dir, java.util.function.UnaryOperator<
      org.apache.spark.sql.Dataset<org.apache.spark.sql.Row>> edit) throws IOException {
    org.apache.spark.sql.SparkSession spark = dev.descent.spark.ml.TestSpark.session();
    Path data = dir.resolve("data");
    java.util.List<org.apache.spark.sql.Row> rows =
        spark.read().parquet(data.toString()).collectAsList();
    org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> original = spark.createDataFrame(
        rows, spark.read().parquet(data.toString()).schema());
    org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> edited = edit.apply(original);
    java.util.List<org.apache.spark.sql.Row> editedRows = edited.collectAsList();
    org.apache.spark.sql.types.StructType schema = edited.schema();
    delete(data);
    spark.createDataFrame(editedRows, schema).repartition(1).write().parquet(data.toString());
  }

  /** Values a fit never saves: non-finite, of the wrong type or length, out-of-range indices. */
  @Test
  void valuesNoFitSavesFailTheLoadNamingThePath() throws IOException {
    Path nan = copy("classifier");
    editData(nan, df -> df.withColumn("interceptVector", org.apache.spark.sql.functions.udf(
        (org.apache.spark.sql.api.java.UDF1<Object, org.apache.spark.ml.linalg.Vector>)
            v -> org.apache.spark.ml.linalg.Vectors.dense(Double.NaN),
        new org.apache.spark.ml.linalg.VectorUDT()).apply(df.col("interceptVector"))));
    assertFails(() -> LinearClassificationModel.load(nan.toString()), nan.toString(),
        "interceptVector holds NaN at index 0");

    Path longClasses = copy("classifier");
    editData(longClasses, df -> df.withColumn("numClasses", df.col("numClasses").cast("long")));
    assertFails(() -> LinearClassificationModel.load(longClasses.toString()),
        longClasses.toString(), "is not a linear model's", "bigint");

    Path shortStd = copy("classifier");
    editData(shortStd, df -> df.withColumn("featureStd", org.apache.spark.sql.functions.udf(
        (org.apache.spark.sql.api.java.UDF1<Object, org.apache.spark.ml.linalg.Vector>)
            v -> org.apache.spark.ml.linalg.Vectors.dense(1.0),
        new org.apache.spark.ml.linalg.VectorUDT()).apply(df.col("featureStd"))));
    assertFails(() -> LinearClassificationModel.load(shortStd.toString()),
        "featureStd has 1 entries for 2 features");

    Path badIndices = copy("classifier");
    editData(badIndices, df -> df.withColumn("coefficientMatrix",
        org.apache.spark.sql.functions.udf(
            (org.apache.spark.sql.api.java.UDF1<Object, org.apache.spark.ml.linalg.Matrix>)
                m -> new org.apache.spark.ml.linalg.SparseMatrix(1, 2, new int[] {0, 1, 2},
                    new int[] {0, 5}, new double[] {1, 2}),
            new org.apache.spark.ml.linalg.MatrixUDT()).apply(df.col("coefficientMatrix"))));
    assertFails(() -> LinearClassificationModel.load(badIndices.toString()),
        "coefficientMatrix is a sparse matrix whose indices do not fit its 1 x 2 shape");
  }
}
