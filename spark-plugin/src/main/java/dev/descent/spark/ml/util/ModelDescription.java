package dev.descent.spark.ml.util;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.spark.ml.summary.FeatureCoefficients;
import dev.descent.spark.ml.training.TrainingSummary;
import java.util.Arrays;
import java.util.function.Supplier;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A model as JSON in the metadata of a column its {@code transform} adds (the
 * {@code descriptionCol} param): the coefficients or layers and the training record.
 *
 * <p>Spark Connect lets a client call only the model methods Spark allows for its own model
 * types, so a Connect client cannot ask a Descent model for its coefficients or summary. It does
 * get the schema of every DataFrame, column metadata included, without running a job: the
 * Python wrappers transform an empty DataFrame with this column and read the model from its
 * schema. Non-finite numbers are written as the strings "NaN", "Infinity" and "-Infinity".
 */
public final class ModelDescription {

  /** The metadata key of the JSON text. */
  public static final String KEY = "descent.model";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ObjectNode root = JSON.createObjectNode();

  /** A description of a model of class {@code kind} with {@code numFeatures} inputs. */
  public ModelDescription(String kind, String uid, int numFeatures) {
    root.put("model", kind);
    root.put("uid", uid);
    root.put("numFeatures", numFeatures);
  }

  public ModelDescription put(String name, int value) {
    root.put(name, value);
    return this;
  }

  public ModelDescription put(String name, boolean value) {
    root.put(name, value);
    return this;
  }

  public ModelDescription put(String name, double value) {
    root.put(name, value);
    return this;
  }

  public ModelDescription put(String name, int[] values) {
    ArrayNode array = root.putArray(name);
    Arrays.stream(values).forEach(array::add);
    return this;
  }

  public ModelDescription put(String name, Vector values) {
    numbers(root.putArray(name), values.toArray());
    return this;
  }

  /** A matrix as {@code numRows}, {@code numCols} and its {@code values} row by row. */
  public ModelDescription put(String name, Matrix matrix) {
    ObjectNode node = root.putObject(name);
    node.put("numRows", matrix.numRows());
    node.put("numCols", matrix.numCols());
    ArrayNode values = node.putArray("values");
    for (int i = 0; i < matrix.numRows(); i++) {
      for (int j = 0; j < matrix.numCols(); j++) {
        values.add(matrix.apply(i, j));
      }
    }
    return this;
  }

  /** The rows of {@link FeatureCoefficients#rows}, each as an array in its schema's order. */
  public ModelDescription putFeatureCoefficients(Matrix coefficients, double[] std,
      String[] names) {
    ArrayNode rows = root.putArray("featureCoefficients");
    for (Row row : FeatureCoefficients.rows(coefficients, std, names)) {
      ArrayNode values = rows.addArray();
      values.add(row.getInt(0)).add(row.getString(1)).add(row.getInt(2)).add(row.getDouble(3));
      if (row.isNullAt(4)) {
        values.addNull();
      } else {
        values.add(row.getDouble(4));
      }
    }
    return this;
  }

  /** The training record of a model fresh from {@code fit}; null (no summary) otherwise. */
  public ModelDescription putSummary(TrainingSummary summary) {
    if (summary == null) {
      root.putNull("summary");
    } else {
      summary(root.putObject("summary"), summary);
    }
    return this;
  }

  private static void summary(ObjectNode node, TrainingSummary summary) {
    numbers(node.putArray("objectiveHistory"), summary.objectiveHistory());
    numbers(node.putArray("validationObjectiveHistory"), summary.validationObjectiveHistory());
    numbers(node.putArray("validationMetricHistory"), summary.validationMetricHistory());
    node.put("validationMetricName", summary.validationMetricName());
    numbers(node.putArray("learningRateHistory"), summary.learningRateHistory());
    numbers(node.putArray("epochSeconds"), summary.epochSeconds());
    table(node.putArray("layerParameterNorms"), summary.layerParameterNorms());
    table(node.putArray("layerGradientNorms"), summary.layerGradientNorms());
    node.put("totalEpochs", summary.totalEpochs());
    node.put("totalSteps", summary.totalSteps());
    node.put("stopReason", summary.stopReason().name());
    node.put("stopMessage", summary.stopMessage());
    node.put("bestEpoch", summary.bestEpoch());
    node.put("numRows", summary.numRows());
    node.put("numValidationRows", summary.numValidationRows());
    node.put("numSkipped", summary.numSkipped());
    ArrayNode restarts = node.putArray("restarts");
    for (TrainingSummary run : summary.restarts()) {
      summary(restarts.addObject(), run);
    }
  }

  private static void numbers(ArrayNode array, double[] values) {
    Arrays.stream(values).forEach(array::add);
  }

  private static void table(ArrayNode array, double[][] rows) {
    for (double[] row : rows) {
      numbers(array.addArray(), row);
    }
  }

  private Metadata metadata() {
    try {
      return new MetadataBuilder().putString(KEY, JSON.writeValueAsString(root)).build();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the model description", e);
    }
  }

  /**
   * {@code output} with the description column {@code column} added, or unchanged when
   * {@code column} is empty; the description is built only then.
   */
  public static Dataset<Row> append(Dataset<Row> output, String column,
      Supplier<ModelDescription> description) {
    if (column.isEmpty()) {
      return output;
    }
    requireNew(output.schema(), column);
    Column nulls = functions.lit(null).cast(DataTypes.StringType);
    return output.withColumn(column, nulls.as(column, description.get().metadata()));
  }

  /** {@code schema} with the description column, as {@link #append} gives it. */
  public static StructType append(StructType schema, String column,
      Supplier<ModelDescription> description) {
    if (column.isEmpty()) {
      return schema;
    }
    requireNew(schema, column);
    return schema.add(new StructField(column, DataTypes.StringType, true,
        description.get().metadata()));
  }

  private static void requireNew(StructType schema, String column) {
    if (Arrays.asList(schema.fieldNames()).contains(column)) {
      throw new IllegalArgumentException("descriptionCol '" + column + "' is already a column"
          + " of the DataFrame; choose another name");
    }
  }
}
