package dev.descent.spark.ml.util;

import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsReadable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.SparkSession;

/**
 * Saving and loading stages in Spark's ML format with public Spark APIs only: params go to
 * {@code path/metadata} as JSON through Spark's {@code DefaultParamsWritable} and
 * {@code DefaultParamsReadable} (so the format is exactly MLlib's), model values to
 * {@code path/data} as Parquet. Nothing is Java-serialized.
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
      Object shell = new DefaultParamsReadable<Object>() {}.read().session(sparkSession())
          .load(path);
      if (!type.isInstance(shell)) {
        throw new IllegalArgumentException("the stage saved at " + path + " is a "
            + shell.getClass().getName() + ", not a " + type.getName());
      }
      return complete.complete(type.cast(shell), path, sparkSession());
    }
  }
}
