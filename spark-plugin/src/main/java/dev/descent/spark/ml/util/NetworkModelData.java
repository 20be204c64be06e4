package dev.descent.spark.ml.util;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The learned values of a neural network as saved under {@code path/data}: one Parquet row with
 * the number of classes (0 for regression), the layer sizes (input first, outputs last) and the
 * flat parameter vector in the layout of {@link dev.descent.spark.ml.nn.NetworkShape}.
 */
public record NetworkModelData(int numClasses, int[] layers, Vector parameters) {

  private static final StructType SCHEMA = new StructType()
      .add("numClasses", DataTypes.IntegerType, false)
      .add("layers", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
      .add("parameters", SQLDataTypes.VectorType(), false);

  public void save(SparkSession spark, String path) {
    // Java arrays, which Spark converts to array columns on every Spark and Scala version.
    Integer[] sizes = Arrays.stream(layers).boxed().toArray(Integer[]::new);
    Row row = RowFactory.create(numClasses, sizes, parameters);
    spark.createDataFrame(List.of(row), SCHEMA).repartition(1).write().parquet(path);
  }

  /**
   * Reads the model data at {@code path}.
   *
   * @throws IllegalArgumentException naming the path if it is missing, not Parquet, of another
   *     schema, or holds null or non-finite values
   */
  public static NetworkModelData load(SparkSession spark, String path) {
    StageIO.requireExists(spark, new org.apache.hadoop.fs.Path(path), "the model data at " + path
        + " is missing: the save was interrupted or the directory is not a Descent model");
    List<Row> rows;
    try {
      rows = spark.read().parquet(path).select("numClasses", "layers", "parameters")
          .collectAsList();
    } catch (Exception e) { // Spark throws checked exceptions undeclared
      throw new IllegalArgumentException("could not read the model data at " + path
          + " (corrupted, truncated or not a Descent network): " + e.getMessage(), e);
    }
    if (rows.size() != 1) {
      throw new IllegalArgumentException(
          "model data at " + path + " must hold exactly one row, found " + rows.size());
    }
    Row row = rows.get(0);
    if (row.isNullAt(0) || row.isNullAt(1) || row.isNullAt(2)
        || row.getList(1).stream().anyMatch(size -> size == null)) {
      throw new IllegalArgumentException("model data at " + path + " has null values");
    }
    if (!(row.get(0) instanceof Integer) || !(row.get(2) instanceof Vector)
        || row.getList(1).stream().anyMatch(size -> !(size instanceof Integer))) {
      throw new IllegalArgumentException("model data at " + path + " is not a network's:"
          + " numClasses, layers and parameters are " + row.schema().apply(0).dataType()
          .simpleString() + ", " + row.schema().apply(1).dataType().simpleString() + " and "
          + row.schema().apply(2).dataType().simpleString());
    }
    int[] layers = row.getList(1).stream().mapToInt(v -> (Integer) v).toArray();
    Vector parameters = (Vector) row.get(2);
    ModelChecks.requireFinite(parameters.toArray(), "parameters", path);
    return new NetworkModelData(row.getInt(0), layers, parameters);
  }
}
