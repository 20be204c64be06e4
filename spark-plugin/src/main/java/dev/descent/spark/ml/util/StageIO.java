package dev.descent.spark.ml.util;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsReadable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.SparkSession;

/**
 * Saving and loading stages in Spark's ML format with public Spark APIs only: params go to
 * {@code path/metadata} as JSON through Spark's {@code DefaultParamsWritable} and
 * {@code DefaultParamsReadable} (so the format is exactly MLlib's), model values to
 * {@code path/data} as Parquet in Spark's matrix and vector types (see {@link LinearModelData}).
 * Nothing is written or read with Java serialization: loading a directory from an untrusted
 * source parses JSON and Parquet only, and never instantiates a class named in the files other
 * than the one the caller asked for.
 *
 * <p>Before anything is built, the reader checks that the directory holds metadata naming the
 * expected class, so a missing, truncated or corrupted directory, or one saved by another stage
 * (a Spark {@code LogisticRegressionModel}, a regressor loaded as a classifier), fails with an
 * {@link IllegalArgumentException} that names the path and the problem.
 */
public final class StageIO {

  private StageIO() {}

  /** Builds a loaded stage from its params shell, the saved path and the session. */
  @FunctionalInterface
  public interface Completion<T> {
    T complete(T shell, String path, SparkSession spark);
  }

  /** A reader for a params-only stage (an estimator) of class {@code type}. */
  public static <T extends Params> MLReader<T> paramsReader(Class<T> type) {
    return new ModelReader<>(type, (shell, path, spark) -> shell);
  }

  /**
   * A reader that loads the params into a shell instance of {@code type} (made with its
   * {@code (String uid)} constructor), then builds the stage from the shell and the path.
   */
  public static <T extends Params> MLReader<T> modelReader(
      Class<T> type, Completion<T> complete) {
    return new ModelReader<>(type, complete);
  }

  /** Writes {@code metadata} (the stage's DefaultParamsWritable writer), then the model data. */
  public static MLWriter linearModelWriter(MLWriter metadata, LinearModelData data) {
    return modelWriter(metadata, data::save);
  }

  /** Writes {@code metadata}, then the model data with {@code saveData(session, path/data)}. */
  public static MLWriter modelWriter(MLWriter metadata,
      java.util.function.BiConsumer<SparkSession, String> saveData) {
    return new MLWriter() {
      @Override
      public void saveImpl(String path) {
        // The outer save() has already handled overwrite, so the path is free here.
        try {
          metadata.session(sparkSession()).save(path);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException("could not save the params to " + path, e);
        }
        saveData.accept(sparkSession(), path + "/data");
      }
    };
  }

  private static final class ModelReader<T extends Params> extends MLReader<T> {
    private final Class<T> type;
    private final Completion<T> complete;

    ModelReader(Class<T> type, Completion<T> complete) {
      this.type = type;
      this.complete = complete;
    }

    @Override
    public T load(String path) {
      requireSavedStage(sparkSession(), path, type);
      Object shell;
      try {
        shell = new DefaultParamsReadable<Object>() {}.read().session(sparkSession()).load(path);
      } catch (Exception e) { // Scala throws checked exceptions undeclared
        throw new IllegalArgumentException(
            "could not load the params saved at " + path + ": " + e.getMessage(), e);
      }
      if (!type.isInstance(shell)) {
        throw new IllegalArgumentException("the stage saved at " + path + " is a "
            + shell.getClass().getName() + ", not a " + type.getName());
      }
      try {
        return complete.complete(type.cast(shell), path, sparkSession());
      } catch (IllegalArgumentException e) {
        throw e.getMessage().contains(path)
            ? e
            : new IllegalArgumentException("the model saved at " + path + " is invalid: "
                + e.getMessage(), e);
      }
    }
  }

  /**
   * Checks that {@code path/metadata} exists and is Spark ML metadata for class {@code type},
   * before Spark's reader instantiates the class it names.
   */
  static void requireSavedStage(SparkSession spark, String path, Class<?> type) {
    Path metadata = new Path(path, "metadata");
    requireExists(spark, new Path(path), "no saved stage at " + path + ": the path does not exist");
    requireExists(spark, metadata, "the directory " + path + " is not a saved Spark ML stage or"
        + " is truncated: " + metadata + " is missing");
    List<String> lines;
    try {
      lines = spark.sparkContext().textFile(metadata.toString(), 1).toJavaRDD().take(1);
    } catch (Exception e) {
      throw new IllegalArgumentException("could not read the metadata at " + metadata + ": "
          + e.getMessage(), e);
    }
    if (lines.isEmpty() || lines.get(0).isBlank()) {
      throw new IllegalArgumentException("the metadata at " + metadata + " is empty: the save"
          + " was interrupted or the files were truncated");
    }
    JsonNode json;
    try {
      json = new ObjectMapper().readTree(lines.get(0));
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("the metadata at " + metadata + " is not valid JSON"
          + " (corrupted or truncated): " + e.getMessage(), e);
    }
    JsonNode saved = json.get("class");
    if (saved == null || !saved.isTextual()) {
      throw new IllegalArgumentException("the metadata at " + metadata + " names no stage"
          + " class: it is not Spark ML metadata");
    }
    if (!saved.asText().equals(type.getName())) {
      throw new IllegalArgumentException("the stage saved at " + path + " is a "
          + saved.asText() + ", not a " + type.getName() + "; load it with "
          + simpleName(saved.asText()) + ".load");
    }
  }

  /** Throws {@code message} unless {@code path} exists, read through Hadoop's FileSystem API. */
  static void requireExists(SparkSession spark, Path path, String message) {
    try {
      if (!path.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(path)) {
        throw new IllegalArgumentException(message);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("could not check " + path, e);
    }
  }

  private static String simpleName(String className) {
    return className.substring(className.lastIndexOf('.') + 1);
  }
}
