package dev.descent.spark.ml.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.Arrays;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * The rows a boolean {@code validationIndicatorCol} marks true, held out of training (Spark's GBT
 * convention), checked with the training rows' rules and cached as a DataFrame of label, weight
 * and features for per-epoch evaluation. Close it to release the cache.
 */
public final class ValidationData implements AutoCloseable {

  /** The weight column of {@link #rows()} when the input has none (every weight is 1). */
  public static final String UNIT_WEIGHT_COL = "__descent_unit_weight";

  private final Dataset<Row> rows;
  private final String weightCol;
  private final long numRows;
  private final long numSkipped;

  private ValidationData(Dataset<Row> rows, String weightCol, long numRows, long numSkipped) {
    this.rows = rows;
    this.weightCol = weightCol;
    this.numRows = numRows;
    this.numSkipped = numSkipped;
  }

  /**
   * The training rows of {@code dataset}: those with {@code indicatorCol} false.
   *
   * @throws IllegalArgumentException if the column is missing, not boolean, null in some row, or
   *     marks no row (nothing to validate on)
   */
  public static Dataset<Row> trainingRows(Dataset<?> dataset, String indicatorCol) {
    StructType schema = dataset.schema();
    if (!Arrays.asList(schema.fieldNames()).contains(indicatorCol)) {
      throw new IllegalArgumentException("the validationIndicatorCol '" + indicatorCol
          + "' does not exist; the columns are " + Arrays.toString(schema.fieldNames()));
    }
    if (!(schema.apply(indicatorCol).dataType() instanceof BooleanType)) {
      throw new IllegalArgumentException("the validationIndicatorCol '" + indicatorCol
          + "' must be boolean (true marks a validation row), but it is "
          + schema.apply(indicatorCol).dataType().catalogString());
    }
    Column indicator = col(indicatorCol);
    Row counts = dataset.agg(sum(when(indicator, 1L).otherwise(0L)),
        sum(when(indicator.isNull(), 1L).otherwise(0L))).first();
    long validation = counts.isNullAt(0) ? 0 : counts.getLong(0);
    long nulls = counts.isNullAt(1) ? 0 : counts.getLong(1);
    if (nulls > 0) {
      throw new IllegalArgumentException("the validationIndicatorCol '" + indicatorCol
          + "' is null in " + nulls + " rows; it must say true (validation) or false (training)"
          + " for every row");
    }
    if (validation == 0) {
      throw new IllegalArgumentException("the validationIndicatorCol '" + indicatorCol
          + "' is true in no row: there is nothing to validate on");
    }
    return dataset.where(indicator.equalTo(lit(false))).toDF();
  }

  /**
   * Checks and caches the rows of {@code dataset} with {@code indicatorCol} true, expecting
   * {@code numFeatures} features; an invalid row fails or is skipped as {@code spec} says.
   */
  public static ValidationData load(Dataset<?> dataset, String indicatorCol, InputSpec spec,
      int numFeatures) {
    Column weight = spec.weightCol() == null ? lit(1.0) : col(spec.weightCol()).cast("double");
    Dataset<Row> selected = dataset.where(col(indicatorCol))
        .select(col(spec.labelCol()).cast("double"), weight, col(spec.featuresCol()));
    RowValidator validator = new RowValidator(spec, numFeatures);
    String weightCol = spec.weightCol() == null ? UNIT_WEIGHT_COL : spec.weightCol();
    StructType schema = new StructType()
        .add(spec.labelCol(), DataTypes.DoubleType, false)
        .add(weightCol, DataTypes.DoubleType, false)
        .add(spec.featuresCol(), SQLDataTypes.VectorType(), false);
    JavaRDD<Row> valid = selected.toJavaRDD().filter(validator::accept);
    Dataset<Row> rows = dataset.sparkSession().createDataFrame(valid, schema)
        .persist(StorageLevel.MEMORY_AND_DISK());
    long total = selected.count();
    long kept = TrainingData.unwrapInvalidRow(rows::count);
    if (kept == 0) {
      rows.unpersist(false);
      throw new IllegalArgumentException("all " + total + " validation rows were invalid and"
          + " skipped (handleInvalid=skip)");
    }
    return new ValidationData(rows, weightCol, kept, total - kept);
  }

  /** The cached rows: label, weight and features columns, named as the stage's. */
  public Dataset<Row> rows() {
    return rows;
  }

  /** The weight column of {@link #rows()}: the stage's, or {@link #UNIT_WEIGHT_COL}. */
  public String weightCol() {
    return weightCol;
  }

  public long numRows() {
    return numRows;
  }

  /** Validation rows dropped by {@code handleInvalid=skip}. */
  public long numSkipped() {
    return numSkipped;
  }

  @Override
  public void close() {
    rows.unpersist(false);
  }
}
