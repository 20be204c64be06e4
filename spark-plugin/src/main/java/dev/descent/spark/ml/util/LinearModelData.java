package dev.descent.spark.ml.util;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The learned values of a linear model as saved under {@code path/data}: one Parquet row with the
 * number of classes (0 for regression), the coefficients (outputs x features), the intercepts, in
 * Spark's own matrix and vector types, and, when known, each feature's standard deviation over the
 * training rows and its name. Models saved before the last two existed load with them null.
 *
 * @param featureStd null when unknown
 * @param featureNames null when unknown; otherwise one name per feature
 */
public record LinearModelData(int numClasses, Matrix coefficients, Vector intercepts,
    double[] featureStd, String[] featureNames) {

  private static final StructType SCHEMA = new StructType()
      .add("numClasses", DataTypes.IntegerType, false)
      .add("coefficientMatrix", SQLDataTypes.MatrixType(), false)
      .add("interceptVector", SQLDataTypes.VectorType(), false)
      .add("featureStd", SQLDataTypes.VectorType(), true)
      .add("featureNames", DataTypes.createArrayType(DataTypes.StringType, false), true);

  public void save(SparkSession spark, String path) {
    Row row = RowFactory.create(numClasses, coefficients, intercepts,
        featureStd == null ? null : Vectors.dense(featureStd),
        featureNames == null ? null : featureNames.clone());
    spark.createDataFrame(List.of(row), SCHEMA).repartition(1).write().parquet(path);
  }

  /**
   * Reads the model data at {@code path}.
   *
   * @throws IllegalArgumentException naming the path if it is missing, not Parquet, truncated,
   *     or of another schema
   */
  public static LinearModelData load(SparkSession spark, String path) {
    StageIO.requireExists(spark, new org.apache.hadoop.fs.Path(path), "the model data at " + path
        + " is missing: the save was interrupted or the directory is not a Descent model");
    List<Row> rows;
    boolean withFeatureInfo;
    try {
      Dataset<Row> data = spark.read().parquet(path);
      List<String> columns = Arrays.asList(data.columns());
      withFeatureInfo = columns.contains("featureStd") && columns.contains("featureNames");
      rows = (withFeatureInfo
          ? data.select("numClasses", "coefficientMatrix", "interceptVector", "featureStd",
              "featureNames")
          : data.select("numClasses", "coefficientMatrix", "interceptVector")).collectAsList();
    } catch (Exception e) { // Spark throws checked exceptions undeclared
      throw new IllegalArgumentException("could not read the model data at " + path
          + " (corrupted, truncated or not a Descent model): " + e.getMessage(), e);
    }
    if (rows.size() != 1) {
      throw new IllegalArgumentException(
          "model data at " + path + " must hold exactly one row, found " + rows.size());
    }
    Row row = rows.get(0);
    if (row.isNullAt(0) || row.isNullAt(1) || row.isNullAt(2)) {
      throw new IllegalArgumentException("model data at " + path + " has null values");
    }
    if (!(row.get(0) instanceof Integer) || !(row.get(1) instanceof Matrix)
        || !(row.get(2) instanceof Vector)) {
      throw new IllegalArgumentException("model data at " + path + " is not a linear model's:"
          + " numClasses, coefficientMatrix and interceptVector are "
          + row.schema().apply(0).dataType().simpleString() + ", "
          + row.schema().apply(1).dataType().simpleString() + " and "
          + row.schema().apply(2).dataType().simpleString());
    }
    Matrix coefficients = (Matrix) row.get(1);
    Vector intercepts = (Vector) row.get(2);
    if (coefficients.numRows() != intercepts.size()) {
      throw new IllegalArgumentException("model data at " + path + " is inconsistent: "
          + coefficients.numRows() + " coefficient rows but " + intercepts.size() + " intercepts");
    }
    ModelChecks.requireValidMatrix(coefficients, "coefficientMatrix", path);
    ModelChecks.requireFinite(coefficients.toArray(), "coefficientMatrix", path);
    ModelChecks.requireFinite(intercepts.toArray(), "interceptVector", path);
    double[] std = withFeatureInfo && !row.isNullAt(3) ? ((Vector) row.get(3)).toArray() : null;
    String[] names = withFeatureInfo && !row.isNullAt(4)
        ? row.<String>getList(4).toArray(String[]::new)
        : null;
    int numFeatures = coefficients.numCols();
    if (std != null) {
      ModelChecks.requireLength(std.length, numFeatures, "featureStd", path);
      ModelChecks.requireFinite(std, "featureStd", path);
    }
    if (names != null) {
      ModelChecks.requireLength(names.length, numFeatures, "featureNames", path);
    }
    return new LinearModelData(row.getInt(0), coefficients, intercepts, std, names);
  }
}
