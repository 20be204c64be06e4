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

  public static NetworkModelData load(SparkSession spark, String path) {
    List<Row> rows = spark.read().parquet(path).select("numClasses", "layers", "parameters")
        .collectAsList();
    if (rows.size() != 1) {
      throw new IllegalArgumentException(
          "model data at " + path + " must hold exactly one row, found " + rows.size());
    }
    Row row = rows.get(0);
    int[] layers = row.getList(1).stream().mapToInt(v -> (Integer) v).toArray();
    return new NetworkModelData(row.getInt(0), layers, (Vector) row.get(2));
  }
}
