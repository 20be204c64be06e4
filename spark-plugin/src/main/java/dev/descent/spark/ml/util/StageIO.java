package dev.descent.spark.ml.util;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.SparkSession;

/**
 * Saving and loading stages in Spark's ML format: params go to {@code path/metadata} as JSON
 * through Spark's {@code DefaultParamsWritable} (so the format is exactly MLlib's) and are read
 * back as Spark's {@code DefaultParamsReader} reads them, each value decoded and validated by its
 * Param, except that params earlier versions saved and a stage no longer has are dropped when
 * their value had no effect (see {@link #RETIRED}), and saved defaults that this version
 * expresses by leaving a param unset are dropped (see {@link #UNSET_DEFAULTS}); model values go to
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
      T shell = loadParams(requireSavedStage(sparkSession(), path, type), path, type);
      try {
        return complete.complete(shell, path, sparkSession());
      } catch (IllegalArgumentException e) {
        throw e.getMessage().contains(path)
            ? e
            : new IllegalArgumentException("the model saved at " + path + " is invalid: "
                + e.getMessage(), e);
      }
    }
  }

  /**
   * Params that earlier versions saved and a stage no longer has, each with the test that its
   * saved value had no effect then, so that dropping it on load changes nothing: the network
   * stages had {@code fitIntercept} (only true was accepted: every layer has biases) and the
   * checkpoint params (checkpoints were refused unless unset).
   */
  private static final Map<String, Predicate<JsonNode>> RETIRED = Map.of(
      "fitIntercept", JsonNode::asBoolean,
      "checkpointInterval", value -> true,
      "checkpointDir", value -> value.asText().isEmpty(),
      "resumeFrom", value -> value.asText().isEmpty());

  /**
   * Saved defaults that this version expresses by leaving the param without a default, each with
   * the test that the saved default is the one earlier versions gave it, so that dropping it
   * keeps the stage's behaviour: {@code weightDecay} defaulted to 0.01 and only adamw used it;
   * now unset means each optimizer's PyTorch default (adamw 0.01, the others 0), while a saved
   * default of 0.01 restored as such would decay every other optimizer's parameters too.
   */
  private static final Map<String, Predicate<JsonNode>> UNSET_DEFAULTS = Map.of(
      "weightDecay", value -> value.isNumber() && value.asDouble() == 0.01);

  /**
   * A stage of class {@code type} (made with its {@code (String uid)} constructor) with the uid,
   * params and defaults of {@code metadata}, as Spark's {@code DefaultParamsReader} sets them,
   * except that a retired param whose value had no effect is dropped.
   */
  private static <T extends Params> T loadParams(JsonNode metadata, String path, Class<T> type) {
    JsonNode uid = metadata.get("uid");
    if (uid == null || !uid.isTextual()) {
      throw new IllegalArgumentException("the metadata at " + path + "/metadata has no uid");
    }
    T stage;
    try {
      stage = type.getConstructor(String.class).newInstance(uid.asText());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(type.getName() + " has no public (String uid) constructor",
          e);
    }
    setParams(stage, metadata.get("paramMap"), false, path);
    setParams(stage, metadata.get("defaultParamMap"), true, path);
    return stage;
  }

  @SuppressWarnings("unchecked")
  private static void setParams(Params stage, JsonNode values, boolean defaults, String path) {
    if (values == null) {
      return;
    }
    values.fields().forEachRemaining(entry -> {
      String name = entry.getKey();
      if (!stage.hasParam(name)) {
        Predicate<JsonNode> inert = RETIRED.get(name);
        if (inert != null && inert.test(entry.getValue())) {
          return;
        }
        throw new IllegalArgumentException("the stage saved at " + path + " sets " + name + "="
            + entry.getValue() + ", but " + stage.getClass().getSimpleName() + " has no param "
            + name + (inert != null ? " any more" : " (was it saved by a newer version?)"));
      }
      Predicate<JsonNode> unset = UNSET_DEFAULTS.get(name);
      if (defaults && unset != null && unset.test(entry.getValue())) {
        return;
      }
      Param<Object> param = (Param<Object>) stage.getParam(name);
      try {
        Object value = param.jsonDecode(entry.getValue().toString());
        if (defaults) {
          stage.setDefault(param, value);
        } else {
          stage.set(param, value);
        }
      } catch (RuntimeException e) { // json4s and the param's validator
        throw new IllegalArgumentException("the stage saved at " + path + " has an invalid"
            + " value for param " + name + ": " + entry.getValue() + " (" + e.getMessage() + ")",
            e);
      }
    });
  }

  /**
   * Checks that {@code path/metadata} exists and is Spark ML metadata for class {@code type},
   * before anything is built from it, and returns that metadata.
   */
  static JsonNode requireSavedStage(SparkSession spark, String path, Class<?> type) {
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
    return json;
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
